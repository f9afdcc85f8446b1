"""Read a calendar file with Mozilla's ical.js (Thunderbird's parser), a second opinion on ours.

Needs node and ``npm ci --prefix tests/support/icaljs`` (CI's "ical.js" step does it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "icaljs"


def read_with_icaljs(ics: bytes, first: date, last: date) -> list[dict[str, Any]]:
    """Each event with its alarms and its occurrences from ``first`` up to ``last`` (``utc``,
    ``local``, ``zone``), as ical.js reads them."""
    node = shutil.which("node")
    assert node, "node is needed to run ical.js"
    assert (HERE / "node_modules" / "ical.js").is_dir(), (
        "ical.js is not installed: npm ci --prefix tests/support/icaljs"
    )
    completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [node, str(HERE / "occurrences.mjs"), first.isoformat(), last.isoformat()],
        input=ics,
        capture_output=True,
        check=True,
        timeout=30,
    )
    result: list[dict[str, Any]] = json.loads(completed.stdout)
    return result
