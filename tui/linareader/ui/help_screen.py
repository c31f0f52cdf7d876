"""``?``: every key, generated from the live bindings (so a rebinding shows here)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from linareader.core.i18n import _
from linareader.ui.keys import KeyEntry, namespace_label

__all__ = ["HelpScreen"]


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys, grouped by namespace."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", _("Close"), id="help-close"),
        Binding("j", "scroll('down')", _("Down"), show=False, id="help-down"),
        Binding("k", "scroll('up')", _("Up"), show=False, id="help-up"),
    ]

    def __init__(self, entries: Sequence[KeyEntry], key_display: Callable[[str], str]) -> None:
        super().__init__()
        self.entries = list(entries)
        self.key_display = key_display

    def compose(self) -> ComposeResult:
        """Title and one block per namespace."""
        with VerticalScroll(id="help-box"):
            yield Label(_("Keys"), id="help-title")
            namespace = ""
            for entry in self.entries:
                if entry.namespace != namespace:
                    namespace = entry.namespace
                    yield Label(namespace_label(namespace).capitalize(), classes="help-namespace")
                keys = " ".join(self.key_display(key) for key in entry.keys)
                yield Static(
                    Content.assemble(
                        (f"{keys:>18}", "bold $accent"),
                        "  ",
                        f"{entry.description:<22}",
                        (entry.id, "$text-muted"),
                    ),
                    classes="help-row",
                )
            yield Label(_("Every command is also in the palette (ctrl+p)."), id="help-footer")

    def action_scroll(self, direction: str) -> None:
        """Scroll the table."""
        box = self.query_one(VerticalScroll)
        if direction == "down":
            box.scroll_down()
        else:
            box.scroll_up()

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)
