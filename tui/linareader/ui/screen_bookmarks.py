"""Section bookmarks on the reader screen: toggle with a note, list, jump."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from textual.binding import Binding

from linareader.core.article import read_article_text
from linareader.core.document import Heading, split_document
from linareader.core.errors import LinareaderError
from linareader.core.i18n import _
from linareader.core.sections import find_bookmarked_heading
from linareader.core.state import Bookmark
from linareader.ui.bookmarks_screen import BookmarksScreen
from linareader.ui.dialogs import PromptDialog
from linareader.ui.screen_base import ReaderScreen

__all__ = ["BookmarkActions"]


@lru_cache(maxsize=64)
def _cached_headings(path: Path, _size: int, _mtime_ns: int) -> tuple[Heading, ...]:
    try:
        return tuple(split_document(read_article_text(path).body).headings)
    except LinareaderError:
        return ()


def _headings_of(path: Path) -> tuple[Heading, ...]:
    """The headings of the article at *path*, read again only when the file changed."""
    try:
        info = path.stat()
    except OSError:
        return ()
    return _cached_headings(path, info.st_size, info.st_mtime_ns)


class BookmarkActions(ReaderScreen):
    """``b`` bookmarks the section at the top (or removes its bookmark); ``B`` lists them."""

    BINDINGS = [
        Binding("b", "toggle_bookmark", _("Bookmark"), id="toggle-bookmark"),
        Binding("B", "bookmarks", _("Bookmarks"), id="bookmarks"),
    ]

    def _after_bookmarks_changed(self) -> None:
        if self.current is None:
            return
        bookmarked = self._bookmarked_anchors()
        self.reader.set_bookmarked(bookmarked)
        self.toc.show_headings(self.current.document.headings, bookmarked)
        self.refresh_entry(self.current.article)

    def state_changed(self) -> None:
        """Show the state anew after it changed behind the session's back (a merge)."""
        self.refresh_list()
        self._after_bookmarks_changed()

    def action_toggle_bookmark(self) -> None:
        """Bookmark the section at the top of the view (with a note), or remove its bookmark."""
        heading = self._current_heading()
        if self.current is None or heading is None:
            self.notify(_("Scroll to a section to bookmark it."), timeout=3)
            return
        article = self.current.article
        if self.state.bookmark(article.id, heading.anchor) is not None:
            self.state.remove_bookmark(article.id, heading.anchor)
            self.state.save()
            self._after_bookmarks_changed()
            self.notify(
                _("Bookmark removed: {title}").format(title=heading.title), markup=False, timeout=3
            )
            return

        def done(note: str | None) -> None:
            if note is None:
                return
            self.state.add_bookmark(article.id, heading.anchor, heading.title, note)
            self.state.save()
            self._after_bookmarks_changed()
            self.notify(
                _("Bookmarked: {title}").format(title=heading.title), markup=False, timeout=3
            )

        self.app.push_screen(
            PromptDialog(
                _("Bookmark “{title}”").format(title=heading.title),
                placeholder=_("note (optional)"),
            ),
            done,
        )

    def _bookmark_found(self, mark: Bookmark) -> bool:
        article = self.find_article(mark.article)
        if article is None:
            return False
        headings = _headings_of(article.path)
        return find_bookmarked_heading(headings, mark.anchor, mark.heading) is not None

    def _title_of(self, article_id: str) -> str:
        article = self.find_article(article_id)
        return article.title if article else article_id

    def action_bookmarks(self) -> None:
        """List every bookmark; choosing one opens its article at its section."""

        def chosen(mark: Bookmark | None) -> None:
            self._after_bookmarks_changed()
            self.refresh_list()
            if mark is None:
                return
            article = self.find_article(mark.article)
            if article is None:
                self.notify(_("That article is no longer in the library."), severity="warning")
                return
            self.open_article(article, section=(mark.anchor, mark.heading))

        self.app.push_screen(
            BookmarksScreen(self.state, self._title_of, self._bookmark_found), chosen
        )
