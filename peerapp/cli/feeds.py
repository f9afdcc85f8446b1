"""``peerapp import-meetings`` and ``peerapp export-meetings``: meeting feeds in and out."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from peerapp import links
from peerapp.services.errors import ValidationError
from peerapp.services.meetings.describe import is_valid_timezone
from peerapp.services.meetings.feeds import FORMATS, FeedError, export_feed, import_meetings
from peerapp.services.meetings.vocabulary import fellowship_code

#: exit status when the feed cannot be read at all (and nothing was written)
UNREADABLE = 2


def _timezone(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Accept only IANA time zone names this machine knows."""
    if value is not None and not is_valid_timezone(value):
        raise click.BadParameter(f"{value!r} is not an IANA time zone such as Europe/Oslo")
    return value


def _fellowship(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Accept a fellowship code or name and return our code for it."""
    if value is None:
        return None
    code = fellowship_code(value)
    if code is None:
        raise click.BadParameter(f"{value!r} is not a fellowship we list (aa, na, al-anon, ...)")
    return code


@click.command("import-meetings")
@click.argument("source")
@click.option(
    "--format",
    "feed_format",
    type=click.Choice(FORMATS),
    help="Feed format; by default told from the feed itself.",
)
@click.option(
    "--source-name",
    help="The name the feed's meetings are kept under; default: the file name or URL.",
)
@click.option(
    "--timezone",
    callback=_timezone,
    help="IANA zone for records without one (default: from coordinates, else Europe/Oslo).",
)
@click.option(
    "--fellowship",
    callback=_fellowship,
    help="Fellowship of every meeting (default: the record's, else guessed from the source).",
)
def import_meetings_command(
    source: str,
    feed_format: str | None,
    source_name: str | None,
    timezone: str | None,
    fellowship: str | None,
) -> None:
    """Import a Meeting Guide or BMLT feed from a file or an http(s) URL.

    Prints one JSON line with the counts and the rejected records. Exits with status 2, writing
    nothing, when the feed cannot be read at all.
    """
    try:
        report = import_meetings(
            source,
            feed_format=feed_format,
            source_name=source_name,
            timezone=timezone,
            fellowship=fellowship,
        )
    except FeedError as exc:
        click.echo(f"Error: cannot import {source}: {exc}", err=True)
        raise click.exceptions.Exit(UNREADABLE) from None
    click.echo(json.dumps(report.as_dict(), separators=(",", ":")))


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader never sees half a file."""
    path = path.expanduser()
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command("export-meetings")
@click.option(
    "--format",
    "feed_format",
    type=click.Choice(["meeting-guide"]),
    default="meeting-guide",
    show_default=True,
    help="Feed format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--base-url",
    help="This site's address (https://...), for each meeting's url; default: SERVER_NAME.",
)
@click.option(
    "--fellowship",
    "fellowships",
    multiple=True,
    help="Only this fellowship's meetings (code or name; repeatable, or comma-separated).",
)
@click.option(
    "--region",
    "regions",
    multiple=True,
    help="Only meetings in this county (name or number) or town; repeatable.",
)
def export_meetings_command(
    feed_format: str,
    output: Path | None,
    base_url: str | None,
    fellowships: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """Write the published meetings as a Meeting Guide JSON feed.

    Exits with status 2, writing nothing, when a fellowship or a region is unknown.
    """
    del feed_format  # one format for now; the option is part of the public command
    names = [part.strip() for value in fellowships for part in value.split(",") if part.strip()]
    try:
        feed = export_feed(
            link=links.meeting_page_from(base_url),
            feedback_link=links.meeting_page_from(base_url, "meetings.report_meeting"),
            fellowships=[fellowship_code(name) or name for name in names],  # unknown: refused
            regions=regions,
            strict=True,
        )
    except ValidationError as error:
        field = next(iter(error.errors), "region")
        raise click.BadParameter(
            str(error.errors.get(field, error)), param_hint=f"'--{field}'"
        ) from None
    text = json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(output, text)
        click.echo(f"{len(feed)} meetings written to {output}", err=True)


COMMANDS: list[click.Command] = [import_meetings_command, export_meetings_command]
