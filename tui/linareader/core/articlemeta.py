"""What the library keeps of one file between runs, and how the metadata cache writes it.

:class:`ArticleMeta` holds the fields of :class:`~linareader.core.article.Article` that come from
a file's contents (no body: the word count stands for it). The cache stores one as a JSON list
after the file's size, mtime and ctime (ns); :func:`decode_entry` checks every type, because a
damaged or hand-edited cache must never crash a start-up or put a non-string in a title.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linareader.core.article import Article, ArticleText, count_words
from linareader.core.dates import PartialDate

__all__ = ["ENTRY_LENGTH", "ArticleMeta", "decode_entry", "encode_entry"]

#: Items of one cache entry: size, mtime_ns, ctime_ns, then the 11 fields of ArticleMeta.
ENTRY_LENGTH = 14


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the library keeps of one file: the fields of :class:`Article` that come from it."""

    title: str
    front_id: str
    author: str
    date: PartialDate | None
    lang: str
    source: str
    tags: tuple[str, ...]
    words: int
    size: int
    mtime: float
    warnings: tuple[str, ...]

    @classmethod
    def from_text(cls, text: ArticleText) -> ArticleMeta:
        """Keep what :func:`~linareader.core.article.make_article` uses, the body as a count.

        For the start of a file only (``text.complete`` false), the count is extrapolated
        from the start to the whole size: never cached, only shown until the rest is read.
        """
        words = count_words(text.body)
        if not text.complete and text.body:
            words = round(words * text.size / len(text.body.encode("utf-8", "replace")))
        return cls(
            title=text.title,
            front_id=text.front_id,
            author=text.author,
            date=text.date,
            lang=text.lang,
            source=text.source,
            tags=text.tags,
            words=words,
            size=text.size,
            mtime=text.mtime,
            warnings=text.warnings,
        )

    def to_article(self, *, article_id: str, path: Path, origin: str) -> Article:
        """Return the library entry, equal to what ``make_article`` gives for the same file."""
        return Article(
            id=article_id,
            title=self.title,
            path=path,
            origin=origin,
            author=self.author,
            date=self.date,
            lang=self.lang,
            tags=self.tags,
            source=self.source,
            words=self.words,
            size=self.size,
            mtime=self.mtime,
        )


def encode_entry(info: os.stat_result, meta: ArticleMeta) -> list[Any]:
    """The cache entry of a file whose ``stat`` (taken before reading it) is *info*."""
    date = [meta.date.year, meta.date.month, meta.date.day] if meta.date else None
    return [
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        meta.title,
        meta.front_id,
        meta.author,
        date,
        meta.lang,
        meta.source,
        list(meta.tags),
        meta.words,
        meta.size,
        meta.mtime,
        list(meta.warnings),
    ]


def _strings(value: object) -> tuple[str, ...] | None:
    if type(value) is list and all(type(item) is str for item in value):
        return tuple(value)
    return None


def decode_entry(entry: list[Any]) -> ArticleMeta | None:
    """Return the entry's metadata, or None if any field has the wrong type (a damaged file)."""
    _, _, _, title, front_id, author, date, lang, source, tags, words, size, mtime, warnings = entry
    # `type(x) is str` rather than isinstance: several times faster, and JSON gives exact types
    if not (
        type(title) is str
        and type(front_id) is str
        and type(author) is str
        and type(lang) is str
        and type(source) is str
        and type(words) is int
        and type(size) is int
        and type(mtime) in (int, float)
    ):
        return None
    tag_tuple, warning_tuple = _strings(tags), _strings(warnings)
    if tag_tuple is None or warning_tuple is None:
        return None
    parsed_date = None
    if date is not None:
        if not (type(date) is list and len(date) == 3 and all(type(p) is int for p in date)):
            return None
        parsed_date = PartialDate(*date)
    return ArticleMeta(
        title, front_id, author, parsed_date, lang, source, tag_tuple, words, size, float(mtime),
        warning_tuple,
    )  # fmt: skip
