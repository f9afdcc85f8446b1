"""Request logs keep the path but never the query string with a person's location."""

from __future__ import annotations

import logging
import threading
import urllib.request

from werkzeug.serving import make_server


def test_dev_server_request_log_has_no_location(app, caplog):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            url = f"http://127.0.0.1:{server.server_port}/healthz?lat=59.91234&lng=10.75321&where=Grefsen"
            with urllib.request.urlopen(url) as response:  # noqa: S310 - loopback
                assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/healthz" in logged
    for secret in ("59.91234", "10.75321", "Grefsen"):
        assert secret not in logged
