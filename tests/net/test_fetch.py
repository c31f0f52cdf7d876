"""The safe downloader against a real server: every failure mode of issue 5, and the good paths."""

from __future__ import annotations

import gzip
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from linareader import __version__
from linareader.core.errors import Cancelled, DownloadError
from linareader.core.fetch import Limits, fetch, make_client

from .conftest import Site, slow_headers, trickle

SHORT = Limits(deadline=1.5, read_timeout=5, connect_timeout=2)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(SHORT) as made:
        yield made


def failure(client: httpx.Client, url: str, limits: Limits = SHORT) -> str:
    with pytest.raises(DownloadError) as caught:
        fetch(client, url, limits=limits)
    message = str(caught.value)
    assert "\n" not in message
    assert url in message or url[:150] in message
    return message


def test_a_page_comes_back_with_its_type_charset_and_final_url(
    site: Site, client: httpx.Client
) -> None:
    site.page("/a.html", "<p>é</p>", "text/html; charset=ISO-8859-1", headers={"ETag": '"v1"'})
    site.redirect("/start", "/a.html", 301)
    fetched = fetch(client, site.url("/start"), limits=SHORT)
    assert (fetched.status, fetched.url) == (200, site.url("/a.html"))
    assert (fetched.media_type, fetched.charset, fetched.etag) == (
        "text/html",
        "ISO-8859-1",
        '"v1"',
    )
    assert fetched.body == "<p>é</p>".encode()


def test_the_user_agent_names_linareader_and_its_version(site: Site, client: httpx.Client) -> None:
    site.page("/ua", "ok", "text/plain")
    fetch(client, site.url("/ua"), limits=SHORT)
    (request,) = site.seen("/ua")
    assert f"linareader/{__version__}" in request.headers["user-agent"]
    assert request.headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.parametrize("status", [404, 500, 403])
def test_http_errors_name_the_status(site: Site, client: httpx.Client, status: int) -> None:
    site.page("/bad", "nope", "text/plain", status=status)
    assert f"HTTP {status}" in failure(client, site.url("/bad"))


def test_a_redirect_loop_is_reported(site: Site, client: httpx.Client) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    assert "redirect loop" in failure(client, site.url("/a"))


def test_five_redirects_are_followed_and_six_are_refused(site: Site, client: httpx.Client) -> None:
    for hop in range(6):
        site.redirect(f"/r{hop}", f"/r{hop + 1}", 307)
    site.page("/r6", "end", "text/plain")
    assert fetch(client, site.url("/r1"), limits=SHORT).body == b"end"
    assert "more than 5 redirects" in failure(client, site.url("/r0"))


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "data:text/html,x"]
)
def test_redirects_to_other_schemes_are_refused(
    site: Site, client: httpx.Client, target: str
) -> None:
    site.redirect("/go", target)
    assert "not followed (only http and https)" in failure(client, site.url("/go"))
    assert len(site.requests) == 1


def test_a_trickling_body_ends_at_the_deadline(site: Site, client: httpx.Client) -> None:
    site.route("/slow", trickle(chunks=200, delay=0.1))
    started = time.monotonic()
    assert "timeout" in failure(client, site.url("/slow"))
    assert time.monotonic() - started < 10  # the server would have taken 20 s


def test_trickling_headers_end_at_the_deadline(site: Site, client: httpx.Client) -> None:
    site.route("/slow-headers", slow_headers(delay=0.2, count=100))
    started = time.monotonic()
    assert "timeout" in failure(client, site.url("/slow-headers"))
    assert time.monotonic() - started < 10


def test_should_stop_cancels_a_silent_download(site: Site, client: httpx.Client) -> None:
    site.route("/silent", trickle(chunks=3, delay=30))
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    limits = Limits(deadline=30, read_timeout=30)
    with pytest.raises(Cancelled):
        fetch(client, site.url("/silent"), limits=limits, should_stop=stop.is_set)


def test_an_oversized_body_is_refused(site: Site, client: httpx.Client) -> None:
    site.page("/big", b"x" * 5000, "text/plain")
    assert "too large" in failure(client, site.url("/big"), Limits(max_bytes=4000, deadline=5))


