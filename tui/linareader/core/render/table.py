"""GFM tables drawn with box-drawing borders, shrunk to fit the width.

Columns keep their natural width when the table fits. Otherwise every column gives up room in
proportion to how much it has beyond a small minimum, and its cells wrap. When even the minimum
does not fit (many columns on a narrow screen), each row is shown as a block of
``Header: value`` lines instead: still readable, and never wider than the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from linareader.core.render.inline import InlineRenderer, inline_tokens
from linareader.core.render.model import Line, Span, compose_style
from linareader.core.render.wrap import Fragment, line_width, wrap

__all__ = ["table_lines"]

_MIN_COLUMN = 4
_NO_WRAP = 1 << 30
_BORDER = "table-border"


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


def _fit(natural: list[int], room: int) -> list[int] | None:
    """Return column widths summing to at most *room*, or ``None`` if the table cannot fit."""
    if sum(natural) <= room:
        return natural
    minimum = [min(w, _MIN_COLUMN) for w in natural]
    spare = room - sum(minimum)
    if spare < 0:
        return None
    excess = [n - m for n, m in zip(natural, minimum, strict=True)]
    total = sum(excess)
    widths = [m + e * spare // total for m, e in zip(minimum, excess, strict=True)]
    # Hand the cells lost to rounding to the columns that were cut the most.
    order = sorted(range(len(widths)), key=lambda i: widths[i] - natural[i])
    for i in order[: room - sum(widths)]:
        widths[i] += 1
    return widths


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


def _grid(rows: list[list[_Cell]], widths: list[int], base: tuple[str, ...]) -> list[Line]:
    bar = Span("│", compose_style((*base, _BORDER)))
    lines = [_border("┌", "┬", "┐", widths, base)]
    for r, row in enumerate(rows):
        wrapped = [wrap(cell.fragments, w) or [()] for cell, w in zip(row, widths, strict=True)]
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


def _stacked(rows: list[list[_Cell]], width: int, base: tuple[str, ...]) -> list[Line]:
    """Each body row as ``Header: value`` lines, rows apart by a blank line."""
    header, body = rows[0], rows[1:] or [[]]
    lines: list[Line] = []
    for row in body:
        if lines:
            lines.append(())
        for i, head in enumerate(header):
            fragments: list[Fragment] = [*head.fragments, Span(":", head.style)]
            if i < len(row):
                fragments += [Span(" ", row[i].style), *row[i].fragments]
            lines.extend(wrap(fragments, width))
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
    natural = [1] * columns
    for row in rows:
        for i, cell in enumerate(row):
            widest = max((line_width(line) for line in wrap(cell.fragments, _NO_WRAP)), default=0)
            natural[i] = max(natural[i], widest)
    widths = _fit(natural, width - 3 * columns - 1)
    if widths is None:
        return _stacked(rows, width, base)
    return _grid(rows, widths, base)
