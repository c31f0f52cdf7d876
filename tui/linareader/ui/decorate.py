"""Overlays drawn on top of laid-out lines: find matches and link hints.

The core lays text out once per width; what the reader is doing right now (a find, link hints)
is painted over those lines here, so changing a query never lays the article out again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

from linareader.core.render import Line
from linareader.core.textsearch import find_all

__all__ = ["Painted", "decorate", "line_text", "match_ranges"]

#: (text, style names) pairs, ready for :class:`linareader.ui.spans.SpanPainter`.
Painted = list[tuple[str, str]]


def line_text(line: Line) -> str:
    """The plain text of a laid-out line."""
    return "".join(span.text for span in line)


def match_ranges(line: Line, query: str) -> list[tuple[int, int]]:
    """Character ranges of *line* where *query* matches (case and accents folded)."""
    return find_all(line_text(line), query) if query else []


def decorate(
    line: Line,
    matches: Sequence[tuple[int, int, bool]] = (),
    hints: Mapping[int, str] | None = None,
) -> Painted:
    """Return *line* with matches styled (``find-match``/``find-current``) and hint labels.

    *matches* are ``(start, end, is_current)`` character ranges; *hints* maps a link index to
    the label drawn just before the first span of that link on this line.
    """
    out: Painted = []
    position = 0
    labelled: set[int] = set()
    for span in line:
        if hints and span.link is not None and span.link in hints and span.link not in labelled:
            labelled.add(span.link)
            out.append((f"[{hints[span.link]}]", "hint"))
        start, end = position, position + len(span.text)
        cuts = sorted(
            {start, end} | {edge for a, b, _ in matches for edge in (a, b) if start < edge < end}
        )
        for left, right in pairwise(cuts):
            style = span.style
            for a, b, current in matches:
                if a <= left and right <= b:
                    style = f"{style} {'find-current' if current else 'find-match'}".strip()
                    break
            out.append((span.text[left - start : right - start], style))
        position = end
    return out
