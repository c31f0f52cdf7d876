"""The text side of library search: user queries to FTS5, snippets, and where a match is.

Users type anything into a search box: quotes, ``-``, ``*``, ``:``, parentheses, ``NEAR``,
``AND``. FTS5 would read those as its query language and raise on half of them, so no user
character ever reaches it as syntax: each word (or ``"quoted phrase"``) becomes an FTS5 string,
quoted and with ``"`` doubled, and the words are ANDed. The last word also matches as a prefix
(``soci`` finds "société") when it has at least three characters, for search as you type.

Case and accents are folded by the index's ``unicode61 remove_diacritics 2`` tokenizer, for the
query and the text alike, so "societe" finds "Société". The reader lands on a match with
:func:`linareader.core.textsearch.find_all`, which folds the same way; :func:`locate` finds the
first occurrence of a query's terms in an article body with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from linareader.core.sanitize import clean_line
from linareader.core.textsearch import fold, fold_map

__all__ = ["HIGHLIGHT_END", "HIGHLIGHT_START", "Location", "Query", "locate", "parse_query"]

#: Markers FTS5's ``snippet()`` puts around matches; bodies are sanitised, so they never occur.
HIGHLIGHT_START = "\x01"
HIGHLIGHT_END = "\x02"
_MIN_PREFIX = 3
_WORDS = re.compile(r'"([^"]*)"?|(\S+)')
_TOKEN = re.compile(r"[^\W_]+")  # what unicode61 keeps: letters and digits
_SNIPPET_PIECE = re.compile(r"\x01|\x02|\s+|[^\x01\x02\s]+")
_MARKUP = re.compile(r"[*`]+|(?<![^\s])#{1,6}(?=\s|$)")
_WINDOW = 65536


@dataclass(frozen=True, slots=True)
class Query:
    """A user's query made safe for FTS5.

    Attributes:
        expression: the FTS5 ``MATCH`` expression (only quoted strings, ``*`` and spaces).
        terms: the words and phrases as the user typed them, for the reader's find.
    """

    expression: str
    terms: tuple[str, ...]


def parse_query(text: str) -> Query | None:
    """Return *text* as an FTS5 query of ANDed words and phrases, or None if it has no word.

    >>> parse_query('société "logiciel libre" -x').expression
    '"société" "logiciel libre" "x"'
    """
    finished = text[-1:].isspace() or text.rstrip().endswith('"')
    text = clean_line(text)  # a NUL would end FTS5's string early: "unterminated string"
    terms: list[str] = []
    for match in _WORDS.finditer(text):
        phrase, word = match.groups()
        term = " ".join((phrase if phrase is not None else word).split())
        if _TOKEN.search(term) and term not in terms:
            terms.append(term)
    if not terms:
        return None
    parts = ['"' + term.replace('"', '""') + '"' for term in terms]
    if not finished and len(_TOKEN.findall(terms[-1])[-1]) >= _MIN_PREFIX:
        parts[-1] += "*"
    return Query(" ".join(parts), tuple(terms))


def _clean_piece(piece: str) -> str:
    # bodies are already sanitised; snippets also drop Markdown markers and invisible characters
    piece = _MARKUP.sub("", piece)
    if not piece.isprintable():
        piece = "".join(ch for ch in piece if ch.isprintable() and unicodedata.category(ch) != "Cf")
    return piece


def parse_snippet(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Return FTS5 snippet *raw* as one plain line and the ``(start, end)`` of its matches.

    The UI styles the ranges itself, so no markup (which titles and bodies could forge) is
    ever produced; whitespace, line breaks included, collapses to single spaces.
    """
    out: list[str] = []
    length = 0
    spans: list[tuple[int, int]] = []
    start: int | None = None
    space = False
    for piece in _SNIPPET_PIECE.findall(raw):
        if piece == HIGHLIGHT_START:
            start = length + (1 if space and out else 0)
        elif piece == HIGHLIGHT_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        elif piece.isspace():
            space = True
        else:
            piece = _clean_piece(piece)
            if not piece:
                continue
            if space and out:
                out.append(" ")
                length += 1
            space = False
            out.append(piece)
            length += len(piece)
    return "".join(out), tuple(spans)


@dataclass(frozen=True, slots=True)
class Location:
    """The first occurrence of a query's terms in an article body.

    Attributes:
        start: offset of the match in the body (characters).
        end: offset just after it.
        line: 0-based line of the body the match starts on (add ``ArticleText.body_line``
            for the line in the file).
        text: the matched text as written (``"Société"`` for the query ``societe``): the
            string to give the reader's find so that ``n``/``N`` continue from there.
    """

    start: int
    end: int
    line: int
    text: str


def _needles(terms: Sequence[str]) -> list[str]:
    # the whole terms first; then their tokens, for phrases FTS matched across punctuation
    needles: list[str] = []
    for candidate in [*terms, *(token for term in terms for token in _TOKEN.findall(term))]:
        folded = fold(candidate)
        if folded and folded not in needles:
            needles.append(folded)
    return needles


def locate(body: str, terms: Sequence[str]) -> Location | None:
    """Return the first place in *body* where one of *terms* occurs (folded), or None.

    Whole terms win over their separate words; between equals, the earliest wins. The body is
    searched a window at a time, so a match near the top of a 5 MB article is found at once.
    """
    needles = _needles(terms)
    folded_terms = {fold(term) for term in terms}
    whole = [needle for needle in needles if needle in folded_terms]
    for group in (whole, needles):
        if not group:
            continue
        window_start = 0
        while window_start < len(body):
            window_end = body.find("\n", window_start + _WINDOW)
            window_end = len(body) if window_end < 0 else window_end + 1
            # overlap by the longest needle so a match across the cut is still found
            overlap = min(len(body), window_end + max(map(len, group)) * 4)
            found = _first_in(body, window_start, overlap, group)
            if found is not None:
                start, end = found
                return Location(start, end, body.count("\n", 0, start), body[start:end])
            window_start = window_end
    return None


def _first_in(body: str, begin: int, end: int, needles: Sequence[str]) -> tuple[int, int] | None:
    folded, index = fold_map(body[begin:end])
    best: tuple[int, int] | None = None
    for needle in needles:
        position = folded.find(needle)
        if position >= 0 and (best is None or index[position] + begin < best[0]):
            best = (index[position] + begin, index[position + len(needle) - 1] + begin + 1)
    return best
