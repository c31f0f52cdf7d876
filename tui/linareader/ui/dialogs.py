"""Small modal dialogs: a one-line text prompt (notes, URLs) and a yes/no confirmation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from linareader.core.i18n import _

__all__ = ["ConfirmDialog", "PromptDialog"]


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers (empty is fine), Esc cancels with None."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="dialog-cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """A label above an input."""
        with Vertical(id="prompt-box"):
            yield Label(self.question, markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")

    def on_mount(self) -> None:
        """Type straight away."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Answer with the text typed."""
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question: ``y`` or Enter confirms, ``n`` or Esc declines."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", _("Yes"), id="confirm-yes"),
        Binding("n,escape", "answer(False)", _("No"), id="confirm-no"),
    ]

    def __init__(self, question: str, keys: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.keys = _("y: yes   n: no") if keys is None else keys

    def compose(self) -> ComposeResult:
        """The question and the keys that answer it."""
        with Vertical(id="prompt-box"):
            yield Label(self.question, markup=False)
            yield Label(self.keys, classes="dialog-keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
