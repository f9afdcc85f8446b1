"""Import every public sample feed into a throw-away database and print what happened.

Usage: python scripts/import_fixtures.py [SHARED_DIR] [--reasons]

SHARED_DIR defaults to what scripts/shared_dir.py finds (../shared). Each feed in
fixtures/meeting-guide/*.json and fixtures/bmlt/search-day*.json is imported through the same
service as ``peerapp import-meetings``, then imported again (which must leave it unchanged).
Exits 1 when any import raised.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

from flask_migrate import upgrade
from shared_dir import shared_dir  # beside this script

from peerapp import create_app
from peerapp.extensions import db
from peerapp.services.meetings.feeds import FeedError, ImportReport, import_meetings

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("created", "updated", "unchanged", "removed", "rejected")


def feeds(shared: Path) -> list[Path]:
    """The meeting lists among the shared fixtures (BMLT formats and service bodies are not)."""
    fixtures = shared / "fixtures"
    return sorted((fixtures / "meeting-guide").glob("*.json")) + sorted(
        (fixtures / "bmlt").glob("search-day*.json")
    )


def row(label: str, report: ImportReport) -> str:
    """One table line: the feed and its counts."""
    counts = report.as_dict()
    return f"{label:<44}" + "".join(f"{counts[c]:>10}" for c in COLUMNS)


def reason_summary(report: ImportReport, top: int = 5) -> list[str]:
    """The most common rejection reasons, shortened to their kind (values left out)."""
    kinds = Counter(error.reason.split(" '")[0].split(" (")[0] for error in report.errors)
    return [f"    {n:>4} × {kind}" for kind, n in kinds.most_common(top)]


def main() -> int:
    """Import each fixture twice into a fresh SQLite database; print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", nargs="?", type=Path, default=shared_dir(ROOT))
    parser.add_argument("--reasons", action="store_true", help="show why records were rejected")
    args = parser.parse_args()
    paths = feeds(args.shared)
    if not paths:
        print(f"no fixtures found under {args.shared}/fixtures", file=sys.stderr)
        return 1
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        url = "sqlite:///" + str(Path(tmp) / "fixtures.sqlite3")
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PEERAPP_CLI": True})
        with app.app_context():
            upgrade()
            print(f"{'feed':<44}" + "".join(f"{c:>10}" for c in COLUMNS))
            for run in ("first import", "re-import"):
                print(f"-- {run}")
                for path in paths:
                    label = f"{path.parent.name}/{path.name}"
                    try:
                        report = import_meetings(str(path))
                    except FeedError as exc:
                        print(f"{label:<44}  unreadable: {exc}")
                        failed = True
                        continue
                    except Exception:
                        print(f"{label:<44}  RAISED:", file=sys.stderr)
                        traceback.print_exc()
                        failed = True
                        continue
                    print(row(label, report))
                    if args.reasons and run == "first import":
                        for line in reason_summary(report):
                            print(line)
            db.session.remove()
            db.engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
