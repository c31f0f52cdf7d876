"""The line scan behind :func:`~linareader.core.document.split_document`.

It reads the body once, line by line, and keeps just enough CommonMark state (open fence, list
item columns, paragraph, table, quote) to tell where top-level headings are and where a chunk may
be cut, as markdown-it would parse the whole text. It never parses inline content. The rules it
follows are markdown-it's, including its quirks (which list items may interrupt a paragraph),
and a differential test checks it against markdown-it on random documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linareader.core.heading_text import heading_title
from linareader.core.slug import Slugger

__all__ = ["Scan", "scan_lines"]

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
class Scan:
    """State of the line scan over the body, outside and inside fenced code.

    After :meth:`scan`, :attr:`starts` holds where each chunk begins, with the heading it opens,
    and :attr:`references` the link reference definitions.
    """

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


def scan_lines(lines: list[str], max_chunk_lines: int) -> Scan:
    """Scan the body's lines; see :class:`Scan` for what the result holds."""
    scan = Scan(max(1, max_chunk_lines))
    scan.scan(lines)
    return scan
