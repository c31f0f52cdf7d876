"""Other copies of the state: sync tools' conflict copies, and files given to merge or import.

When two machines change a synced ``state.json`` before the sync tool has seen both, the tool
keeps one and leaves the other beside it under a name of its own:

- Syncthing: ``state.sync-conflict-20250102-030405-ABCDEFG.json``
- Dropbox: ``state (conflicted copy 2025-01-02).json``, ``state (Ana's conflicted copy ...).json``
- Nextcloud and ownCloud: ``state (conflicted copy 2025-01-02 030405).json``,
  ``state_conflict-20250102-030405.json``
- Seafile: ``state (SFConflict ana@example.org 2025-01-02-03-04-05).json``

They all start with the state file's stem, end with its suffix and say "conflict", which is the
rule :func:`find_conflict_copies` uses. A merged copy is renamed ``<name>.merged-<time>`` (never
deleted), so it is not offered again.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from linareader.core.errors import BadStateFile, StateError
from linareader.core.i18n import _
from linareader.core.state import StateStore
from linareader.core.state_file import reason, set_aside
from linareader.core.state_format import VERSION, Loaded, UnreadableState, parse
from linareader.core.state_merge import parse_conflicted
from linareader.core.state_model import StateData, clean

__all__ = [
    "find_conflict_copies",
    "merge_into_store",
    "merge_state_file",
    "move_merged",
    "parse_other_state",
    "read_other_state",
]

_MAX_BYTES = 64 * 1024 * 1024  # far beyond any real state; a bigger file is not one


def find_conflict_copies(state_file: Path) -> list[Path]:
    """Return the conflict copies beside *state_file*, in name order; never raises."""
    stem, suffix = state_file.stem, state_file.suffix
    try:
        names = os.listdir(state_file.parent)
    except OSError:
        return []
    found = []
    for name in names:
        if (
            name != state_file.name
            and name.startswith(stem)
            and name.endswith(suffix)
            and "conflict" in name[len(stem) : len(name) - len(suffix)].casefold()
            and (state_file.parent / name).is_file()
        ):
            found.append(state_file.parent / name)
    return sorted(found)


def _shown(path: Path) -> str:
    return clean(str(path))


def read_other_state(path: Path) -> StateData:
    """Return the state in *path*, another copy of a state file, or raise.

    Raises:
        BadStateFile: the file is missing or unreadable, or :func:`parse_other_state` refuses it.
    """
    shown = _shown(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise BadStateFile(
                _("{shown} is too large to be a linareader state file.").format(shown=shown)
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadStateFile(
            _("{shown} does not exist; give the path of a state file.").format(shown=shown)
        ) from None
    except OSError as exc:
        raise BadStateFile(
            _("Cannot read {shown}: {reason}.").format(shown=shown, reason=reason(exc))
        ) from None
    return parse_other_state(raw, shown)


def parse_other_state(raw: bytes, shown: str) -> StateData:
    """Return the state in *raw*, the bytes of another copy named *shown* in messages.

    Unlike the store's own file, which is read whatever it holds, a file given to merge must be
    a state file: merging the entries that could be salvaged from a random file would mislead.

    Raises:
        BadStateFile: binary, not a state file, or written by a newer linareader.
    """
    shown = clean(shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadStateFile(
            _("{shown} is not a linareader state file (not UTF-8 text).").format(shown=shown)
        ) from None
    loaded = _parse(text, shown)
    if loaded.version > VERSION:
        raise BadStateFile(
            _(
                "{shown} was written by a newer linareader (state version {version}, this one "
                "knows {known}); update linareader to merge it."
            ).format(shown=shown, version=loaded.version, known=VERSION)
        )
    if loaded.data.is_empty() and loaded.ignored:
        raise BadStateFile(
            _("{shown} is not a linareader state file (no entries recognised).").format(shown=shown)
        )
    return loaded.data


def _parse(text: str, shown: str) -> Loaded:
    try:
        return parse(text)
    except UnreadableState as exc:
        both = parse_conflicted(text)
        if both is None:
            raise BadStateFile(
                _("{shown} is not a linareader state file ({problem}).").format(
                    shown=shown, problem=exc
                )
            ) from None
        return both


def move_merged(path: Path, moment: datetime) -> Path:
    """Rename a merged copy to ``<name>.merged-<UTC time>`` and return the new path.

    Raises:
        OSError: it could not be renamed.
    """
    return set_aside(path, moment, label="merged")


def merge_into_store(
    store: StateStore, other: StateData, shown: str, *, aside: Path | None, moment: datetime
) -> str:
    """Merge *other* into *store*, save, and return the one-line summary for the user.

    *aside*, when given, is the merged copy: it is then renamed with :func:`move_merged` so
    that it is not offered again (a failed rename is said in the summary, not raised).

    Raises:
        StateError: the merged state could not be saved; the copy is then left where it is.
    """
    count = store.merge(other)
    if not store.save():
        raise StateError(
            _(
                "Nothing was merged from {shown}: the reading state could not be saved (see the "
                "warning above)."
            ).format(shown=shown)
        )
    line = count.summary(shown)
    if aside is None:
        return line
    try:
        moved = move_merged(aside, moment)
    except OSError as exc:
        return _("{line} It could not be renamed ({reason}) and will be offered again.").format(
            line=line, reason=reason(exc)
        )
    return line.removesuffix(".") + _("; renamed it to {name}.").format(name=clean(moved.name))


def merge_state_file(store: StateStore, path: Path, moment: datetime, *, move_aside: bool) -> str:
    """Read the state file *path*, merge it into *store* and return the summary line.

    Raises:
        BadStateFile: *path* cannot be merged (nothing is changed).
        StateError: the merged state could not be saved.
    """
    other = read_other_state(path)
    aside = path if move_aside else None
    return merge_into_store(store, other, _shown(path), aside=aside, moment=moment)
