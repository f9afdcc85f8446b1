"""A built wheel is the whole app: installed outside the checkout, it serves every page in nb, nn
and en with its CSS, JavaScript, service worker and compiled catalogs."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.integration.test_pages import translated

ROOT = Path(__file__).resolve().parents[2]

#: run inside the fresh virtual environment, from a folder that is not the checkout
PROBE = """
import json, sys
from pathlib import Path
import peerapp
from flask_migrate import upgrade
from peerapp import create_app

home = Path(sys.argv[1])
app = create_app({
    "TESTING": True,
    "SECRET_KEY": "wheel-test",
    "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(home / "wheel.sqlite3"),
})
with app.app_context():
    upgrade()
answers = {"package": peerapp.__file__, "pages": {}}
client = app.test_client()
for url in sys.argv[2:]:
    with app.app_context():
        response = client.get(url)
    body = response.get_data(as_text=True)
    answers["pages"][url] = [response.status_code, response.mimetype, body]
print(json.dumps(answers))
"""

PAGES = [
    "/?lang=nb",
    "/?lang=nn",
    "/?lang=en",
    "/help?lang=nb",
    "/help?lang=nn",
    "/help?lang=en",
    "/static/css/app.css",
    "/static/js/locate.js",
    "/sw.js",
    "/manifest.webmanifest?lang=nn",
]


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Build the wheel from this checkout and install it in a new venv in a temporary folder."""
    work = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(work / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (work / "dist").glob("peerapp-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q"]
        + ["--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    # the dependencies come from this venv's site-packages, as a plain path: its .pth files (the
    # editable install of the checkout among them) are not read, so only the wheel's peerapp is seen
    fresh_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(fresh_site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return wheel, python


def test_the_wheel_carries_templates_static_files_catalogs_and_migrations(installed_wheel):
    wheel, _python = installed_wheel
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "peerapp/templates/base.html",
        "peerapp/templates/email/notice.txt",
        "peerapp/static/css/app.css",
        "peerapp/static/js/queue-store.js",
        "peerapp/templates/pwa/sw.js",
        "peerapp/translations/nn/LC_MESSAGES/messages.mo",
        "peerapp/translations/en/LC_MESSAGES/messages.mo",
        "peerapp/migrations/env.py",
    ):
        assert name in names, name
    assert any(n.startswith("peerapp/migrations/versions/") for n in names)
    assert not any(n.startswith(("tests/", "templates/", "static/")) for n in names)


def test_an_installed_wheel_serves_pages_in_every_language(app, installed_wheel, tmp_path):
    _wheel, python = installed_wheel
    run = subprocess.run(
        [str(python), "-c", PROBE, str(tmp_path), *PAGES],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    answers = json.loads(run.stdout)
    assert Path(answers["package"]).is_relative_to(python.parent.parent), answers["package"]
    pages = answers["pages"]
    for url, (status, _mimetype, _body) in pages.items():
        assert status == 200, url
    for lang in ("nb", "nn", "en"):
        body = pages[f"/help?lang={lang}"][2]
        assert f'lang="{lang}"' in body
        assert translated(app, lang, "Life in danger? Call 113") in body
        assert translated(app, lang, "Crisis help") in pages[f"/?lang={lang}"][2]
    assert translated(app, "nn", "Crisis help") != translated(app, "en", "Crisis help")
    assert pages["/static/css/app.css"][1] == "text/css"
    assert "javascript" in pages["/static/js/locate.js"][1]
    assert "javascript" in pages["/sw.js"][1]
    assert json.loads(pages["/manifest.webmanifest?lang=nn"][2])["lang"] == "nn"
