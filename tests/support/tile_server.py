"""A map tile server on 127.0.0.1, as an operator's self-hosted one would be: any
``/{z}/{x}/{y}.png`` answers a plain 256×256 PNG, and every path asked for is kept."""

from __future__ import annotations

import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


def _png(size: int = 256) -> bytes:
    """A grey square, made by hand from its chunks (the format is small enough)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xdd" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


TILE = _png()


class TileServer:
    """Serves tiles until closed; ``paths`` lists what was asked for."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                server.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(TILE)))
                self.end_headers()
                self.wfile.write(TILE)

            def log_message(self, *args: object) -> None:
                """Keep the test output quiet."""

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def template(self) -> str:
        """The ``PEERAPP_TILE_URL`` that points at this server."""
        return f"http://127.0.0.1:{self._httpd.server_port}/{{z}}/{{x}}/{{y}}.png"

    def __enter__(self) -> TileServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
