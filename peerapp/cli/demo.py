"""``peerapp demo``: a working installation with demo meetings, in one command."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import run_simple


def _demo_secret(instance_path: str) -> str:
    """A random secret kept in the instance folder, so demo sessions survive a restart."""
    path = Path(instance_path) / "demo-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def build_demo_app() -> Flask:
    """The app in demo mode: a per-installation secret instead of refusing to start."""
    from peerapp import create_app

    probe = Flask("peerapp", instance_relative_config=True)
    secret = os.environ.get("PEERAPP_SECRET_KEY") or _demo_secret(probe.instance_path)
    return create_app({"PEERAPP_DEMO": True, "SECRET_KEY": secret})


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-run", is_flag=True, help="Prepare the database and data, then exit.")
def demo_command(host: str, port: int, no_run: bool) -> None:
    """Create or upgrade the database, load the demo data and serve it."""
    from peerapp.demo import load_everything
    from peerapp.demo.accounts import real_accounts

    app = build_demo_app()
    with app.app_context():
        upgrade()
        if people := real_accounts():
            raise click.ClickException(
                f"this database holds {people} account(s) that the demo did not make, so it "
                "is not a demo database. The demo adds an admin whose password and "
                "second-factor key are published; it will not do that beside real people. "
                "Point PEERAPP_DATABASE_URL at a new, empty database to try the demo."
            )
        loaded = load_everything()
    counts, place_counts = loaded.meetings, loaded.places
    click.echo(
        f"Demo data: {counts['created']} meetings created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged."
    )
    click.echo(
        f"Demo places: {place_counts['created']} created, {place_counts['updated']} updated, "
        f"{place_counts['unchanged']} unchanged."
    )
    if loaded.services is not None:
        click.echo(
            f"Demo help services: {loaded.services['created']} created, "
            f"{loaded.services['updated']} updated, {loaded.services['unchanged']} unchanged."
        )
    click.echo(f"Demo peers: {loaded.peers} profiles shown at /peers.")
    url = f"http://{host}:{port}/"
    click.echo(f"Peerapp demo: {url}")
    click.echo("Demo logins (username / password):")
    for login in loaded.logins:
        line = f"  {login.role:<7} {login.username} / {login.password}"
        if login.totp_secret:
            line += f"  (second step: add key {login.totp_secret} to an authenticator app)"
        click.echo(line)
    if not no_run:
        # app.run() refuses to serve inside the flask CLI; the server it wraps does not
        run_simple(host, port, app, threaded=True)


COMMANDS: list[click.Command] = [demo_command]
