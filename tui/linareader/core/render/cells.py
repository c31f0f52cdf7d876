"""Terminal cell widths, so that no rendered line is ever wider than the screen.

A terminal draws East Asian wide and fullwidth characters in two cells and combining marks and
zero-width characters in none; counting ``len()`` instead would let CJK or accented-by-combining
text overflow the reader and push the scroll bar out of place. This is the small subset of
``wcwidth`` the renderer needs, with no dependency. When in doubt a character counts as one cell
(soft hyphens, unassigned code points, ambiguous-width box drawing): too narrow a guess would
overflow, a wide guess only leaves a cell unused.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["cell_len", "cells_end", "char_width", "is_narrow"]

# Text made only of these characters is one cell per character: printable ASCII, Latin-1 and the
# Latin Extended blocks, general punctuation (quotes, dashes, ellipsis) and the narrow no-break
# space. French, Spanish or German prose takes this fast path.
_NARROW = re.compile("[ -~\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u202f-\u205f]*")
_ZERO_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc", "Zl", "Zp"})


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Return how many cells the terminal gives one character: 0, 1 or 2."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return 1
    if code == 0xAD:  # soft hyphen: some terminals draw it, so reserve its cell
        return 1
    if unicodedata.category(ch) in _ZERO_CATEGORIES:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def is_narrow(text: str) -> bool:
    """Whether every character of *text* takes exactly one cell (then ``len`` is its width)."""
    return _NARROW.fullmatch(text) is not None


def cell_len(text: str) -> int:
    """Return the width of *text* in terminal cells."""
    if _NARROW.fullmatch(text):
        return len(text)
    return sum(map(char_width, text))


def cells_end(text: str, start: int, cells: int) -> int:
    """Return the end of the longest run of *text* from *start* that fits in *cells*.

    Zero-width characters stay with the character they follow, so a combining accent is never
    separated from its letter. Working on offsets keeps cutting a huge word linear.
    """
    window = text[start : start + cells]
    if window.isascii():  # one cell per character (controls were removed on input)
        return start + len(window)
    used = 0
    for i in range(start, len(text)):
        used += char_width(text[i])
        if used > cells:
            return i
    return len(text)
