"""An ``OptionList`` that also moves with ``j``/``k``, shared by every list of the app."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList

from linareader.core.i18n import _

__all__ = ["KeyList"]


class KeyList(OptionList):
    """Option list with vi-style movement; bindings have ids so they can be rebound."""

    BINDINGS = [
        Binding("j", "cursor_down", _("Down"), show=False, id="list-down"),
        Binding("k", "cursor_up", _("Up"), show=False, id="list-up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
