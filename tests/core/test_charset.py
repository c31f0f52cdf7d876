"""Decoding downloads in the WHATWG order: BOM, HTTP charset, <meta>, UTF-8, windows-1252."""

from __future__ import annotations

import codecs

import pytest

from linareader.core.charset import decode_body, sniff_encoding

FRENCH = "« Œuvre » : l’été coûte 5 € — déjà vu"


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [
        (codecs.BOM_UTF8 + b"<p>x</p>", "windows-1252", "utf-8"),  # the BOM beats the header
        (codecs.BOM_UTF16_LE + "<p>".encode("utf-16-le"), "", "utf-16-le"),
        (codecs.BOM_UTF16_BE + "<p>".encode("utf-16-be"), "", "utf-16-be"),
        (b"<meta charset=utf-8><p>\xe9</p>", "ISO-8859-1", "cp1252"),  # header beats meta
        (b'<meta charset="koi8-r">', "", "koi8_r"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
            "",
            "shift_jis",
        ),
        (b"<meta charset=utf-16><p>ascii</p>", "", "utf-8"),  # meta cannot claim UTF-16
        (b"<meta charset=x-unknown-label><p>\xc3\xa9</p>", "", "utf-8"),  # unknown: skipped
        (b"<p>\xc3\xa9t\xc3\xa9</p>", "", "utf-8"),  # no label, valid UTF-8
        (b"<p>\xe9t\xe9 \x80</p>", "", "cp1252"),  # no label, not UTF-8
        (b"<p>x</p>", "latin1", "cp1252"),
        (b"<p>x</p>", "us-ascii", "cp1252"),
        (b"<p>x</p>", "iso-8859-9", "cp1254"),
        (b"<p>x</p>", "rot13", "utf-8"),  # a Python codec that is no charset
        (b"<p>x</p>", "utf-16", "utf-16-le"),
    ],
)
def test_sniffing_order(body: bytes, header: str, expected: str) -> None:
    assert codecs.lookup(sniff_encoding(body, header)).name == codecs.lookup(expected).name


def test_a_meta_beyond_1024_bytes_is_not_read() -> None:
    body = b"<!-- " + b"x" * 1100 + b' --><meta charset="koi8-r"><p>\xc3\xa9</p>'
    assert sniff_encoding(body) == "utf-8"


def test_meta_is_ignored_for_text_documents() -> None:
    assert sniff_encoding(b'<meta charset="koi8-r"> \xc3\xa9', html=False) == "utf-8"


def test_windows_1252_labelled_iso_8859_1_keeps_quotes_ligatures_and_euro() -> None:
    body = f"<p>{FRENCH}</p>".encode("cp1252")
    assert decode_body(body, "iso-8859-1") == f"<p>{FRENCH}</p>"


def test_a_lying_utf8_header_gives_replacement_characters_not_an_error() -> None:
    text = decode_body("été".encode("cp1252"), "utf-8")
    assert text == "\ufffdt\ufffd"


def test_the_bom_is_dropped() -> None:
    assert decode_body(codecs.BOM_UTF8 + "é".encode()) == "é"
    assert decode_body(codecs.BOM_UTF16_LE + "é".encode("utf-16-le")) == "é"
