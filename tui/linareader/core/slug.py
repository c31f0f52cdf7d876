"""Section anchors: one slug function, with GitHub's rules, for every use.

The TOC, bookmarks, links between articles, ``cat`` and the reader all name a section by the
anchor GitHub would give its heading, so a ``[link](#une-première-historique)`` written for
GitHub works here too: lowercase; letters, marks, digits, spaces, ``-`` and ``_`` kept; other
punctuation dropped; each space becomes ``-``; repeats get ``-1``, ``-2``...
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["Slugger", "slugify"]


_ASCII_DROPPED = re.compile(r"[^a-z0-9 _-]")


def _keep(ch: str) -> bool:
    return ch in " -_" or unicodedata.category(ch)[0] in "LMN"


def slugify(text: str) -> str:
    """Return the GitHub anchor of a heading's text, without de-duplication."""
    text = text.strip().lower()
    if text.isascii():  # fast path, same result: ASCII letters and digits are L and N
        return _ASCII_DROPPED.sub("", text).replace(" ", "-")
    return "".join(ch for ch in text if _keep(ch)).replace(" ", "-")


class Slugger:
    """Gives unique anchors to the headings of one document, in order (as github-slugger)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        """Return the anchor of the next heading called *text*."""
        base = candidate = slugify(text)
        while candidate in self._seen:
            self._seen[base] += 1
            candidate = f"{base}-{self._seen[base]}"
        self._seen[candidate] = 0
        return candidate
