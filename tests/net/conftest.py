"""A real HTTP server on 127.0.0.1 (random port) serving pages and feeds written by the tests.

Each test gets an empty :class:`Site`: it registers routes (``site.page(...)``,
``site.redirect(...)``, ``site.route(path, handler)``) and reads ``site.requests`` to see what
the client sent. Nothing here ever leaves the loopback interface.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.cli.conftest import Run, run

__all__ = ["Run", "Site", "run", "serve_site"]

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]


@dataclass
class Site:
    """Routes and request log of the test server."""

    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            if content_type:
                request.send_header("Content-Type", content_type)
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)

        return self.route(path, handler)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        return self.route(path, handler)

    def seen(self, path: str) -> list[Seen]:
        return [request for request in self.requests if request.path == path]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def do_GET(self) -> None:
        site = self.site
        with site.lock:
            site.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
            site.active += 1
            site.max_active = max(site.max_active, site.active)
        try:
            handler = site.routes.get(self.path)
            if handler is None:
                self.send_error(404, "Not Found")
            else:
                handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (deadline, size cap): that is the point of the test
        finally:
            with site.lock:
                site.active -= 1

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up (deadlines, size caps) are expected here, not errors."""


@pytest.fixture
def site() -> Iterator[Site]:
    """Start a server for one test; stop it afterwards."""
    with serve_site() as state:
        yield state


@contextlib.contextmanager
def serve_site() -> Iterator[Site]:
    """Run a server on 127.0.0.1 for the ``with`` block (for fixtures of a wider scope)."""
    state = Site()
    handler = type("Handler", (_Handler,), {"site": state})
    server = _Server(("127.0.0.1", 0), handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests must never go through a proxy from the environment."""
    for name in list(os.environ):
        if name.lower() in ("http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def trickle(chunks: int, delay: float, content_type: str = "text/html") -> Handler:
    """A body sent one byte at a time, each after *delay* seconds."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(chunks))
        request.end_headers()
        for _ in range(chunks):
            request.wfile.write(b"x")
            request.wfile.flush()
            time.sleep(delay)

    return handler


def slow_headers(delay: float, count: int) -> Handler:
    """Response headers trickled one header line at a time."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for index in range(count):
            request.wfile.write(f"X-Slow-{index}: y\r\n".encode())
            request.wfile.flush()
            time.sleep(delay)

    return handler


def layered_gzip(size: int, layers: int) -> bytes:
    """*size* zero bytes gzipped *layers* times, compressed in a streaming way."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    parts.append(compressor.flush())
    data = b"".join(parts)
    for _ in range(layers - 1):
        data = gzip.compress(data, 9)
    return data


@pytest.fixture(scope="session")
def gzip_bomb() -> bytes:
    """1 GB of zeros in three stacked gzip layers: a few hundred bytes."""
    return layered_gzip(1024 * 1024 * 1024, 3)


def data_files(root: Path) -> list[Path]:
    """Every file under *root* (hidden ones too), for "nothing was left behind"."""
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
