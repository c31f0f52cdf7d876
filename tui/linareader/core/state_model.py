"""The values of the reading state: per-article progress, bookmarks, and two settings.

Everything here is plain data with no I/O; :mod:`linareader.core.state_format` reads and writes
it, :mod:`linareader.core.state_ops` changes it, :mod:`linareader.core.state` owns the file.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, get_args

from linareader.core.sanitize import clean_line

__all__ = [
    "READ_STATES",
    "ArticleState",
    "Bookmark",
    "Position",
    "ReadState",
    "Stamped",
    "StateData",
    "clamp_progress",
    "clean",
    "timestamp",
]

ReadState = Literal["unread", "reading", "read"]
READ_STATES: tuple[ReadState, ...] = get_args(ReadState)

_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Position:
    """Where the reader was, in terms that survive a terminal resize or a reflow."""

    anchor: str
    """Anchor of the section the top line belongs to; ``""`` is the text before any heading."""
    block: int
    """Index of the top block (paragraph, list, code...) within that section, from 0."""


@dataclass(frozen=True)
class ArticleState:
    """How far one article has been read."""

    state: ReadState = "unread"
    """``unread`` until opened, ``reading`` once opened, ``read`` when the user says so."""
    progress: float = 0.0
    """Fraction of the article above the bottom of the screen, 0 to 1."""
    position: Position | None = None
    """Where to reopen the article; ``None`` opens it at the top."""
    updated: str = ""
    """When this entry last changed (ISO 8601 UTC), so a merge can keep the newest."""


@dataclass(frozen=True)
class Bookmark:
    """A section of an article the user wants to come back to, maybe with a note."""

    article: str
    """Id of the article."""
    anchor: str
    """Anchor of the section; with *article* it identifies the bookmark."""
    heading: str
    """Heading text when the bookmark was made, shown even if the article changes."""
    note: str
    """The user's note, one line, possibly empty."""
    created: str
    """When the bookmark was made (ISO 8601 UTC)."""
    updated: str
    """When it last changed, removal included, so a merge can keep the newest."""
    removed: str | None = None
    """When it was removed: a tombstone, kept so another copy of the file cannot revive it."""


@dataclass(frozen=True)
class Stamped:
    """A single setting (last article, theme) with the time it changed, merged like entries."""

    value: str | None = None
    updated: str = ""


@dataclass
class StateData:
    """The whole state, mutable so that operations can be replayed onto a fresh copy."""

    articles: dict[str, ArticleState] = field(default_factory=dict)
    bookmarks: dict[tuple[str, str], Bookmark] = field(default_factory=dict)
    """Keyed by ``(article, anchor)``; tombstones included."""
    last_article: Stamped = field(default_factory=Stamped)
    theme: Stamped = field(default_factory=Stamped)

    def is_empty(self) -> bool:
        """Return whether there is nothing worth writing."""
        return not (self.articles or self.bookmarks or self.last_article.value or self.theme.value)


def clean(text: str) -> str:
    """Return *text* safe to show and to write as UTF-8: :func:`clean_line`, no lone surrogates.

    JSON can spell a lone surrogate (``"\\ud800"``); kept, it would make the next save fail.
    """
    return _SURROGATES.sub("\ufffd", clean_line(text))


def clamp_progress(value: float) -> float:
    """Return *value* within 0..1, rounded so that scrolling does not churn the file's digits."""
    value = float(value)
    if not math.isfinite(value):
        return 0.0
    return round(min(1.0, max(0.0, value)), 4)


def timestamp(moment: datetime) -> str:
    """Return *moment* as ISO 8601 UTC with milliseconds, e.g. ``2025-01-31T09:15:00.250Z``.

    A naive datetime is taken to be UTC already: clocks injected by tests often are.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"
