"""The ``peerapp`` command line: each command is a thin call into a service."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI group."""
    from peerapp.cli import demo, feeds

    for module in (feeds, demo):
        for command in module.COMMANDS:
            app.cli.add_command(command)


def _create_app() -> Flask:
    from peerapp import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """Peerapp: meetings, places, peers and a fast way back to the clinic."""
