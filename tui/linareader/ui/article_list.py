"""The sidebar: the library as one Line-API widget that draws only the rows in view.

An ``OptionList`` of 10,000 entries measures every prompt up front (2-2.5x a bare app's start);
this list keeps plain article records and builds the two rows of an entry only when they are
on screen, so it costs the same with ten articles or a hundred thousand. Each entry shows the
title, then the date, an origin mark, the read state as a symbol (never by colour alone),
progress and the number of bookmarks. Titles come from untrusted files and are drawn as plain
text segments: nothing is parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from linareader.core.article import Article
from linareader.core.i18n import _
from linareader.core.render.cells import cell_len, cells_end
from linareader.core.state import ArticleState

__all__ = ["ArticleList", "entry_text"]

STATE_MARKS = {"unread": "●", "reading": "◐", "read": " "}
ORIGIN_MARKS = {"bundled": "◆", "saved": "↓", "local": "▪"}
ROWS = 2  # rows per entry: the title, then its details


def entry_details(article: Article, state: ArticleState, bookmarks: int) -> str:
    """The second row of an entry: date, origin mark, progress or read mark, bookmarks."""
    details = [article.date.isoformat() if article.date else _("undated")]
    details.append(ORIGIN_MARKS.get(article.origin, "≋"))  # feeds: ≋
    if state.state == "reading":
        details.append(f"{round(state.progress * 100)}%")
    elif state.state == "read":
        details.append(_("✓ read"))
    if bookmarks:
        details.append(f"★{bookmarks}")
    return " · ".join(details)


def entry_text(article: Article, state: ArticleState, bookmarks: int) -> str:
    """The two rows of an entry as plain text (for tests and screen readers)."""
    return (
        f"{STATE_MARKS[state.state]} {article.title}\n  {entry_details(article, state, bookmarks)}"
    )


def _fit(text: str, width: int) -> str:
    """*text* cut to *width* cells, with an ellipsis when it was longer."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return text[: cells_end(text, 0, max(0, width - 1))] + "…"


