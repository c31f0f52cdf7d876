"""Undo ``Content-Encoding`` (gzip, deflate) with bounded memory, whatever the sender sent.

A gzip bomb is a few hundred bytes that inflate to gigabytes; stacked layers
(``Content-Encoding: gzip, gzip, gzip``) multiply. Each layer here is one :mod:`zlib`
decompressor asked for at most :data:`CHUNK` bytes at a time (the rest of its input waits in
``unconsumed_tail``), layers are chained lazily, and every layer's output is counted, so memory
stays at a few chunks per layer and the work stops as soon as the final output passes the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from linareader.core.i18n import _

__all__ = ["CHUNK", "MAX_LAYERS", "DecodeError", "TooLarge", "decode_stream"]

CHUNK = 64 * 1024
MAX_LAYERS = 4
_GZIP = {"gzip", "x-gzip"}
_DEFLATE = {"deflate"}


class TooLarge(Exception):
    """The decoded body (or one intermediate layer) passed its cap."""


class DecodeError(Exception):
    """The encoding is not supported, or the compressed data is broken."""


class _Layer:
    """One bounded decompressor; gzip layers may hold several members, as gzip allows."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.gzip = encoding in _GZIP
        self.cap = cap
        self.produced = 0
        self._inflater: zlib._Decompress | None = None
        self._finished = False

    def _start(self, data: bytes) -> zlib._Decompress:
        if self.gzip:
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        # "deflate" should be zlib-wrapped (RFC 9110), but some servers send raw deflate.
        wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self._finished:
            if self._inflater is None:
                self._inflater = self._start(data)
            try:
                out = self._inflater.decompress(data, CHUNK)
            except zlib.error as error:
                raise DecodeError(
                    _("the compressed data is damaged ({error})").format(error=error)
                ) from None
            data = self._inflater.unconsumed_tail
            yield from self._count(out)
            if self._inflater.eof:
                rest = self._inflater.unused_data
                if self.gzip and rest.strip(b"\0"):
                    self._inflater = None  # another gzip member follows
                    data = rest
                else:
                    self._finished = True  # trailing padding or garbage: ignored, as browsers do

    def flush(self) -> Iterator[bytes]:
        if self._inflater is not None and not self._finished:
            try:
                out = self._inflater.flush()
            except zlib.error as error:
                raise DecodeError(
                    _("the compressed data is damaged ({error})").format(error=error)
                ) from None
            yield from self._count(out)

    def _count(self, out: bytes) -> Iterator[bytes]:
        if out:
            self.produced += len(out)
            if self.produced > self.cap:
                raise TooLarge
            yield out


def _through(pieces: Iterable[bytes], layer: _Layer) -> Iterator[bytes]:
    for piece in pieces:
        yield from layer.feed(piece)


def decode_stream(chunks: Iterable[bytes], encodings: list[str], max_bytes: int) -> Iterator[bytes]:
    """Yield the decoded body of *chunks*, sent with ``Content-Encoding: *encodings*``.

    *encodings* are in the order the sender applied them, so they are undone last first.
    Intermediate layers carry compressed data and may be at most twice the final cap.

    Raises:
        TooLarge: more than *max_bytes* decoded bytes.
        DecodeError: an encoding other than gzip/deflate, too many layers, or damaged data.
    """
    for encoding in encodings:
        if encoding not in _GZIP | _DEFLATE:
            shown = "".join(ch for ch in encoding if ch.isalnum() or ch in "-_.")[:30]
            raise DecodeError(
                _("the server used the unsupported compression '{shown}'").format(shown=shown)
            )
    if len(encodings) > MAX_LAYERS:
        raise DecodeError(_("more than {layers} layers of compression").format(layers=MAX_LAYERS))
    layers = [
        _Layer(encoding, max_bytes if index == 0 else 2 * max_bytes + CHUNK)
        for index, encoding in enumerate(encodings)
    ]
    total = 0

    def counted(pieces: Iterable[bytes]) -> Iterator[bytes]:
        nonlocal total
        for piece in pieces:
            total += len(piece)
            if total > max_bytes:
                raise TooLarge
            yield piece

    stream: Iterable[bytes] = chunks
    for layer in reversed(layers):
        stream = _through(stream, layer)
    yield from counted(stream)
    # Then drain each layer's buffered tail, innermost first, through the layers after it.
    for index in range(len(layers) - 1, -1, -1):
        tail: Iterable[bytes] = layers[index].flush()
        for outer in reversed(layers[:index]):
            tail = _through(tail, outer)
        yield from counted(tail)
