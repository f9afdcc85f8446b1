"""What the listing forms share across blueprints: the ways people take part in a meeting, as
the finder offers them and the peer's meeting form labels them."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

ATTENDANCE_CHOICES: tuple[tuple[str, LazyString], ...] = (
    ("", _l("Any way")),
    ("in_person", _l("In person")),
    ("online", _l("Online")),
    ("hybrid", _l("Hybrid (in person and online)")),
)
