"""Fail when a catalog lacks a message, has an empty or fuzzy one, or its .mo is stale.

Usage: python scripts/check_translations.py  (extracts a fresh template to compare against)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
LOCALES = ("nb", "nn", "en")


def main() -> int:
    """Check every locale against a freshly extracted template; print each problem."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "-q",
                "extract",
                "-F",
                str(ROOT / "babel.cfg"),
                "-k",
                "_l",
                "--ignore-dirs=.* .venv node_modules",
                "-o",
                str(pot),
                ".",
            ],
            check=True,
            cwd=ROOT,
        )
        with pot.open("rb") as handle:
            template = read_po(handle)
    wanted = {m.id for m in template if m.id}
    problems: list[str] = []
    for locale in LOCALES:
        po_path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            problems.append(f"{locale}: no catalog at {po_path}")
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        present = {m.id: m for m in catalog if m.id}
        for msgid in sorted(wanted - present.keys(), key=str):
            problems.append(f"{locale}: missing {msgid!r}")
        for msgid, message in present.items():
            if message.fuzzy:
                problems.append(f"{locale}: fuzzy {msgid!r}")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                problems.append(f"{locale}: untranslated {msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        with tempfile.TemporaryFile() as fresh:
            write_mo(fresh, catalog)
            fresh.seek(0)
            if not mo_path.exists() or mo_path.read_bytes() != fresh.read():
                problems.append(f"{locale}: {mo_path.name} is missing or stale (pybabel compile)")
    for problem in problems:
        print(problem)
    print(f"translations: {len(wanted)} messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
