"""The search index's SQLite file: opening it, its schema, and what to do when it is damaged.

Every caller gets its own connection (SQLite connections must not cross threads), in WAL mode
so that readers never wait for the writer, with ``synchronous=NORMAL``: the index is a cache,
a power cut may lose its last commits but never corrupts it. Transactions are explicit and
short (``BEGIN IMMEDIATE``: a second writer waits for the lock instead of failing later).

A file SQLite calls corrupt or not a database is moved aside to ``<name>.corrupt``, replacing
an older one so that they do not pile up in the cache folder, and a new index is built.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from linareader.core.errors import LinareaderError
from linareader.core.i18n import _

__all__ = ["SearchError", "connect", "is_corrupt", "move_aside", "transaction", "unusable"]

log = logging.getLogger(__name__)

_FORMAT = "1"
#: bm25 weights: a title word counts as ten body words, an author or tag word as four.
_RANK = "bm25(10.0, 4.0, 4.0, 1.0)"
_SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE docs(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
    " article_id TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
    " ctime_ns INTEGER NOT NULL)",
    "CREATE VIRTUAL TABLE fts USING fts5(title, author, tags, body,"
    " tokenize='unicode61 remove_diacritics 2')",
    f"INSERT INTO fts(fts, rank) VALUES('rank', '{_RANK}')",
    f"INSERT INTO meta VALUES('format', '{_FORMAT}')",
)
_WAL_TRIES = 300  # x 10 ms
_CORRUPT = {11, 26}  # primary result codes SQLITE_CORRUPT and SQLITE_NOTADB


class SearchError(LinareaderError):
    """Library search cannot work here: no FTS5 in this SQLite, or an unusable cache folder."""


def unusable(file: Path, error: Exception) -> SearchError:
    """The error to report when *file* cannot be opened or written."""
    return SearchError(
        _(
            "Cannot use the search index {file} ({error}); check that the cache folder is "
            "writable and has space, or choose another with --cache-dir."
        ).format(file=file, error=error)
    )


def is_corrupt(error: sqlite3.DatabaseError) -> bool:
    """Whether *error* says the file is damaged (as opposed to locked, full or read-only)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT
    text = str(error)  # pragma: no cover - Python < 3.11 has no error codes
    return "malformed" in text or "not a database" in text  # pragma: no cover


def move_aside(file: Path, error: sqlite3.DatabaseError) -> None:
    """Move damaged *file* to ``<name>.corrupt`` (with a warning) so a new one can be built.

    Raises:
        SearchError: the file cannot be moved (read-only folder).
    """
    aside = file.with_name(file.name + ".corrupt")
    log.warning(
        _("The search index %s was damaged (%s); it was moved to %s and is being rebuilt."),
        file,
        error,
        aside,
    )
    for suffix in ("-wal", "-shm"):  # they belong to the damaged file
        with contextlib.suppress(OSError):
            os.unlink(f"{file}{suffix}")
    try:
        os.replace(file, aside)
    except FileNotFoundError:
        pass  # another thread or process moved it first
    except OSError as move_error:
        raise unusable(file, move_error) from error


@contextlib.contextmanager
def connect(file: Path) -> Iterator[sqlite3.Connection]:
    """Open *file* (creating it and its schema if needed) for the ``with`` block.

    Raises:
        SearchError: no FTS5, or the file cannot be created.
        sqlite3.DatabaseError: the file is damaged (see :func:`is_corrupt`).
    """
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(file, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise unusable(file, error) from error
    try:
        _use_wal(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
        _ensure_schema(conn, file)
        yield conn
    finally:
        conn.close()


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new file to WAL mode (persistent: later connections find it set).

    The switch needs the file to itself, and SQLite answers "locked" at once instead of
    waiting when another connection is opening it too, hence the retries.
    """
    for _attempt in range(_WAL_TRIES):
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
        time.sleep(0.01)
    # still not WAL: work in the default mode, where readers wait for writers


def _ensure_schema(conn: sqlite3.Connection, file: Path) -> None:
    """Create the tables once, in one transaction, so that concurrent openers agree."""
    if _has_current_schema(conn):
        return
    with transaction(conn):
        if _has_current_schema(conn):  # another connection created it meanwhile
            return
        log.debug(_("Creating the search index %s (missing, or another format)."), file)
        for table in ("fts", "docs", "meta"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        try:
            for statement in _SCHEMA:
                conn.execute(statement)
        except sqlite3.OperationalError as error:
            if "fts5" in str(error) or "tokenize" in str(error):
                raise SearchError(
                    _(
                        "Library search needs SQLite's FTS5 full-text engine (SQLite 3.27 or "
                        "newer), which this Python's sqlite3 (SQLite {sqlite_version}) lacks; "
                        "use a Python whose sqlite3 has FTS5, such as the python.org or "
                        "distribution builds."
                    ).format(sqlite_version=sqlite3.sqlite_version)
                ) from error
            raise


def _has_current_schema(conn: sqlite3.Connection) -> bool:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if not {"meta", "docs", "fts"} <= tables:
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    return row is not None and row[0] == _FORMAT


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Run the block as one write transaction, rolled back if it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # a damaged file may refuse even this
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
