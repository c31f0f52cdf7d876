"""Greedy word wrapping of styled text, measured in terminal cells.

Words may change style in the middle (``**gras**,``) and still stay whole; only an ordinary
space is a place to break. The no-break spaces U+00A0 and U+202F are glue, not breaks: French
typography puts them inside « guillemets » and before ``:;!?``, and a line must never begin with
a lone ``»`` or ``:``. There is no hyphenation; a word wider than the line is cut where the
line ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linareader.core.render.cells import cell_len, split_at_cells
from linareader.core.render.model import Line, Span

__all__ = ["BREAK", "Fragment", "line_width", "merge_spans", "wrap"]

#: A hard line break (``\`` or two spaces at the end of a Markdown line).
BREAK = None

#: What :func:`wrap` consumes: styled text, or :data:`BREAK`.
Fragment = Span | None


def merge_spans(pieces: Iterable[Span]) -> Line:
    """Join neighbouring pieces that share style and link, dropping empty ones."""
    out: list[Span] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and out[-1].style == piece.style and out[-1].link == piece.link:
            out[-1] = Span(out[-1].text + piece.text, piece.style, piece.link)
        else:
            out.append(piece)
    return tuple(out)


def _cut_word(word: list[Span], width: int) -> list[list[Span]]:
    """Cut a word wider than *width* into pieces that fit, the last one possibly shorter."""
    rows: list[list[Span]] = [[]]
    room = width
    for span in word:
        text = span.text
        while text:
            head, text = split_at_cells(text, room)
            if not head and not rows[-1]:
                # A character wider than the whole line (a wide glyph at width 1): show a
                # narrow stand-in rather than overflow.
                head, text = "?", text[1:]
            if head:
                rows[-1].append(Span(head, span.style, span.link))
                room -= cell_len(head)
            if text:
                rows.append([])
                room = width
    return rows


class _Wrapper:
    """State of one greedy wrap: the line being filled and the word being gathered."""

    __slots__ = ("line", "line_w", "lines", "space", "width", "word", "word_w")

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[Line] = []
        self.line: list[Span] = []
        self.line_w = 0
        self.word: list[Span] = []
        self.word_w = 0
        self.space: Span | None = None  # the space before the word being gathered

    def end_line(self) -> None:
        self.lines.append(merge_spans(self.line))
        self.line = []
        self.line_w = 0

    def end_word(self) -> None:
        if not self.word:
            return
        word, word_w, space = self.word, self.word_w, self.space
        self.word, self.word_w, self.space = [], 0, None
        if self.line and self.line_w + 1 + word_w <= self.width:
            if space is not None:
                self.line.append(space)
                self.line_w += 1
            self.line.extend(word)
            self.line_w += word_w
            return
        if self.line:
            self.end_line()
        if word_w <= self.width:
            self.line, self.line_w = list(word), word_w
            return
        rows = _cut_word(word, self.width)
        for row in rows[:-1]:
            self.line = row
            self.end_line()
        self.line = rows[-1]
        self.line_w = sum(cell_len(s.text) for s in rows[-1])

    def feed(self, fragment: Span) -> None:
        text, style, link = fragment
        parts = text.split(" ")
        for i, part in enumerate(parts):
            if i:
                self.end_word()
                if self.space is None:
                    self.space = Span(" ", style, link)
            if part:
                self.word.append(Span(part, style, link))
                self.word_w += cell_len(part)


def wrap(fragments: Sequence[Fragment], width: int) -> list[Line]:
    """Lay *fragments* out in lines at most *width* cells wide.

    Runs of spaces collapse into one; a line never starts or ends with a space. A hard break
    always ends the line, even an empty one.
    """
    state = _Wrapper(max(1, width))
    for fragment in fragments:
        if fragment is BREAK:
            state.end_word()
            state.end_line()
            state.space = None
        else:
            state.feed(fragment)
    state.end_word()
    if state.line:
        state.end_line()
    return state.lines


def line_width(line: Line) -> int:
    """Return the width of a laid-out line in cells."""
    return sum(cell_len(span.text) for span in line)
