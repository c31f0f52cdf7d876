"""The changes a session makes to the reading state, kept as values so they can be replayed.

A :class:`~linareader.core.state.StateStore` applies each operation to its own view at once and
keeps it until the next save, which replays the pending operations onto the file as it is on disk
*then*. Two processes that change different entries thus never undo each other, as they would by
each writing back the whole state they loaded.

Each operation says what the user meant, not the entry it produced: replaying "mark read" keeps a
reading position another process saved meanwhile. Within one entry the last save wins for the
fields an operation touches; that is also what the user saw last in their own window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Protocol

from linareader.core.state_model import (
    ArticleState,
    Bookmark,
    Position,
    ReadState,
    Stamped,
    StateData,
)

__all__ = [
    "AddBookmark",
    "Mark",
    "Open",
    "Operation",
    "RemoveBookmark",
    "SetNote",
    "SetPosition",
    "SetSetting",
]


class Operation(Protocol):
    """One change, replayable onto any copy of the state."""

    def apply(self, data: StateData) -> None:
        """Make the change in *data*."""


@dataclass(frozen=True)
class Mark:
    """Set an article's reading state (toggling is recorded as the state it produced)."""

    article: str
    state: ReadState
    stamp: str

    def apply(self, data: StateData) -> None:
        """Set the state, keeping progress and position."""
        entry = data.articles.get(self.article, ArticleState())
        data.articles[self.article] = replace(entry, state=self.state, updated=self.stamp)


@dataclass(frozen=True)
class Open:
    """The user opened an article: it is being read, unless it was finished already."""

    article: str
    stamp: str

    def apply(self, data: StateData) -> None:
        """Promote ``unread`` to ``reading`` and remember the article as the last one."""
        entry = data.articles.get(self.article, ArticleState())
        state: ReadState = "reading" if entry.state == "unread" else entry.state
        data.articles[self.article] = replace(entry, state=state, updated=self.stamp)
        data.last_article = Stamped(self.article, self.stamp)


@dataclass(frozen=True)
class SetPosition:
    """Remember where the reader is; the reading state is the user's call, not the scroll's."""

    article: str
    position: Position
    progress: float
    stamp: str

    def apply(self, data: StateData) -> None:
        """Set position and progress, keeping the state."""
        entry = data.articles.get(self.article, ArticleState())
        data.articles[self.article] = replace(
            entry, position=self.position, progress=self.progress, updated=self.stamp
        )


@dataclass(frozen=True)
class AddBookmark:
    """Bookmark a section; on a live bookmark this refreshes its heading (and note, if given)."""

    article: str
    anchor: str
    heading: str
    note: str | None
    stamp: str

    def apply(self, data: StateData) -> None:
        """Update the live bookmark, or create one (reviving a tombstone as a new bookmark)."""
        key = (self.article, self.anchor)
        known = data.bookmarks.get(key)
        if known is not None and known.removed is None:
            note = known.note if self.note is None else self.note
            data.bookmarks[key] = replace(
                known, heading=self.heading, note=note, updated=self.stamp
            )
        else:
            data.bookmarks[key] = Bookmark(
                self.article, self.anchor, self.heading, self.note or "", self.stamp, self.stamp
            )


@dataclass(frozen=True)
class SetNote:
    """Change a bookmark's note; *bookmark* is the bookmark as the user saw it after the edit."""

    bookmark: Bookmark

    def apply(self, data: StateData) -> None:
        """Set the note; if another process removed the bookmark meanwhile, bring it back.

        The user has just typed that note: losing it silently would be worse than keeping a
        bookmark someone removed in another window a moment earlier.
        """
        key = (self.bookmark.article, self.bookmark.anchor)
        known = data.bookmarks.get(key)
        if known is not None and known.removed is None:
            data.bookmarks[key] = replace(
                known, note=self.bookmark.note, updated=self.bookmark.updated
            )
        else:
            data.bookmarks[key] = self.bookmark


@dataclass(frozen=True)
class RemoveBookmark:
    """Remove a bookmark, leaving a tombstone so that no older copy can bring it back."""

    bookmark: Bookmark
    """The live bookmark as the user saw it, for the tombstone if the file has lost it."""
    stamp: str

    def apply(self, data: StateData) -> None:
        """Turn the bookmark into a tombstone; an existing tombstone keeps its first removal."""
        key = (self.bookmark.article, self.bookmark.anchor)
        known = data.bookmarks.get(key, self.bookmark)
        if known.removed is None:
            data.bookmarks[key] = replace(known, removed=self.stamp, updated=self.stamp)


@dataclass(frozen=True)
class SetSetting:
    """Set the last article or the theme."""

    name: Literal["last_article", "theme"]
    value: str | None
    stamp: str

    def apply(self, data: StateData) -> None:
        """Replace the setting."""
        if self.name == "theme":
            data.theme = Stamped(self.value, self.stamp)
        else:
            data.last_article = Stamped(self.value, self.stamp)
