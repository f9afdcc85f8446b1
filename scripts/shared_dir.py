"""Where the project's shared documents and public fixture feeds are.

``PEERAPP_SHARED_DIR`` when set; else ``../shared`` beside this checkout; else beside the checkout
this one was cloned from (a clean clone in /tmp, as CI makes, still finds them).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir(root: Path = ROOT) -> Path:
    """The ``shared`` directory for the checkout at ``root``."""
    if os.environ.get("PEERAPP_SHARED_DIR"):
        return Path(os.environ["PEERAPP_SHARED_DIR"])
    beside = root.parent / "shared"
    if beside.is_dir():
        return beside
    origin = subprocess.run(
        ["git", "-C", str(root), "config", "--get", "remote.origin.url"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if origin and "://" not in origin and Path(origin).is_dir():
        return Path(origin).resolve().parent / "shared"
    return beside
