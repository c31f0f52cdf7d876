"""Cut an article into sections and chunks with a cheap line scan, before any parsing.

A 5 MB article must open at once, so nothing parses the whole text up front: one pass over the
lines finds the headings (for the table of contents, bookmarks and ``]``/``[``) and cuts the
body into chunks of about ``max_chunk_lines`` lines that the renderer lays out one at a time,
only when they come into view. The scan follows CommonMark where a mistake would show: headings
inside fenced code or list items are not sections, and a chunk is only cut at a blank line
before a line that starts a new top-level block, so each chunk renders exactly as it would
inside the whole document. Where the rules get subtle (setext headings after a lazy line, say)
the scan errs towards "not a section": the renderer still draws the heading, it only misses
the table of contents.

Two kinds of text are not parsed at all but shown as *plain* chunks, laid out line by line
(:func:`~linareader.core.render.lay_out`): an article over the reader's size limit
(:func:`plain_document`), and any single chunk too big to parse in the blink of an eye (a
megabyte-long line, say: markdown-it needs about 2.5 s a megabyte, on the UI thread, every
time it comes into view). Plain chunks are cut to a bounded size, at a blank line when there
is one, so no piece of text ever costs more than a few milliseconds to lay out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from linareader.core.i18n import _
from linareader.core.linescan import scan_lines

__all__ = [
    "MAX_MARKDOWN_CHUNK",
    "Chunk",
    "Document",
    "Heading",
    "plain_document",
    "split_document",
    "split_start",
]

#: A chunk longer than this (in characters) is shown as plain text rather than parsed: about
#: 0.5 s of markdown-it on 2 cores, the most one chunk may cost when it comes into view.
MAX_MARKDOWN_CHUNK = 256 * 1024
#: Plain chunks aim at this many characters, cut at a paragraph break when one comes by...
_PLAIN_TARGET = 8 * 1024
#: ...and never exceed this many (cut at a line break, a space, or anywhere).
_PLAIN_LIMIT = 32 * 1024


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading: what the table of contents, bookmarks and ``]``/``[`` need.

    Attributes:
        level: 1 to 6.
        title: the heading's text without Markdown markup.
        anchor: its GitHub-style anchor, unique in the document.
        chunk: index of the chunk the heading opens.
    """

    level: int
    title: str
    anchor: str
    chunk: int


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of the body that renders on its own.

    Attributes:
        index: position in :attr:`Document.chunks`.
        section: index of the section the chunk belongs to; section 0 is the text before the
            first heading when there is some (it has no :class:`Heading`), else the first
            heading's section.
        text: the chunk's Markdown source lines, joined by ``\\n``.
        first_line: 0-based index in the body of the chunk's first line.
        heading: the heading this chunk opens; set on a section's first chunk only.
        plain: shown as plain text, not parsed as Markdown (see the module docstring).
    """

    index: int
    section: int
    text: str
    first_line: int
    heading: Heading | None
    plain: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """An article body cut into chunks, with its headings and link reference definitions.

    Attributes:
        chunks: in order; every non-blank line of the body is in exactly one.
        headings: in order, one per section that has a heading.
        references: ``label -> destination`` of every ``[label]: destination`` line outside
            code, the first one winning, for :func:`~linareader.core.render.render_chunk`:
            a chunk can use a definition that lives in another chunk.
    """

    chunks: list[Chunk]
    headings: list[Heading]
    references: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def section_count(self) -> int:
        """Number of sections (including the text before the first heading, if any)."""
        return self.chunks[-1].section + 1 if self.chunks else 0

    def section_of_anchor(self, anchor: str) -> int | None:
        """Return the section a heading anchor names, or ``None`` if no heading has it.

        The empty anchor names the text before the first heading, when there is such text:
        a reading position there is saved as ``""`` plus a block index.
        """
        if not anchor:
            return 0 if self.chunks and self.chunks[0].heading is None else None
        for heading in self.headings:
            if heading.anchor == anchor:
                return self.chunks[heading.chunk].section
        return None

    def chunks_of_section(self, section: int) -> range:
        """Return the indexes of the chunks of *section*.

        Raises:
            IndexError: if there is no such section.
        """
        if not 0 <= section < self.section_count:
            raise IndexError(
                _("There is no section {section}; the document has {section_count}.").format(
                    section=section, section_count=self.section_count
                )
            )
        first = bisect_left(self.chunks, section, key=lambda chunk: chunk.section)
        last = bisect_right(self.chunks, section, key=lambda chunk: chunk.section)
        return range(first, last)


def split_document(source: str, max_chunk_lines: int = 80) -> Document:
    """Cut an article body into sections and chunks with one cheap pass over its lines.

    Args:
        source: the article body: front matter removed, already sanitised.
        max_chunk_lines: a section longer than this is cut into several chunks, at blank lines
            before a new top-level block, so that even an article without headings renders
            lazily. A chunk can be longer when no such place comes (a long table or code block).

    Returns:
        The chunks and headings. Text before the first heading is section 0 when it has a
        non-blank line; a body of blank lines has no chunk at all.
    """
    lines = source.split("\n")
    scan = scan_lines(lines, max_chunk_lines)
    starts = scan.starts
    if starts[0][1] is None:  # text before the first heading: keep it only if it shows
        end = starts[1][0] if len(starts) > 1 else len(lines)
        blank_head = all(not line.strip() for line in lines[:end])
        if blank_head:
            starts = starts[1:]
    chunks: list[Chunk] = []
    headings: list[Heading] = []
    section = -1
    for k, (begin, entry) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        heading = None
        if entry is not None or k == 0:
            section += 1
        if entry is not None:
            heading = Heading(entry[0], entry[1], entry[2], len(chunks))
            headings.append(heading)
        text = "\n".join(lines[begin:end])
        if len(text) <= MAX_MARKDOWN_CHUNK:
            chunks.append(Chunk(len(chunks), section, text, begin, heading))
            continue
        head, _, rest = text.partition("\n\n")
        if heading is not None and len(head) <= _PLAIN_TARGET:  # the heading still renders
            chunks.append(Chunk(len(chunks), section, head, begin, heading))
            begin, text, heading = begin + head.count("\n") + 2, rest, None
        for i, (piece, line) in enumerate(_plain_pieces(text)):
            first = heading if i == 0 else None
            chunks.append(Chunk(len(chunks), section, piece, begin + line, first, plain=True))
    return Document(chunks, headings, MappingProxyType(scan.references))


def _plain_pieces(text: str) -> Iterator[tuple[str, int]]:
    """Cut *text* into pieces of at most ``_PLAIN_LIMIT`` characters, with their first line.

    A piece ends at a blank line after ``_PLAIN_TARGET`` characters when there is one (the blank
    line between two chunks then stands for it, exactly), else at the last line break, space or
    character that fits. Linear in the length of the text: every search is bounded.
    """
    start, line, size = 0, 0, len(text)
    while start < size:
        if size - start <= _PLAIN_LIMIT:
            end = resume = size
        else:
            end = text.find("\n\n", start + _PLAIN_TARGET, start + _PLAIN_LIMIT)
            resume = end + 2
            if end == -1:
                end = text.rfind("\n", start + 1, start + _PLAIN_LIMIT)
                if end == -1:
                    end = text.rfind(" ", start + 1, start + _PLAIN_LIMIT)
                resume = end + 1
                if end == -1:
                    end = resume = start + _PLAIN_LIMIT
        piece = text[start:end]
        if piece.strip():
            yield piece, line
        line += text.count("\n", start, resume)
        start = resume


def plain_document(source: str) -> Document:
    """Cut *source* (a whole file, sanitised) into plain chunks: one section, no headings.

    For an article over the reader's size limit: no Markdown is parsed, so even a 40 MB file
    opens in a second or two and pages as fast as a small one.
    """
    chunks = [
        Chunk(k, 0, piece, line, None, plain=True)
        for k, (piece, line) in enumerate(_plain_pieces(source))
    ]
    return Document(chunks, [])


def split_start(source: str, max_lines: int = 2000, max_chunk_lines: int = 80) -> Document | None:
    """The first chunks of a long body, cut exactly as :func:`split_document` cuts them.

    The reader shows these at once and swaps in the whole document when its scan ends, so the
    first screen of a 5 MB article costs no more than that of a short one. The scan decides
    each line from the lines before it and the next one, so every chunk but the last of the
    first *max_lines* lines is the same in the whole document; the last one may be cut short
    and is dropped. Only the reference definitions of those lines are known: a link to a
    later one shows as text until the swap.

    Returns:
        ``None`` when the body has at most *max_lines* lines (split it whole, it is cheap) or
        when its first lines hold no complete chunk.
    """
    lines = source.split("\n", max_lines)
    if len(lines) <= max_lines:
        return None
    head = split_document("\n".join(lines[:max_lines]), max_chunk_lines)
    if len(head.chunks) < 2:
        return None
    chunks = head.chunks[:-1]
    headings = [heading for heading in head.headings if heading.chunk < len(chunks)]
    return Document(chunks, headings, head.references)
