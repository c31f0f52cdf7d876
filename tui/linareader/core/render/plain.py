"""Plain text laid out line by line: for text too big or too strange to parse as Markdown.

No Markdown is read, so nothing is interpreted: every source line becomes one or more screen
lines, word-wrapped, with its indentation kept (front matter and code stay legible) and tabs
as four spaces. Laying out 32 KB (the most a plain chunk holds) takes a few milliseconds.
"""

from __future__ import annotations

from linareader.core.i18n import _
from linareader.core.render.model import Line, RenderedChunk, Span
from linareader.core.render.wrap import wrap

__all__ = ["render_plain"]

_TAB = "    "


def render_plain(text: str, width: int, *, french: bool = False) -> RenderedChunk:
    """Lay *text* out at *width* cells: one block, no links, no heading.

    Leading and trailing blank lines are dropped, as a rendered chunk never begins or ends
    with one; the blank lines inside are kept.
    """
    if width < 1:
        raise ValueError(
            _("Cannot lay text out in {width} cells; the width must be at least 1.").format(
                width=width
            )
        )
    lines: list[Line] = []
    for source in text.strip("\n").split("\n"):
        source = source.replace("\t", _TAB).rstrip()
        body = source.lstrip(" ")
        indent = min(len(source) - len(body), width // 2)
        if not body:
            lines.append(())
            continue
        wrapped = wrap([Span(body, "")], width - indent, french=french)
        if indent:
            pad = Span(" " * indent, "")
            wrapped = [(pad, *line) for line in wrapped]
        lines.extend(wrapped)
    return RenderedChunk(lines, [0], [], None)
