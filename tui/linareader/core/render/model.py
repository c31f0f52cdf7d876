"""What the renderer produces: styled spans in lines, plus the links they point to.

The layout is UI-free: a span names its look with words from :data:`STYLES` and the front end
decides what they mean (theme colours in the reader, SGR codes for ``cat``, nothing for
``cat --plain``). Keeping the vocabulary closed and in one place lets every front end check
that it styles every name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["STYLES", "SYNTAX_STYLES", "Line", "Link", "RenderedChunk", "Span", "compose_style"]

#: Names a token of highlighted code can carry, after ``code-block`` (one group per token).
SYNTAX_STYLES = frozenset(
    {
        "syntax-comment",
        "syntax-keyword",
        "syntax-string",
        "syntax-number",
        "syntax-operator",
        "syntax-punctuation",
        "syntax-name-function",
        "syntax-name-class",
        "syntax-name-builtin",
        "syntax-name-decorator",
        "syntax-name-tag",
        "syntax-name-attribute",
        "syntax-inserted",
        "syntax-deleted",
        "syntax-heading",
    }
)

#: Every name a :class:`Span` style may contain. A style is ``""`` (body text) or several of
#: these joined by single spaces, sorted alphabetically, so equal looks have equal strings.
#:
#: * ``heading-1`` .. ``heading-6``: heading text; ``heading-mark``: the ``═``/``─`` underline
#:   of levels 1-2 and the ``###`` prefix of levels 3-6 (always with its ``heading-N``).
#: * ``strong``, ``emphasis``, ``strike``, ``code`` (inline code), ``link`` (text of a link),
#:   ``link-mark`` (the ``[n]`` reference number ``cat`` adds after a link), ``image`` (the
#:   ``[image: alt]`` placeholder).
#: * ``quote`` (text inside a block quote), ``quote-mark`` (the ``▌`` bar, one per level).
#: * ``bullet`` (``•``, ``◦``, ``▪`` by depth), ``list-number`` (``1.``), ``task-done`` /
#:   ``task-todo`` (the ``☑`` / ``☐`` boxes of task lists).
#: * ``code-block`` (every span of a fenced or indented code block, with one of
#:   :data:`SYNTAX_STYLES` when the language is known), ``wrap-mark`` (the ``↪`` opening a code
#:   line cut at the width).
#: * ``table-border``, ``table-header``, ``table-cell``; ``rule`` (thematic break).
STYLES = frozenset(
    {
        *(f"heading-{level}" for level in range(1, 7)),
        "heading-mark",
        "strong",
        "emphasis",
        "strike",
        "code",
        "link",
        "link-mark",
        "image",
        "quote",
        "quote-mark",
        "bullet",
        "list-number",
        "task-done",
        "task-todo",
        "code-block",
        "wrap-mark",
        "table-border",
        "table-header",
        "table-cell",
        "rule",
        *SYNTAX_STYLES,
    }
)


class Span(NamedTuple):
    """A run of text drawn in one style; *link* indexes :attr:`RenderedChunk.links`.

    A named tuple rather than a dataclass: a chunk holds hundreds of spans and tuples are the
    cheapest immutable records to build.
    """

    text: str
    style: str
    link: int | None = None


#: One screen line: never wider than the width it was laid out for, no trailing spaces.
Line = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A link (or an image's source) in a chunk, numbered in order of appearance from 0."""

    index: int
    target: str
    text: str


@dataclass(frozen=True, slots=True)
class RenderedChunk:
    """One chunk laid out at one width.

    Attributes:
        lines: the screen lines; the chunk never begins or ends with a blank line, so the
            caller decides the spacing between chunks (``cat`` and the reader put exactly one
            blank line between two chunks).
        block_starts: for each top-level block of the chunk, the index of its first line. A
            reading position saved as "section anchor + block index" survives a resize, while a
            line number would not. Always a valid index into *lines* (0 when there are none): a
            block that draws nothing starts where the next one does, or on the last line.
        links: the chunk's links, indexed by :attr:`Span.link`.
        heading_line: the line of the section heading this chunk opens (when rendered with
            ``chunk_heading``), for ``]``/``[`` navigation and bookmark marks; else ``None``.
        unhighlighted: languages of code blocks drawn plain because their lexer was not made
            yet (with ``defer_highlight`` only); laid out again once it is, the lines are the
            same, coloured.
    """

    lines: list[Line]
    block_starts: list[int]
    links: list[Link]
    heading_line: int | None
    unhighlighted: tuple[str, ...] = ()


_composed: dict[tuple[str, ...], str] = {}


def compose_style(names: tuple[str, ...]) -> str:
    """Return the canonical style string of *names* (deduplicated, sorted, space-joined)."""
    style = _composed.get(names)
    if style is None:
        style = _composed[names] = " ".join(sorted(set(names)))
    return style
