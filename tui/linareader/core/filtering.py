"""The sidebar filter: free text matches titles; ``tag:``, ``author:``, ``feed:``, ``unread``.

Matching folds case and accents, so "societe" finds "Société" — the way a French reader types
on an English keyboard. Kept UI-free so the rules are tested without an event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from linareader.core.article import Article
from linareader.core.textsearch import fold

__all__ = ["LibraryFilter", "fold"]


@dataclass(frozen=True, slots=True)
class LibraryFilter:
    """A parsed filter expression; every part must match."""

    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    unread: bool = False

    @classmethod
    def parse(cls, text: str) -> LibraryFilter:
        """Parse ``"open source tag:ia unread"`` into its parts."""
        words: list[str] = []
        tags: list[str] = []
        authors: list[str] = []
        feeds: list[str] = []
        unread = False
        for token in text.split():
            key, _, value = token.partition(":")
            key = key.casefold()
            if value and key == "tag":
                tags.append(fold(value))
            elif value and key == "author":
                authors.append(fold(value))
            elif value and key == "feed":
                feeds.append(fold(value))
            elif token.casefold() in ("unread", "is:unread"):
                unread = True
            else:
                words.append(fold(token))
        return cls(tuple(words), tuple(tags), tuple(authors), tuple(feeds), unread)

    @property
    def empty(self) -> bool:
        """True when the filter lets everything through."""
        return not (self.words or self.tags or self.authors or self.feeds or self.unread)

    def matches(self, article: Article, is_unread: Callable[[str], bool]) -> bool:
        """Whether *article* passes; *is_unread* tells unread/reading from read."""
        if self.unread and not is_unread(article.id):
            return False
        title = fold(article.title)
        if not all(word in title for word in self.words):
            return False
        tags = [fold(tag) for tag in article.tags]
        if not all(any(tag.startswith(want) for tag in tags) for want in self.tags):
            return False
        author = fold(article.author)
        if not all(want in author for want in self.authors):
            return False
        feed = (
            fold(article.origin.removeprefix("feed:")) if article.origin.startswith("feed:") else ""
        )
        return all(feed and want in feed for want in self.feeds)

    def apply(self, articles: Iterable[Article], is_unread: Callable[[str], bool]) -> list[Article]:
        """Return the articles that pass, in order."""
        return [article for article in articles if self.matches(article, is_unread)]
