"""The reader screen's base: layout, library list, opening articles, position and read state.

Widgets post messages up (an entry chosen, the reader moved); this screen reads and writes the
state store and sets attributes down. Reading files happens in a thread worker so a large
article never blocks the keyboard.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, ProgressBar
from textual.worker import get_current_worker

from linareader.core.article import (
    START_BYTES,
    Article,
    ArticleText,
    count_words,
    read_article_text,
    reading_minutes,
)
from linareader.core.document import Document, Heading, split_document, split_start
from linareader.core.errors import LinareaderError
from linareader.core.filtering import LibraryFilter
from linareader.core.history import History, Visit
from linareader.core.i18n import _, format_date, reading_time
from linareader.core.library import Library
from linareader.core.opening import over_size_limit, plain_view
from linareader.core.paths import Paths
from linareader.core.render import Line, Span
from linareader.core.render.wrap import glues_french, wrap
from linareader.core.sanitize import clean_line
from linareader.core.sections import find_bookmarked_heading
from linareader.core.settings import Settings
from linareader.core.state import Position, StateStore
from linareader.ui.article_list import ArticleList
from linareader.ui.key_bar import KeyBar
from linareader.ui.reader_view import ReaderView
from linareader.ui.toc import TableOfContents

__all__ = ["ReaderScreen", "header_lines"]


@dataclass(slots=True)
class _Open:
    """The article on screen and its parsed document."""

    article: Article
    document: Document


def _shows(start: Document, position: Position | None) -> bool:
    """Whether *position* is in a section that the start of a document holds whole."""
    if position is None or (position.anchor == "" and position.block == 0):
        return True
    section = start.section_of_anchor(position.anchor)
    return section is not None and section < start.chunks[-1].section


def header_lines(article: Article, width: int, *, notice: str | None = None) -> list[Line]:
    """The block above the text: title, then author, date, reading time, then tags, then
    *notice* (why the text is shown as it is)."""
    french = glues_french(article.lang)
    lines = wrap([Span(article.title, "title")], width, french=french)
    details = [article.author, format_date(article.date) if article.date else ""]
    details.append(reading_time(reading_minutes(article.words, article.lang)))
    lines += wrap([Span(" · ".join(part for part in details if part), "meta")], width)
    if article.tags:
        lines += wrap([Span("  ".join(f"#{tag}" for tag in article.tags), "meta")], width)
    if notice:
        lines += wrap([Span(notice, "meta")], width)
    return lines


class ReaderScreen(Screen[None]):
    """Library on the left, the article in the middle, its contents on the right.

    Features (bookmarks, find, links) are mixins in their own modules; ``MainScreen`` joins them.
    """

    BINDINGS = [
        Binding("t", "toggle_toc", _("Contents"), id="toggle-toc"),
        Binding("f", "focus_mode", _("Focus"), show=False, id="focus-mode"),
        Binding("m", "toggle_read", _("Read"), id="toggle-read"),
        Binding("u", "unread_only", _("Unread only"), show=False, id="unread-only"),
        Binding("J", "next_article", _("Next article"), show=False, id="next-article"),
        Binding("K", "previous_article", _("Previous article"), show=False, id="previous-article"),
        Binding("escape", "clear_filter", _("Clear filter"), show=False, id="clear-filter"),
    ]

    def __init__(self, library: Library, state: StateStore, *, reader_width: int) -> None:
        super().__init__()
        self.library = library
        self.state = state
        self.reader_width = reader_width
        self.extra: list[Article] = []
        self.current: _Open | None = None
        self.filter = LibraryFilter()
        self.unread_only = False
        self.start_article: Article | None = None
        self.start_text: ArticleText | None = None  # already read by the command line
        self._waiting_for: str | None = None  # the last article, until the library has it
        self.pending_find = ""
        self.paths: Paths | None = None
        self.settings = Settings()
        self.rescan: Callable[[], Library] | None = None
        self.history = History()
        self._saved_section = -1
        self._open_serial = 0  # counts open_article calls: only the last one's load shows
        self._save_scheduled = False
        self._painted = threading.Event()  # set once the first frame is on screen

    # -- composition -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the three panes, footer."""
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="sidebar-box"):
                yield ArticleList(id="sidebar")
            yield ReaderView(width=self.reader_width, id="reader")
            yield TableOfContents(id="toc")
        # The bars and the filter field are filled in the first time they are needed: their
        # widgets and styles would make every start slower for what most sessions never open.
        yield Horizontal(id="status-bar")
        yield Horizontal(id="find-bar")
        yield KeyBar(id="keys")

    def find_bar(self) -> Horizontal:
        """The find bar (a field and the match count), filled on first use."""
        bar = self.query_one("#find-bar", Horizontal)
        if not bar.children:
            bar.mount(Input(placeholder=_("find in article"), id="find-input"))
            bar.mount(Label("", id="find-count"))
        return bar

    def status_bar(self) -> Horizontal:
        """The download progress bar (a message and a progress bar), filled on first use."""
        bar = self.query_one("#status-bar", Horizontal)
        if not bar.children:
            bar.mount(Label("", id="status-text"))
            bar.mount(ProgressBar(id="status-progress", show_eta=False))
        return bar

    def filter_field(self) -> Input:
        """The sidebar's filter field, added above the list on first use."""
        found = self.query("#filter").results(Input)
        field = next(found, None)
        if field is None:
            field = Input(placeholder=_("filter: words tag: author: feed: unread"), id="filter")
            self.query_one("#sidebar-box").mount(field, before=0)
        return field

    def on_mount(self) -> None:
        """Fill the sidebar; reopen the requested article, or the last one, where it was."""
        self.call_after_refresh(self._painted.set)
        self.refresh_list()
        self.sidebar.focus()
        article = self.start_article
        last = self.state.last_article
        if article is None and last:
            article = self.library.get(last)
            if article is None and Path(last).is_absolute():  # opened by path last time
                try:
                    article = self.library.resolve(last)
                except LinareaderError:
                    article = None
            if article is None:  # perhaps not scanned yet: open it when the library has it
                self._waiting_for = last
        if article is not None:
            self.open_article(article)

    def set_library(self, library: Library) -> None:
        """Show a newer library (from the background scan), keeping the highlighted entry.

        The last article opens once it appears, unless the reader has opened another since.
        """
        if not self.is_mounted:  # a fast scan can beat the first compose: after the mount
            self.call_later(self.set_library, library)
            return
        self.library = library
        self.extra = [a for a in self.extra if library.get(a.id) is None]
        if self.current is not None:
            fresh = library.get(self.current.article.id)
            if fresh is not None:
                self.current.article = fresh
        # Nothing open and the cursor on the first entry: it stays on the first (newest) one,
        # rather than following an article that the newer ones push down the list.
        at_top = self.current is None and self.sidebar.highlighted in (None, 0)
        self.refresh_list()
        if at_top and self.sidebar.articles:
            self.sidebar.highlighted = 0
        waiting = self._waiting_for
        if waiting is not None and self.current is None:
            article = library.get(waiting)
            if article is not None:
                self._waiting_for = None
                self.open_article(article)

    def library_complete(self) -> None:
        """The background scan ended: stop waiting for an article it did not find."""
        if not self.is_mounted:
            self.call_later(self.library_complete)
            return
        self._waiting_for = None

    @property
    def reader(self) -> ReaderView:
        """The reader pane."""
        return self.query_one(ReaderView)

    @property
    def sidebar(self) -> ArticleList:
        """The library list."""
        return self.query_one(ArticleList)

    @property
    def toc(self) -> TableOfContents:
        """The table of contents."""
        return self.query_one(TableOfContents)

    # -- library list ------------------------------------------------------------------------

    def _is_unread(self, article_id: str) -> bool:
        return self.state.article(article_id).state != "read"

    def all_articles(self) -> list[Article]:
        """Articles opened from outside the library first, then the library."""
        return [*self.extra, *self.library.articles]

    def refresh_list(self) -> None:
        """Show the articles that pass the filter (and the unread-only view)."""
        wanted = self.filter
        if self.unread_only and not wanted.unread:
            wanted = LibraryFilter(wanted.words, wanted.tags, wanted.authors, wanted.feeds, True)
        articles = wanted.apply(self.all_articles(), self._is_unread)
        self.sidebar.show_articles(articles, self.state.article, self._bookmark_count)

    def _bookmark_count(self, article_id: str) -> int:
        return len(self.state.bookmarks(article_id))

    def refresh_entry(self, article: Article) -> None:
        """Redraw the sidebar entry of *article*."""
        self.sidebar.refresh_article(
            article, self.state.article(article.id), self._bookmark_count(article.id)
        )

    def find_article(self, article_id: str) -> Article | None:
        """The library article with this id, or one opened by path."""
        found = self.library.get(article_id)
        if found is None:
            found = next((a for a in self.extra if a.id == article_id), None)
        return found

    # -- opening -----------------------------------------------------------------------------

    def open_article(
        self,
        article: Article,
        position: Position | None = None,
        *,
        section: tuple[str, str] | None = None,
        record: bool = True,
    ) -> None:
        """Open *article* at *position* (default: where the reader left it).

        With *record*, the place being left goes into the back/forward history.
        """
        self._waiting_for = None
        if record:
            self.record_visit()
        if self.find_article(article.id) is None:
            self.extra.append(article)
            self.refresh_list()
        self.remember_position()
        self.state.opened(article.id)
        self.save_soon()
        self.refresh_entry(article)
        self.sidebar.highlight_article(article.id)
        saved = self.state.article(article.id).position
        self._open_serial += 1
        serial = self._open_serial
        text, self.start_text = self.start_text, None
        if text is not None and article.path != getattr(self.start_article, "path", None):
            text = None
        if text is not None and over_size_limit(text.size, self.settings.reader_max_size):
            text = None  # too large to parse: the worker shows it as plain text
        position = position or saved
        if text is not None:  # read by the command line: on screen in the very first frame
            start = split_start(text.body)
            if start is None and text.complete:
                self._show(article, split_document(text.body), position, section)
                return
            if start is not None and section is None and _shows(start, position):
                self._show(article, start, position, None, complete=False)
                self._load(article, position, None, serial, text, shown=start)
                return
        self._load(article, position, section, serial, text)

    @work(thread=True, exclusive=True, group="open")
    def _load(
        self,
        article: Article,
        position: Position | None,
        section: tuple[str, str] | None,
        serial: int,
        text: ArticleText | None = None,
        *,
        shown: Document | None = None,
    ) -> None:
        """Read and split the article; a long one shows its start first, then the whole.

        *shown* is the start of *text* when it is on screen already: only the rest is left.
        Past ``reader.max_size`` the sanitised source is shown as plain text instead. Opening
        another article cancels this; a thread cannot be stopped, so a cancelled load finishes
        its read and split and drops the result (*serial* is that of its ``open_article``): an
        article opened later is never replaced by one opened earlier that took longer.
        """
        worker = get_current_worker()
        while not self._painted.wait(0.01):  # the first frame first: do not compete with it
            if worker.is_cancelled:
                return
        try:
            if text is None:
                plain = plain_view(article.path, limit_mb=self.settings.reader_max_size)
                if plain is not None:
                    if not worker.is_cancelled:
                        self.app.call_from_thread(
                            self._show,
                            article,
                            plain.document,
                            position,
                            section,
                            plain.notice,
                            serial,
                        )
                    return
                text = read_article_text(article.path, start=START_BYTES)
            start = shown or split_start(text.body)
            if start is None or section is not None or not _shows(start, position):
                start = None
                if not text.complete:
                    text = read_article_text(article.path)
            elif shown is None:
                self.app.call_from_thread(
                    self._show, article, start, position, None, None, serial, complete=False
                )
            if start is not None and not text.complete and not worker.is_cancelled:
                text = read_article_text(article.path)
        except LinareaderError as error:  # one clean line, never a traceback
            if not worker.is_cancelled:
                message = clean_line(str(error))
                self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        if worker.is_cancelled:
            return
        document = split_document(text.body)
        if worker.is_cancelled:
            return
        if start is None:
            self.app.call_from_thread(
                self._show, article, document, position, section, None, serial
            )
            return
        self.app.call_from_thread(self._extend, start, document)
        words = count_words(text.body)  # after: a `G` pressed meanwhile need not wait for it
        if not worker.is_cancelled:
            self.app.call_from_thread(self._set_words, document, words)

    def _extend(self, start: Document, document: Document) -> None:
        """The whole document whose *start* is on screen (if it still is)."""
        current = self.current
        if current is None or current.document is not start:
            return
        current.document = document
        self.reader.extend(document)
        self.toc.show_headings(document.headings, self._bookmarked_anchors())

    def _set_words(self, document: Document, words: int) -> None:
        """The article's length, counted once the whole of it was read (if still open)."""
        current = self.current
        if current is None or current.document is not document:
            return
        if words != current.article.words:  # it was an estimate from the start of the file
            article = replace(current.article, words=words)
            current.article = article
            self.extra = [article if a.id == article.id else a for a in self.extra]
            self.reader.set_header(partial(header_lines, article))

    def _show(
        self,
        article: Article,
        document: Document,
        position: Position | None,
        section: tuple[str, str] | None,
        notice: str | None = None,
        serial: int | None = None,
        *,
        complete: bool = True,
    ) -> None:
        if serial is not None and serial != self._open_serial:
            return  # a later open_article is on its way
        self.current = _Open(article, document)
        self._saved_section = -1
        self.sub_title = article.title
        bookmarked = self._bookmarked_anchors()
        self.reader.set_bookmarked(bookmarked)
        header = partial(header_lines, article, notice=notice)
        self.reader.show(document, header, position, lang=article.lang, complete=complete)
        self.toc.show_headings(document.headings, bookmarked)
        if notice is not None:
            self.notify(notice, severity="warning", markup=False)
        if section is not None and not self.go_to_anchor(*section):
            self.notify(
                _("Section not found: {value}").format(value=section[1]),
                severity="warning",
                markup=False,
            )
        self.after_show()
        self.reader.focus()

    def go_to_anchor(self, anchor: str, heading_text: str = "") -> bool:
        """Scroll to the section with *anchor* (or, failing that, *heading_text*)."""
        if self.current is None:
            return False
        heading = find_bookmarked_heading(self.current.document.headings, anchor, heading_text)
        if heading is None:
            return False
        self.reader.go_to_section(self.current.document.chunks[heading.chunk].section)
        return True

    def remember_position(self) -> None:
        """Record where the reader is in the open article (saved with the next save)."""
        if self.current is None or self.reader.document is None:
            return
        position = self.reader.position()
        progress = self.reader.progress
        previous = self.state.article(self.current.article.id)
        if previous.position != position or abs(previous.progress - progress) > 1e-4:
            self.state.set_position(self.current.article.id, position, progress)

    def after_show(self) -> None:
        """Called once an article is on screen (features hook in here)."""

    def record_visit(self) -> None:
        """Remember the current place before going somewhere else."""
        if self.current is not None and self.reader.document is not None:
            self.history.leave(Visit(self.current.article.id, self.reader.position()))

    def save_soon(self) -> None:
        """Write the state file once the next frame is on screen.

        A save is a locked read, a write and two fsyncs, tens of milliseconds on some disks:
        opening an article or crossing a section must not hold back the frame that shows it.
        Calls before that frame make one save; leaving and quitting save at once.
        """
        if not self._save_scheduled:
            self._save_scheduled = True
            self.call_after_refresh(self._save_scheduled_now)

    def _save_scheduled_now(self) -> None:
        self._save_scheduled = False
        self.state.save()

    def save_now(self) -> None:
        """Remember the position and write the state file (on leaving and quitting)."""
        self.remember_position()
        self.state.save()

    # -- messages from children --------------------------------------------------------------

    def on_article_list_selected(self, event: ArticleList.Selected) -> None:
        """Open the article chosen in the sidebar."""
        self.open_article(event.article)

    @on(OptionList.OptionSelected, "#toc")
    def _heading_chosen(self, event: OptionList.OptionSelected) -> None:
        if self.current is not None and 0 <= event.option_index < len(self.toc.headings):
            heading = self.toc.headings[event.option_index]
            self.reader.go_to_section(self.current.document.chunks[heading.chunk].section)
            self.reader.focus()

    def on_reader_view_moved(self, event: ReaderView.Moved) -> None:
        """Follow the reader in the TOC; reaching the end marks the article read."""
        if self.current is None:
            return
        heading = self._current_heading()
        if heading is not None:
            self.toc.follow(heading)
        article = self.current.article
        if event.at_end and self.state.article(article.id).state != "read":
            self.remember_position()
            self.state.mark(article.id, "read")
            self.save_soon()
            self.refresh_entry(article)
            return
        # Keep the sidebar's percentage live, and save at each new section (cheap, and a
        # crash or a closed terminal then loses at most one section of reading).
        percent = round(self.reader.progress * 100)
        if percent != round(self.state.article(article.id).progress * 100):
            self.remember_position()
            self.refresh_entry(article)
        if event.section != self._saved_section:
            self._saved_section = event.section
            self.remember_position()
            self.save_soon()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter = LibraryFilter.parse(event.value)
        self.refresh_list()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.sidebar.focus()

    # -- actions -----------------------------------------------------------------------------

    def action_start_filter(self) -> None:
        """Show the filter input in the sidebar."""
        field = self.filter_field()
        field.add_class("-open")
        field.focus()

    def action_clear_filter(self) -> None:
        """Esc: clear and hide the filter."""
        field = next(self.query("#filter").results(Input), None)
        if field is not None and field.has_class("-open"):
            field.value = ""
            field.remove_class("-open")
            self.sidebar.focus()

    def action_toggle_toc(self) -> None:
        """Show or hide the table of contents."""
        self.toggle_class("-toc")
        self.remove_class("-focus-mode")
        if not self.has_class("-toc") and self.focused is self.toc:
            self.reader.focus()

    def on_resize(self) -> None:
        """Below 120 columns the contents replace the sidebar, so the text keeps ~60 columns."""
        self.set_class(self.size.width < 120, "-narrow")

    def action_focus_mode(self) -> None:
        """Hide the sidebar and the TOC to read full-width (and back)."""
        self.toggle_class("-focus-mode")
        if self.has_class("-focus-mode"):
            self.reader.focus()

    def action_toggle_read(self) -> None:
        """Mark the selected (or open) article read or unread."""
        article = self.sidebar.highlighted_article
        if self.focused is self.reader and self.current is not None:
            article = self.current.article
        if article is None:
            return
        new = self.state.toggle_read(article.id)
        self.state.save()
        self.refresh_entry(article)
        self.notify(
            (_("Marked read: {title}") if new == "read" else _("Marked unread: {title}")).format(
                title=article.title
            ),
            markup=False,
            timeout=2,
        )

    def action_unread_only(self) -> None:
        """Show only unread and in-progress articles (and back)."""
        self.unread_only = not self.unread_only
        self.refresh_list()
        self.notify(_("Unread articles only") if self.unread_only else _("All articles"), timeout=2)

    def _step_article(self, step: int) -> None:
        articles = self.sidebar.articles
        if not articles:
            return
        current = self.current.article.id if self.current else None
        ids = [a.id for a in articles]
        index = ids.index(current) + step if current in ids else 0
        if 0 <= index < len(articles):
            self.open_article(articles[index])

    def action_next_article(self) -> None:
        """Open the next article of the list."""
        self._step_article(1)

    def action_previous_article(self) -> None:
        """Open the previous article of the list."""
        self._step_article(-1)

    def _bookmarked_anchors(self) -> set[str]:
        if self.current is None:
            return set()
        return {mark.anchor for mark in self.state.bookmarks(self.current.article.id)}

    def _current_heading(self) -> Heading | None:
        if self.current is None or self.current.document.section_count == 0:
            return None
        document = self.current.document
        return document.chunks[document.chunks_of_section(self.reader.section)[0]].heading
