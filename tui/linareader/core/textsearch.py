"""Text matching that folds case and accents, with positions in the original text.

A French reader types "societe" on an English keyboard and expects "Société"; the same rule
serves the sidebar filter, find in the article and (later) library search. :func:`fold_map`
keeps, for each folded character, the index of the original one, so a match can be highlighted
where it really is even when folding changed lengths ("ß" -> "ss", "é" -> "e").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = ["count_in_markdown", "count_per_chunk", "find_all", "fold", "fold_map"]


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Return *text* without case or accents ("Société" -> "societe")."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


def fold_map(text: str) -> tuple[str, list[int]]:
    """Return the folded text and, for each of its characters, its index in *text*."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    index: list[int] = []
    for position, ch in enumerate(text):
        piece = _fold_char(ch)
        folded.append(piece)
        index.extend([position] * len(piece))
    return "".join(folded), index


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` ranges of *text* where folded *query* occurs (no overlap)."""
    needle = fold(query)
    if not needle:
        return []
    haystack, index = fold_map(text)
    found: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        found.append((index[start], index[end - 1] + 1))
        start = haystack.find(needle, end)
    return found


_LINK_DESTINATION = re.compile(r"\]\([^)\n]*\)")


def count_in_markdown(text: str, query: str) -> int:
    """How many times *query* occurs in the visible text of Markdown *text* (approximately).

    Link destinations are not shown, so they are left out; other syntax is rarely inside words.
    Counting the source is cheap enough for a 5 MB article, where laying it all out is not.
    """
    needle = fold(query)
    if not needle:
        return 0
    return fold(_LINK_DESTINATION.sub("]", text)).count(needle)


def count_per_chunk(
    texts: Iterable[str], query: str, should_stop: Callable[[], bool] = lambda: False
) -> list[int] | None:
    """Occurrences of *query* in each text; None when *should_stop* says so between texts."""
    counts: list[int] = []
    for text in texts:
        if should_stop():
            return None
        counts.append(count_in_markdown(text, query))
    return counts
