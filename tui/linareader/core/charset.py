"""Decode downloaded bytes the way a browser would (the WHATWG encoding sniffing order).

In order: a byte order mark; the ``charset`` of the HTTP ``Content-Type``; a ``<meta>`` charset
in the first 1024 bytes (HTML only); UTF-8 if the whole body decodes as UTF-8; else
windows-1252. Labels are mapped as the WHATWG Encoding standard maps them: a page labelled
``iso-8859-1``, ``latin1`` or ``us-ascii`` is windows-1252 (servers say Latin-1 and send ``€``
as 0x80), and a ``<meta>`` that claims UTF-16 is read as UTF-8 (an ASCII-compatible file
cannot be UTF-16). An unknown label is skipped, as browsers skip it.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_body", "sniff_encoding"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG labels whose Python codec differs from the codec of the same name.
_WHATWG_ALIASES = {
    "windows-1252": [
        "ansi_x3.4-1968",
        "ascii",
        "cp1252",
        "cp819",
        "csisolatin1",
        "ibm819",
        "iso-8859-1",
        "iso-ir-100",
        "iso8859-1",
        "iso88591",
        "iso_8859-1",
        "iso_8859-1:1987",
        "l1",
        "latin1",
        "us-ascii",
        "windows-1252",
        "x-cp1252",
    ],
    "windows-1254": [
        "cp1254",
        "csisolatin5",
        "iso-8859-9",
        "iso-ir-148",
        "iso8859-9",
        "iso88599",
        "iso_8859-9",
        "iso_8859-9:1989",
        "l5",
        "latin5",
        "windows-1254",
        "x-cp1254",
    ],
    "windows-874": ["dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"],
    "utf-8": [
        "unicode-1-1-utf-8",
        "unicode11utf8",
        "unicode20utf8",
        "utf-8",
        "utf8",
        "x-unicode20utf8",
    ],
}
_LABELS = {label: name for name, labels in _WHATWG_ALIASES.items() for label in labels}
_PYTHON_CODECS = {"windows-874": "cp874"}
_UTF16 = {
    "utf-16": "utf-16-le",
    "utf-16le": "utf-16-le",
    "utf-16-le": "utf-16-le",
    "unicode": "utf-16-le",
    "ucs-2": "utf-16-le",
    "utf-16be": "utf-16-be",
    "utf-16-be": "utf-16-be",
}
_META = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""",
    re.IGNORECASE,
)


def _normalise(label: str | None) -> str | None:
    """Return a Python codec for a WHATWG *label*, or ``None`` if it names no known encoding."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = _LABELS.get(label)
    if name is not None:
        return _PYTHON_CODECS.get(name, name)
    if label in _UTF16:
        return _UTF16[label]
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    # Codecs that are not text encodings (rot13, base64, ...) are not charsets.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def sniff_encoding(body: bytes, header_charset: str = "", *, html: bool = True) -> str:
    """Return the Python codec name to decode *body* with, following the WHATWG order."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    declared = _normalise(header_charset)
    if declared is not None:
        return declared
    if html:
        for match in _META.finditer(body[:1024]):
            meta = _normalise(match.group(1).decode("ascii", "replace"))
            if meta is not None:
                return "utf-8" if meta.startswith("utf-16") else meta
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_body(body: bytes, header_charset: str = "", *, html: bool = True) -> str:
    """Return *body* as text; undecodable bytes become U+FFFD, a BOM is dropped."""
    encoding = sniff_encoding(body, header_charset, html=html)
    for bom, name in _BOMS:
        if name == encoding and body.startswith(bom):
            body = body[len(bom) :]
            break
    return body.decode(encoding, errors="replace")
