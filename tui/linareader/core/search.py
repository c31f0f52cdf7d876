"""Library-wide search: an SQLite FTS5 index of titles, authors, tags and bodies.

The index lives in the cache folder (``search.sqlite``) and mirrors the library it is given:
:meth:`SearchIndex.update` reads only files whose size, mtime or ctime changed since they were
indexed (as the metadata cache does, and with the same "racily clean" rule), drops files that
left the library, reports progress and stops between articles when asked. Each call opens its
own connection, so one thread can update while others query (WAL mode: readers never wait).

A damaged index is only a cache: it is moved aside to ``search.sqlite.corrupt`` (replacing an
older one, so they do not pile up), with a warning, and rebuilt. Ranking is FTS5's bm25 with a
title worth ten body words and an author or tag worth four. See
:mod:`linareader.core.searchtext` for how queries are made safe and snippets plain.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from linareader.core.article import Article, ArticleText, UnreadableArticle, read_article_text
from linareader.core.i18n import _
from linareader.core.library import Library
from linareader.core.searchdb import (
    SearchError,
    connect,
    is_corrupt,
    move_aside,
    transaction,
    unusable,
)
from linareader.core.searchtext import parse_query, parse_snippet

__all__ = ["INDEX_FILE", "SearchError", "SearchHit", "SearchIndex", "UpdateResult"]

log = logging.getLogger(__name__)

INDEX_FILE = "search.sqlite"
_SNIPPET_TOKENS = 24
_RACY_SECONDS = 2.0
_BATCH_FILES = 100
_BATCH_SECONDS = 0.25
_LINK_DESTINATION = re.compile(r"\]\([^)\n]*\)")
_QUERY = f"""
SELECT docs.path, docs.article_id, hit.rank, hit.snip FROM (
    SELECT rowid, rank, snippet(fts, 3, char(1), char(2), '…', {_SNIPPET_TOKENS}) AS snip
    FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?
) AS hit JOIN docs ON docs.id = hit.rowid ORDER BY hit.rank
"""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result, best first.

    Attributes:
        article: the library entry (id, title, path...).
        score: higher is better (bm25, negated); only comparable within one query.
        snippet: a plain one-line extract of the body around the best match (the body's start,
            without highlights, when only the title, author or tags matched).
        highlights: ``(start, end)`` character ranges of the matched words in *snippet*.
        terms: the query's words and phrases: give them to
            :func:`~linareader.core.searchtext.locate` with the body to land on the match.
    """

    article: Article
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What :meth:`SearchIndex.update` did; *cancelled* when *should_stop* ended it early."""

    indexed: int
    removed: int
    unchanged: int
    cancelled: bool


def _never() -> bool:
    return False


_Key = tuple[int, int, int]
_Pending = tuple[str, Article, _Key, ArticleText | None]


class SearchIndex:
    """The full-text index of one cache folder; safe to use from several threads at once."""

    def __init__(self, file: Path, *, racy_seconds: float = _RACY_SECONDS) -> None:
        """Use the index at *file* (created on first use).

        Files modified less than *racy_seconds* before an update are indexed but read again by
        the next one: a second write in the same timestamp tick could keep their size and times.
        """
        self.file = file
        self.racy_seconds = racy_seconds

    @classmethod
    def in_dir(cls, cache_dir: Path) -> SearchIndex:
        """Return the index kept in *cache_dir*."""
        return cls(cache_dir / INDEX_FILE)

    def _key(self, info: os.stat_result) -> _Key:
        if max(info.st_mtime_ns, info.st_ctime_ns) >= time.time_ns() - self.racy_seconds * 1e9:
            return (info.st_size, -1, -1)  # never matches: read again next time
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def update(
        self,
        articles: Sequence[Article],
        *,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] = _never,
    ) -> UpdateResult:
        """Make the index hold exactly *articles*, reading only new and changed files.

        Args:
            articles: the library's articles (``Library.articles``).
            progress: called with ``(done, total)`` files to read: once with ``done=0``, then
                after each batch is committed (at most about every 0.25 s), so queries already
                find what is done. Called in the updating thread.
            should_stop: asked between articles; when true the update commits what it has
                read and returns with ``cancelled=True``. The next update resumes.

        Raises:
            SearchError: no FTS5, or the index cannot be written.
        """
        for attempt in range(2):
            try:
                with connect(self.file) as conn:
                    return self._update(conn, articles, progress, should_stop)
            except sqlite3.DatabaseError as error:
                if attempt or not is_corrupt(error):
                    raise unusable(self.file, error) from error
                move_aside(self.file, error)
        raise AssertionError("unreachable")  # pragma: no cover

    def _update(
        self,
        conn: sqlite3.Connection,
        articles: Sequence[Article],
        progress: Callable[[int, int], None] | None,
        should_stop: Callable[[], bool],
    ) -> UpdateResult:
        known = {
            row[0]: (row[1], row[2], (row[3], row[4], row[5]))
            for row in conn.execute(
                "SELECT path, id, article_id, size, mtime_ns, ctime_ns FROM docs"
            )
        }
        wanted: dict[str, Article] = {}
        for article in articles:
            wanted.setdefault(os.path.abspath(article.path), article)
        todo: list[tuple[str, Article, _Key]] = []
        renamed: list[tuple[str, str]] = []
        vanished: set[str] = set()
        for path, article in wanted.items():
            try:
                key = self._key(os.stat(path))
            except OSError:
                vanished.add(path)  # deleted since the library was scanned
                continue
            old = known.get(path)
            if old is not None and old[2] == key and key[1] != -1:
                if old[1] != article.id:
                    renamed.append((article.id, path))
            else:
                todo.append((path, article, key))
        gone = [row[0] for path, row in known.items() if path not in wanted or path in vanished]
        with transaction(conn):
            conn.executemany("UPDATE docs SET article_id = ? WHERE path = ?", renamed)
            _delete(conn, gone)
        unchanged = len(wanted) - len(todo) - len(vanished)
        total, done = len(todo), 0
        if progress is not None:
            progress(0, total)
        batch: list[_Pending] = []
        started = time.monotonic()
        cancelled = False
        for path, article, key in todo:
            if should_stop():
                cancelled = True
                break
            text: ArticleText | None
            try:
                text = read_article_text(Path(path))
            except UnreadableArticle as error:
                log.debug(_("Not indexed: %s"), error)
                text = None
            batch.append((path, article, key, text))
            if len(batch) >= _BATCH_FILES or time.monotonic() - started >= _BATCH_SECONDS:
                done += self._write(conn, batch)
                batch, started = [], time.monotonic()
                if progress is not None:
                    progress(done, total)
        if batch:
            done += self._write(conn, batch)
            if progress is not None:
                progress(done, total)
        return UpdateResult(done, len(gone), unchanged, cancelled)

    @staticmethod
    def _write(conn: sqlite3.Connection, batch: list[_Pending]) -> int:
        with transaction(conn):
            for path, article, key, text in batch:
                row = conn.execute("SELECT id FROM docs WHERE path = ?", (path,)).fetchone()
                if row is not None:
                    _delete(conn, [row[0]])
                if text is None:
                    continue
                cursor = conn.execute(
                    "INSERT INTO docs(path, article_id, size, mtime_ns, ctime_ns)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (path, article.id, *key),
                )
                conn.execute(
                    "INSERT INTO fts(rowid, title, author, tags, body) VALUES (?, ?, ?, ?, ?)",
                    (
                        cursor.lastrowid,
                        text.title,
                        text.author,
                        " ".join(text.tags),
                        _LINK_DESTINATION.sub("]", text.body),
                    ),
                )
        return len(batch)

    def search(self, query: str, library: Library, *, limit: int = 20) -> list[SearchHit]:
        """Return up to *limit* articles of *library* matching *query*, best first.

        Any text is a valid query (see :func:`~linareader.core.searchtext.parse_query`); one
        without a word gives no result. Articles indexed but no longer in *library* are left
        out. A damaged index is moved aside (with a warning) and gives no result until the
        next :meth:`update` rebuilds it.

        Raises:
            SearchError: no FTS5, or the index cannot be opened.
        """
        parsed = parse_query(query)
        if parsed is None or limit <= 0:
            return []
        try:
            with connect(self.file) as conn:
                rows = conn.execute(_QUERY, (parsed.expression, limit)).fetchall()
        except sqlite3.DatabaseError as error:
            if not is_corrupt(error):
                raise unusable(self.file, error) from error
            move_aside(self.file, error)
            return []
        by_path: dict[str, Article] | None = None
        hits: list[SearchHit] = []
        for path, article_id, rank, raw in rows:
            article = library.get(article_id)
            if article is None or os.path.abspath(article.path) != path:
                if by_path is None:  # ids moved since the last update: match by path
                    by_path = {os.path.abspath(a.path): a for a in library.articles}
                article = by_path.get(path)
                if article is None:
                    continue
            snippet, highlights = parse_snippet(raw or "")
            hits.append(SearchHit(article, -rank, snippet, highlights, parsed.terms))
        return hits


def _delete(conn: sqlite3.Connection, ids: Sequence[int]) -> None:
    rows = [(doc_id,) for doc_id in ids]
    conn.executemany("DELETE FROM fts WHERE rowid = ?", rows)
    conn.executemany("DELETE FROM docs WHERE id = ?", rows)
