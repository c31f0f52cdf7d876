"""The scripting commands behind ``linareader list/cat/mark/bookmarks`` (no Textual here).

Each command reads the library and the state store through a :class:`Context` built from the
command line, prints plain text or documented JSON, and lets :class:`LinareaderError` reach
``cli.main``, which turns it into one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from linareader import commands_net, commands_search, commands_state
from linareader.core.article import START_BYTES, Article, reading_minutes
from linareader.core.errors import LinareaderError, SectionNotFound, StateError
from linareader.core.i18n import _, format_date, reading_time
from linareader.core.library import (
    Library,
    cached_library,
    iter_scan,
    library_head,
    library_roots,
    scan_library,
)
from linareader.core.metacache import MetaCache
from linareader.core.paths import Paths, resolve_paths
from linareader.core.sanitize import clean_line
from linareader.core.sections import resolve_section
from linareader.core.settings import Settings, load_settings
from linareader.core.state import StateStore

if TYPE_CHECKING:
    from linareader.ui.app import LibraryScan

__all__ = ["Context", "run"]

_COLD_SCAN_SECONDS = 0.2  # how long `open` scans a cold library before showing the app

_STATE_MARKS = {"unread": "•", "reading": "◐", "read": " "}


@dataclass
class Context:
    """What every command needs, loaded on first use so that cheap commands stay cheap."""

    paths: Paths
    extra_dirs: list[Path]
    out: TextIO = field(default_factory=lambda: sys.stdout)
    _settings: Settings | None = None
    _library: Library | None = None
    _state: StateStore | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Build the context of one command line (dir flags override the environment)."""
        paths = resolve_paths(
            config_dir=args.config_dir, data_dir=args.data_dir, cache_dir=args.cache_dir
        )
        extra = [path.expanduser().absolute() for path in (args.articles_dir or [])]
        return cls(paths=paths, extra_dirs=extra)

    @property
    def settings(self) -> Settings:
        """The validated ``config.yaml``."""
        if self._settings is None:
            self._settings = load_settings(self.paths.config_file)
        return self._settings

    @property
    def library(self) -> Library:
        """Every article of the four origins."""
        if self._library is None:
            local = [*self.settings.articles_dirs, *self.extra_dirs]
            cache = MetaCache.load(self.paths.cache_dir)
            self._library = scan_library(library_roots(self.paths, local), cache)
        return self._library

    def start_library(self, spec: str | None = None) -> tuple[Library, LibraryScan | None, bool]:
        """The library to show first, the full scan to run behind it, and whether the first
        one is partial (the app then grows it batch by batch).

        With a warm cache this is the newest part of the last scan's library (its head, a
        small file: ``core.libhead``), or failing that the whole of it from the metadata
        cache, read without touching an article; with a cold cache, what a short scan finds.
        When *spec* (an ARTICLE argument) names no article of that first library by id or
        path, the whole library is scanned at once, so the argument resolves against all of
        it.
        """
        if self._library is not None:
            return self._library, None, False
        local = [*self.settings.articles_dirs, *self.extra_dirs]
        roots = library_roots(self.paths, local)
        head = library_head(roots, self.paths.cache_dir)
        if head is not None:
            # The newest entries from a small file; the scan reads the whole cache behind it.
            if spec is not None and not _names_article(head, spec):
                self._library = scan_library(roots, MetaCache.load(self.paths.cache_dir))
                return self._library, None, False

            def scan_all(should_stop: Callable[[], bool]) -> Iterator[list[Article]]:
                cache = MetaCache.load(self.paths.cache_dir)
                return iter_scan(roots, cache, should_stop=should_stop)

            return head, scan_all, False
        cache = MetaCache.load(self.paths.cache_dir)
        first = cached_library(roots, cache)
        if first is not None:
            if spec is not None and not _names_article(first, spec):
                self._library = scan_library(roots, cache)
                return self._library, None, False

            def scan(should_stop: Callable[[], bool]) -> Iterator[list[Article]]:
                return iter_scan(roots, cache, should_stop=should_stop)

            return first, scan, False
        # Cold: scan for a moment (a small library is done by then, as before); the app
        # shows what was found and the same scan goes on in its worker (only the one thread
        # at a time drives it, so the cache is never shared).
        stop: list[Callable[[], bool]] = [lambda: False]
        batches = iter_scan(roots, cache, should_stop=lambda: stop[0](), batch_seconds=0.05)
        found: list[Article] = []
        deadline = time.monotonic() + _COLD_SCAN_SECONDS
        for batch in batches:
            found.extend(batch)
            if time.monotonic() >= deadline:
                break
        else:
            self._library = Library(found)
            return self._library, None, False
        if spec is not None and not _names_article(Library(found), spec):
            found.extend(article for batch in batches for article in batch)
            self._library = Library(found)
            return self._library, None, False

        def resume(should_stop: Callable[[], bool]) -> Iterator[list[Article]]:
            stop[0] = should_stop
            yield found
            yield from batches

        return Library(found), resume, True

    def rescan(self) -> Library:
        """Read the library again (after a download); safe to call from a worker thread."""
        local = [*self.settings.articles_dirs, *self.extra_dirs]
        return scan_library(library_roots(self.paths, local))

    @property
    def state(self) -> StateStore:
        """Read state, positions and bookmarks."""
        if self._state is None:
            self._state = StateStore(self.paths.state_file)
            self._state.load()
        return self._state


