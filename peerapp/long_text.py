"""Text between clinic and client over its limit: refused with a message, never cut.

WTForms' ``Length`` puts a ``maxlength`` on the field, and a browser then cuts a pasted or long
message at the limit without a word. ``WithinLength`` checks the same limit on the server only,
says how long the text is, and the form keeps every character for the person to shorten.
"""

from __future__ import annotations

from typing import Any

from wtforms.validators import ValidationError

from peerapp.services.readmission.timeline import too_long


class WithinLength:
    """At most ``limit`` characters, with no ``maxlength`` for the browser to cut at."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, form: Any, field: Any) -> None:
        """Refuse the field's text when it is longer than the limit."""
        length = len(field.data or "")
        if length > self.limit:
            raise ValidationError(too_long(length, self.limit))