def test_an_oversized_body_without_length_is_refused(site: Site, client: httpx.Client) -> None:
    def chunked(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Connection", "close")
        request.end_headers()
        for _ in range(10):
            request.wfile.write(b"y" * 1000)

    site.route("/stream", chunked)
    assert "too large" in failure(client, site.url("/stream"), Limits(max_bytes=4000, deadline=5))


def encoded(body: bytes, encoding: str) -> bytes:
    if encoding == "deflate":
        return zlib.compress(body)
    if encoding == "raw-deflate":
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return compressor.compress(body) + compressor.flush()
    return gzip.compress(body)


@pytest.mark.parametrize(
    ("header", "steps"),
    [
        ("gzip", ["gzip"]),
        ("deflate", ["deflate"]),
        ("deflate", ["raw-deflate"]),
        ("gzip, deflate", ["gzip", "deflate"]),
        ("x-gzip, identity", ["gzip"]),
    ],
)
def test_compressed_bodies_are_decoded(
    site: Site, client: httpx.Client, header: str, steps: list[str]
) -> None:
    body = "<p>Bonjour « le monde » ! </p>".encode() * 500
    data = body
    for step in steps:
        data = encoded(data, step)
    site.page("/z", data, headers={"Content-Encoding": header})
    assert fetch(client, site.url("/z"), limits=SHORT).body == body


def test_concatenated_gzip_members_are_all_decoded(site: Site, client: httpx.Client) -> None:
    site.page("/m", gzip.compress(b"one ") + gzip.compress(b"two"), "text/plain",
              headers={"Content-Encoding": "gzip"})  # fmt: skip
    assert fetch(client, site.url("/m"), limits=SHORT).body == b"one two"


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress"])
def test_other_encodings_are_refused(site: Site, client: httpx.Client, encoding: str) -> None:
    site.page("/enc", b"\x00\x01", headers={"Content-Encoding": encoding})
    assert f"unsupported compression '{encoding}'" in failure(client, site.url("/enc"))


def test_damaged_gzip_is_reported(site: Site, client: httpx.Client) -> None:
    site.page("/broken", b"\x1f\x8b\x08\x00garbage-garbage", headers={"Content-Encoding": "gzip"})
    assert "damaged" in failure(client, site.url("/broken"))


def test_a_gzip_bomb_is_refused(site: Site, client: httpx.Client, gzip_bomb: bytes) -> None:
    assert len(gzip_bomb) < 1000
    site.page("/bomb", gzip_bomb, headers={"Content-Encoding": "gzip, gzip, gzip"})
    assert "too large, more than 10 MB" in failure(client, site.url("/bomb"), Limits(deadline=20))


BOMB_CHILD = """
import sys
from linareader.core.errors import DownloadError
from linareader.core.fetch import Limits, fetch, make_client

def peak_kib():
    # VmHWM: this process's own peak RSS (ru_maxrss would include the forking parent's).
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

before = peak_kib()
with make_client() as client:
    try:
        fetch(client, sys.argv[1], limits=Limits(deadline=30))
    except DownloadError as error:
        print(error)
print(before, peak_kib())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_a_gzip_bomb_takes_bounded_memory(site: Site, gzip_bomb: bytes) -> None:
    """1 GB of zeros in three gzip layers: the peak RSS of the whole process stays small."""
    url = site.page("/bomb", gzip_bomb, headers={"Content-Encoding": "gzip, gzip, gzip"})
    done = subprocess.run(
        [sys.executable, "-c", BOMB_CHILD, url], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    message, figures = done.stdout.strip().splitlines()
    assert "too large" in message
    before_kb, after_kb = map(int, figures.split())
    # The interpreter with httpx is ~30 MB; inflating the bomb would take 1 GB. The body cap is
    # 10 MB and decompression holds a few 64 KB chunks per layer.
    assert after_kb < 80 * 1024, f"peak RSS {after_kb / 1024:.0f} MB"
    assert after_kb - before_kb < 40 * 1024, f"grew by {(after_kb - before_kb) / 1024:.0f} MB"


def test_conditional_requests_are_answered_304(site: Site, client: httpx.Client) -> None:
    def feed(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == '"v1"':
            request.send_response(304)
            request.send_header("ETag", '"v1"')
            request.end_headers()
            return
        request.send_response(200)
        request.send_header("ETag", '"v1"')
        request.send_header("Last-Modified", "Mon, 01 Jul 2024 10:00:00 GMT")
        request.send_header("Content-Length", "2")
        request.end_headers()
        request.wfile.write(b"ok")

    url = site.route("/feed", feed)
    first = fetch(client, url, limits=SHORT)
    assert (first.etag, first.last_modified) == ('"v1"', "Mon, 01 Jul 2024 10:00:00 GMT")
    again = fetch(client, url, limits=SHORT, etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert site.requests[-1].headers["if-modified-since"] == first.last_modified


@pytest.mark.parametrize("url", ["not a url", "http://", "mailto:someone@example.org", ""])
def test_bad_addresses_are_refused_before_any_request(client: httpx.Client, url: str) -> None:
    with pytest.raises(DownloadError):
        fetch(client, url, limits=SHORT)


def test_a_closed_port_is_a_connection_error(client: httpx.Client) -> None:
    with pytest.raises(DownloadError, match="cannot connect"):
        fetch(client, "http://127.0.0.1:9/", limits=SHORT)
