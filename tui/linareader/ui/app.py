"""The Textual application: wires settings, library and state (passed in) to the main screen."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from linareader.core.article import Article
from linareader.core.library import Library
from linareader.core.paths import bundled_dir
from linareader.core.sanitize import clean_line
from linareader.core.settings import Settings
from linareader.core.state import StateStore
from linareader.ui.main_screen import MainScreen

__all__ = ["LinareaderApp", "NotifyHandler"]


class NotifyHandler(logging.Handler):
    """Shows core warnings as notifications (from any thread), one line each."""

    def __init__(self, app: App[None]) -> None:
        super().__init__(logging.WARNING)
        self.app = app

    def emit(self, record: logging.LogRecord) -> None:
        """Notify the user of *record*."""
        message = clean_line(record.getMessage())
        severity = "error" if record.levelno >= logging.ERROR else "warning"
        try:
            self.app.call_from_thread(self.app.notify, message, severity=severity, markup=False)
        except RuntimeError:  # already on the app's thread
            self.app.notify(message, severity=severity, markup=False)


class LinareaderApp(App[None]):
    """linareader: the library on the left, the article in the middle."""

    TITLE = "linareader"
    CSS_PATH = str(bundled_dir("styles") / "linareader.tcss")
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(
        self,
        *,
        settings: Settings,
        library: Library,
        state: StateStore,
        article: Article | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.settings = settings
        self.library = library
        self.state = state
        self.start_article = article
        self.start_warnings = list(warnings)
        self.main_screen = MainScreen(library, state, reader_width=settings.reader_width)

    def get_default_screen(self) -> Screen[None]:
        """The main screen is the app's base screen."""
        return self.main_screen

    def on_mount(self) -> None:
        """Show start-up warnings, then reopen the requested or the last article."""
        handler = NotifyHandler(self)
        logging.getLogger("linareader").addHandler(handler)
        for warning in self.start_warnings:
            self.notify(warning, severity="warning", markup=False)
        article = self.start_article
        if article is None and self.state.last_article:
            article = self.library.get(self.state.last_article)
        if article is not None:
            self.main_screen.open_article(article)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The built-in commands, plus the library's."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "library: Mark all read", "Mark every listed article read", self.mark_all_read
        )

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
