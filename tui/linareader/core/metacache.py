"""The library's metadata cache: what a scan learns of each file, kept between runs.

Reading 10,000 articles (open, decode, sanitise, parse front matter, count words) takes seconds;
a ``stat`` of each takes milliseconds. So the scan keeps, per file, the fields the library needs
(:class:`~linareader.core.articlemeta.ArticleMeta`: no body) in one JSON file in the cache
folder, keyed by absolute path and
validated by size, mtime and ctime in nanoseconds. ctime is in the key because tools such as
``cp -p``, ``rsync -t`` or ``touch -d`` give new content an old mtime, but nobody can set ctime.

It is only a cache, so it never costs the user anything:

* a missing, truncated, corrupt or foreign file, or one written by another version of the
  parsing code (:data:`FORMAT` and a fingerprint of the parser's source files), is ignored with
  a debug log line and rebuilt on the next save;
* it is written atomically (temporary file and rename), so two processes saving at once leave
  one whole file, the last one;
* a cache folder that cannot be written just means no caching.

A file changed twice within one timestamp tick (up to 2 s on FAT, a few ms on ext4) could keep
its size and times; like git's "racily clean" rule, files modified less than
``racy_seconds`` before the scan are therefore read but not cached.

Warnings found while reading a file (bad front matter, invalid UTF-8) are cached with it and
logged again by every scan, so a cached file warns exactly as an uncached one does.

The cache also remembers the library its last complete scan produced (ids and order), so that
:meth:`MetaCache.snapshot` can give the app a sidebar before a single file is looked at; the
app then validates it with a scan in the background.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeGuard

from linareader import __version__
from linareader.core.article import Article
from linareader.core.articlemeta import ENTRY_LENGTH, ArticleMeta, decode_entry, encode_entry
from linareader.core.atomic import atomic_write_text
from linareader.core.i18n import _

__all__ = ["CACHE_FILE", "FORMAT", "MetaCache", "fingerprint"]

log = logging.getLogger(__name__)

#: Bump when the entry layout or what a scan derives from a file changes.
FORMAT = 1
#: The cache's name in the cache folder.
CACHE_FILE = "library-cache.json"
_RACY_SECONDS = 2.0
#: Modules whose code decides what an entry holds (metadata, ids in the snapshot).
_DERIVING_MODULES = (
    "article", "articlemeta", "dates", "frontmatter", "libhead", "library", "metacache",
    "sanitize", "slug",
)  # fmt: skip


def fingerprint() -> str:
    """Identify the code that derives metadata and ids, so a changed parser never reads old entries.

    The version alone is not enough for an editable install, whose code changes under one
    version number; the sizes and mtimes of the modules involved cost a few ``stat`` calls.
    """
    parts = [str(FORMAT), __version__]
    for name in _DERIVING_MODULES:
        try:
            info = (Path(__file__).parent / f"{name}.py").stat()
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class MetaCache:
    """Per-file metadata from the last scans; load it, look files up, store, save.

    Not thread-safe: one thread uses it at a time (take :meth:`snapshot` before starting the
    scan that validates it). ``hits`` and ``misses`` count lookups, for tests and benchmarks.
    """

    def __init__(
        self,
        file: Path | None,
        entries: dict[str, Any] | None = None,
        *,
        racy_seconds: float = _RACY_SECONDS,
    ) -> None:
        """Wrap *entries* (as loaded) that :meth:`save` writes to *file* (None: never saved)."""
        self.file = file
        self.racy_seconds = racy_seconds
        self.hits = 0
        self.misses = 0
        self._warned = False  # about a cache that cannot be written: once per process
        self._entries: dict[str, Any] = entries if entries is not None else {}
        self._seen: set[str] = set()
        self._dirty = False
        self._library: object = None

    @classmethod
    def load(cls, cache_dir: Path, *, racy_seconds: float = _RACY_SECONDS) -> MetaCache:
        """Return the cache kept in *cache_dir*; empty when missing, unreadable or not ours."""
        file = cache_dir / CACHE_FILE
        try:
            data = json.loads(file.read_bytes())
        except FileNotFoundError:
            return cls(file, racy_seconds=racy_seconds)
        except (OSError, ValueError, RecursionError) as error:
            log.debug(_("Ignoring the library cache %s: %s"), file, error)
            return cls(file, racy_seconds=racy_seconds)
        if not (
            isinstance(data, dict)
            and data.get("fingerprint") == fingerprint()
            and isinstance(data.get("entries"), dict)
        ):
            log.debug(_("Ignoring the library cache %s: another format or parser."), file)
            return cls(file, racy_seconds=racy_seconds)
        cache = cls(file, data["entries"], racy_seconds=racy_seconds)
        cache._library = data.get("library")
        return cache

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, path: Path, info: os.stat_result) -> ArticleMeta | None:
        """Return the metadata of *path* if the cache has it for exactly this size and times."""
        key = os.path.abspath(path)
        self._seen.add(key)
        entry = self._entries.get(key)
        if (
            isinstance(entry, list)
            and len(entry) == ENTRY_LENGTH
            and entry[0] == info.st_size
            and entry[1] == info.st_mtime_ns
            and entry[2] == info.st_ctime_ns
        ):
            meta = decode_entry(entry)
            if meta is not None:
                self.hits += 1
                return meta
        self.misses += 1
        return None

    def store(self, path: Path, info: os.stat_result, meta: ArticleMeta) -> None:
        """Remember *meta* for *path* as it was when *info* was taken (before reading it).

        Taking *info* before the read means a file changed during the scan is read again next
        time, never served stale.
        """
        key = os.path.abspath(path)
        self._seen.add(key)
        racy_after = time.time_ns() - int(self.racy_seconds * 1e9)
        if max(info.st_mtime_ns, info.st_ctime_ns) >= racy_after:
            if self._entries.pop(key, None) is not None:
                self._dirty = True
            return
        self._entries[key] = encode_entry(info, meta)
        self._dirty = True

    def save(self, *, prune_under: Sequence[Path] = ()) -> bool:
        """Write the cache if it changed, forgetting files under *prune_under* it did not see.

        Pass the roots a scan walked completely: files there that the scan did not meet are
        gone. Entries under other folders stay, so alternating ``--articles-dir`` does not
        throw away the other folder's entries.

        Returns:
            False when the cache could not be written (read-only or full disk): caching is
            then off, the previous file stays as it was, and one warning says so (the next
            start scans every file again, which the user may wonder about).
        """
        prefixes = tuple(os.path.join(os.path.abspath(root), "") for root in prune_under)
        if prefixes:
            stale = [k for k in self._entries if k not in self._seen and k.startswith(prefixes)]
            for key in stale:
                del self._entries[key]
            self._dirty = self._dirty or bool(stale)
        if not self._dirty or self.file is None:
            return True
        data = {
            "format": FORMAT,
            "fingerprint": fingerprint(),
            "entries": self._entries,
            "library": self._library,
        }
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(
                self.file, json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            )
        except OSError as error:
            if not self._warned:
                self._warned = True
                log.warning(
                    _(
                        "Cannot write the library cache %s: %s; the library is scanned afresh "
                        "until it can be."
                    ),
                    self.file,
                    error.strerror or error,
                )
            return False
        self._dirty = False
        return True

    def remember(self, roots: Sequence[tuple[str, str]], articles: Sequence[Article]) -> None:
        """Keep what a complete scan of *roots* (``(path, origin)`` pairs) gave, in scan order."""
        library = {
            "roots": [list(root) for root in roots],
            "articles": [[str(a.path), a.id, a.origin] for a in articles],
        }
        if library != self._library:
            self._library = library
            self._dirty = True

    def snapshot(self, roots: Sequence[tuple[str, str]]) -> list[Article] | None:
        """The articles the last complete scan of the same *roots* gave, without reading a file.

        None when the last scan had other roots (or there was none). Files whose entry is
        missing or damaged are left out; files changed since are shown as they were. A scan
        tells the truth afterwards.
        """
        library = self._library
        if not isinstance(library, dict) or library.get("roots") != [list(r) for r in roots]:
            return None
        items = library.get("articles")
        if not isinstance(items, list):
            return None
        articles: list[Article] = []
        for item in items:
            if not (isinstance(item, list) and len(item) == 3):
                return None
            path, article_id, origin = item
            if not (
                isinstance(path, str) and isinstance(article_id, str) and isinstance(origin, str)
            ):
                return None
            entry = self._entries.get(path) or self._entries.get(os.path.abspath(path))
            meta = decode_entry(entry) if _is_entry(entry) else None
            if meta is not None:
                articles.append(
                    meta.to_article(article_id=article_id, path=Path(path), origin=origin)
                )
        return articles


def _is_entry(entry: object) -> TypeGuard[list[Any]]:
    return isinstance(entry, list) and len(entry) == ENTRY_LENGTH
