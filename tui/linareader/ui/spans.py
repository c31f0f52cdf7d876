"""Turn the core renderer's styled spans into Textual strips, in the current theme's colours.

A span's style is a space-separated list of names from ``linareader.core.render.STYLES``; each
name is a class ``reader--<name>`` styled in ``styles/linareader.tcss`` through theme variables,
so every theme applies. They are not declared as Textual component classes: Textual restyles
every component class of a widget each time the widget's own style changes (focus, a class on
the screen), and the reader's fifty cost more at start-up than the rest of the screen. Instead
:func:`class_style` styles one name when a span first needs it. Styles are combined once per
distinct style string and cached until the theme changes. No style ever carries a link: links
are followed from the app, never written to the terminal as OSC 8 hyperlinks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.segment import Segment
from rich.style import Style
from textual.dom import DOMNode
from textual.strip import Strip
from textual.widget import Widget

from linareader.core.render import STYLES, Line

__all__ = ["STYLE_CLASSES", "SpanPainter", "class_style"]

#: Every class a span can carry; each has a rule in styles/linareader.tcss.
STYLE_CLASSES = frozenset(
    {f"reader--{name}" for name in STYLES}
    | {
        f"reader--{name}"
        for name in ("title", "meta", "mark", "find-match", "find-current", "hint")
    }
)


def class_style(widget: Widget, name: str) -> Style:
    """The style the stylesheet gives a child of *widget* with class *name* (partial: only
    what the rules set), computed as Textual computes a component class, but once."""
    node = DOMNode(classes=name)
    node._attach(widget)
    widget.app.stylesheet.apply(node, animate=False)
    return node.styles.partial_rich_style


class SpanPainter:
    """Converts lines of spans into strips; one per reader, reset on theme change."""

    def __init__(self, component_style: Callable[[str], Style], base: Callable[[], Style]) -> None:
        self._component_style = component_style
        self._base = base
        self._cache: dict[str, Style] = {}
        self._names: dict[str, Style] = {}

    def reset(self) -> None:
        """Forget the styles (the theme changed)."""
        self._cache.clear()
        self._names.clear()

    def _name_style(self, name: str) -> Style:
        style = self._names.get(name)
        if style is None:
            style = self._names[name] = self._component_style(name)
        return style

    def style(self, names: str) -> Style:
        """Return the rich style of a span style string (base text style when empty)."""
        style = self._cache.get(names)
        if style is None:
            style = self._base()
            for name in names.split():
                style += self._name_style(f"reader--{name}")
            style = self._cache[names] = style.update_link(None)
        return style

    def strip(self, line: Line | Iterable[tuple[str, str]], margin: int, width: int) -> Strip:
        """Return *line* drawn *margin* cells from the left, padded to *width* cells."""
        base = self.style("")
        segments = [Segment(" " * margin, base)] if margin > 0 else []
        segments.extend(Segment(span[0], self.style(span[1])) for span in line)
        strip = Strip(segments)
        return strip.extend_cell_length(width, base).crop(0, width)
