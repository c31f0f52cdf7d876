"""The reading state store: what was read, where, and the bookmarks, shared by all processes.

The app, ``linareader mark`` in another terminal and a sync tool may all touch ``state.json``.
So a :class:`StateStore` never writes back the state it loaded: it records each change as an
operation (:mod:`linareader.core.state_ops`) and :meth:`StateStore.save` replays them, under a
cross-process lock, onto the file as it is on disk at that moment, then replaces it atomically.

Bad files cost no data and no traceback: a damaged file is moved aside with every complete entry
recovered from it, a file from a newer linareader is shown but never overwritten, and a folder
that cannot be written makes the session read-only with one warning. Warnings go to this module's
logger; the CLI prints them and the app shows them as notifications.

A store is not thread-safe: call it from one thread (the app's event loop).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from linareader.core.atomic import NO_ROOM, atomic_write_text, locked
from linareader.core.errors import LinareaderError, SectionNotFound, StateError
from linareader.core.i18n import _, ngettext
from linareader.core.state_file import (
    Reading,
    read_state_file,
    reason,
    set_aside,
    sweep_temporaries,
)
from linareader.core.state_format import VERSION, dump
from linareader.core.state_merge import MergeCount, MergeState, merge_into
from linareader.core.state_model import (
    READ_STATES,
    ArticleState,
    Bookmark,
    Position,
    ReadState,
    StateData,
    clamp_progress,
    clean,
    timestamp,
)
from linareader.core.state_ops import (
    AddBookmark,
    Mark,
    Open,
    Operation,
    RemoveBookmark,
    SetNote,
    SetPosition,
    SetSetting,
)

__all__ = ["ArticleState", "Bookmark", "Position", "ReadState", "StateStore"]

_log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StateStore:
    """The reading state kept in one ``state.json``, safe to share between processes.

    Reads come from an in-memory view; changes apply to it at once and reach the file at
    :meth:`save`. Call :meth:`load` first: a store that was never loaded shows an empty state
    (saving is still safe, since it reads the file afresh).
    """

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], datetime] = _utc_now,
        lock_timeout: float = 10.0,
    ) -> None:
        """Create a store for *path*; *clock* stamps every change, *lock_timeout* is in seconds."""
        self.path = path
        self._clock = clock
        self._lock_timeout = lock_timeout
        self._data = StateData()
        self._pending: list[Operation] = []
        self._read_only = False
        self._full = False  # the last save failed for want of room
        self._warned: set[str] = set()

    @property
    def lock_path(self) -> Path:
        """The sidecar file locked while the state file is read and rewritten."""
        return self.path.with_name(self.path.name + ".lock")

    @property
    def read_only(self) -> bool:
        """Whether saving is known to be impossible, so the session's changes stay in memory."""
        return self._read_only

    # Reading

    def article(self, article_id: str) -> ArticleState:
        """Return the state of an article; an unknown article is unread."""
        return self._data.articles.get(clean(article_id), ArticleState())

    def articles(self) -> dict[str, ArticleState]:
        """Return the state of every article that has one, by id."""
        return dict(self._data.articles)

    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]:
        """Return the live bookmarks (of one article, if given), oldest first per article."""
        wanted = None if article_id is None else clean(article_id)
        live = [
            mark
            for mark in self._data.bookmarks.values()
            if mark.removed is None and wanted in (None, mark.article)
        ]
        return sorted(live, key=lambda mark: (mark.article, mark.created, mark.anchor))

    def bookmark(self, article_id: str, anchor: str) -> Bookmark | None:
        """Return the live bookmark on a section, or ``None``."""
        mark = self._data.bookmarks.get((clean(article_id), clean(anchor)))
        return mark if mark is not None and mark.removed is None else None

    @property
    def last_article(self) -> str | None:
        """The article opened last, to reopen at start."""
        return self._data.last_article.value

    @property
    def theme(self) -> str | None:
        """The theme chosen in the app, overriding the configured one."""
        return self._data.theme.value

    # Changing

    def mark(self, article_id: str, state: ReadState) -> None:
        """Set an article's reading state.

        Raises:
            LinareaderError: *state* is not one of ``unread``, ``reading``, ``read``.
        """
        if state not in READ_STATES:
            raise LinareaderError(
                _("Unknown reading state {state!r}: use unread, reading or read.").format(
                    state=state
                )
            )
        self._apply(Mark(clean(article_id), state, self._stamp()))

    def toggle_read(self, article_id: str) -> ReadState:
        """Mark a read article unread and any other read; return the new state."""
        state: ReadState = "unread" if self.article(article_id).state == "read" else "read"
        self.mark(article_id, state)
        return state

    def opened(self, article_id: str) -> None:
        """Record that an article was opened: unread becomes reading; it becomes the last one."""
        self._apply(Open(clean(article_id), self._stamp()))

    def set_position(self, article_id: str, position: Position, progress: float) -> None:
        """Remember where the reader is in an article; *progress* is clamped to 0..1."""
        position = Position(clean(position.anchor), max(0, position.block))
        self._apply(
            SetPosition(clean(article_id), position, clamp_progress(progress), self._stamp())
        )

    def add_bookmark(
        self, article_id: str, anchor: str, heading: str, note: str | None = None
    ) -> Bookmark:
        """Bookmark a section and return the bookmark.

        Adding a live bookmark again refreshes its heading, and its note unless *note* is
        ``None``; adding a removed one makes a new bookmark in its place.
        """
        op = AddBookmark(
            clean(article_id),
            clean(anchor),
            clean(heading),
            None if note is None else clean(note),
            self._stamp(),
        )
        self._apply(op)
        return self._data.bookmarks[(op.article, op.anchor)]

    def set_note(self, article_id: str, anchor: str, note: str) -> Bookmark:
        """Replace the note of a live bookmark and return the bookmark.

        Raises:
            SectionNotFound: there is no live bookmark on that section.
        """
        known = self.bookmark(article_id, anchor)
        if known is None:
            raise SectionNotFound(
                _(
                    "Article {article!r} has no bookmark on section {section!r}; add one before "
                    "writing a note."
                ).format(article=clean(article_id), section=clean(anchor))
            )
        edited = replace(known, note=clean(note), updated=self._stamp())
        self._apply(SetNote(edited))
        return edited

    def remove_bookmark(self, article_id: str, anchor: str) -> bool:
        """Remove a live bookmark, leaving a tombstone; return whether there was one."""
        known = self.bookmark(article_id, anchor)
        if known is None:
            return False
        self._apply(RemoveBookmark(known, self._stamp()))
        return True

    def set_last_article(self, article_id: str | None) -> None:
        """Remember (or forget, with ``None``) the article to reopen at start."""
        value = None if article_id is None else clean(article_id)
        self._apply(SetSetting("last_article", value, self._stamp()))

    def set_theme(self, name: str | None) -> None:
        """Remember the theme chosen in the app; ``None`` goes back to the configured one."""
        self._apply(SetSetting("theme", None if name is None else clean(name), self._stamp()))

    def merge(self, other: StateData) -> MergeCount:
        """Merge another copy of the state into this one; return what it brought.

        The newest change per entry wins and bookmarks are unioned
        (:mod:`linareader.core.state_merge`). Like any change it reaches the file at
        :meth:`save`, replayed onto the file as it is then, so nothing another process saved
        meanwhile is lost.
        """
        count = merge_into(self._data, other)
        self._pending.append(MergeState(other))
        return count

    def export_text(self) -> str:
        """Return the whole state, tombstones included, as the text of a state file."""
        return dump(self._data)

    # Loading and saving

    def load(self) -> None:
        """Read the file, keeping this session's unsaved changes on top; never raises.

        A missing file is an empty state. A damaged one is moved aside to
        ``state.json.corrupt-<time>`` and the entries recovered from it are written back at once,
        so that they survive even a session that saves nothing.
        """
        reading = read_state_file(self.path)
        if reading.problem is not None:
            reading = self._repair(reading)
        elif reading.conflicted:
            reading = self._resolve(reading)
        self._accept(reading)
        for op in self._pending:
            op.apply(reading.data)
        self._data = reading.data

    def save(self) -> bool:
        """Write this session's changes into the file; return whether they were saved.

        Creates the folder if needed. Never raises: when saving is impossible, warns once,
        keeps the changes in memory and turns :attr:`read_only` on. A full disk (or quota,
        or file size limit) is different, it passes: the changes stay pending and every later
        save tries again, so freeing space before quitting loses nothing. Without pending
        changes, does nothing and returns ``True``.
        """
        if not self._pending:
            return True
        if self._read_only:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)  # first run: no config folder yet
            with locked(self.lock_path, self._lock_timeout):
                data = self._save_locked()
        except OSError as exc:
            if exc.errno in NO_ROOM:
                self._no_room(exc)
            else:
                self._cannot_save(exc)
            return False
        except StateError as exc:
            self._cannot_save(exc)
            return False
        if data is None:
            return False
        self._data = data
        self._pending.clear()
        self._full = False
        return True

    def _save_locked(self) -> StateData | None:
        reading = read_state_file(self.path)
        if reading.problem is not None:
            self._set_aside(reading)
        self._accept(reading)
        if self._read_only:  # a newer linareader wrote the file meanwhile
            return None
        for op in self._pending:
            op.apply(reading.data)
        sweep_temporaries(self.path)
        atomic_write_text(self.path, dump(reading.data))
        return reading.data

    # Internals

    def _stamp(self) -> str:
        return timestamp(self._clock())

    def _apply(self, op: Operation) -> None:
        op.apply(self._data)
        self._pending.append(op)

    def _warn(self, message: str) -> None:
        """Log *message* unless it was logged already: a save re-reads the same bad file."""
        if message not in self._warned:
            self._warned.add(message)
            _log.warning(message)

    def _no_room(self, exc: OSError) -> None:
        if not self._full:  # once per spell of full disk, not at every save
            self._full = True
            _log.warning(
                _(
                    "Cannot save reading state to %s: %s; the file is unchanged, and the next "
                    "save tries again once there is room."
                ),
                self.path,
                reason(exc),
            )

    def _cannot_save(self, exc: Exception) -> None:
        self._read_only = True
        self._warn(
            _(
                "Cannot save reading state to {path}: {reason}; changes in this session will not "
                "be saved."
            ).format(path=self.path, reason=reason(exc))
        )

    def _accept(self, reading: Reading) -> None:
        """Warn about a file from the future (and never overwrite it) or about skipped entries."""
        if reading.version > VERSION:
            self._read_only = True
            self._warn(
                _(
                    "{path} was written by a newer linareader (state version {version}, this one "
                    "knows {VERSION}); it is left untouched and changes in this session will not "
                    "be saved."
                ).format(path=self.path, version=reading.version, VERSION=VERSION)
            )
        elif reading.ignored:
            message = ngettext(
                "Ignored {count} invalid entry in {path}; it will be dropped at the next save.",
                "Ignored {count} invalid entries in {path}; they will be dropped at the next save.",
                reading.ignored,
            )
            self._warn(message.format(count=reading.ignored, path=self.path))

    def _repair(self, reading: Reading) -> Reading:
        """Move an unusable file aside under the lock and write back what was recovered."""
        try:
            with locked(self.lock_path, self._lock_timeout):
                # Another process may have repaired it meanwhile.
                reading = read_state_file(self.path)
                if reading.problem is None:
                    return reading
                self._set_aside(reading)
                if not reading.data.is_empty():
                    try:
                        atomic_write_text(self.path, dump(reading.data))
                    except OSError as exc:
                        self._cannot_save(exc)
        except (OSError, StateError) as exc:
            # The damaged file is the only copy of whatever could not be recovered: keep it.
            self._read_only = True
            self._warn(
                _(
                    "{path} is unreadable ({problem}) and could not be moved aside ({reason}); "
                    "changes in this session will not be saved."
                ).format(path=self.path, problem=reading.problem, reason=reason(exc))
            )
        return reading

    def _resolve(self, reading: Reading) -> Reading:
        """Write back both sides of a git conflict merged, so that the file is JSON again."""
        try:
            with locked(self.lock_path, self._lock_timeout):
                reading = read_state_file(self.path)  # another process may have done it
                if reading.conflicted and reading.version <= VERSION:
                    atomic_write_text(self.path, dump(reading.data))
                    self._warn(
                        _(
                            "{path} had git conflict markers; both sides were merged into it "
                            "(run `git add` on it to finish the git merge)."
                        ).format(path=self.path)
                    )
        except (OSError, StateError) as exc:
            self._cannot_save(exc)
        if reading.problem is not None:  # replaced by a damaged file meanwhile
            return self._repair(reading)
        return reading

    def _set_aside(self, reading: Reading) -> None:
        """Move the unusable file out of the way, saying where and what was recovered."""
        aside = set_aside(self.path, self._clock())
        articles = len(reading.data.articles)
        bookmarks = sum(mark.removed is None for mark in reading.data.bookmarks.values())
        self._warn(
            _(
                "{path} was unreadable ({problem}); moved it to {aside} and recovered {articles} "
                "article(s) and {bookmarks} bookmark(s) from it."
            ).format(
                path=self.path,
                problem=reading.problem,
                aside=aside,
                articles=articles,
                bookmarks=bookmarks,
            )
        )
