"""The one safe downloader: every page and feed linareader fetches goes through :func:`fetch`.

The caller passes a synchronous :class:`httpx.Client` (see :func:`make_client`), so the app can
call this from thread workers and tests can hand in their own. Rules, each a defence:

* only ``http`` and ``https``, checked on every redirect hop, at most ``max_redirects`` hops;
* connect and read timeouts **and** an overall deadline: a watchdog thread shuts the socket down
  when the deadline passes (or when ``should_stop`` says so), so a server that trickles its
  headers or body cannot hold a download for ever;
* httpx would decompress without limit (276 bytes of triple gzip came back as one 268 MB chunk),
  so the body is read with ``iter_raw()`` and gzip/deflate are undone here, one bounded
  :mod:`zlib` decompressor per layer; other encodings are refused (and never asked for);
* the decoded body is capped (``max_bytes``, 10 MB by default).

Every failure is a :class:`DownloadError` (or :class:`Cancelled`) whose one-line message names
the URL and the reason.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from linareader import __version__
from linareader.core.decompress import DecodeError, TooLarge, decode_stream
from linareader.core.errors import Cancelled, DownloadError
from linareader.core.http_client import httpx
from linareader.core.i18n import _
from linareader.core.sanitize import clean_line

__all__ = ["DEFAULT_LIMITS", "USER_AGENT", "Fetched", "Limits", "fetch", "make_client", "shown"]

USER_AGENT = f"linareader/{__version__} (terminal article reader)"
_REDIRECTS = {301, 302, 303, 307, 308}
_SCHEMES = {"http", "https"}
_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one download may cost."""

    max_bytes: int = 10 * _MB
    """The largest decoded body, in bytes."""
    deadline: float = 60.0
    """Seconds for the whole download, redirects included."""
    connect_timeout: float = 10.0
    """Seconds to open a connection."""
    read_timeout: float = 20.0
    """Seconds of silence tolerated while waiting for bytes."""
    max_redirects: int = 5
    """Redirect hops followed before giving up."""
    max_entries: int = 1000
    """Entries read from one feed, the newest (feeds list them first); the rest are skipped,
    so that a feed of tens of thousands of items refreshes in bounded time."""


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful download (or a ``304 Not Modified`` answer to a conditional request)."""

    url: str
    """The final URL, after redirects."""
    status: int
    media_type: str
    """``text/html``, lower case, without parameters; empty if the server sent none."""
    charset: str
    """The ``charset`` parameter of ``Content-Type``, or empty."""
    body: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        """Whether the server answered 304: the copy we have is current."""
        return self.status == 304


def shown(url: str) -> str:
    """Return *url* as it may appear in a one-line message (clean, at most 200 characters)."""
    url = clean_line(url)
    return url if len(url) <= 200 else url[:199] + "…"


def make_client(limits: Limits = DEFAULT_LIMITS) -> httpx.Client:
    """Return a client with linareader's User-Agent and timeouts; redirects are ours to follow."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
    )


class _Watchdog:
    """Shuts the download's sockets down at the deadline or when the caller asks to stop.

    A blocked ``recv`` returns at once when its socket is shut down (closing it would not wake
    it), so this bounds the time spent in headers and bodies alike. Only connections opened
    during this download are known to it; a reused keep-alive connection is bounded by the read
    timeout and by the checks between chunks.
    """

    def __init__(
        self, deadline: float, should_stop: Callable[[], bool] | None, clock: Callable[[], float]
    ) -> None:
        self.reason: str | None = None
        self._deadline = deadline
        self._should_stop = should_stop
        self._clock = clock
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="linareader-watchdog", daemon=True)

    def __enter__(self) -> _Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: remember each new TCP connection's socket."""
        if event != "connection.connect_tcp.complete":
            return
        sock = info["return_value"].get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.reason is not None:
                    _shutdown(sock)

    def _run(self) -> None:
        while not self._done.wait(0.05):
            if self._clock() >= self._deadline:
                self._fire("timeout")
            elif self._should_stop is not None and self._should_stop():
                self._fire("cancelled")
            if self.reason is not None:
                return

    def _fire(self, reason: str) -> None:
        with self._lock:
            self.reason = reason
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to wake
        sock.shutdown(socket.SHUT_RDWR)


def _checked(original: str, url: httpx.URL) -> httpx.URL:
    if not url.scheme:
        raise DownloadError(
            _("Cannot download {shown}: not a web address (start it with https://).").format(
                shown=shown(original)
            )
        )
    if url.scheme not in _SCHEMES:
        scheme = clean_line(url.scheme)[:20]
        raise DownloadError(
            _(
                "Cannot download {shown}: {scheme}: addresses are not followed (only http and "
                "https)."
            ).format(shown=shown(original), scheme=scheme)
        )
    if not url.host:
        raise DownloadError(
            _("Cannot download {shown}: the address has no host.").format(shown=shown(original))
        )
    return url


def _parse_url(
    original: str, base: httpx.URL | None = None, target: str | None = None
) -> httpx.URL:
    try:
        url = httpx.URL(original) if base is None else base.join(target or "")
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise DownloadError(
            _("Cannot download {shown}: not a valid address.").format(shown=shown(original))
        ) from error
    return _checked(original, url)


