"""The state file on disk: read it whatever it holds, set a damaged one aside, sweep leftovers.

These functions never log: :class:`~linareader.core.state.StateStore` decides what to tell the
user and when, so that one problem makes one warning however many times the file is read.
"""

from __future__ import annotations

import contextlib
import glob
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from linareader.core.atomic import temp_prefix
from linareader.core.i18n import _
from linareader.core.state_format import VERSION, UnreadableState, parse
from linareader.core.state_merge import parse_conflicted
from linareader.core.state_model import StateData
from linareader.core.state_recover import recover

__all__ = ["Reading", "read_state_file", "reason", "set_aside", "sweep_temporaries"]


@dataclass
class Reading:
    """What the state file holds at one moment, as far as it can be understood."""

    data: StateData = field(default_factory=StateData)
    """The state, or what could be recovered from an unusable file."""
    problem: str | None = None
    """Why the file is unusable, so that it must be set aside before anything is written."""
    version: int = VERSION
    """The version the file declared; a higher one than :data:`VERSION` must not be written."""
    ignored: int = 0
    """How many entries or fields were unusable and dropped."""
    conflicted: bool = False
    """The file held git conflict markers; :attr:`data` is both sides merged."""


def reason(exc: Exception) -> str:
    """Return why *exc* happened, in a few words fit for the middle of a sentence."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    return str(exc).rstrip(".")


def read_state_file(path: Path) -> Reading:
    """Return what *path* holds; a missing file is an empty state. Never raises."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Reading()
    except OSError as exc:  # a directory, no permission, an I/O error
        return Reading(problem=_("cannot be read: {reason}").format(reason=reason(exc)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Reading(recover(raw.decode("utf-8", "replace")), problem=_("not UTF-8 text"))
    try:
        loaded = parse(text)
    except UnreadableState as exc:
        both = parse_conflicted(text)
        if both is None:
            return Reading(recover(text), problem=str(exc))
        return Reading(both.data, version=both.version, ignored=both.ignored, conflicted=True)
    return Reading(loaded.data, version=loaded.version, ignored=loaded.ignored)


def set_aside(path: Path, moment: datetime, label: str = "corrupt") -> Path:
    """Rename *path* to ``<name>.<label>-<UTC time>`` (plus ``-N`` if taken); return the name.

    The caller holds the lock, so no other linareader can take the same name meanwhile. The
    file is renamed, never deleted: it may be the only copy of something.

    Raises:
        OSError: the file could not be renamed; it is then untouched.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    base = f"{path.name}.{label}-{moment.astimezone(UTC):%Y%m%dT%H%M%S}"
    aside = path.with_name(base)
    count = 0
    while os.path.lexists(aside):
        count += 1
        aside = path.with_name(f"{base}-{count}")
    os.rename(path, aside)
    return aside


def sweep_temporaries(path: Path) -> None:
    """Delete temporary files left by writers of *path* that were killed; the caller holds the lock.

    Only a writer holding the lock creates them, so while we hold it none is in use.
    """
    for stale in path.parent.glob(glob.escape(temp_prefix(path)) + "*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
