"""``linareader state merge|export|import`` and the hint about sync conflict copies.

All three go through the :class:`~linareader.core.state.StateStore` of the command, so a merge
is saved like any change: under the lock, replayed onto the file as it is on disk, written
atomically. A running app keeps its own changes and sees the merged ones at its next save.
A file that cannot be merged is refused before anything is changed.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linareader.core.atomic import atomic_write_text
from linareader.core.conflicts import (
    find_conflict_copies,
    merge_into_store,
    merge_state_file,
    parse_other_state,
)
from linareader.core.errors import LinareaderError
from linareader.core.i18n import _
from linareader.core.state_file import reason
from linareader.core.state_model import clean

if TYPE_CHECKING:
    from linareader.commands import Context

__all__ = ["add_parser", "cmd_state", "conflict_hint"]

log = logging.getLogger("linareader")


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``state merge|export|import`` to *subparsers*, accepting the *common* options."""
    state = subparsers.add_parser(
        "state", parents=[common], help=_("merge, export or import the reading state")
    )
    actions = state.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    merge = actions.add_parser(
        "merge", parents=[common], help=_("merge another copy (e.g. a sync conflict copy) into it")
    )
    merge.add_argument("file", type=Path, metavar=_("FILE"), help=_("a copy of state.json"))
    export = actions.add_parser(
        "export", parents=[common], help=_("write the whole state to one file")
    )
    export.add_argument("file", metavar=_("FILE"), help=_("where to write it; - for stdout"))
    imported = actions.add_parser(
        "import", parents=[common], help=_("merge an exported state (nothing is lost)")
    )
    imported.add_argument("file", metavar=_("FILE"), help=_("an exported state; - for stdin"))


def _is_conflict_copy(path: Path, state_file: Path) -> bool:
    try:
        return path.resolve() in {copy.resolve() for copy in find_conflict_copies(state_file)}
    except OSError:
        return False


def cmd_state(context: Context, args: argparse.Namespace) -> int:
    """``state merge FILE``, ``state export FILE|-``, ``state import FILE|-``."""
    store = context.state
    if args.action == "export":
        return _export(context, args.file)
    now = datetime.now(UTC)
    if args.action == "import" and args.file == "-":
        other = parse_other_state(sys.stdin.buffer.read(), _("standard input"))
        line = merge_into_store(store, other, _("standard input"), aside=None, moment=now)
    else:
        path = Path(args.file).expanduser()
        # A sync tool's copy is renamed once merged, so that it is not offered again.
        aside = args.action == "merge" and _is_conflict_copy(path, context.paths.state_file)
        line = merge_state_file(store, path, now, move_aside=aside)
    context.out.write(line + "\n")
    return 0


def _export(context: Context, name: str) -> int:
    store = context.state
    text = store.export_text()
    if name == "-":
        context.out.write(text)
        return 0
    path = Path(name).expanduser()
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise LinareaderError(
            _("Cannot write {path}: {reason}.").format(path=clean(str(path)), reason=reason(exc))
        ) from None
    articles, bookmarks = len(store.articles()), len(store.bookmarks())
    context.out.write(
        _("Exported {articles} article(s) and {bookmarks} bookmark(s) to {path}.\n").format(
            articles=articles, bookmarks=bookmarks, path=clean(str(path))
        )
    )
    return 0


def conflict_hint(state_file: Path) -> None:
    """Warn, in one line, about conflict copies a sync tool left beside *state_file*."""
    copies = find_conflict_copies(state_file)
    if len(copies) == 1:
        shown = shlex.quote(clean(str(copies[0])))
        log.warning(
            _(
                "A sync tool left a conflicting copy of the reading state: run `linareader state "
                "merge {shown}` to merge it."
            ).format(shown=shown)
        )
    elif copies:
        names = ", ".join(clean(copy.name) for copy in copies)
        log.warning(
            _(
                "A sync tool left {count} conflicting copies of the reading state ({names}) in "
                "{folder}: run `linareader state merge FILE` for each."
            ).format(count=len(copies), names=names, folder=clean(str(state_file.parent)))
        )
