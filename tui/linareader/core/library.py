"""The library: every article linareader can show, from four origins, with stable unique ids.

Origins, in priority order: ``bundled`` (the package's ``articles/``), ``saved`` (web pages saved
by URL), ``feed:NAME`` (one folder per feed) and ``local`` (``--articles-dir`` and
``articles_dirs:`` in config.yaml). An article's id is its front-matter ``id``, else a slug of
its path relative to its root, prefixed by the origin outside ``bundled``. When two files claim
one id, the earlier origin keeps it and the other gets a suffix, with a warning, so bookmarks
always point at the same article.

With a :class:`~linareader.core.metacache.MetaCache` a scan reads only new and changed files;
:func:`iter_scan` yields the articles in batches, so a cold scan can fill the sidebar as it goes.
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from linareader.core.article import (
    MARKDOWN_SUFFIXES,
    Article,
    ArticleText,
    UnreadableArticle,
    make_article,
    read_article_text,
)
from linareader.core.articlemeta import ArticleMeta
from linareader.core.dates import PartialDate
from linareader.core.errors import AmbiguousArticle, ArticleNotFound
from linareader.core.i18n import _
from linareader.core.libhead import HEAD_SIZE, load_head, save_head
from linareader.core.metacache import MetaCache
from linareader.core.paths import Paths, bundled_dir
from linareader.core.sanitize import clean_line
from linareader.core.slug import slugify

__all__ = [
    "Library",
    "Root",
    "cached_library",
    "iter_scan",
    "library_head",
    "library_roots",
    "scan_library",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Root:
    """A folder of articles and the origin its articles get."""

    path: Path
    origin: str

    @property
    def id_prefix(self) -> str:
        """Bundled ids are bare (``welcome``); others name their origin (``saved/foo``)."""
        return "" if self.origin == "bundled" else f"{self.origin}/"


def library_roots(paths: Paths, local_dirs: Iterable[Path] = ()) -> list[Root]:
    """Return the article folders in priority order: bundled, saved, feeds, local."""
    roots = [Root(bundled_dir("articles"), "bundled"), Root(paths.saved_dir, "saved")]
    try:
        feeds = sorted(entry for entry in paths.feeds_dir.iterdir() if entry.is_dir())
    except OSError:
        feeds = []
    roots.extend(Root(feed, f"feed:{clean_line(feed.name)}") for feed in feeds)
    seen: set[Path] = set()
    for folder in local_dirs:
        if folder not in seen:
            seen.add(folder)
            roots.append(Root(folder, "local"))
    return roots


def _sort_key(article: Article) -> tuple[int, int, int, int, str]:
    # newest first; undated articles after dated ones; then by title. Plain ints, not
    # PartialDate: its generated comparisons are Python code, a third of sorting 10,000 entries
    date = article.date or PartialDate(0)
    return (0 if article.date else 1, -date.year, -date.month, -date.day, article.title)


def _walk(root: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """Yield Markdown files under *root* with their ``stat``: regular files only, no hidden
    entries, no links out.

    Symlinks are followed only when they stay inside *root*; directories are visited once by
    device and inode, so symlink loops end.
    """
    try:
        real_root = root.resolve(strict=True)
    except OSError:
        return
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name, reverse=True)
        except OSError as error:
            log.warning(_("Cannot list %s: %s."), folder, error.strerror or error)
            continue
        if (info.st_dev, info.st_ino) in visited:
            continue
        visited.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    log.warning(_("Skipped %s: broken or looping symbolic link."), path)
                    continue
                if not target.is_relative_to(real_root):
                    log.warning(_("Skipped %s: it links outside its articles folder."), path)
                    continue
            try:
                info = entry.stat()
            except OSError:
                continue
            mode = info.st_mode
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif path.suffix.lower() in MARKDOWN_SUFFIXES:
                if stat.S_ISREG(mode):
                    yield path, info
                else:
                    log.warning(_("Skipped %s: not a regular file."), path)


def _path_id(root: Root, path: Path) -> str:
    parts = path.relative_to(root.path).with_suffix("").parts
    return root.id_prefix + "/".join(slugify(part) or "article" for part in parts)


class Library:
    """Articles by id, in display order (newest first)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles: list[Article] = sorted(articles, key=_sort_key)
        self._by_id = {article.id: article for article in self.articles}

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, article_id: str) -> Article | None:
        """Return the article with exactly this id, if any."""
        return self._by_id.get(article_id)

    def resolve(self, spec: str) -> Article:
        """Return the article an ARTICLE argument names: an id, a unique id prefix, or a path.

        A path to a Markdown file outside the library opens too, as a ``local`` article whose
        id is its absolute path (so its state still persists).
        """
        return self.resolve_text(spec)[0]

    def resolve_text(
        self, spec: str, *, start: int | None = None
    ) -> tuple[Article, ArticleText | None]:
        """Like :meth:`resolve`, with the text read to make an article outside the library
        (None otherwise), so the reader need not read the file again; *start* as for
        :func:`~linareader.core.article.read_article_text` (the reader's first screen)."""
        found = self._by_id.get(spec)
        if found is not None:
            return found, None
        matches = [article for article in self.articles if article.id.startswith(spec)]
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            names = ", ".join(sorted(article.id for article in matches)[:5])
            raise AmbiguousArticle(
                _("'{spec}' matches several articles: {names}.").format(spec=spec, names=names)
            )
        path = Path(spec).expanduser()
        if path.is_file():
            absolute = path.resolve()
            for article in self.articles:
                if article.path.resolve() == absolute:
                    return article, None
            try:
                text = read_article_text(absolute, start=start)
            except UnreadableArticle as error:
                raise ArticleNotFound(str(error)) from error
            for warning in text.warnings:
                log.warning("%s", warning)
            article = make_article(text, article_id=str(absolute), path=absolute, origin="local")
            return article, text
        raise ArticleNotFound(
            _("No article matches '{text}'; `linareader list` shows the ids.").format(
                text=clean_line(spec)
            )
        )


