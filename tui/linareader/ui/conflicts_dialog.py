"""Offering to merge the conflict copies a sync tool left beside ``state.json``.

At start (and from the palette, "state: Merge sync conflict copies") the app lists the copies
in a modal: ``m`` merges each into the state (newest change per entry wins, nothing is lost) and
renames it ``*.merged-<time>`` so that it is not offered again; ``n`` leaves them for later.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from textual.binding import Binding
from textual.notifications import SeverityLevel

from linareader.core.conflicts import merge_state_file
from linareader.core.errors import LinareaderError
from linareader.core.i18n import _
from linareader.core.sanitize import clean_line
from linareader.core.state import StateStore
from linareader.ui.dialogs import ConfirmDialog

__all__ = ["ConflictsDialog", "merge_copies"]


class ConflictsDialog(ConfirmDialog, inherit_bindings=False):
    """Which conflict copies were found; answers True to merge them, False for "not now"."""

    BINDINGS = [
        Binding("m,enter", "answer(True)", _("Merge"), id="conflicts-merge"),
        Binding("n,escape", "answer(False)", _("Not now"), id="conflicts-later"),
    ]

    def __init__(self, copies: Sequence[Path]) -> None:
        self.copies = list(copies)
        folder = clean_line(str(self.copies[0].parent)) if self.copies else ""
        names = "\n".join(f"  • {clean_line(copy.name)}" for copy in self.copies)
        question = _(
            "A sync tool left {count} conflicting copy(ies) of your reading state in "
            "{folder}:\n{names}\n\nMerge them into your state? The newest change of each article "
            "and bookmark is kept, nothing is lost, and each copy is then renamed "
            "*.merged-<time>."
        ).format(count=len(self.copies), folder=folder, names=names)
        super().__init__(question, _("m: merge   n: not now"))


def merge_copies(state: StateStore, copies: Sequence[Path]) -> list[tuple[str, SeverityLevel]]:
    """Merge each copy into *state* and return one message per copy, with its severity.

    A copy that cannot be merged is reported and left where it is; the others still merge.
    """
    messages: list[tuple[str, SeverityLevel]] = []
    for copy in copies:
        try:
            line = merge_state_file(state, copy, datetime.now(UTC), move_aside=True)
        except LinareaderError as error:
            messages.append((clean_line(str(error)), "error"))
        else:
            messages.append((clean_line(line), "information"))
    return messages
