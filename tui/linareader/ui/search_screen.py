"""``ctrl+k``: search the whole library; choosing a result opens the article at the match.

The index is brought up to date in a thread worker (progress shown, queries already see what
is indexed); each query runs in its own worker, so typing never waits.
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from linareader.core.errors import LinareaderError
from linareader.core.i18n import _
from linareader.core.library import Library
from linareader.core.sanitize import clean_line
from linareader.core.search import SearchHit, SearchIndex
from linareader.ui.lists import KeyList

__all__ = ["SearchScreen"]


class SearchScreen(ModalScreen[SearchHit | None]):
    """A query field, the status of the index, and ranked results with snippets."""

    BINDINGS = [Binding("escape", "close", _("Close"), id="search-close")]

    def __init__(self, index: SearchIndex, library: Library) -> None:
        super().__init__()
        self.index = index
        self.library = library
        self.hits: list[SearchHit] = []

    def compose(self) -> ComposeResult:
        """Title, query, status, results."""
        with Vertical(id="search-box"):
            yield Label(_("Search the library"), id="search-title")
            yield Input(placeholder=_('words, "a phrase" (accents optional)'), id="search-input")
            yield Label("", id="search-status")
            yield KeyList(id="search-results")

    def on_mount(self) -> None:
        """Start indexing what changed, and take the query."""
        self.query_one("#search-input", Input).focus()
        self._index_library()

    @work(thread=True, exclusive=True, group="search-index")
    def _index_library(self) -> None:
        worker = get_current_worker()
        call = self.app.call_from_thread

        def progress(done: int, total: int) -> None:
            call(
                self._status,
                _("Indexing {done}/{total} articles…").format(done=done, total=total)
                if done < total
                else "",
            )

        try:
            self.index.update(
                self.library.articles, progress=progress, should_stop=lambda: worker.is_cancelled
            )
        except LinareaderError as error:
            call(self._status, clean_line(str(error)))
            return
        call(self._status, "")
        call(self._run_query)

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Label).update(text)

    @on(Input.Changed, "#search-input")
    def _run_query(self) -> None:
        self._search(self.query_one("#search-input", Input).value)

    @work(thread=True, exclusive=True, group="search-query")
    def _search(self, query: str) -> None:
        if not query.strip():
            hits: list[SearchHit] = []
        else:
            try:
                hits = self.index.search(query, self.library, limit=50)
            except LinareaderError as error:
                self.app.call_from_thread(self._status, clean_line(str(error)))
                return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, hits)

    def _show(self, query: str, hits: list[SearchHit]) -> None:
        self.hits = hits
        results = self.query_one("#search-results", KeyList)
        options = []
        for hit in hits:
            snippet = Content(hit.snippet)
            for start, end in hit.highlights:
                snippet = snippet.stylize("bold $accent", start, end)
            options.append(Option(Content.assemble((hit.article.title, "bold"), "\n  ", snippet)))
        results.set_options(options)
        if hits:
            results.highlighted = 0
        elif query.strip():
            results.add_option(Option(Content(_("No article matches.")), disabled=True))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self.hits:
            self.dismiss(self.hits[self.query_one("#search-results", KeyList).highlighted or 0])

    @on(KeyList.OptionSelected, "#search-results")
    def _chosen(self, event: KeyList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.hits):
            self.dismiss(self.hits[event.option_index])

    def on_key(self, event: events.Key) -> None:
        """Down arrow from the query goes to the results."""
        if event.key == "down":
            results = self.query_one("#search-results", KeyList)
            if self.query_one("#search-input", Input).has_focus and self.hits:
                results.focus()

    def action_close(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