def _never() -> bool:
    return False


def iter_scan(
    roots: Sequence[Root],
    cache: MetaCache | None = None,
    *,
    should_stop: Callable[[], bool] = _never,
    batch_size: int = 500,
    batch_seconds: float = 0.1,
) -> Iterator[list[Article]]:
    """Read the articles under *roots*, yielding them in batches in scan order.

    A batch is yielded when it holds *batch_size* articles or *batch_seconds* have passed since
    the last one, so a cold scan shows its first articles within a fraction of a second. Ids
    are assigned in scan order, so the articles of all batches are those of
    :func:`scan_library` (``Library`` sorts them). Unreadable files are skipped with a warning.

    *should_stop* is asked between files; when it answers true the scan ends early. The cache
    is saved when the scan ends, also when the consumer closes the generator early; it forgets
    vanished files only under the roots that were walked to the end.
    """
    owners: dict[str, Path] = {}
    batch: list[Article] = []
    scanned: list[Article] = []
    walked: list[Path] = []
    last = time.monotonic()
    try:
        for root in roots:
            if root.origin == "local" and not root.path.is_dir():
                # Saved and feed folders may not exist yet; a folder the user named should.
                log.warning(_("Articles folder %s does not exist; it was skipped."), root.path)
                continue
            for path, info in _walk(root.path):
                if should_stop():
                    return
                article = _scan_file(root, path, info, cache, owners)
                if article is None:
                    continue
                batch.append(article)
                scanned.append(article)
                now = time.monotonic()
                if len(batch) >= batch_size or now - last >= batch_seconds:
                    yield batch
                    batch, last = [], now
            walked.append(root.path)
        if cache is not None:
            cache.remember(_roots_key(roots), scanned)
            if cache.file is not None:
                newest = sorted(scanned, key=_sort_key)[:HEAD_SIZE]
                save_head(cache.file.parent, _roots_key(roots), newest)
        if batch:
            yield batch
    finally:
        if cache is not None:
            cache.save(prune_under=walked)


def _roots_key(roots: Sequence[Root]) -> list[tuple[str, str]]:
    return [(str(root.path), root.origin) for root in roots]


def library_head(roots: Sequence[Root], cache_dir: Path) -> Library | None:
    """The newest articles the last complete scan of these *roots* found (``core.libhead``):
    enough to fill the sidebar at once, from a small file. None when there is no such scan."""
    articles = load_head(cache_dir, _roots_key(roots))
    return None if articles is None else Library(articles)


def cached_library(roots: Sequence[Root], cache: MetaCache) -> Library | None:
    """The library the last complete scan of these *roots* gave, from *cache* alone.

    No file is read or even stat'ed, so the app can fill its sidebar before anything else;
    files changed since show as they were and warnings are not repeated. Follow it with
    :func:`iter_scan` in the background and swap in its result. None when the cache has no
    scan of exactly these roots (a cold cache, or other ``--articles-dir`` folders).
    """
    articles = cache.snapshot(_roots_key(roots))
    return None if articles is None else Library(articles)


def _scan_file(
    root: Root, path: Path, info: os.stat_result, cache: MetaCache | None, owners: dict[str, Path]
) -> Article | None:
    meta = cache.lookup(path, info) if cache is not None else None
    if meta is None:
        try:
            text = read_article_text(path)
        except UnreadableArticle as error:
            log.warning("%s", error)
            return None
        meta = ArticleMeta.from_text(text)
        if cache is not None:
            cache.store(path, info, meta)
    for warning in meta.warnings:
        log.warning("%s", warning)
    wanted = meta.front_id or _path_id(root, path)
    article_id, counter = wanted, 1
    while article_id in owners:
        counter += 1
        article_id = f"{wanted}-{counter}"
    if article_id != wanted:
        log.warning(
            _("Article id '%s' of %s is already used by %s; it is '%s' here."),
            wanted,
            path,
            owners[wanted],
            article_id,
        )
    owners[article_id] = path
    return meta.to_article(article_id=article_id, path=path, origin=root.origin)


def scan_library(roots: Sequence[Root], cache: MetaCache | None = None) -> Library:
    """Read every article under *roots*, warning about (and skipping) what cannot be read.

    With *cache*, only files that are new or changed since the cache was saved are read, and
    the cache is saved afterwards; the library is the same either way.
    """
    return Library([article for batch in iter_scan(roots, cache) for article in batch])
