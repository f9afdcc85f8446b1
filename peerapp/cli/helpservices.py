"""``peerapp import-services``: help services from an Open Referral HSDS 3.0 file or URL."""

from __future__ import annotations

import json

import click

from peerapp.services.helpservices.hsds_in import CATEGORIES, UnreadableFile, import_services

#: the exit status of a file that cannot be read at all (nothing is written)
UNREADABLE = 2


@click.command("import-services")
@click.argument("source")
@click.option(
    "--format",
    "source_format",
    type=click.Choice(("hsds",)),
    default="hsds",
    show_default=True,
    help="The file's format: Open Referral HSDS 3.0 (a service list or one service).",
)
@click.option(
    "--category",
    "default_category",
    type=click.Choice(CATEGORIES),
    default=None,
    help="The category of records that name none of Peerapp's (their own taxonomy terms are "
    "kept out); a record naming an unknown category is still refused.",
)
def import_services_command(source: str, source_format: str, default_category: str | None) -> None:
    """Import help services from an HSDS file or an http(s) URL.

    Prints one JSON line with the counts and each rejected record with its reason. Exits with
    status 2, writing nothing, when the file cannot be read at all.
    """
    del source_format  # HSDS is the one format so far
    try:
        report = import_services(source, default_category=default_category)
    except UnreadableFile as error:
        click.echo(f"Error: cannot import {source}: {error}", err=True)
        raise click.exceptions.Exit(UNREADABLE) from None
    click.echo(
        json.dumps(
            {
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": [
                    {"index": r.index, "id": r.record_id, "reason": r.reason}
                    for r in report.rejected
                ],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
    )


COMMANDS = [import_services_command]
