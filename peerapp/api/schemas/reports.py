"""A report of a problem with a listing, sent by anyone."""

from __future__ import annotations

from typing import Annotated, Literal

from peerapp.api.schemas.base import ApiModel, absent, one_of
from peerapp.services.stewardship.reports import REASONS, TEXT_MAX


class ListingReport(ApiModel):
    """What is wrong with a listing: `moved` (no longer meets, or is, here), `time_changed`, or
    `other` with a few words in `text`. The text is read by peer workers; it is not private, so
    leave names and anything private out. No account is needed; reports are limited per
    address."""

    reason: Annotated[str, one_of(REASONS)]
    text: str | None = absent(
        max_length=TEXT_MAX,
        description="What you know, such as the new time or address (needed for `other`). "
        "Line breaks are kept; other control characters are refused.",
    )


class ReportReceived(ApiModel):
    """The report was received; a peer worker will look at it. Until then the listing says that
    a change has been reported."""

    status: Literal["received"]