def article_json(article: Article, context: Context) -> dict[str, Any]:
    """The documented JSON shape of one library entry (``list --json``)."""
    state = context.state.article(article.id)
    return {
        "id": article.id,
        "title": article.title,
        "author": article.author,
        "date": article.date.isoformat() if article.date else None,
        "lang": article.lang,
        "tags": list(article.tags),
        "source": article.source,
        "origin": article.origin,
        "path": str(article.path),
        "words": article.words,
        "state": state.state,
        "progress": round(state.progress, 4),
        "bookmarks": len(context.state.bookmarks(article.id)),
    }


def _print_json(value: object, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def cmd_list(context: Context, args: argparse.Namespace) -> int:
    """``list [--unread] [--tag T] [--json]``: the library, newest first."""
    articles = context.library.articles
    if args.unread:
        articles = [a for a in articles if context.state.article(a.id).state != "read"]
    if args.tag:
        wanted = args.tag.casefold()
        articles = [a for a in articles if any(t.casefold() == wanted for t in a.tags)]
    if args.json:
        _print_json([article_json(article, context) for article in articles], context.out)
        return 0
    width = max((len(article.id) for article in articles), default=0)
    for article in articles:
        state = context.state.article(article.id)
        progress = f"{round(state.progress * 100):>3d}%" if state.state == "reading" else "    "
        date = article.date.isoformat() if article.date else ""
        mark = _STATE_MARKS[state.state]
        context.out.write(
            f"{mark} {article.id:<{width}}  {date:<10}  {progress}  {article.title}\n"
        )
    return 0


def _header(article: Article) -> list[str]:
    details = [article.author, format_date(article.date) if article.date else ""]
    details.append(reading_time(reading_minutes(article.words, article.lang)))
    lines = [article.title, " · ".join(part for part in details if part)]
    if article.tags:
        lines.append(_("Tags: {tags}").format(tags=", ".join(article.tags)))
    if article.source:
        lines.append(_("Source: {source}").format(source=article.source))
    return lines


def cmd_cat(context: Context, args: argparse.Namespace) -> int:
    """``cat ARTICLE [--plain] [--width N]``: styled on a terminal, plain to a pipe.

    Past ``reader.max_size`` it prints what the app shows, the sanitised source as plain text,
    with the app's one-line notice on stderr: the output stays useful and safe, and a script
    learns why it is not rendered.
    """
    from linareader.core.opening import open_document
    from linareader.core.textout import document_lines

    article = context.library.resolve(args.article)
    opened = open_document(article.path, limit_mb=context.settings.reader_max_size)
    if opened.notice is not None:
        logging.getLogger("linareader").warning("%s: %s", article.id, opened.notice)
    styled = context.out.isatty() and not args.plain and not os.environ.get("NO_COLOR")
    width = args.width
    if width is None:
        width = context.settings.reader_width
        if context.out.isatty():
            width = min(width, shutil.get_terminal_size().columns)
    width = max(20, min(width, 1000))  # a narrow terminal still gets a readable minimum
    mode: Literal["plain", "ansi"] = "ansi" if styled else "plain"
    lines = document_lines(
        opened.document, width, mode=mode, header_lines=_header(article), lang=article.lang
    )
    for line in lines:
        context.out.write(line + "\n")
    return 0


def _saved(context: Context) -> int:
    """Save the state; a failure (already explained by a warning) is an error line, status 1."""
    if context.state.save():
        return 0
    raise StateError(_("The change was not saved (see the warning above)."))


def cmd_mark(context: Context, args: argparse.Namespace) -> int:
    """``mark ARTICLE read|unread``."""
    article = context.library.resolve(args.article)
    context.state.mark(article.id, args.state)
    return _saved(context)


def _headings(article: Article) -> list[Any]:
    from linareader.core.article import read_article_text
    from linareader.core.document import split_document

    return list(split_document(read_article_text(article.path).body).headings)


@dataclass(frozen=True)
class _Named:
    """A bookmark seen as a heading, to name it by anchor or text like a section."""

    anchor: str
    title: str


def cmd_bookmarks(context: Context, args: argparse.Namespace) -> int:
    """``bookmarks [--json]``, ``bookmarks add ARTICLE SECTION``, ``bookmarks remove ...``."""
    state = context.state
    if args.action == "add":
        article = context.library.resolve(args.article)
        heading = resolve_section(_headings(article), args.section)
        state.add_bookmark(article.id, heading.anchor, heading.title, args.note)
        return _saved(context)
    if args.action == "remove":
        article = context.library.resolve(args.article)
        marks = [_Named(m.anchor, m.heading) for m in state.bookmarks(article.id)]
        try:
            heading = resolve_section(marks, args.section)
        except SectionNotFound:
            shown = clean_line(args.section)
            raise SectionNotFound(
                _("'{id}' has no bookmark on '{shown}'; `linareader bookmarks` lists them.").format(
                    id=article.id, shown=shown
                )
            ) from None
        state.remove_bookmark(article.id, heading.anchor)
        return _saved(context)
    bookmarks = state.bookmarks()
    if args.json:
        items = [
            {
                "article": mark.article,
                "anchor": mark.anchor,
                "heading": mark.heading,
                "note": mark.note,
                "created": mark.created,
                "updated": mark.updated,
            }
            for mark in bookmarks
        ]
        _print_json(items, context.out)
        return 0
    if args.format == "md":
        from linareader.core.digest import bookmarks_markdown

        context.out.write(bookmarks_markdown(bookmarks, context.library.get))
        return 0
    for mark in bookmarks:
        title = context.library.get(mark.article)
        name = title.title if title else mark.article
        note = f" — {mark.note}" if mark.note else ""
        context.out.write(f"{mark.created[:10]}  {name} › {mark.heading}{note}\n")
    return 0


def cmd_open(context: Context, args: argparse.Namespace) -> int:
    """``linareader [open] [ARTICLE]``: the reader, on ARTICLE or where the reader left off."""
    # Warnings found while loading are shown inside the app, not lost behind its screen.
    collected = _Collector()
    logger = logging.getLogger("linareader")
    logger.addHandler(collected)
    try:
        settings, state = context.settings, context.state
        library, scan, partial = context.start_library(args.article)
        article, text = (None, None)
        if args.article:
            article, text = library.resolve_text(args.article, start=START_BYTES)
    finally:
        logger.removeHandler(collected)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise LinareaderError(
            _("The reader needs a terminal; for scripts use `linareader list` or `linareader cat`.")
        )
    from linareader.ui.app import LinareaderApp

    app = LinareaderApp(
        settings=settings,
        library=library,
        state=state,
        article=article,
        warnings=collected.lines,
        debug=args.debug,
        screenshot_dir=context.paths.data_dir / "screenshots",
        paths=context.paths,
        rescan=context.rescan,
        scan=scan,
        partial=partial,
        article_text=text,
    )
    # Textual draws on the terminal: while it runs, warnings go to the app, not to stderr.
    streams = [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]
    for handler in streams:
        logger.removeHandler(handler)
    try:
        app.run()
    finally:
        for handler in streams:
            logger.addHandler(handler)
    if app.crash is not None:
        raise LinareaderError(
            _(
                "The reader stopped after an unexpected error ({kind}); details are in {log_file}."
            ).format(kind=type(app.crash).__name__, log_file=context.paths.log_file)
        )
    return 0


def _names_article(library: Library, spec: str) -> bool:
    """Whether *spec* is the id or the path of an article of *library* (no prefix match: a
    prefix unique in a partial library may not be unique in the whole one)."""
    if library.get(spec) is not None:
        return True
    path = Path(spec).expanduser()
    if not path.is_file():
        return False
    absolute = path.resolve()
    return any(article.path.resolve() == absolute for article in library.articles)


class _Collector(logging.Handler):
    """Keeps warnings raised before the app starts, to show them once it is on screen."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record's message."""
        self.lines.append(record.getMessage())


def run(context: Context, args: argparse.Namespace) -> int:
    """Run the command named by ``args.command``; return the exit status."""
    handlers = {
        "open": cmd_open,
        "list": cmd_list,
        "cat": cmd_cat,
        "mark": cmd_mark,
        "bookmarks": cmd_bookmarks,
        "add": commands_net.cmd_add,
        "search": commands_search.cmd_search,
        "rm": commands_net.cmd_rm,
        "feed": commands_net.cmd_feed,
        "opml": commands_net.cmd_opml,
        "state": commands_state.cmd_state,
    }
    if args.command not in ("open", "state"):  # the app offers to merge; `state` is the remedy
        commands_state.conflict_hint(context.paths.state_file)
    return handlers[args.command](context, args)
