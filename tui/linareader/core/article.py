"""Articles: Markdown files with optional YAML front matter, read safely.

Reading never blocks and never crashes: only regular files are opened (a FIFO in an articles
folder would block ``open``), binary files are refused, UTF-8 is decoded with a BOM tolerated and
falls back to replacement characters, and all text is sanitised here, where it enters.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from linareader.core.dates import PartialDate
from linareader.core.errors import LinareaderError
from linareader.core.frontmatter import parse_front_matter, split_front_matter
from linareader.core.i18n import _
from linareader.core.sanitize import clean_line, clean_text

__all__ = [
    "MARKDOWN_SUFFIXES",
    "START_BYTES",
    "Article",
    "ArticleText",
    "UnreadableArticle",
    "count_words",
    "make_article",
    "read_article_text",
    "read_source",
    "reading_minutes",
]

#: How much of a large article the reader reads before its first screen.
START_BYTES = 256 * 1024

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
#: Files larger than this are not read into the library (the reader has its own limit).
MAX_FILE_SIZE = 64 * 1024 * 1024
_SNIFF = 8192
_ATX_H1 = re.compile(r" {0,3}# +(.+?)(?: +#+)? *$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


class UnreadableArticle(LinareaderError):
    """A file that cannot be an article: missing, special, binary or unreadable."""


@dataclass(frozen=True, slots=True)
class Article:
    """What the library knows of one article without keeping its body in memory."""

    id: str
    title: str
    path: Path
    origin: str
    author: str = ""
    date: PartialDate | None = None
    lang: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""
    words: int = 0
    size: int = 0
    mtime: float = 0.0


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article's decoded, sanitised text split into front matter fields and body."""

    body: str
    body_line: int
    title: str
    front_id: str
    author: str
    date: PartialDate | None
    lang: str
    source: str
    tags: tuple[str, ...]
    warnings: tuple[str, ...]
    size: int
    mtime: float
    complete: bool = True
    """False when only the start of the file was read (``read_article_text(start=...)``)."""


def _read_bytes(
    path: Path, max_size: int, start: int | None = None
) -> tuple[bytes, os.stat_result]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UnreadableArticle(
            _("Cannot read {path}: {value}.").format(path=path, value=error.strerror or error)
        ) from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableArticle(_("Skipped {path}: not a regular file.").format(path=path))
        if info.st_size > max_size:
            limit = max_size // (1024 * 1024)
            raise UnreadableArticle(
                _("Skipped {path}: larger than {limit} MB.").format(path=path, limit=limit)
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_size + 1 if start is None else start)
    except OSError as error:
        raise UnreadableArticle(
            _("Cannot read {path}: {value}.").format(path=path, value=error.strerror or error)
        ) from error
    finally:
        os.close(fd)
    return data, info


def _decode(data: bytes, path: Path, warnings: list[str]) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:_SNIFF]:
        raise UnreadableArticle(
            _("Skipped {path}: it looks like a binary file, not Markdown.").format(path=path)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(
            _("{path} is not valid UTF-8; undecodable bytes are shown as �").format(path=path)
        )
        return data.decode("utf-8-sig", errors="replace")


def _first_h1(body: str) -> str:
    fence = ""
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            continue
        if not fence:
            heading = _ATX_H1.match(line)
            if heading:
                return clean_line(heading.group(1).replace("*", "").replace("`", ""))
    return ""


def read_article_text(
    path: Path, *, max_size: int = MAX_FILE_SIZE, start: int | None = None
) -> ArticleText:
    """Read and sanitise *path*; raise :class:`UnreadableArticle` only if it cannot be text.

    With *start*, a file larger than that many bytes is read only that far, up to its last
    whole line (:attr:`ArticleText.complete` is then false): enough for the reader's first
    screen, which need not wait for the rest of a 5 MB file.
    """
    data, info = _read_bytes(path, max_size, start)
    complete = len(data) >= info.st_size
    if not complete:
        cut = data.rfind(b"\n")
        if cut < 0 or data.startswith((b"\xff\xfe", b"\xfe\xff")):  # no whole line, UTF-16
            return read_article_text(path, max_size=max_size)
        data = data[: cut + 1]
    warnings: list[str] = []
    text = clean_text(_decode(data, path, warnings))
    yaml_text, body, body_line = split_front_matter(text)
    meta = parse_front_matter(yaml_text)
    warnings.extend(f"{path}: {warning}" for warning in meta.warnings)
    title = meta.title or _first_h1(body) or clean_line(path.stem)
    return ArticleText(
        body=body,
        body_line=body_line,
        title=title,
        front_id=meta.id,
        author=meta.author,
        date=meta.date,
        lang=meta.lang,
        source=meta.source,
        tags=meta.tags,
        warnings=tuple(warnings),
        size=info.st_size,
        mtime=info.st_mtime,
        complete=complete,
    )


def read_source(path: Path, *, max_size: int = MAX_FILE_SIZE) -> str:
    """Return the whole of *path* decoded and sanitised, front matter included: what the plain
    view of an article too large to render shows. Raise :class:`UnreadableArticle` like
    :func:`read_article_text`."""
    data, _info = _read_bytes(path, max_size)
    text = _decode(data, path, [])
    del data  # a 40 MB file: never three copies at once
    return clean_text(text)


def make_article(text: ArticleText, *, article_id: str, path: Path, origin: str) -> Article:
    """Return the library entry for an article read from *path* (the library assigns ids).

    The same record the metadata cache keeps, so a cached and a fresh scan cannot differ.
    """
    from linareader.core.articlemeta import ArticleMeta  # it builds on this module's types

    return ArticleMeta.from_text(text).to_article(article_id=article_id, path=path, origin=origin)


#: Silent reading speed of adults, words per minute, by language (Trauzettel-Klosinski et al.,
#: "Standardized assessment of reading performance: the new International Reading Speed
#: Texts IReST", IOVS 2012). Chinese and Japanese are counted in characters, per minute.
READING_SPEED: dict[str, int] = {
    "ar": 138, "de": 179, "en": 228, "es": 218, "fi": 161, "fr": 195, "he": 187, "it": 188,
    "ja": 357, "nl": 202, "pl": 166, "pt": 181, "ru": 184, "sl": 180, "sv": 199, "tr": 166,
    "zh": 255,
}  # fmt: skip
#: For a language the study did not measure, or none given.
DEFAULT_READING_SPEED = READING_SPEED["en"]
# Kana and Han ideographs (with extension A and compatibility): scripts written without
# spaces, where a reader's pace is counted in characters. Their punctuation and full-width
# forms are no words, but they do separate the rest.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_OR_MARK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def count_words(body: str) -> int:
    """Return the number of words in *body*, each Chinese or Japanese character counting as one.

    Whitespace does not separate words in those scripts, so ``split`` would count a whole
    sentence as one word; word processors count their characters instead, and so does the
    reading speed used for them (:data:`READING_SPEED`).
    """
    if body.isascii() or _CJK.search(body) is None:  # the common case stays one C call
        return len(body.split())
    characters = len(_CJK.findall(body))
    return characters + len(_CJK_OR_MARK.sub(" ", body).split())


def reading_minutes(words: int, lang: str = "", *, words_per_minute: int | None = None) -> int:
    """Return a reading time estimate in whole minutes (at least 1) for *lang* (``fr-CA``...).

    *words* comes from :func:`count_words`; the pace is the measured one for the language.
    """
    primary = lang.strip().replace("_", "-").split("-")[0].casefold()
    pace = words_per_minute or READING_SPEED.get(primary, DEFAULT_READING_SPEED)
    return max(1, round(words / pace))
