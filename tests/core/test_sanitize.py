"""Untrusted text never carries terminal control sequences into the program."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linareader.core.sanitize import clean_line, clean_text

ESC = "\x1b"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain text", "plain text"),
        (f"a{ESC}]52;c;SGVsbG8=\x07b", "ab"),  # OSC 52 clipboard write
        (f"a{ESC}]0;owned{ESC}\\b", "ab"),  # OSC 0 window title, ST-terminated
        (f"a{ESC}[6nb", "ab"),  # cursor position query
        (f"a{ESC}[31mred{ESC}[0m", "ared"),
        ("a\x9b31mb", "ab"),  # C1 CSI
        (f"a{ESC}P1$r{ESC}\\b", "ab"),  # DCS
        (f"a{ESC}_apc{ESC}\\b", "ab"),  # APC
        (f"a{ESC}]8;;http://x{ESC}\\link{ESC}]8;;{ESC}\\b", "alinkb"),  # OSC 8 hyperlink
        (f"unterminated {ESC}]0;title", "unterminated "),
        ("bell\x07 back\x08 nul\x00 del\x7f c1\x85", "bell back nul del c1"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("windows\r\nline", "windows\nline"),
        ("bidi \u202eevil\u202c \u2067iso\u2069", "bidi evil iso"),
        (
            "emoji 👩\u200d💻 and ZWNJ \u200c and soft\u00adhyphen",
            "emoji 👩\u200d💻 and ZWNJ \u200c and soft\u00adhyphen",
        ),
        ("French «\u00a0guillemets\u00a0»", "French «\u00a0guillemets\u00a0»"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Title\nwith break\tand tab ", "Title with break and tab"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        (f"[@click=app.quit]x[/] {ESC}[2J", "[@click=app.quit]x[/]"),
        ("line\u2028sep", "line sep"),
    ],
)
def test_clean_line(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


_C1 = {chr(c) for c in range(0x80, 0xA0)}


@given(st.text())
def test_no_control_survives_clean_text(raw: str) -> None:
    out = clean_text(raw)
    assert ESC not in out
    assert not _C1 & set(out)
    assert all(
        ch in "\t\n" or ch.isprintable() or ch in "\u200c\u200d\u00ad" or ord(ch) > 0x9F
        for ch in out
    )


@given(st.text())
def test_clean_line_is_one_printable_line(raw: str) -> None:
    out = clean_line(raw)
    assert not {unicodedata.category(ch) for ch in out} & {"Cc", "Cf", "Zl", "Zp"}
    assert clean_line(out) == out
