"""The sidebar: the library as one virtualised list (an ``OptionList``, not a widget per item).

Each entry shows the title, then the date, an origin mark, the read state as a symbol (never by
colour alone), progress and the number of bookmarks. Titles come from untrusted files, so they
are given to Textual as ``Content`` (never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets.option_list import Option, OptionDoesNotExist

from linareader.core.article import Article
from linareader.core.state import ArticleState
from linareader.ui.lists import KeyList

__all__ = ["ArticleList", "entry_prompt"]

STATE_MARKS = {"unread": "●", "reading": "◐", "read": " "}
ORIGIN_MARKS = {"bundled": "◆", "saved": "↓", "local": "▪"}


def entry_prompt(article: Article, state: ArticleState, bookmarks: int) -> Content:
    """The two lines of one sidebar entry."""
    mark = STATE_MARKS[state.state]
    details = [article.date.isoformat() if article.date else "undated"]
    details.append(ORIGIN_MARKS.get(article.origin, "≋"))  # feeds: ≋
    if state.state == "reading":
        details.append(f"{round(state.progress * 100)}%")
    elif state.state == "read":
        details.append("✓ read")
    if bookmarks:
        details.append(f"★{bookmarks}")
    title_style = "bold" if state.state != "read" else ""
    return Content.assemble(
        (f"{mark} ", "$accent"),
        (article.title, title_style),
        "\n  ",
        (" · ".join(details), "$text-muted"),
    )


class ArticleList(KeyList):
    """The library, newest first; selecting an entry opens it."""

    BINDINGS = [Binding("slash", "screen.start_filter", "Filter", id="filter")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.articles: list[Article] = []

    def show_articles(
        self,
        articles: Sequence[Article],
        state_of: Callable[[str], ArticleState],
        bookmarks_of: Callable[[str], int],
    ) -> None:
        """Replace the entries, keeping the highlighted article when it is still listed."""
        current = self.highlighted_article
        self.articles = list(articles)
        self.set_options(
            Option(entry_prompt(a, state_of(a.id), bookmarks_of(a.id)), id=a.id)
            for a in self.articles
        )
        if current is not None:
            self.highlight_article(current.id)
        elif self.articles:
            self.highlighted = 0

    def refresh_article(self, article: Article, state: ArticleState, bookmarks: int) -> None:
        """Redraw one entry (its state, progress or bookmark count changed)."""
        try:
            self.replace_option_prompt(article.id, entry_prompt(article, state, bookmarks))
        except OptionDoesNotExist:  # filtered out of the list right now
            return

    @property
    def highlighted_article(self) -> Article | None:
        """The article under the cursor."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.articles):
            return None
        return self.articles[index]

    def highlight_article(self, article_id: str) -> bool:
        """Move the cursor to *article_id*; False when it is not listed."""
        for index, article in enumerate(self.articles):
            if article.id == article_id:
                self.highlighted = index
                return True
        return False
