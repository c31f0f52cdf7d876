"""The Textual application: wires settings, library and state (passed in) to the main screen."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
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
        severity: SeverityLevel = "error" if record.levelno >= logging.ERROR else "warning"
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
        debug: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.library = library
        self.state = state
        self.start_warnings = list(warnings)
        self.debug_mode = debug
        self.crash: BaseException | None = None
        self.main_screen = MainScreen(library, state, reader_width=settings.reader_width)
        self.main_screen.start_article = article
        self._notify_handler = NotifyHandler(self)

    def get_default_screen(self) -> Screen[None]:
        """The main screen is the app's base screen."""
        return self.main_screen

    def on_mount(self) -> None:
        """Show start-up warnings; later warnings become notifications too."""
        logging.getLogger("linareader").addHandler(self._notify_handler)
        for warning in self.start_warnings:
            self.notify(clean_line(warning), severity="warning", markup=False)

    def on_unmount(self) -> None:
        """Stop turning warnings into notifications."""
        logging.getLogger("linareader").removeHandler(self._notify_handler)

    def _handle_exception(self, error: Exception) -> None:
        """Log an unexpected error with its traceback and exit; no traceback on screen.

        Textual would print a full traceback with locals on exit; a user should get one line
        (printed by the CLI) and the details in the log file. ``--debug`` keeps Textual's.
        """
        if self.debug_mode:
            super()._handle_exception(error)
            return
        logging.getLogger("linareader").error("unexpected error in the reader", exc_info=error)
        self.crash = error
        self._return_code = 1
        if self._exception is None:  # keeps run_test re-raising it, as tests expect
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

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
