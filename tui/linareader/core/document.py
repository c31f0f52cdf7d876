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
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from linareader.core.heading_text import heading_title
from linareader.core.slug import Slugger

__all__ = ["Chunk", "Document", "Heading", "split_document"]

_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_THEMATIC = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$")
_LIST_ITEM = re.compile(r"([ \t]*)([-+*]|\d{1,9}[.)])([ \t]+|$)")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)$")
_REFERENCE = re.compile(
    r" {0,3}\[((?:[^\\\[\]]|\\.){1,999})\]:[ \t]*(<[^<>\n]*>|\S+)"
    r"""(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$"""
)
_DELIMITER_ROW = re.compile(r" {0,3}[-:|][-:| \t]*$")
_ALIGN = re.compile(r":?-+:?$")
# First characters after which a line can be a block other than a paragraph.
_SPECIAL_START = frozenset(" \t#>-*+_=`~|<[0123456789")


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
    """

    index: int
    section: int
    text: str
    first_line: int
    heading: Heading | None


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
                f"There is no section {section}; the document has {self.section_count}."
            )
        first = bisect_left(self.chunks, section, key=lambda chunk: chunk.section)
        last = bisect_right(self.chunks, section, key=lambda chunk: chunk.section)
        return range(first, last)


def _fence(rest: str) -> tuple[str, int, int] | None:
    """The fence a line opens (character, length, 0), given the line without its indent."""
    match = _FENCE.match(rest)
    if match is None or (match.group(1)[0] == "`" and "`" in match.group(2)):
        return None
    return match.group(1)[0], len(match.group(1)), 0


def _cells(row: str) -> int:
    """Number of cells in a table row, as markdown-it counts them (outer pipes optional)."""
    cells = re.split(r"(?<!\\)\|", row.strip())
    return len(cells) - (cells[0] == "") - (len(cells) > 1 and cells[-1] == "")


def _is_table(header: str | None, delimiter: str) -> bool:
    """Whether *header* over *delimiter* starts a GFM table (markdown-it's checks)."""
    if header is None or "|" not in header or not _DELIMITER_ROW.match(delimiter):
        return False
    parts = delimiter.strip().split("|")
    aligns = [p.strip() for k, p in enumerate(parts) if p.strip() or 0 < k < len(parts) - 1]
    return all(_ALIGN.match(a) for a in aligns) and len(aligns) == _cells(header) > 0


def _interrupts(item: re.Match[str], line: str) -> bool:
    """Whether a list item line may interrupt a paragraph (else it is paragraph text).

    CommonMark: only a non-empty item, and only an ordered one that starts at 1.
    """
    marker = item.group(2)
    return bool(line[item.end() :].strip()) and (not marker[0].isdigit() or int(marker[:-1]) == 1)


def _opens_paragraph(text: str) -> bool:
    """Whether the innermost content of a line's quotes and list items is paragraph text.

    Lazy lines (not indented, no ``>``) continue such a paragraph, and with it every container
    around it; they end anything else.
    """
    while True:
        text = text.lstrip(" \t")
        if text.startswith(">"):
            text = text[1:]
        elif (item := _LIST_ITEM.match(text)) is not None and _THEMATIC.match(text) is None:
            text = text[item.end() :]
        else:
            break
    return (
        bool(text)
        and text[0] not in "`~"
        and _ATX.match(text) is None
        and _THEMATIC.match(text) is None
    )


def _indent(line: str) -> int:
    """Columns of leading whitespace, tabs stopping at multiples of 4 as CommonMark says."""
    n = 0
    for ch in line:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 4 - n % 4
        else:
            break
    return n


@dataclass(slots=True)
class _Scan:
    """State of the line scan over the body, outside and inside fenced code."""

    max_lines: int
    slugger: Slugger = field(default_factory=Slugger)
    #: (first line, (level, title, anchor) or ``None`` for a cut inside a section)
    starts: list[tuple[int, tuple[int, str, str] | None]] = field(
        default_factory=lambda: [(0, None)]
    )
    references: dict[str, str] = field(default_factory=dict)
    fence: tuple[str, int, int] | None = None  # fence character, length, container column
    lists: list[int] = field(default_factory=list)  # content columns of the open list items
    lazy: bool = False  # the last line was paragraph text in a list item: lazy lines continue it
    in_paragraph: bool = False  # the last line was paragraph text, anywhere
    in_quote: bool = False  # the last line was a quote line or its lazy continuation
    prev_blank: bool = True
    may_start_paragraph: bool = True
    paragraph: int | None = None  # first line of a plain paragraph that may be a setext heading
    paragraph_lines: list[str] = field(default_factory=list)
    last_text: str | None = None  # the previous line, if it was paragraph text (a table header?)
    table: bool = False  # inside a GFM table, which ends at a blank line or another block

    def scan(self, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            if self.fence is None or not self.in_fence(line):
                self.line(i, line)

    def in_fence(self, line: str) -> bool:
        """Handle a line inside fenced code; ``False`` if the line ended the fence unclosed."""
        assert self.fence is not None
        char, length, column = self.fence
        if column and line.strip() and _indent(line) < column:
            # Text left of the list item's content ends the item, and its fence with it.
            self.fence = None
            return False
        stripped = line.lstrip(" \t")
        if (
            stripped.startswith(char * length)
            and not stripped.rstrip().strip(char)
            and _indent(line) <= column + 3
        ):
            self.fence = None
            self.may_start_paragraph = True
            self.prev_blank = self.lazy = self.in_paragraph = False
            self.last_text = None
        return True

    def line(self, i: int, line: str) -> None:
        if not line or line.isspace():
            self.prev_blank = self.may_start_paragraph = True
            self.paragraph = None
            self.lazy = self.in_paragraph = self.in_quote = self.table = False
            self.last_text = None
            return
        first = line[0]
        indent = _indent(line) if first in " \t" else 0
        if self.prev_blank:
            if indent == 0 and i - self.starts[-1][0] >= self.max_lines:
                self.cut(i, line)
            if self.lists and _LIST_ITEM.match(line) is None:
                self.close_lists(indent)  # a blank line, then text left of an item ends it
        self.prev_blank = False
        if first not in _SPECIAL_START:  # ordinary prose, the hot path
            self.text(i, line, 0)
            return
        in_list = bool(self.lists) and indent >= self.lists[-1]
        column = self.lists[-1] if in_list else 0
        if indent - column > 3:  # indented code, or a paragraph's continuation
            self.text(i, line, indent, code=True)
            return
        rest = line.lstrip(" \t")
        lead = rest[0]
        lazy_position = self.in_quote or (bool(self.lists) and indent < self.lists[-1])
        if (
            lead in "=-"
            and self.in_paragraph
            and not self.table
            and not lazy_position
            and _SETEXT.match(rest)
        ):
            if lead == "-" and _is_table(self.last_text, rest):
                self.block(in_list)
                self.table = True  # "| a |" over "---" starts a one-column table
                return
            if self.paragraph is not None:
                level = 1 if lead == "=" else 2
                self.heading(self.paragraph, level, " ".join(self.paragraph_lines))
            self.block(in_list, paragraph_may_follow=True)  # a setext heading
            return
        thematic = lead in "-*_" and _THEMATIC.match(rest) is not None
        item = _LIST_ITEM.match(line) if lead in "-+*0123456789" and not thematic else None
        # Only some items may end a paragraph; markdown-it applies the rule only when the item
        # is not left of the paragraph's container (a lazy position) nor after a quote.
        if (
            item is not None
            and self.in_paragraph
            and not self.in_quote
            and not (self.lists and indent < self.lists[-1])
            and not _interrupts(item, line)
        ):
            item = None
        fence = _fence(rest) if lead in "`~" else None
        atx = _ATX.match(rest) if lead == "#" else None
        if not (fence or atx or item or thematic or lead == ">"):
            self.text(i, line, indent)
            return
        # A block start left of an item's content ends that item (no lazy continuation).
        self.close_lists(indent)
        in_list = bool(self.lists)
        if fence is not None:
            self.block(in_list)
            self.fence = (fence[0], fence[1], self.lists[-1] if in_list else 0)
        elif atx is not None:
            if not in_list:
                self.heading(i, len(atx.group(1)), rest[atx.end() :])
            self.block(in_list, paragraph_may_follow=True)
        elif item is not None:
            gap = _indent(item.group(3)) if item.group(3) else 1
            self.lists.append(indent + len(item.group(2)) + (gap if gap <= 4 else 1))
            content = line[item.end() :]
            self.block(True)
            self.fence = _fence(content.lstrip(" \t"))
            if self.fence is not None:
                self.fence = (*self.fence[:2], self.lists[-1])
            self.lazy = self.in_paragraph = 1 <= gap <= 4 and _opens_paragraph(content)
        else:  # a quote or a thematic break
            self.block(in_list, paragraph_may_follow=lead != ">")
            self.in_quote = lead == ">"
            self.lazy = self.in_quote and _opens_paragraph(rest)

    def close_lists(self, indent: int) -> None:
        """Close the list items whose content starts right of column *indent*."""
        while self.lists and self.lists[-1] > indent:
            self.lists.pop()

    def block(self, in_list: bool, *, paragraph_may_follow: bool = False) -> None:
        """A line that is not paragraph text: no paragraph continues through it."""
        self.paragraph = None
        self.may_start_paragraph = paragraph_may_follow and not in_list
        self.lazy = self.in_paragraph = self.in_quote = self.table = False
        self.last_text = None

    def text(self, i: int, line: str, indent: int, *, code: bool = False) -> None:
        """A line of paragraph text, or of something the scan need not tell apart from it.

        *code* says the line is indented enough to be indented code, unless it continues a
        paragraph.
        """
        if self.lists and not self.lazy:
            self.close_lists(indent)  # not a lazy line: an item it is left of has ended
            self.may_start_paragraph = self.may_start_paragraph or not self.lists
            self.lazy = bool(self.lists) and not code
        continuing = self.in_paragraph
        self.in_paragraph = continuing or not code
        header, self.last_text = self.last_text, line if self.in_paragraph else None
        if self.table or (header is not None and _is_table(header, line.strip())):
            # A table row (it may interrupt a paragraph): not paragraph text.
            self.table, self.paragraph, self.in_paragraph = True, None, False
            return
        if self.paragraph is not None:
            self.paragraph_lines.append(line.strip())
            return
        if code and not continuing:
            self.may_start_paragraph = True  # indented code: a paragraph may follow it
            return
        if not self.may_start_paragraph or indent > 3 or self.lists:
            self.may_start_paragraph = False
            return
        if line.lstrip().startswith("[") and (ref := _REFERENCE.match(line)) is not None:
            self.references.setdefault(ref.group(1), ref.group(2))
            self.in_paragraph = False
            return  # a definition is not a paragraph, and another block may follow it
        self.paragraph = i
        self.paragraph_lines = [line.strip()]

    def heading(self, at: int, level: int, text: str) -> None:
        title = heading_title(text)
        entry = (level, title, self.slugger.slug(title))
        if self.starts[-1][0] == at:
            self.starts[-1] = (at, entry)  # a size cut or the document start becomes the heading
        else:
            self.starts.append((at, entry))

    def cut(self, i: int, line: str) -> None:
        """Start a new chunk at line *i*, preferably not between two items of a list."""
        is_item = _LIST_ITEM.match(line) is not None and _THEMATIC.match(line) is None
        if not is_item or i - self.starts[-1][0] >= 2 * self.max_lines:
            self.starts.append((i, None))


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
    scan = _Scan(max(1, max_chunk_lines))
    scan.scan(lines)
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
        chunks.append(Chunk(len(chunks), section, "\n".join(lines[begin:end]), begin, heading))
    return Document(chunks, headings, MappingProxyType(scan.references))