def fetch(
    client: httpx.Client,
    url: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    accept: str = "*/*",
    etag: str = "",
    last_modified: str = "",
    should_stop: Callable[[], bool] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Fetched:
    """Download *url* within *limits*; a non-empty *etag*/*last_modified* makes it conditional.

    *should_stop* is polled between chunks and from a watchdog thread; when it returns true the
    download ends with :class:`Cancelled`.

    Raises:
        DownloadError: bad address or scheme, too many redirects or a loop, HTTP error status,
            timeout, body too large, unsupported compression, network failure.
        Cancelled: *should_stop* returned true.
    """
    deadline = clock() + limits.deadline
    current = _parse_url(url)
    seen = {str(current)}
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with _Watchdog(deadline, should_stop, clock) as watchdog:
        for _hop in range(limits.max_redirects + 1):
            remaining = max(0.01, deadline - clock())
            timeout = httpx.Timeout(
                min(limits.read_timeout, remaining), connect=min(limits.connect_timeout, remaining)
            )
            request = client.build_request(
                "GET",
                current,
                headers=headers,
                timeout=timeout,
                extensions={"trace": watchdog.trace},
            )
            try:
                response = client.send(request, stream=True, follow_redirects=False)
                try:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location is not None:
                        current = _parse_url(url, current, location)
                        if str(current) in seen:
                            raise DownloadError(
                                _("Cannot download {shown}: redirect loop.").format(
                                    shown=shown(url)
                                )
                            )
                        seen.add(str(current))
                        continue
                    return _answer(url, response, limits, deadline, should_stop, clock)
                finally:
                    response.close()
            except httpx.HTTPError as error:
                raise _network_error(url, error, watchdog.reason, limits) from error
            except httpx.InvalidURL:
                # httpx prepares the next request of every redirect, and fails on a Location
                # without a host: javascript:, data:, mailto:... none of them http(s).
                raise DownloadError(
                    _(
                        "Cannot download {shown}: it redirects to an address that is not "
                        "followed (only http and https)."
                    ).format(shown=shown(url))
                ) from None
    raise DownloadError(
        _("Cannot download {shown}: more than {max_redirects} redirects.").format(
            shown=shown(url), max_redirects=limits.max_redirects
        )
    )


def _network_error(
    url: str, error: httpx.HTTPError, reason: str | None, limits: Limits
) -> Exception:
    if reason == "cancelled":
        return Cancelled(_("Stopped downloading {shown}.").format(shown=shown(url)))
    if reason == "timeout":
        return DownloadError(
            _("Cannot download {shown}: timeout, not finished within {deadline:g} s.").format(
                shown=shown(url), deadline=limits.deadline
            )
        )
    if isinstance(error, httpx.TimeoutException):
        return DownloadError(
            _("Cannot download {shown}: timeout, the server stopped answering.").format(
                shown=shown(url)
            )
        )
    if isinstance(error, httpx.ConnectError):
        return DownloadError(
            _("Cannot download {shown}: cannot connect ({why}).").format(
                shown=shown(url), why=_why(error)
            )
        )
    return DownloadError(
        _("Cannot download {shown}: network error ({why}).").format(
            shown=shown(url), why=_why(error)
        )
    )


def _why(error: Exception) -> str:
    text = clean_line(str(error)) or type(error).__name__
    return text[:120]


def _answer(
    url: str,
    response: httpx.Response,
    limits: Limits,
    deadline: float,
    should_stop: Callable[[], bool] | None,
    clock: Callable[[], float],
) -> Fetched:
    status = response.status_code
    headers = response.headers
    etag = clean_line(headers.get("etag", ""))[:512]
    modified = clean_line(headers.get("last-modified", ""))[:100]
    if status == 304:
        return Fetched(str(response.url), status, "", "", b"", etag, modified)
    if not 200 <= status < 300:
        phrase = clean_line(response.reason_phrase)[:60]
        raise DownloadError(
            _("Cannot download {shown}: HTTP {status} {phrase}.")
            .format(shown=shown(url), status=status, phrase=phrase)
            .replace(" .", ".")
        )
    media_type, _sep, params = headers.get("content-type", "").partition(";")
    charset = ""
    for param in params.split(";"):
        key, _sep, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")[:40]
    encodings = [
        value.strip().lower()
        for value in headers.get_list("content-encoding", split_commas=True)
        if value.strip().lower() not in ("", "identity")
    ]
    length = headers.get("content-length", "")
    if not encodings and length.isdigit() and int(length) > limits.max_bytes:
        raise _too_large(url, limits)

    def chunks() -> Iterator[bytes]:
        for chunk in response.iter_raw(64 * 1024):
            if clock() >= deadline:
                raise DownloadError(
                    _(
                        "Cannot download {shown}: timeout, not finished within {deadline:g} s."
                    ).format(shown=shown(url), deadline=limits.deadline)
                )
            if should_stop is not None and should_stop():
                raise Cancelled(_("Stopped downloading {shown}.").format(shown=shown(url)))
            yield chunk

    body = _read(url, chunks(), encodings, limits)
    return Fetched(
        str(response.url), status, media_type.strip().lower()[:100], charset, body, etag, modified
    )


def _too_large(url: str, limits: Limits) -> DownloadError:
    size = (
        f"{limits.max_bytes / _MB:g} MB" if limits.max_bytes >= _MB else f"{limits.max_bytes} bytes"
    )
    return DownloadError(
        _("Cannot download {shown}: too large, more than {size}.").format(
            shown=shown(url), size=size
        )
    )


def _read(url: str, chunks: Iterable[bytes], encodings: list[str], limits: Limits) -> bytes:
    parts: list[bytes] = []
    try:
        for piece in decode_stream(chunks, encodings, limits.max_bytes):
            parts.append(piece)
    except TooLarge:
        raise _too_large(url, limits) from None
    except DecodeError as error:
        raise DownloadError(
            _("Cannot download {shown}: {error}.").format(shown=shown(url), error=error)
        ) from None
    return b"".join(parts)
