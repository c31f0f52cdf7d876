"""Block layout of one chunk: headings, paragraphs, lists, quotes, code, tables, rules.

Each block is laid out at the width its container leaves it, then the container prefixes its
lines (a quote bar, a list marker and a hanging indent). Blocks are one blank line apart, except
inside tight lists. A container that would leave its content fewer than ``_MIN_TEXT`` cells
stops indenting, so that deep nesting on a narrow screen still shows readable text instead of
a column of markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.tree import SyntaxTreeNode

from linareader.core.render.code import code_lines, lexer_loaded
from linareader.core.render.inline import InlineRenderer, inline_tokens
from linareader.core.render.model import Line, Span, compose_style
from linareader.core.render.table import table_lines
from linareader.core.render.wrap import line_width, merge_spans, wrap

__all__ = ["BlockLayout"]

_MIN_TEXT = 8
_BULLETS = ("•", "◦", "▪")
_UNDERLINES = {1: "═", 2: "─"}
_TASK = re.compile(r"\[([ xX])\] +(?=\S)")


def _rstrip(prefix: Sequence[Span]) -> Line:
    """A prefix as shown on an otherwise blank line: without its trailing spaces."""
    spans = list(prefix)
    while spans and not spans[-1].text.rstrip():
        spans.pop()
    if spans:
        last = spans[-1]
        spans[-1] = Span(last.text.rstrip(), last.style, last.link)
    return tuple(spans)


def _prefixed(lines: list[Line], first: Sequence[Span], rest: Sequence[Span]) -> list[Line]:
    """Put *first* before the first line and *rest* before the others."""
    blank_first, blank_rest = _rstrip(first), _rstrip(rest)
    out: list[Line] = []
    for i, line in enumerate(lines):
        prefix = first if i == 0 else rest
        if line:
            out.append(merge_spans((*prefix, *line)))
        else:
            out.append(blank_first if i == 0 else blank_rest)
    return out


def _task(item: SyntaxTreeNode) -> tuple[bool | None, int]:
    """Whether a list item is a done/open task (``None``: not a task), and its marker length."""
    if not item.children or item.children[0].type != "paragraph":
        return None, 0
    tokens = inline_tokens(item.children[0])
    if not tokens or tokens[0].type != "text":
        return None, 0
    match = _TASK.match(tokens[0].content)
    if match is None:
        return None, 0
    return match.group(1) != " ", match.end()


class BlockLayout:
    """Lays out the block nodes of one chunk; shares one :class:`InlineRenderer` for links."""

    def __init__(self, inline: InlineRenderer, *, defer_highlight: bool = False) -> None:
        self.inline = inline
        self.defer_highlight = defer_highlight
        self.unhighlighted: list[str] = []
        """Languages of the code blocks drawn plain because their lexer was not made yet."""

    def blocks(
        self,
        nodes: Sequence[SyntaxTreeNode],
        width: int,
        base: tuple[str, ...] = (),
        depth: int = 0,
        *,
        tight: bool = False,
        skip: int = 0,
    ) -> list[Line]:
        """Lay out sibling blocks, a blank line apart unless *tight*.

        *skip* drops characters from the first block's text (a task item's ``[x]``).
        """
        lines: list[Line] = []
        for i, node in enumerate(nodes):
            block = self.block(node, width, base, depth, skip=skip if i == 0 else 0)
            if not block:
                continue
            if lines and not tight:
                lines.append(())
            lines.extend(block)
        return lines

    def block(
        self,
        node: SyntaxTreeNode,
        width: int,
        base: tuple[str, ...] = (),
        depth: int = 0,
        *,
        skip: int = 0,
    ) -> list[Line]:
        """Lay out one block node at *width* cells."""
        kind = node.type
        if kind == "paragraph":
            return wrap(
                self.inline.fragments(inline_tokens(node), base, skip=skip),
                width,
                french=self.inline.french,
            )
        if kind == "heading":
            return self._heading(node, width, base)
        if kind == "blockquote":
            return self._quote(node, width, base, depth)
        if kind in ("bullet_list", "ordered_list"):
            return self._list(node, width, base, depth)
        if kind in ("fence", "code_block"):
            language = node.info.split(maxsplit=1)[0] if node.info.strip() else ""
            highlight = not self.defer_highlight or lexer_loaded(language)
            if not highlight and language not in self.unhighlighted:
                self.unhighlighted.append(language)
            return code_lines(node.content, language, width, highlight=highlight)
        if kind == "hr":
            return [(Span("─" * width, compose_style((*base, "rule"))),)]
        if kind == "table":
            return table_lines(node, width, base, self.inline)
        if node.children:
            return self.blocks(node.children, width, base, depth)
        # Anything else (raw HTML, should a future parser option produce it) is literal text.
        return [
            line
            for text in node.content.splitlines()
            for line in wrap([Span(text, compose_style(base))], width, french=self.inline.french)
        ]

    def _heading(self, node: SyntaxTreeNode, width: int, base: tuple[str, ...]) -> list[Line]:
        level = int(node.tag[1:])
        names = (*base, f"heading-{level}")
        mark_style = compose_style((*names, "heading-mark"))
        fragments = self.inline.fragments(inline_tokens(node), names)
        if level in _UNDERLINES:
            lines = wrap(fragments, width, french=self.inline.french)
            underline = max((line_width(line) for line in lines), default=0) or min(3, width)
            return [*lines, (Span(_UNDERLINES[level] * underline, mark_style),)]
        mark = "#" * level + " "
        if width - len(mark) < _MIN_TEXT:
            return wrap(fragments, width, french=self.inline.french)
        lines = wrap(fragments, width - len(mark), french=self.inline.french) or [()]
        return _prefixed(lines, [Span(mark, mark_style)], [Span(" " * len(mark), mark_style)])

    def _quote(
        self, node: SyntaxTreeNode, width: int, base: tuple[str, ...], depth: int
    ) -> list[Line]:
        names = (*base, "quote")
        if width - 2 < _MIN_TEXT:
            return self.blocks(node.children, width, names, depth)
        lines = self.blocks(node.children, width - 2, names, depth)
        bar = [Span("▌ ", "quote-mark")]
        return _prefixed(lines, bar, bar)

    def _list(
        self, node: SyntaxTreeNode, width: int, base: tuple[str, ...], depth: int
    ) -> list[Line]:
        items = node.children
        tight = not any(
            child.type == "paragraph" and not child.hidden
            for item in items
            for child in item.children
        )
        ordered = node.type == "ordered_list"
        start = int(str(node.attrs.get("start", 1)))
        number_width = len(str(start + len(items) - 1))
        lines: list[Line] = []
        for i, item in enumerate(items):
            done, skip = _task(item)
            marker: list[Span] = []
            if ordered:
                number = f"{start + i:>{number_width}}{node.markup} "
                marker.append(Span(number, compose_style((*base, "list-number"))))
            if done is not None:
                box, box_style = ("☑ ", "task-done") if done else ("☐ ", "task-todo")
                marker.append(Span(box, compose_style((*base, box_style))))
            elif not ordered:
                bullet = _BULLETS[depth % len(_BULLETS)] + " "
                marker.append(Span(bullet, compose_style((*base, "bullet"))))
            marker_width = line_width(tuple(marker))
            if lines and not tight:
                lines.append(())
            room = width - marker_width
            if room < _MIN_TEXT:
                lines.extend(wrap(list(_rstrip(marker)), width))
                lines.extend(
                    self.blocks(item.children, width, base, depth + 1, tight=tight, skip=skip)
                )
                continue
            body = self.blocks(item.children, room, base, depth + 1, tight=tight, skip=skip)
            indent = [Span(" " * marker_width, compose_style(base))]
            lines.extend(_prefixed(body or [()], marker, indent))
        return lines
