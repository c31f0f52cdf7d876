"""The table of contents: the article's headings, the current one highlighted, bookmarks marked."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from linareader.core.document import Heading
from linareader.ui.lists import KeyList

__all__ = ["TableOfContents"]


class TableOfContents(KeyList):
    """Headings indented by level; ``enter`` or a click jumps to one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headings: list[Heading] = []

    def show_headings(self, headings: Sequence[Heading], bookmarked: set[str]) -> None:
        """List *headings*; those whose anchor is in *bookmarked* carry a ★."""
        self.headings = list(headings)
        top = min((h.level for h in self.headings), default=1)
        self.set_options(
            Option(
                Content.assemble(
                    "  " * (heading.level - top),
                    ("★ " if heading.anchor in bookmarked else "", "$accent"),
                    heading.title,
                ),
                id=f"h{index}",
            )
            for index, heading in enumerate(self.headings)
        )

    def follow(self, section_heading: Heading | None) -> None:
        """Highlight the heading of the section being read."""
        if section_heading is None:
            return
        for index, heading in enumerate(self.headings):
            if heading is section_heading or heading.anchor == section_heading.anchor:
                if self.highlighted != index:
                    self.highlighted = index
                return
