"""What the finder page weighs on first load: HTML, CSS, JavaScript and images, gzip-compressed,
and every host the page would contact. Budget (issue 2): <= 60 KB compressed, no other hosts.

Usage: python benchmarks/page_weight.py [PATH ...]   (default: / with the demo data loaded)
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from flask_migrate import upgrade

from peerapp import create_app
from peerapp.demo import load_everything
from peerapp.extensions import db

BUDGET_BYTES = 60 * 1024


class _Assets(HTMLParser):
    """Collects what a browser would fetch while loading the page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(found["src"] or "")
        elif tag == "link" and found.get("href"):
            rel = (found.get("rel") or "").split()
            if {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.urls.append(found["href"] or "")
        elif tag in {"img", "source", "iframe", "audio", "video"} and found.get("src"):
            self.urls.append(found["src"] or "")


def weigh(client, path: str) -> tuple[int, list[tuple[str, int, int]], set[str]]:
    """Compressed total, the items, and foreign hosts for one page."""
    page = client.get(path)
    items = [(path, len(page.data), len(gzip.compress(page.data, 6)))]
    parser = _Assets()
    parser.feed(page.get_data(as_text=True))
    foreign = set()
    for url in dict.fromkeys(parser.urls):
        absolute = urljoin("http://localhost" + path, url)
        host = urlsplit(absolute).netloc
        if host != "localhost":
            foreign.add(host)
            continue
        body = client.get(urlsplit(absolute).path).data
        items.append((url, len(body), len(gzip.compress(body, 6))))
    return sum(c for _, _, c in items), items, foreign


def main() -> int:
    """Print the figures for each page asked for."""
    paths = sys.argv[1:] or ["/", "/?where=Bergen&fellowship=na"]
    workdir = Path(tempfile.mkdtemp(prefix="peerapp-weight-"))
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'w.sqlite3'}"}
    )
    worst = 0
    with app.app_context():
        upgrade()
        load_everything()
        client = app.test_client()
        for path in paths:
            total, items, foreign = weigh(client, path)
            worst = max(worst, total)
            print(f"{path}")
            for url, raw, compressed in items:
                print(f"  {url:<48} {raw:>8} B  {compressed:>7} B gzip")
            print(f"  total compressed {total / 1024:.1f} KB (budget 60 KB)")
            print(f"  other hosts: {', '.join(sorted(foreign)) or 'none'}")
        db.engine.dispose()
    return 0 if worst <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
