"""The ``peerapp`` command line: each command is a thin call into a service."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI group, and hand the delivery rules the e-mail
    renderer (the worker's deliveries also run in tests and from a shell)."""
    from peerapp.cli import accounts, demo, feeds, helpservices, notify
    from peerapp.emails import render_email

    app.config.setdefault("PEERAPP_RENDER_EMAIL", render_email)
    for module in (feeds, demo, accounts, notify, helpservices):
        for command in module.COMMANDS:
            app.cli.add_command(command)


def _create_app() -> Flask:
    """The app for a CLI command; only serving (``run``) needs a real secret key."""
    from peerapp import create_app

    serving = sys.argv[1:2] == ["run"]
    return create_app(None if serving else {"PEERAPP_CLI": True})


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """Peerapp: meetings, places, peers and a fast way back to the clinic."""


def _register_builtin() -> None:
    """Commands that must work before an app can be built (``demo`` makes its own)."""
    from peerapp.cli.demo import demo_command

    main.add_command(demo_command)


_register_builtin()
