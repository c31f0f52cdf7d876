"""Library-wide search on the reader screen: ``ctrl+k``, then the article opens at the match."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widgets import Input

from linareader.core.article import read_article_text
from linareader.core.errors import LinareaderError
from linareader.core.state import Position
from linareader.ui.screen_base import ReaderScreen

if TYPE_CHECKING:
    from linareader.core.search import SearchHit

__all__ = ["SearchActions"]


class SearchActions(ReaderScreen):
    """Opens the search screen and lands on the chosen match, highlighted."""

    BINDINGS = [Binding("ctrl+k", "search_library", "Search", id="search-library")]

    def action_search_library(self) -> None:
        """Search titles, authors, tags and text of every article."""
        if self.paths is None:
            return
        # sqlite3 and the index code load on first use, not at start-up.
        from linareader.core.search import SearchIndex
        from linareader.ui.search_screen import SearchScreen

        index = SearchIndex.in_dir(self.paths.cache_dir)

        def chosen(hit: SearchHit | None) -> None:
            if hit is not None:
                self.open_match(hit)

        self.app.push_screen(SearchScreen(index, self.library), chosen)

    def open_match(self, hit: SearchHit) -> None:
        """Open *hit*'s article at the top and find the matched text (``n``/``N`` continue)."""
        from linareader.core.searchtext import locate

        text = ""
        try:
            where = locate(read_article_text(hit.article.path).body, hit.terms)
            text = where.text if where is not None else ""
        except LinareaderError:
            text = ""
        self.pending_find = text
        self.open_article(hit.article, Position("", 0))

    def after_show(self) -> None:
        """Start the find that the chosen search result asked for."""
        if self.pending_find:
            field = self.find_bar().query_one("#find-input", Input)
            self.find_bar().add_class("-open")
            field.value = self.pending_find
            self.pending_find = ""