class ArticleList(ScrollView, can_focus=True):
    """The library, newest first; ``enter`` or a click opens the highlighted entry."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", _("Down"), show=False, id="list-down"),
        Binding("k,up", "cursor(-1)", _("Up"), show=False, id="list-up"),
        Binding("pagedown", "page(1)", _("Page down"), show=False, id="list-page-down"),
        Binding("pageup", "page(-1)", _("Page up"), show=False, id="list-page-up"),
        Binding("home", "jump(0)", _("First"), show=False, id="list-first"),
        Binding("end", "jump(-1)", _("Last"), show=False, id="list-last"),
        Binding("enter", "select", _("Open"), show=False, id="list-open"),
        Binding("slash", "screen.start_filter", _("Filter"), id="filter"),
    ]
    COMPONENT_CLASSES = {
        "article-list--title",
        "article-list--title-read",
        "article-list--mark",
        "article-list--details",
        "article-list--cursor",
        "article-list--cursor-blurred",
    }

    highlighted: reactive[int | None] = reactive(None)
    """Index of the entry under the cursor."""

    class Selected(Message):
        """An entry was chosen. Handle with ``on_article_list_selected``."""

        def __init__(self, article_list: ArticleList, article: Article) -> None:
            super().__init__()
            self.article_list = article_list
            self.article = article

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []
        self._state_of: Callable[[str], ArticleState] = lambda _id: ArticleState()
        self._bookmarks_of: Callable[[str], int] = lambda _id: 0
        self._rows: dict[int, tuple[Strip, Strip]] = {}
        self._index: dict[str, int] = {}

    # -- public API --------------------------------------------------------------------------

    def show_articles(
        self,
        articles: Sequence[Article],
        state_of: Callable[[str], ArticleState],
        bookmarks_of: Callable[[str], int],
    ) -> None:
        """Replace the entries, keeping the highlighted article when it is still listed."""
        current = self.highlighted_article
        self.articles = list(articles)
        self._index = {article.id: index for index, article in enumerate(self.articles)}
        self._state_of, self._bookmarks_of = state_of, bookmarks_of
        self._rows.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.articles) * ROWS)
        if current is None or not self.highlight_article(current.id):
            self.highlighted = 0 if self.articles else None
        self.refresh()

    def refresh_article(self, article: Article, state: ArticleState, bookmarks: int) -> None:
        """Redraw one entry (its state, progress or bookmark count changed)."""
        index = self._index.get(article.id)
        if index is not None:
            self._rows.pop(index, None)
            self.refresh_lines(index * ROWS, ROWS)

    def entry(self, index: int) -> str:
        """The plain text of entry *index*, as drawn."""
        article = self.articles[index]
        return entry_text(article, self._state_of(article.id), self._bookmarks_of(article.id))

    @property
    def highlighted_article(self) -> Article | None:
        """The article under the cursor."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.articles):
            return None
        return self.articles[index]

    def highlight_article(self, article_id: str) -> bool:
        """Move the cursor to *article_id*; False when it is not listed."""
        index = self._index.get(article_id)
        if index is None:
            return False
        self.highlighted = index
        return True

    # -- actions -----------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the cursor up or down."""
        if self.articles:
            current = self.highlighted if self.highlighted is not None else -step
            self.highlighted = max(0, min(len(self.articles) - 1, current + step))

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self.action_cursor(direction * max(1, self.scrollable_content_region.height // ROWS - 1))

    def action_jump(self, index: int) -> None:
        """Go to the first (0) or last (-1) entry."""
        if self.articles:
            self.highlighted = index % len(self.articles)

    def action_select(self) -> None:
        """Open the highlighted entry."""
        article = self.highlighted_article
        if article is not None:
            self.post_message(self.Selected(self, article))

    # -- Textual hooks -----------------------------------------------------------------------

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        """Redraw the two entries and keep the cursor in view."""
        for index in (old, new):
            if index is not None:
                self._rows.pop(index, None)
                self.refresh_lines(index * ROWS, ROWS)
        height = self.scrollable_content_region.height
        if new is not None and height > 0:  # before the first layout there is no view to keep
            top = round(self.scroll_y)
            first = new * ROWS
            if first < top:
                self.scroll_to(y=first, animate=False, immediate=True, force=True)
            elif first + ROWS > top + height:
                self.scroll_to(y=first + ROWS - height, animate=False, immediate=True, force=True)

    def on_focus(self) -> None:
        """The cursor looks different with focus."""
        self._repaint()

    def on_blur(self) -> None:
        """The cursor looks different without focus."""
        self._repaint()

    def on_resize(self) -> None:
        """Entries are cut to the width: build them again."""
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.articles) * ROWS)
        self._repaint()

    def on_mount(self) -> None:
        """Repaint with the new colours when the theme changes."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._repaint())

    def on_click(self, event: events.Click) -> None:
        """A click highlights and opens the entry under the pointer."""
        index = (round(self.scroll_y) + event.y) // ROWS
        if 0 <= index < len(self.articles):
            self.highlighted = index
            self.action_select()

    def _repaint(self) -> None:
        self._rows.clear()
        self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"article-list--{name}", partial=True)

    def _entry_rows(self, index: int) -> tuple[Strip, Strip]:
        rows = self._rows.get(index)
        if rows is not None:
            return rows
        article = self.articles[index]
        state = self._state_of(article.id)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index == self.highlighted:
            base += self._style("cursor" if self.has_focus else "cursor-blurred")
        title_style = base + self._style("title-read" if state.state == "read" else "title")
        details = entry_details(article, state, self._bookmarks_of(article.id))
        first = Strip(
            [
                Segment(STATE_MARKS[state.state], base + self._style("mark")),
                Segment(" ", base),
                Segment(_fit(article.title, width - 2), title_style),
            ]
        ).extend_cell_length(width, base)
        second = Strip(
            [Segment("  ", base), Segment(_fit(details, width - 2), base + self._style("details"))]
        ).extend_cell_length(width, base)
        rows = self._rows[index] = (first.crop(0, width), second.crop(0, width))
        if len(self._rows) > 1000:  # bounded: only rows near the view are worth keeping
            self._rows.pop(next(iter(self._rows)))
        return rows

    def render_line(self, y: int) -> Strip:
        """Row *y* of the view: half of an entry, or blank."""
        row = round(self.scroll_y) + y
        index = row // ROWS
        if not 0 <= index < len(self.articles):
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        return self._entry_rows(index)[row % ROWS]
