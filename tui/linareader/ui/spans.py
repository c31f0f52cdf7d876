"""Turn the core renderer's styled spans into Textual strips, in the current theme's colours.

A span's style is a space-separated list of names from ``linareader.core.render.STYLES``; each
name is a component class ``reader--<name>`` styled in ``styles/linareader.tcss`` through theme
variables, so every theme applies. Styles are combined once per distinct style string and
cached until the theme changes. No style ever carries a link: links are followed from the app,
never written to the terminal as OSC 8 hyperlinks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from linareader.core.render import STYLES, Line

__all__ = ["COMPONENT_CLASSES", "SpanPainter"]

COMPONENT_CLASSES = frozenset(
    {f"reader--{name}" for name in STYLES}
    | {
        f"reader--{name}"
        for name in ("title", "meta", "mark", "find-match", "find-current", "hint")
    }
)


class SpanPainter:
    """Converts lines of spans into strips; one per reader, reset on theme change."""

    def __init__(self, component_style: Callable[[str], Style], base: Callable[[], Style]) -> None:
        self._component_style = component_style
        self._base = base
        self._cache: dict[str, Style] = {}

    def reset(self) -> None:
        """Forget the combined styles (the theme changed)."""
        self._cache.clear()

    def style(self, names: str) -> Style:
        """Return the rich style of a span style string (base text style when empty)."""
        style = self._cache.get(names)
        if style is None:
            style = self._base()
            for name in names.split():
                style += self._component_style(f"reader--{name}")
            style = self._cache[names] = style.update_link(None)
        return style

    def strip(self, line: Line | Iterable[tuple[str, str]], margin: int, width: int) -> Strip:
        """Return *line* drawn *margin* cells from the left, padded to *width* cells."""
        base = self.style("")
        segments = [Segment(" " * margin, base)] if margin > 0 else []
        segments.extend(Segment(span[0], self.style(span[1])) for span in line)
        strip = Strip(segments)
        return strip.extend_cell_length(width, base).crop(0, width)
