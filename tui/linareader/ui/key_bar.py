"""The footer: the keys that work now, drawn by one widget on one line.

Textual's ``Footer`` mounts a widget per key and rebuilds them all whenever focus moves; at
start-up that alone cost as much as the rest of the screen's styling. Here the keys are read
from the screen's live bindings (so rebinding in ``config.yaml`` shows) and drawn as one line of
text. When the line is too narrow, keys are dropped from the end of the list, but help and the
palette are kept: a user who sees nothing else can always find the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from linareader.core.sanitize import clean_line

__all__ = ["KeyBar"]

_KEPT = ("help",)  # binding ids shown whatever the width


@dataclass(frozen=True, slots=True)
class _Entry:
    """One key of the bar and the cells it takes."""

    key: str
    display: str
    description: str
    enabled: bool
    kept: bool

    @property
    def width(self) -> int:
        """Cells on screen (a CJK description takes two per character)."""
        return cell_len(self.display) + cell_len(self.description) + 3


class KeyBar(Widget, can_focus=False):
    """The keys of the focused widget and its screen, with the palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._regions: list[tuple[int, int, str]] = []  # (first cell, end cell, key)

    def on_mount(self) -> None:
        """Redraw whenever the screen's bindings change (focus moved, a binding toggled)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def entries(self) -> tuple[list[_Entry], _Entry | None]:
        """The keys shown (one per action, in binding order) and the palette key."""
        app = self.app
        active = self.screen.active_bindings
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        shown: list[_Entry] = []
        actions: set[str] = set()
        for key, (_node, binding, enabled, _tooltip) in active.items():
            if not binding.show or binding.action in actions:
                continue
            if palette is not None and key == app.COMMAND_PALETTE_BINDING:
                continue
            actions.add(binding.action)
            display = clean_line(app.get_key_display(binding))
            kept = binding.id in _KEPT
            shown.append(_Entry(binding.key, display, binding.description, enabled, kept))
        end = None
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            display = clean_line(app.get_key_display(binding))
            end = _Entry(binding.key, display, binding.description, enabled, True)
        return shown, end

    def _fit(self, shown: list[_Entry], end: _Entry | None, width: int) -> list[_Entry]:
        """Drop keys from the end (never the kept ones) until the line fits in *width*."""
        room = width - (end.width + 1 if end is not None else 0)
        fitted = list(shown)
        while fitted and sum(entry.width for entry in fitted) > room:
            droppable = [k for k, entry in enumerate(fitted) if not entry.kept]
            if not droppable:
                break
            del fitted[droppable[-1]]
        return fitted

    def render(self) -> Text:
        """The keys as one line of text (never parsed as markup)."""
        width = self.size.width
        shown, end = self.entries()
        fitted = self._fit(shown, end, width)
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._regions = []

        def add(entry: _Entry) -> None:
            dim = Style(dim=not entry.enabled)
            start = line.cell_len
            line.append(f" {entry.display} ", key_style + dim)
            line.append(f"{entry.description} ", text_style + dim)
            self._regions.append((start, line.cell_len, entry.key))

        for entry in fitted:
            add(entry)
        if end is not None:
            gap = width - line.cell_len - end.width
            if gap > 0:
                line.append(" " * gap)
            add(end)
        return line

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it."""
        for start, stop, key in self._regions:
            if start <= event.x < stop:
                self.app.simulate_key(key)
                return
