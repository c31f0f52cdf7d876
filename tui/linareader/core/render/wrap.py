"""Greedy word wrapping of styled text, measured in terminal cells.

Words may change style in the middle (``**gras**,``) and still stay whole; only an ordinary
space is a place to break. The no-break spaces U+00A0 and U+202F are glue, not breaks: French
typography puts them inside « guillemets » and before ``:;!?``, and a line must never begin with
a lone ``»`` or ``:``. Many French texts use a plain space there instead, so with ``french``
(an article whose ``lang`` is ``fr*``) a plain space after ``«`` or before ``»:;!?`` is glue too,
though it still shows as a plain space. There is no hyphenation; a word wider than the line is
cut where the line ends (a French word and its punctuation count as one word then).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from linareader.core.render.cells import cell_len, cells_end, is_narrow
from linareader.core.render.model import Line, Span

__all__ = [
    "BREAK",
    "Fragment",
    "cut_spans",
    "glues_french",
    "line_width",
    "merge_spans",
    "rstrip_line",
    "wrap",
]

#: A hard line break (``\`` or two spaces at the end of a Markdown line).
BREAK = None

#: What :func:`wrap` consumes: styled text, or :data:`BREAK`.
Fragment = Span | None

#: In French, these never start a line: the space before them belongs to them.
_FRENCH_CLOSERS = frozenset("»:;!?")


def glues_french(lang: str) -> bool:
    """Whether text in language *lang* (a BCP 47 tag such as ``fr-CA``) gets French spacing."""
    primary = lang.strip().replace("_", "-").split("-")[0]
    return primary.casefold() == "fr"


def merge_spans(pieces: Iterable[Span]) -> Line:
    """Join neighbouring pieces that share style and link, dropping empty ones."""
    out: list[Span] = []
    texts: list[str] = []  # of the span being gathered, joined once (no quadratic +=)
    style: str | None = None
    link: int | None = None
    for piece in pieces:
        if not piece.text:
            continue
        if texts and piece.style == style and piece.link == link:
            texts.append(piece.text)
            continue
        if texts:
            out.append(Span("".join(texts), style or "", link))
        texts, style, link = [piece.text], piece.style, piece.link
    if texts:
        out.append(Span("".join(texts), style or "", link))
    return tuple(out)


def rstrip_line(pieces: Sequence[Span]) -> Line:
    """Merge *pieces* into a line without trailing whitespace (a no-break space a cut word
    ended with, spaces where code was cut)."""
    spans = list(pieces)
    while spans and not spans[-1].text.rstrip():
        spans.pop()
    if spans and spans[-1].text[-1].isspace():
        last = spans[-1]
        spans[-1] = Span(last.text.rstrip(), last.style, last.link)
    return merge_spans(spans)


def cut_spans(spans: Sequence[Span], first: int, rest: int) -> list[list[Span]]:
    """Cut styled text into rows: the first at most *first* cells wide, the others *rest*.

    For words wider than the line and for code, which is cut, never wrapped. Linear in the
    length of the text, so a megabyte-long line costs no more than a megabyte of short ones.
    """
    rows: list[list[Span]] = [[]]
    room = first
    for span in spans:
        text, start = span.text, 0
        while start < len(text):
            end = cells_end(text, start, room)
            if end > start:
                piece = text[start:end]
                rows[-1].append(Span(piece, span.style, span.link))
                room -= cell_len(piece)
                start = end
            elif not rows[-1]:
                # A character wider than the whole row (a wide glyph at width 1): show a
                # narrow stand-in rather than overflow.
                rows[-1].append(Span("?", span.style, span.link))
                room -= 1
                start += 1
            else:
                rows.append([])
                room = rest
    return rows


class _Wrapper:
    """State of one greedy wrap: the line being filled and the word being gathered."""

    __slots__ = (
        "french",
        "gap",
        "line",
        "line_w",
        "lines",
        "space",
        "width",
        "word",
        "word_w",
    )

    def __init__(self, width: int, *, french: bool = False) -> None:
        self.width = width
        self.french = french
        self.lines: list[Line] = []
        self.line: list[Span] = []
        self.line_w = 0
        self.word: list[Span] = []
        self.word_w = 0
        self.space: Span | None = None  # the space before the word being gathered
        # A space seen after the word being gathered: whether it breaks is decided by what
        # follows it (a French ``»`` or ``:`` makes it glue), possibly in the next fragment.
        self.gap: Span | None = None

    def end_line(self) -> None:
        self.lines.append(rstrip_line(self.line))
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
        rows = cut_spans(word, self.width, self.width)
        for row in rows[:-1]:
            self.line = row
            self.end_line()
        self.line = rows[-1]
        self.line_w = sum(cell_len(s.text) for s in rows[-1])

    def _glued(self, part: str) -> bool:
        """Whether the pending gap before *part* is a French no-break space."""
        return (
            self.french
            and bool(self.word)
            and (part[0] in _FRENCH_CLOSERS or self.word[-1].text.endswith("«"))
        )

    def feed(self, fragment: Span) -> None:
        text, style, link = fragment
        measure = len if is_narrow(text) else cell_len  # one check per fragment, not per word
        for i, part in enumerate(text.split(" ")):
            if i and self.gap is None:
                self.gap = Span(" ", style, link)
            if not part:
                continue
            if self.gap is not None:
                if self._glued(part):
                    self.word.append(self.gap)
                    self.word_w += 1
                else:
                    self.end_word()
                    self.space = self.gap
                self.gap = None
            self.word.append(Span(part, style, link))
            self.word_w += measure(part)

    def hard_break(self) -> None:
        self.end_word()
        self.end_line()
        self.space = self.gap = None


def wrap(fragments: Sequence[Fragment], width: int, *, french: bool = False) -> list[Line]:
    """Lay *fragments* out in lines at most *width* cells wide.

    Runs of spaces collapse into one; a line never starts or ends with a space. A hard break
    always ends the line, even an empty one. With *french* (see :func:`glues_french`), no line
    starts with ``»:;!?`` or ends with ``«`` when a space separates them from their word.
    """
    state = _Wrapper(max(1, width), french=french)
    for fragment in fragments:
        if fragment is BREAK:
            state.hard_break()
        else:
            state.feed(fragment)
    state.end_word()
    if state.line:
        state.end_line()
    return state.lines


def line_width(line: Line) -> int:
    """Return the width of a laid-out line in cells."""
    return sum(cell_len(span.text) for span in line)
