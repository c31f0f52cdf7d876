"""The table of contents: the article's headings, the current one highlighted, bookmarks marked.

Built only when it is on screen, and capped: an article with 100,000 headings (a generated
reference, a hostile file) would otherwise cost seconds of option building on every open.
``]``/``[`` still move through every section.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from linareader.core.document import Heading
from linareader.core.i18n import _
from linareader.ui.lists import KeyList

__all__ = ["MAX_ENTRIES", "TableOfContents"]

MAX_ENTRIES = 2000


class TableOfContents(KeyList):
    """Headings indented by level; ``enter`` or a click jumps to one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headings: list[Heading] = []
        self._bookmarked: set[str] = set()
        self._built = True
        self._current: Heading | None = None

    def show_headings(self, headings: Sequence[Heading], bookmarked: set[str]) -> None:
        """List *headings*; those whose anchor is in *bookmarked* carry a ★."""
        self.headings = list(headings)
        self._bookmarked = set(bookmarked)
        self._built = False
        if self.size.width > 0:  # on screen now: build at once
            self._build()

    def on_resize(self) -> None:
        """Shown for the first time since the article changed: build the entries now."""
        if not self._built and self.size.width > 0:
            self._build()

    def _build(self) -> None:
        self._built = True
        shown = self.headings[:MAX_ENTRIES]
        top = min((h.level for h in shown), default=1)
        options = [
            Option(
                Content.assemble(
                    "  " * (heading.level - top),
                    ("★ " if heading.anchor in self._bookmarked else "", "$accent"),
                    heading.title,
                ),
                id=f"h{index}",
            )
            for index, heading in enumerate(shown)
        ]
        self.set_options(options)
        hidden = len(self.headings) - len(shown)
        if hidden > 0:
            more = _("… {hidden} more headings: ] and [ reach them").format(hidden=hidden)
            self.add_option(Option(Content.styled(more, "$text-muted"), disabled=True))
        self.follow(self._current)

    def follow(self, section_heading: Heading | None) -> None:
        """Highlight the heading of the section being read."""
        self._current = section_heading
        if section_heading is None or not self._built:
            return
        for index, heading in enumerate(self.headings[:MAX_ENTRIES]):
            if heading is section_heading or heading.anchor == section_heading.anchor:
                if self.highlighted != index:
                    self.highlighted = index
                return
