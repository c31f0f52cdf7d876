"""Merging two copies of the reading state: newest change per entry wins, nothing is dropped.

Copies diverge when a config folder is synced (Syncthing, Dropbox, Nextcloud) or kept in git and
two machines read at the same time. Every entry carries its own ``updated`` stamp, so the copies
merge entry by entry:

- an article takes the entry changed last (its state, progress and position travel together);
- bookmarks are the union of both sides; for a section bookmarked on both, the newer change wins,
  and since a removal is a tombstone stamped when it happened, a removal newer than the other
  side's edit wins and an edit newer than a removal wins;
- the last article and the theme take the newer setting.

Ties are broken the same way whichever side is "ours" (a live bookmark beats a tombstone, read
beats reading beats unread), so merging A into B and B into A gives the same state.

A ``state.json`` left with git conflict markers (``<<<<<<<``, ``=======``, ``>>>>>>>``) holds
both sides line by line; :func:`parse_conflicted` splits and merges them.
"""

from __future__ import annotations

from dataclasses import dataclass

from linareader.core.i18n import _
from linareader.core.state_format import Loaded, UnreadableState, parse
from linareader.core.state_model import ArticleState, Bookmark, Stamped, StateData
from linareader.core.state_recover import recover

__all__ = ["MergeCount", "MergeState", "merge_into", "parse_conflicted", "split_conflict"]

_RANK = {"unread": 0, "reading": 1, "read": 2}


@dataclass(frozen=True)
class MergeCount:
    """What a merge took from the other copy: new or newer entries only."""

    articles: int = 0
    bookmarks: int = 0
    """Bookmarks added or edited (live ones)."""
    removals: int = 0
    """Bookmarks the other copy had removed more recently than this one edited them."""
    settings: int = 0
    """The last article and the theme."""

    @property
    def total(self) -> int:
        """How many entries changed."""
        return self.articles + self.bookmarks + self.removals + self.settings

    def summary(self, source: str) -> str:
        """One line for the user, e.g. ``Merged 3 articles and 2 bookmarks from X.``."""
        if self.total == 0:
            return _("Nothing new in {source}: this state already has all of it.").format(
                source=source
            )
        removed = (
            _(" (and {removals} removal(s))").format(removals=self.removals)
            if self.removals
            else ""
        )
        return _(
            "Merged {articles} article(s) and {bookmarks} bookmark(s){removed} from {source}."
        ).format(articles=self.articles, bookmarks=self.bookmarks, removed=removed, source=source)


def _article_key(entry: ArticleState) -> tuple[str, int, float]:
    return (entry.updated, _RANK[entry.state], entry.progress)


def _bookmark_key(mark: Bookmark) -> tuple[str, bool, str, str]:
    # A tie keeps the live bookmark: nothing is lost on a coincidence of clocks.
    return (mark.updated, mark.removed is None, mark.note, mark.heading)


def _setting_key(setting: Stamped) -> tuple[str, str]:
    return (setting.updated, setting.value or "")


def merge_into(data: StateData, other: StateData) -> MergeCount:
    """Merge *other* into *data* in place and return what came from *other*."""
    articles = bookmarks = removals = settings = 0
    for key, theirs in other.articles.items():
        ours = data.articles.get(key)
        if ours is None or _article_key(theirs) > _article_key(ours):
            data.articles[key] = theirs
            articles += 1
    for pair, mark in other.bookmarks.items():
        known = data.bookmarks.get(pair)
        if known is None or _bookmark_key(mark) > _bookmark_key(known):
            data.bookmarks[pair] = mark
            if mark.removed is None:
                bookmarks += 1
            elif known is not None and known.removed is None:
                removals += 1
    for name in ("last_article", "theme"):
        ours_setting, theirs_setting = getattr(data, name), getattr(other, name)
        if _setting_key(theirs_setting) > _setting_key(ours_setting):
            setattr(data, name, theirs_setting)
            settings += 1
    return MergeCount(articles, bookmarks, removals, settings)


@dataclass(frozen=True)
class MergeState:
    """An operation that merges another copy, replayable like any change of a session.

    The store replays it onto the file as it is on disk at save time, so a running app's
    changes made meanwhile are merged too, never overwritten.
    """

    other: StateData

    def apply(self, data: StateData) -> None:
        """Merge :attr:`other` into *data*."""
        merge_into(data, self.other)


def split_conflict(text: str) -> tuple[str, str] | None:
    """Return the two sides of a text with git conflict markers, or ``None`` if it has none.

    Lines outside conflicts belong to both sides; a diff3 base section (``|||||||``) to neither.
    Unbalanced markers give ``None``: the text is then just damaged.
    """
    ours: list[str] = []
    theirs: list[str] = []
    where = "both"
    found = False
    for line in text.split("\n"):  # not splitlines(): U+2028 may sit inside a JSON string
        if line.startswith("<<<<<<<") and where == "both":
            where, found = "ours", True
        elif line.startswith("|||||||") and where == "ours":
            where = "base"
        elif line.startswith("=======") and where in ("ours", "base"):
            where = "theirs"
        elif line.startswith(">>>>>>>") and where == "theirs":
            where = "both"
        else:
            if where in ("both", "ours"):
                ours.append(line)
            if where in ("both", "theirs"):
                theirs.append(line)
    if not found or where != "both":
        return None
    return "\n".join(ours), "\n".join(theirs)


def _side(text: str) -> Loaded:
    try:
        return parse(text)
    except UnreadableState:
        return Loaded(recover(text), 0, 1)


def parse_conflicted(text: str) -> Loaded | None:
    """Return both sides of a git-conflicted state file merged, or ``None`` without markers.

    Each side is normally a whole, valid file (git splits at lines and the format keeps one
    entry per line); a side that is not is recovered line by line.
    """
    sides = split_conflict(text)
    if sides is None:
        return None
    ours, theirs = _side(sides[0]), _side(sides[1])
    merge_into(ours.data, theirs.data)
    return Loaded(ours.data, max(ours.version, theirs.version), ours.ignored + theirs.ignored)
