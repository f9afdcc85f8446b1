"""The words rules say, in the reader's language: one door to Flask-Babel for code that must not
know Flask (services raise errors and write notifications with these)."""

from __future__ import annotations

from flask_babel import LazyString, force_locale, format_decimal, gettext, lazy_gettext, ngettext

_ = gettext
_l = lazy_gettext

__all__ = ["LazyString", "_", "_l", "force_locale", "format_decimal", "gettext", "ngettext"]
