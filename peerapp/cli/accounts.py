"""``create-user``, ``create-clinic``, ``create-municipality`` and ``data-key``: accounts and
keys from the shell."""

from __future__ import annotations

import json
import sys

import click

from peerapp.config import SettingsError
from peerapp.services.errors import ValidationError
from peerapp.services.municipalities import registry
from peerapp.services.people import accounts
from peerapp.services.people.passwords import MAX_PASSWORD_LENGTH
from peerapp.services.privacy import rotation
from peerapp.services.privacy.crypto import new_data_key
from peerapp.words import ngettext


def _fail(error: ValidationError) -> None:
    """Print each field's problem and exit 2."""
    for field, message in error.errors.items():
        click.echo(f"{field}: {message}", err=True)
    sys.exit(2)


@click.command("create-clinic")
@click.argument("slug")
@click.option("--name", required=True, help="The clinic's name as patients know it.")
@click.option("--phone", help="The number clients call when they ask to come back.")
@click.option("--email", help="Where new readmission requests are e-mailed.")
@click.option("--response-hours", type=int, help="The clinic's response-time target, in hours.")
@click.option("--address", help="The clinic's postal address.")
def create_clinic_command(
    slug: str,
    name: str,
    phone: str | None,
    email: str | None,
    response_hours: int | None,
    address: str | None,
) -> None:
    """Create a clinic, or update the one with this SLUG."""
    spec = accounts.ClinicSpec(slug, name, phone, email, response_hours, address)
    try:
        clinic, created = accounts.save_clinic(spec)
    except ValidationError as error:
        _fail(error)
        return
    click.echo(f"{'Created' if created else 'Updated'} clinic {clinic.slug}: {clinic.name}")


@click.command("create-municipality")
@click.argument("number")
@click.option("--name", required=True, help="The municipality's name, such as Oslo.")
@click.option("--email", help="Where hand-overs from clinics are e-mailed.")
def create_municipality_command(number: str, name: str, email: str | None) -> None:
    """Create a municipality by its four-digit NUMBER, or update the one with it."""
    try:
        municipality, created = registry.save_municipality(
            registry.MunicipalitySpec(number, name, email)
        )
    except ValidationError as error:
        _fail(error)
        return
    done = "Created" if created else "Updated"
    click.echo(f"{done} municipality {municipality.number}: {municipality.name}")


@click.command("create-user")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["client", "peer", "clinic", "admin", "municipal", "relative"]),
    help="Role.",
)
@click.option(
    "--municipality", "municipality_number", help="A municipal coordinator's municipality."
)
@click.option("--clinic", "clinic_slug", help="Enrol a client at, or attach staff to, a clinic.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--totp-secret", help="Enrol the second factor with this base32 secret.")
@click.option("--email", help="An e-mail address for notifications (never needed for clients).")
@click.option(
    "--region",
    "regions",
    multiple=True,
    help="Peers: may edit listings only in this region or town (repeatable).",
)
@click.option(
    "--fellowship",
    "fellowships",
    multiple=True,
    help="Peers: may edit only this fellowship's meetings, such as aa (repeatable).",
)
def create_user_command(
    username: str,
    role: str,
    clinic_slug: str | None,
    password_stdin: bool,
    totp_secret: str | None,
    email: str | None,
    regions: tuple[str, ...],
    fellowships: tuple[str, ...],
    municipality_number: str | None,
) -> None:
    """Create a user. Without --password-stdin the password is asked for twice."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) > MAX_PASSWORD_LENGTH:
        click.echo(f"password: at most {MAX_PASSWORD_LENGTH} characters", err=True)
        sys.exit(2)
    spec = accounts.UserSpec(
        username,
        role,
        password,
        clinic_slug,
        totp_secret,
        email,
        regions,
        fellowships,
        municipality_number,
    )
    try:
        user = accounts.create_user(spec)
    except ValidationError as error:
        _fail(error)
        return
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    where = f" at {user.clinic.slug}" if user.clinic else ""
    if user.municipality:
        where = f" at {user.municipality.number} {user.municipality.name}"
    needs = (
        " (must set up the second factor at first login)"
        if user.is_staff and not user.has_totp
        else ""
    )
    limits = ", ".join((*regions, *fellowships))
    limited = f", limited to {limits}" if limits else ""
    click.echo(f"Created {user.role} {user.username}{where}{limited}{needs}")


@click.command("data-key")
def data_key_command() -> None:
    """Print a new PEERAPP_DATA_KEY line (rotate by putting a new key first, comma-separated)."""
    click.echo(f"PEERAPP_DATA_KEY={new_data_key()}")


@click.command("rotate-data-key")
def rotate_data_key_command() -> None:
    """Re-encrypt all private data under the first key of PEERAPP_DATA_KEY (then drop the old)."""
    report = rotation.rotate_data_key()
    click.echo(json.dumps({"rotated": report.rotated, "unreadable": report.unreadable}))
    if report.unreadable:
        places = ", ".join(sorted(set(report.where_unreadable)))
        raise click.ClickException(
            ngettext(
                "%(num)d value could not be read with any key on PEERAPP_DATA_KEY (%(where)s). "
                "Keep the key that wrote it on the ring.",
                "%(num)d values could not be read with any key on PEERAPP_DATA_KEY (%(where)s). "
                "Keep the key that wrote them on the ring.",
                report.unreadable,
                where=places,
            )
        )


COMMANDS: list[click.Command] = [
    create_clinic_command,
    create_municipality_command,
    create_user_command,
    data_key_command,
    rotate_data_key_command,
]
