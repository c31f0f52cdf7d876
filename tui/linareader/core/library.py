"""The library: every article linareader can show, from four origins, with stable unique ids.

Origins, in priority order: ``bundled`` (the package's ``articles/``), ``saved`` (web pages saved
by URL), ``feed:NAME`` (one folder per feed) and ``local`` (``--articles-dir`` and
``articles_dirs:`` in config.yaml). An article's id is its front-matter ``id``, else a slug of
its path relative to its root, prefixed by the origin outside ``bundled``. When two files claim
one id, the earlier origin keeps it and the other gets a suffix, with a warning, so bookmarks
always point at the same article.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from linareader.core.article import (
    MARKDOWN_SUFFIXES,
    Article,
    UnreadableArticle,
    make_article,
    read_article_text,
)
from linareader.core.dates import PartialDate
from linareader.core.errors import AmbiguousArticle, ArticleNotFound
from linareader.core.paths import Paths, bundled_dir
from linareader.core.sanitize import clean_line
from linareader.core.slug import slugify

__all__ = ["Library", "Root", "library_roots", "scan_library"]

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


def _sort_key(article: Article) -> tuple[int, PartialDate, str]:
    # newest first; undated articles after dated ones; then by title
    date = article.date or PartialDate(0)
    newest_first = PartialDate(-date.year, -date.month, -date.day)
    return (0 if article.date else 1, newest_first, article.title)


def _walk(root: Path) -> Iterator[Path]:
    """Yield Markdown files under *root*: regular files only, no hidden entries, no links out.

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
            log.warning("Cannot list %s: %s.", folder, error.strerror or error)
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
                    log.warning("Skipped %s: broken or looping symbolic link.", path)
                    continue
                if not target.is_relative_to(real_root):
                    log.warning("Skipped %s: it links outside its articles folder.", path)
                    continue
            try:
                mode = entry.stat().st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif path.suffix.lower() in MARKDOWN_SUFFIXES:
                if stat.S_ISREG(mode):
                    yield path
                else:
                    log.warning("Skipped %s: not a regular file.", path)


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
        found = self._by_id.get(spec)
        if found is not None:
            return found
        matches = [article for article in self.articles if article.id.startswith(spec)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(sorted(article.id for article in matches)[:5])
            raise AmbiguousArticle(f"'{spec}' matches several articles: {names}.")
        path = Path(spec).expanduser()
        if path.is_file():
            absolute = path.resolve()
            for article in self.articles:
                if article.path.resolve() == absolute:
                    return article
            try:
                text = read_article_text(absolute)
            except UnreadableArticle as error:
                raise ArticleNotFound(str(error)) from error
            for warning in text.warnings:
                log.warning("%s", warning)
            return make_article(text, article_id=str(absolute), path=absolute, origin="local")
        raise ArticleNotFound(
            f"No article matches '{clean_line(spec)}'; `linareader list` shows the ids."
        )


def scan_library(roots: Sequence[Root]) -> Library:
    """Read every article under *roots*, warning about (and skipping) what cannot be read."""
    articles: list[Article] = []
    owners: dict[str, Path] = {}
    for root in roots:
        for path in _walk(root.path):
            try:
                text = read_article_text(path)
            except UnreadableArticle as error:
                log.warning("%s", error)
                continue
            for warning in text.warnings:
                log.warning("%s", warning)
            wanted = text.front_id or _path_id(root, path)
            article_id, counter = wanted, 1
            while article_id in owners:
                counter += 1
                article_id = f"{wanted}-{counter}"
            if article_id != wanted:
                log.warning(
                    "Article id '%s' of %s is already used by %s; it is '%s' here.",
                    wanted,
                    path,
                    owners[wanted],
                    article_id,
                )
            owners[article_id] = path
            article = make_article(text, article_id=article_id, path=path, origin=root.origin)
            articles.append(article)
    return Library(articles)
