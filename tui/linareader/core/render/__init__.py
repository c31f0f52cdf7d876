"""UI-free Markdown layout: one chunk of an article to styled lines at a given width.

``linareader cat`` turns the lines into plain or SGR-styled text; the reader turns them into
Textual strips with theme colours, a chunk at a time and only for what is in view, which is
why a chunk is the unit (see :mod:`linareader.core.document`). The style vocabulary is
:data:`STYLES`.

Usage::

    doc = split_document(body)
    chunk = doc.chunks[0]
    rendered = render_chunk(chunk.text, 88, chunk_heading=chunk.heading,
                            references=doc.references)
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from linareader.core.document import Chunk, Heading
from linareader.core.i18n import _
from linareader.core.render.cells import cell_len
from linareader.core.render.inline import InlineRenderer, LinkMarker
from linareader.core.render.layout import BlockLayout
from linareader.core.render.model import (
    STYLES,
    SYNTAX_STYLES,
    Line,
    Link,
    RenderedChunk,
    Span,
)
from linareader.core.render.plain import render_plain
from linareader.core.render.wrap import glues_french
from linareader.core.sanitize import clean_text

__all__ = [
    "STYLES",
    "SYNTAX_STYLES",
    "Line",
    "Link",
    "LinkMarker",
    "RenderedChunk",
    "Span",
    "cell_len",
    "lay_out",
    "render_chunk",
]


@cache
def _parser() -> MarkdownIt:
    """The one parser: CommonMark plus GFM tables and strikethrough, raw HTML not recognised.

    With ``html`` off, tags are ordinary text: shown literally, never interpreted.
    """
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


_converted: list[tuple[Mapping[str, str], dict[str, dict[str, str]]]] = []


def _env_references(references: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Turn ``label -> destination`` into markdown-it's ``env["references"]`` form.

    Every chunk of a document passes the same mapping, so the last conversion is kept; the
    mapping is read as a snapshot (:attr:`Document.references` is read-only).
    """
    last = _converted[0] if _converted else None  # one read: safe if workers race
    if last is not None and last[0] is references:
        return last[1]
    md = _parser()
    out: dict[str, dict[str, str]] = {}
    for label, destination in references.items():
        dest = (
            destination[1:-1]
            if destination.startswith("<") and destination.endswith(">")
            else destination
        )
        href = md.normalizeLink(unescapeAll(dest))
        key = normalizeReference(label)
        if key and key not in out and md.validateLink(href):
            out[key] = {"href": href, "title": ""}
    _converted[:] = [(references, out)]
    return out


def _clean_tokens(tokens: list[Token]) -> list[Token]:
    """Sanitise what markdown-it decoded: ``&#x202e;`` or ``&#27;`` become characters only now.

    The source was cleaned before parsing, but entities and escapes are decoded by the parser,
    so an entity could bring back a bidi override or a control character.
    """
    for token in tokens:
        if token.content and not token.content.isprintable():
            token.content = clean_text(token.content)
        if token.children:
            _clean_tokens(token.children)
    return tokens


def render_chunk(
    text: str,
    width: int,
    *,
    chunk_heading: Heading | None = None,
    references: Mapping[str, str] | None = None,
    link_marker: LinkMarker | None = None,
    lang: str = "",
    defer_highlight: bool = False,
) -> RenderedChunk:
    """Parse one chunk of Markdown and lay it out at *width* terminal cells.

    Args:
        text: the chunk's Markdown source (already sanitised).
        width: cells per line; no line of the result is wider. At least 1.
        chunk_heading: the heading the chunk opens (:attr:`Chunk.heading`), if any; sets
            :attr:`RenderedChunk.heading_line`.
        references: link reference definitions of the whole document
            (:attr:`Document.references`), so that ``[text][label]`` resolves even when the
            definition sits in another chunk.
        link_marker: called with each link to get a mark shown right after its text (``cat``
            numbers links ``[1]``, ``[2]``... and lists them at the end); ``None`` for none.
        lang: the article's language (front matter ``lang``): French keeps ``«`` and
            ``»:;!?`` with their word even across a plain space.
        defer_highlight: draw code plain when its lexer is not made yet, instead of making it
            (see :mod:`linareader.core.render.code`); the languages are listed in
            :attr:`RenderedChunk.unhighlighted`.

    Returns:
        The lines, the first line of each top-level block, the links and the heading line.
    """
    if width < 1:
        raise ValueError(
            _("Cannot lay text out in {width} cells; the width must be at least 1.").format(
                width=width
            )
        )
    env: dict[str, Any] = {}
    if references:
        env["references"] = dict(_env_references(references))
    root = SyntaxTreeNode(_clean_tokens(_parser().parse(text, env)))
    inline = InlineRenderer(link_marker, french=glues_french(lang))
    layout = BlockLayout(inline, defer_highlight=defer_highlight)
    lines: list[Line] = []
    block_starts: list[int] = []
    heading_line: int | None = None
    for k, node in enumerate(root.children):
        block = layout.block(node, width)
        if block:
            if lines:
                lines.append(())
            # Blocks that drew nothing (so far) start where this one does.
            block_starts.extend([len(lines)] * (k + 1 - len(block_starts)))
            if k == 0 and node.type == "heading" and chunk_heading is not None:
                heading_line = len(lines)
            lines.extend(block)
    block_starts.extend([max(0, len(lines) - 1)] * (len(root.children) - len(block_starts)))
    if chunk_heading is not None and heading_line is None and lines:
        heading_line = 0  # the line scan saw a heading markdown-it reads otherwise
    unhighlighted = tuple(layout.unhighlighted)
    return RenderedChunk(lines, block_starts, inline.links, heading_line, unhighlighted)


def lay_out(
    chunk: Chunk,
    width: int,
    *,
    references: Mapping[str, str] | None = None,
    link_marker: LinkMarker | None = None,
    lang: str = "",
    defer_highlight: bool = False,
) -> RenderedChunk:
    """Lay out one chunk of a document: parsed as Markdown, or as plain text when it is plain.

    The arguments are those of :func:`render_chunk`; the reader and ``cat`` both come here, so
    they show every chunk alike.
    """
    if chunk.plain:
        return render_plain(chunk.text, width, french=glues_french(lang))
    return render_chunk(
        chunk.text,
        width,
        chunk_heading=chunk.heading,
        references=references,
        link_marker=link_marker,
        lang=lang,
        defer_highlight=defer_highlight,
    )
