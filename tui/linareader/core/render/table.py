"""GFM tables drawn with box-drawing borders, shrunk to fit the width.

Columns keep their natural width when the table fits. Otherwise they shrink, keeping their
longest word whole where the room allows, and their cells wrap. When that would cut even short
words (many columns on a narrow screen), each row is shown as a block of ``Header: value`` lines
instead: still readable, and never wider than the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from linareader.core.render.cells import cell_len
from linareader.core.render.inline import InlineRenderer, inline_tokens
from linareader.core.render.model import Line, Span, compose_style
from linareader.core.render.wrap import BREAK, Fragment, line_width, merge_spans, wrap

__all__ = ["table_lines"]

# Words up to this width are never cut in a grid: "Descr/iptio/n" in columns of five cells is
# unreadable, and the Header: value layout is better then.
_WHOLE_WORD = 10
_BORDER = "table-border"
_HANGING = 2


@dataclass(slots=True)
class _Cell:
    fragments: list[Fragment]
    align: str
    style: str


def _cells(row: SyntaxTreeNode, base: tuple[str, ...], inline: InlineRenderer) -> list[_Cell]:
    cells: list[_Cell] = []
    for cell in row.children:
        name = "table-header" if cell.type == "th" else "table-cell"
        style = str(cell.attrs.get("style", ""))
        align = style.removeprefix("text-align:") if style.startswith("text-align:") else "left"
        names = (*base, name)
        cells.append(
            _Cell(inline.fragments(inline_tokens(cell), names), align, compose_style(names))
        )
    return cells


def _rows(node: SyntaxTreeNode, base: tuple[str, ...], inline: InlineRenderer) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    for section in node.children:  # thead, tbody
        rows.extend(_cells(tr, base, inline) for tr in section.children)
    return rows


def _measure(fragments: list[Fragment]) -> tuple[int, int]:
    """A cell's width laid out on one line (per hard break) and the width of its longest word."""
    widest = longest = 0
    texts: list[str] = []
    for fragment in [*fragments, BREAK]:
        if fragment is not BREAK:
            texts.append(fragment.text)
            continue
        words = "".join(texts).split(" ")
        widest = max(widest, cell_len(" ".join(word for word in words if word)))
        longest = max(longest, *(cell_len(word) for word in words))
        texts = []
    return widest, longest


def _share(minimum: list[int], natural: list[int], room: int) -> list[int]:
    """Give each column its minimum, then the rest of *room* in proportion to its wish."""
    spare = room - sum(minimum)
    excess = [n - m for n, m in zip(natural, minimum, strict=True)]
    total = sum(excess) or 1
    widths = [m + e * spare // total for m, e in zip(minimum, excess, strict=True)]
    # Hand the cells lost to rounding to the columns that were cut the most.
    order = sorted(range(len(widths)), key=lambda i: widths[i] - natural[i])
    for i in order[: room - sum(widths)]:
        widths[i] += 1
    return widths


def _fit(natural: list[int], longest: list[int], room: int) -> list[int] | None:
    """Return column widths summing to at most *room*, or ``None`` if the table cannot fit.

    Every column gets room for its words up to ``_WHOLE_WORD`` cells, or the table does not fit;
    then, narrowest first, columns grow to their longest word so that as few words as possible
    are cut; what is left goes in proportion to what each column still lacks.
    """
    if sum(natural) <= room:
        return natural
    widths = [min(word, _WHOLE_WORD) for word in longest]
    spare = room - sum(widths)
    if spare < 0:
        return None
    for i in sorted(range(len(widths)), key=longest.__getitem__):
        grow = min(spare, longest[i] - widths[i])
        widths[i] += grow
        spare -= grow
    return _share(widths, natural, room)


def _pad(line: Line, width: int, align: str, style: str) -> list[Span]:
    gap = width - line_width(line)
    if align == "right":
        left = gap
    elif align == "center":
        left = gap // 2
    else:
        left = 0
    out = [Span(" " * left, style)] if left else []
    out.extend(line)
    if gap - left:
        out.append(Span(" " * (gap - left), style))
    return out


def _border(
    left: str, joint: str, right: str, widths: Sequence[int], base: tuple[str, ...]
) -> Line:
    text = left + joint.join("─" * (w + 2) for w in widths) + right
    return (Span(text, compose_style((*base, _BORDER))),)


def _grid(
    rows: list[list[_Cell]], widths: list[int], base: tuple[str, ...], *, french: bool
) -> list[Line]:
    bar = Span("│", compose_style((*base, _BORDER)))
    lines = [_border("┌", "┬", "┐", widths, base)]
    for r, row in enumerate(rows):
        wrapped = [
            wrap(cell.fragments, w, french=french) or [()]
            for cell, w in zip(row, widths, strict=True)
        ]
        for k in range(max(len(cell_lines) for cell_lines in wrapped)):
            spans: list[Span] = [bar]
            for cell, w, cell_lines in zip(row, widths, wrapped, strict=True):
                text = cell_lines[k] if k < len(cell_lines) else ()
                spans.append(Span(" ", cell.style))
                spans.extend(_pad(text, w, cell.align, cell.style))
                spans.extend((Span(" ", cell.style), bar))
            lines.append(tuple(spans))
        if r == 0 and len(rows) > 1:
            lines.append(_border("├", "┼", "┤", widths, base))
    lines.append(_border("└", "┴", "┘", widths, base))
    return lines


def _stacked(rows: list[list[_Cell]], width: int, *, french: bool) -> list[Line]:
    """Each body row as ``Header: value`` lines (values indented when they wrap), rows apart
    by a blank line."""
    header, body = rows[0], rows[1:] or [[]]
    indent = _HANGING if width >= 4 * _HANGING else 0
    lines: list[Line] = []
    for row in body:
        if lines:
            lines.append(())
        for i, head in enumerate(header):
            fragments: list[Fragment] = [*head.fragments, Span(":", head.style)]
            if i < len(row):
                fragments += [Span(" ", row[i].style), *row[i].fragments]
            first, *more = wrap(fragments, width - indent, french=french) or [()]
            lines.append(first)
            lines.extend(merge_spans((Span(" " * indent, ""), *line)) for line in more)
    return lines


def table_lines(
    node: SyntaxTreeNode, width: int, base: tuple[str, ...], inline: InlineRenderer
) -> list[Line]:
    """Lay out a ``table`` node at *width* cells."""
    rows = _rows(node, base, inline)
    if not rows or not rows[0]:
        return []
    columns = len(rows[0])
    for row in rows:  # markdown-it pads short rows; stay safe if it ever does not
        row[columns:] = []
        filler = compose_style((*base, "table-cell"))
        row.extend(_Cell([], "left", filler) for _ in range(columns - len(row)))
    natural, longest = [1] * columns, [1] * columns
    for row in rows:
        for i, cell in enumerate(row):
            wide, word = _measure(cell.fragments)
            natural[i], longest[i] = max(natural[i], wide), max(longest[i], word)
    widths = _fit(natural, longest, width - 3 * columns - 1)
    if widths is None:
        return _stacked(rows, width, french=inline.french)
    return _grid(rows, widths, base, french=inline.french)
