"""Make untrusted text safe to show in a terminal.

Articles, feeds, web pages, file names and config files are untrusted: an ESC sequence in a title
could set the window title (OSC 0), write the clipboard (OSC 52), make the terminal type an answer
back into the app (``ESC[6n``) or hide text. Textual and Rich pass such bytes through, so every
string is cleaned once, where it enters the program, by one of two functions:

* :func:`clean_text` for bodies: removes escape sequences, C0/C1 controls (except tab and
  newline) and bidi embedding/override/isolate controls, but keeps ZWJ, ZWNJ and soft hyphens
  that scripts and emoji need;
* :func:`clean_line` for single-line fields (titles, names, notes): also folds line breaks and
  tabs into spaces and drops every invisible format character (Unicode category Cf).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_line", "clean_text"]

# ESC-introduced sequences, 7-bit and 8-bit (C1) forms:
#   CSI  ESC [ ... final byte   |  0x9b ... final byte
#   OSC, DCS, SOS, PM, APC      ESC ] P X ^ _  ... up to ST (ESC \ or 0x9c) or BEL, or the end
#   two-byte escapes            ESC followed by any one character
_STRING_INTRO = "[\\]PX^_]"
_SEQUENCES = re.compile(
    "(?:\x1b\\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    f"|(?:\x1b{_STRING_INTRO}|[\x90\x98\x9d\x9e\x9f])(?:[^\x07\x1b\x9c]|\x1b(?!\\\\))*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b.?",
    re.DOTALL,
)

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_CONTROLS = [*range(0, 9), *range(11, 32), 0x7F, *range(0x80, 0xA0)]
_BODY_TABLE: dict[int, None] = dict.fromkeys([*_CONTROLS, *map(ord, _BIDI_CONTROLS)])
#: Any character that clean_text removes (ESC and C1 included); absent in most texts.
_NEEDS_CLEANING = re.compile(
    "["
    + "".join(f"\\x{c:02x}" for c in _CONTROLS)
    + "".join(f"\\u{ord(c):04x}" for c in _BIDI_CONTROLS)
    + "\r]"
)
_LINE_BREAKS = {ord("\n"): " ", ord("\t"): " ", ord("\r"): " ", 0x2028: " ", 0x2029: " "}


def clean_text(text: str) -> str:
    """Return *text* without terminal control sequences, stray controls or bidi overrides.

    Tabs and newlines stay; ``\\r\\n`` becomes ``\\n`` so Windows files read naturally.
    """
    if _NEEDS_CLEANING.search(text) is None:  # fast path: one scan, nothing to remove
        return text
    text = text.replace("\r\n", "\n")
    text = _SEQUENCES.sub("", text)
    return text.translate(_BODY_TABLE)


def clean_line(text: str) -> str:
    """Return *text* as one safe line: :func:`clean_text`, breaks to spaces, no Cf characters."""
    text = clean_text(text).translate(_LINE_BREAKS)
    if not text.isprintable():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text.strip()
