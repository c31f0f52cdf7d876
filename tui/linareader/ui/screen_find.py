"""Find in the article: ``/`` opens the find bar, ``n``/``N`` cycle, Esc closes.

Matching folds case and accents ("societe" finds "société"). Counting runs in a thread worker
over the source, chunk by chunk, and stops as soon as the query changes, so typing in a 5 MB
article never waits for the previous query.
"""

from __future__ import annotations

from textual import on, work
from textual.binding import Binding
from textual.widgets import Input, Label
from textual.worker import get_current_worker

from linareader.core.textsearch import count_per_chunk
from linareader.ui.screen_base import ReaderScreen

__all__ = ["FindActions"]


class FindActions(ReaderScreen):
    """The find bar and its keys."""

    BINDINGS = [Binding("escape", "close_find", "Close find", show=False, id="close-find")]

    @property
    def find_input(self) -> Input:
        """The text field of the find bar."""
        return self.find_bar().query_one("#find-input", Input)

    def action_start_find(self) -> None:
        """Open the find bar with the current query selected."""
        if self.current is None:
            self.notify("Open an article first.", timeout=2)
            return
        self.find_bar().add_class("-open")
        self.find_input.focus()

    def action_close_find(self) -> None:
        """Close the find bar and remove the highlights (Esc)."""
        bar = self.query_one("#find-bar")
        if bar.has_class("-open") or self.reader.find_query:
            bar.remove_class("-open")
            self.reader.clear_find()
            self.reader.focus()
        else:
            self.action_clear_filter()

    def action_find_next(self) -> None:
        """Go to the next match."""
        self._step(1)

    def action_find_previous(self) -> None:
        """Go to the previous match."""
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.reader.find_query:
            self.action_start_find()
            return
        self.reader.find_step(step)
        self._show_count()

    def _show_count(self) -> None:
        reader = self.reader
        total = reader.match_count
        if not reader.find_query:
            text = ""
        elif total == 0:
            text = "no match"
        else:
            text = f"{reader.find_index + 1 if reader.find_index >= 0 else 0}/{total}"
        self.find_bar().query_one("#find-count", Label).update(text)

    @on(Input.Changed, "#find-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self._count(event.value.strip())

    @on(Input.Submitted, "#find-input")
    def _query_submitted(self) -> None:
        self.reader.focus()
        if self.reader.find_index < 0:
            self._step(1)

    @work(thread=True, exclusive=True, group="find")
    def _count(self, query: str) -> None:
        document = self.reader.document
        if document is None:
            return
        worker = get_current_worker()
        texts = (chunk.text for chunk in document.chunks)
        counts = count_per_chunk(texts, query, lambda: worker.is_cancelled)
        if counts is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._counted, document, query, counts)

    def _counted(self, document: object, query: str, counts: list[int]) -> None:
        if self.reader.document is not document:
            return
        self.reader.set_find(query, counts)
        if query and counts and sum(counts):
            self.reader.find_step(1)
        self._show_count()
