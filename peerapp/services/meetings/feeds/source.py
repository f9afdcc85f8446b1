"""Reading a feed from a file or an http(s) URL, with limits, and telling the formats apart."""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from peerapp.services import outbound

MAX_FEED_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 20.0
FORMATS = ("meeting-guide", "bmlt")
SOURCE_NAME_MAX = 200
_CHUNK = 64 * 1024
_REFUSALS = {
    "malformed": "not a web address with a host name",
    "scheme": "only http and https addresses",
    "unresolvable": "the name cannot be resolved",
    "internal": "not on the public internet (allow it with PEERAPP_OUTBOUND_ALLOW)",
}
_MEETING_GUIDE_KEYS = {"day", "time"}
_BMLT_KEYS = {"weekday_tinyint", "start_time"}


class FeedError(Exception):
    """The feed cannot be read at all (missing, unreachable, too large, not JSON, wrong shape)."""


def is_url(source: str) -> bool:
    """Whether ``source`` is an http(s) URL rather than a file path."""
    return urlsplit(source).scheme.lower() in ("http", "https")


def _too_large(limit: int) -> FeedError:
    """The error for a feed over ``limit`` bytes, with the limit said readably."""
    size = f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return FeedError(f"the feed is larger than the limit of {size}")


def _fetch(url: str, limit: int, timeout: float) -> bytes:
    """The body at ``url``, streamed so that an oversized or slow answer is cut off early."""
    host = urlsplit(url).netloc
    try:
        destination = outbound.check(url, schemes=("https", "http"))
    except outbound.OutboundRefused as refused:
        raise FeedError(f"will not fetch from {host}: {_REFUSALS[refused.reason]}") from None
    deadline = time.monotonic() + timeout
    try:
        with (
            outbound.session_for(destination) as session,
            session.get(url, stream=True, timeout=timeout) as response,
        ):
            if response.is_redirect:
                raise FeedError(
                    f"HTTP {response.status_code} from {host}: redirects are not followed; "
                    "give the address it points to"
                )
            if response.status_code >= 400:
                raise FeedError(f"HTTP {response.status_code} from {host}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_large(limit)
            body = bytearray()
            for chunk in response.iter_content(_CHUNK):
                body += chunk
                if len(body) > limit:
                    raise _too_large(limit)
                if time.monotonic() > deadline:
                    raise FeedError(f"{host} took longer than {timeout:g} seconds to answer")
            return bytes(body)
    except requests.Timeout:
        raise FeedError(f"{host} took longer than {timeout:g} seconds to answer") from None
    except requests.RequestException as exc:
        raise FeedError(f"could not fetch the feed from {host}: {exc.__class__.__name__}") from None


def _read_file(path: Path, limit: int) -> bytes:
    """The bytes of a feed file, refusing one over the size limit before reading it."""
    try:
        if path.stat().st_size > limit:
            raise _too_large(limit)
        return path.read_bytes()
    except FileNotFoundError:
        raise FeedError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise FeedError(f"{path} is a directory, not a feed file") from None
    except OSError as exc:
        raise FeedError(f"could not read {path}: {exc.strerror or exc}") from None


def read_source(source: str, *, limit: int | None = None, timeout: float | None = None) -> bytes:
    """The raw feed from a file path or an http(s) URL (``FeedError`` when it cannot be read).

    ``limit`` defaults to ``MAX_FEED_BYTES`` and ``timeout`` (for the whole download) to
    ``FETCH_TIMEOUT_SECONDS``.
    """
    limit = MAX_FEED_BYTES if limit is None else limit
    if is_url(source):
        return _fetch(source, limit, FETCH_TIMEOUT_SECONDS if timeout is None else timeout)
    return _read_file(Path(source).expanduser(), limit)


def decode_json(raw: bytes) -> Any:
    """Parse the feed as JSON (UTF-8, with or without a byte order mark)."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FeedError("the feed is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise FeedError(f"the feed is not valid JSON ({where})") from None
    except RecursionError:
        raise FeedError("the feed is not valid JSON (nested too deeply)") from None


def _looks_like(items: list[Any], keys: set[str]) -> bool:
    """Whether any of ``items`` is an object with one of ``keys``."""
    return any(isinstance(item, dict) and keys & item.keys() for item in items)


def detect_format(data: Any, declared: str | None = None) -> tuple[str, list[Any], list[Any]]:
    """The format, the meeting records and (BMLT only) the format definitions of a decoded feed.

    A JSON array is a Meeting Guide feed unless its records are BMLT's (``weekday_tinyint``);
    an object with a ``meetings`` list is BMLT ``GetSearchResults`` with ``get_used_formats``.
    Anything else, or a list without a single meeting-like record, is refused.
    """
    formats: list[Any] = []
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        meetings: list[Any] = data["meetings"]
        declared_formats = data.get("formats")
        formats = declared_formats if isinstance(declared_formats, list) else []
        found = "bmlt"
    elif isinstance(data, list):
        meetings = data
        found = "bmlt" if _looks_like(data, {"weekday_tinyint"}) else "meeting-guide"
    else:
        raise FeedError(
            "expected a JSON array of meetings (Meeting Guide) or an object with a "
            '"meetings" list (BMLT)'
        )
    if declared is not None and declared != found:
        if declared == "meeting-guide" and isinstance(data, dict):
            raise FeedError('a Meeting Guide feed is a JSON array, not an object with "meetings"')
        found = declared
    keys = _BMLT_KEYS if found == "bmlt" else _MEETING_GUIDE_KEYS
    if meetings and not _looks_like(meetings, keys):
        what = "weekday_tinyint/start_time" if found == "bmlt" else "day/time"
        raise FeedError(f"no meeting records in the feed (none has {what}); is it a {found} feed?")
    return found, meetings, formats


def default_source_name(source: str) -> str:
    """A name for a feed nobody named: the file's name, or the URL's host, path and query."""
    if is_url(source):
        parts = urlsplit(source)
        name = parts.netloc.lower() + parts.path.rstrip("/")
        if parts.query:
            name += "?" + parts.query
    else:
        name = Path(source).stem or source
    if len(name) > SOURCE_NAME_MAX:
        digest = hashlib.sha256(name.encode()).hexdigest()[:16]
        name = name[: SOURCE_NAME_MAX - 17] + "-" + digest
    return name


def guess_fellowship(*hints: str) -> str | None:
    """The fellowship a source's name or URL speaks of (Al-Anon, Nar-Anon, NA, AA), if any."""
    words = " ".join(hints).lower()
    if re.search(r"al-?anon|alateen", words):
        return "al-anon"
    if re.search(r"nar-?anon", words):
        return "nar-anon"
    tokens = set(re.findall(r"[a-z0-9]+", words))
    if "na" in tokens or "narcotics" in tokens or "bmlt" in tokens:
        return "na"
    if "aa" in tokens or "alcoholics" in tokens:
        return "aa"
    return None
