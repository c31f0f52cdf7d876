"""The Textual application: wires settings, library and state (passed in) to the main screen."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import WorkerFailed, get_current_worker

from linareader.core.article import Article, ArticleText
from linareader.core.library import Library
from linareader.core.paths import Paths, bundled_dir
from linareader.core.sanitize import clean_line
from linareader.core.settings import Settings
from linareader.core.state import StateStore
from linareader.ui.article_list import ArticleList
from linareader.ui.bookmarks_screen import BookmarksScreen
from linareader.ui.dialogs import PromptDialog
from linareader.ui.help_screen import HelpScreen
from linareader.ui.keys import KeyEntry, binding_entries, unknown_ids
from linareader.ui.main_screen import MainScreen
from linareader.ui.palette import ActionsProvider
from linareader.ui.reader_view import ReaderView
from linareader.ui.themes import DEFAULT_THEME, load_themes
from linareader.ui.toc import TableOfContents

__all__ = ["LibraryScan", "LinareaderApp", "NotifyHandler"]

_GROW_SECONDS = 1.0  # how often a growing library is shown again during a cold scan

LibraryScan = Callable[[Callable[[], bool]], Iterator[list[Article]]]
"""A full library scan in batches, given a ``should_stop`` (``library.iter_scan``)."""


class NotifyHandler(logging.Handler):
    """Shows core warnings as notifications (from any thread), one line each."""

    def __init__(self, app: App[None]) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.held: dict[int | None, list[str]] = {}
        """Warnings of these threads are kept here instead (the library scan's)."""

    def emit(self, record: logging.LogRecord) -> None:
        """Notify the user of *record*."""
        held = self.held.get(record.thread)
        if held is not None:
            held.append(record.getMessage())
            return
        message = clean_line(record.getMessage())
        severity: SeverityLevel = "error" if record.levelno >= logging.ERROR else "warning"
        try:
            self.app.call_from_thread(self.app.notify, message, severity=severity, markup=False)
        except RuntimeError:  # already on the app's thread
            self.app.notify(message, severity=severity, markup=False)


class LinareaderApp(App[None]):
    """linareader: the library on the left, the article in the middle."""

    TITLE = "linareader"
    CSS_PATH = str(bundled_dir("styles") / "linareader.tcss")
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+s", "screenshot_svg", "Screenshot", show=False, id="screenshot"),
    ]

    def __init__(
        self,
        *,
        settings: Settings,
        library: Library,
        state: StateStore,
        article: Article | None = None,
        warnings: Sequence[str] = (),
        debug: bool = False,
        screenshot_dir: Path | None = None,
        paths: Paths | None = None,
        rescan: Callable[[], Library] | None = None,
        scan: LibraryScan | None = None,
        partial: bool = False,
        article_text: ArticleText | None = None,
    ) -> None:
        """*scan*, when given, runs in a thread once the app is on screen and its library
        replaces *library* (a cached or *partial* one; a partial one grows batch by batch)."""
        super().__init__()
        self.settings = settings
        self.library = library
        self.state = state
        self.start_warnings = list(warnings)
        self.debug_mode = debug
        self.screenshot_dir = screenshot_dir or Path.cwd()
        self.crash: BaseException | None = None
        self.main_screen = MainScreen(library, state, reader_width=settings.reader_width)
        self.main_screen.start_article = article
        self.main_screen.start_text = article_text
        self._scan = scan
        self._partial = partial
        self.main_screen.paths = paths
        self.main_screen.settings = settings
        self.main_screen.rescan = rescan
        self._notify_handler = NotifyHandler(self)
        for theme in load_themes(bundled_dir("styles") / "themes"):
            self.register_theme(theme)
        self.set_keymap(dict(settings.keymap))
        self.start_warnings.extend(unknown_ids(settings.keymap, self.key_entries()))
        self._theme_forced = settings.theme is not None
        self._choose_theme(settings.theme or state.theme or DEFAULT_THEME)

    # -- setup -------------------------------------------------------------------------------

    def _choose_theme(self, name: str) -> None:
        """Start in theme *name* (or the default one, with a warning, if it is unknown).

        Assigning ``self.theme`` before the app runs would make Textual re-parse the whole
        stylesheet and restyle every widget once the screen is up (its theme watcher runs
        after the first styling), a visible part of the start-up. Nothing is styled yet, so
        setting the value, the theme's classes and the stylesheet's variables is enough.
        """
        if name not in self.available_themes:
            self.start_warnings.append(
                f"Unknown theme '{clean_line(name)}'; using {DEFAULT_THEME}."
            )
            name = DEFAULT_THEME
        theme = self.available_themes[name]
        if theme.ansi:  # ANSI themes also swap a colour filter: let Textual do it all
            self.theme = name
            return
        self.set_reactive(LinareaderApp.theme, name)
        classes = {cls: False for cls in self.classes if cls.startswith("-theme-")}
        classes.update({f"-theme-{name}": True, "-dark-mode": theme.dark})
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def key_entries(self) -> list[KeyEntry]:
        """Every binding with an id, with the keys it has now."""
        owners = (
            type(self),
            MainScreen,
            ReaderView,
            ArticleList,
            TableOfContents,
            BookmarksScreen,
            PromptDialog,
            HelpScreen,
        )
        return binding_entries(owners, self._keymap)

    def get_default_screen(self) -> Screen[None]:
        """The main screen is the app's base screen."""
        return self.main_screen

    def on_mount(self) -> None:
        """Show start-up warnings; later warnings become notifications too."""
        logging.getLogger("linareader").addHandler(self._notify_handler)
        self.show_warnings(self.start_warnings)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._scan is not None:
            self._scan_library(self._scan)

    def show_warnings(self, warnings: Sequence[str]) -> None:
        """Notify the first three *warnings* and how many more there are."""
        shown, rest = warnings[:3], len(warnings) - 3
        for warning in shown:
            self.notify(clean_line(warning), severity="warning", markup=False)
        if rest > 0:  # a toast per skipped file would bury the screen
            self.notify(
                f"{rest} more warnings; `linareader list` prints them all.",
                severity="warning",
                markup=False,
            )

    @work(thread=True, exclusive=True, group="library-scan")
    def _scan_library(self, scan: LibraryScan) -> None:
        """Scan the whole library in the background and show it (batch by batch if partial)."""
        worker = get_current_worker()
        held: list[str] = []
        thread = threading.get_ident()
        self._notify_handler.held[thread] = held
        articles: list[Article] = []
        shown = time.monotonic()
        try:
            for batch in scan(lambda: worker.is_cancelled):
                articles.extend(batch)
                # Each update sorts and lists everything found so far: a few per scan, not
                # one per batch (that would make a cold 10,000-article scan quadratic).
                now = time.monotonic()
                if self._partial and now - shown >= _GROW_SECONDS and not worker.is_cancelled:
                    self.call_from_thread(self.main_screen.set_library, Library(articles))
                    shown = time.monotonic()
            if not worker.is_cancelled:
                self.call_from_thread(self._scanned, Library(articles), held)
        except RuntimeError:  # the app closed meanwhile: nothing left to show
            return
        finally:
            del self._notify_handler.held[thread]

    def _scanned(self, library: Library, warnings: list[str]) -> None:
        self.library = library
        self.main_screen.set_library(library)
        self.main_screen.library_complete()
        self.show_warnings(warnings)

    def on_unmount(self) -> None:
        """Stop turning warnings into notifications."""
        logging.getLogger("linareader").removeHandler(self._notify_handler)

    def _theme_changed(self, theme: Theme) -> None:
        """Remember the theme chosen in the palette (unless config.yaml forces one)."""
        if not self._theme_forced and theme.name != self.state.theme:
            self.state.set_theme(theme.name)
            self.state.save()

    # -- commands ----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands under the "app:" namespace (ours replace Keys and Screenshot)."""
        for command in super().get_system_commands(screen):
            if command.title in ("Keys", "Screenshot"):
                continue
            yield SystemCommand(f"app: {command.title}", command.help, command.callback)
        yield SystemCommand("app: Help", "Every key and what it does", self.action_help)
        yield SystemCommand("app: Screenshot", "Save an SVG screenshot", self.action_screenshot_svg)
        yield SystemCommand(
            "library: Mark all read", "Mark every listed article read", self.mark_all_read
        )
        yield SystemCommand(
            "feed: Mark feed read",
            "Mark every article of the highlighted article's feed read",
            self.main_screen.mark_feed_read,
        )

    def action_help(self) -> None:
        """Show every key, as bound now."""
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.key_entries(), self._key_display))

    def _key_display(self, key: str) -> str:
        return self.get_key_display(Binding(key, ""))

    def action_screenshot_svg(self) -> None:
        """Save an SVG of the screen and say where."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            self.screenshot_dir.mkdir(parents=True, exist_ok=True)
            path = self.save_screenshot(f"linareader-{stamp}.svg", str(self.screenshot_dir))
        except OSError as error:
            self.notify(f"Cannot save the screenshot: {error}", severity="error", markup=False)
            return
        self.notify(f"Screenshot saved: {path}", markup=False, timeout=4)

    def mark_all_read(self) -> None:
        """Mark every article shown in the sidebar read."""
        articles = self.main_screen.sidebar.articles
        for article in articles:
            self.state.mark(article.id, "read")
        self.state.save()
        self.main_screen.refresh_list()
        self.notify(f"Marked {len(articles)} articles read.", timeout=3)

    async def action_quit(self) -> None:
        """Save the reading position, then quit."""
        self.main_screen.save_now()
        self.exit()

    # -- failures ----------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Log an unexpected error with its traceback and exit; no traceback on screen.

        Textual would print a full traceback with locals on exit; a user should get one line
        (printed by the CLI) and the details in the log file. ``--debug`` keeps Textual's.
        """
        if self.debug_mode:
            super()._handle_exception(error)
            return
        cause = error.error if isinstance(error, WorkerFailed) else error
        logging.getLogger("linareader").error("unexpected error in the reader", exc_info=cause)
        self.crash = error
        self._return_code = 1
        if self._exception is None:  # keeps run_test re-raising it, as tests expect
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()
