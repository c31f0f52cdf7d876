"""The main screen: the reader screen with its features joined in."""

from __future__ import annotations

from linareader.ui.screen_bookmarks import BookmarkActions
from linareader.ui.screen_downloads import DownloadActions
from linareader.ui.screen_find import FindActions
from linareader.ui.screen_links import LinkActions
from linareader.ui.screen_search import SearchActions

__all__ = ["MainScreen"]


class MainScreen(SearchActions, FindActions, LinkActions, BookmarkActions, DownloadActions):
    """Library on the left, the article in the middle, its contents on the right."""
