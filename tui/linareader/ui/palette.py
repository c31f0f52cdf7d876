"""The command palette: every binding of the app as a namespaced command."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget

from linareader.ui.keys import KeyEntry

__all__ = ["ActionsProvider"]


class ActionsProvider(Provider):
    """Offers "article: Bookmark", "library: Bookmarks"... for the screen the palette is over."""

    def _targets(self) -> list[tuple[KeyEntry, DOMNode]]:
        from linareader.ui.app import LinareaderApp

        app = self.app
        if not isinstance(app, LinareaderApp):
            return []
        screen = self.screen
        found: list[tuple[KeyEntry, DOMNode]] = []
        for entry in app.key_entries():
            node: DOMNode | None = None
            if isinstance(app, entry.owner):
                node = app
            elif isinstance(screen, entry.owner):
                node = screen
            elif issubclass(entry.owner, Widget):
                matches = list(screen.query(entry.owner))
                node = matches[0] if matches else None
            if node is not None:
                found.append((entry, node))
        return found

    async def discover(self) -> Hits:
        """All commands, when nothing is typed yet."""
        for entry, node in self._targets():
            yield DiscoveryHit(
                Content(entry.title),
                partial(self.app.run_action, entry.action, node),
                text=entry.title,
                help=", ".join(entry.keys),
            )

    async def search(self, query: str) -> Hits:
        """Commands whose title matches *query*."""
        matcher = self.matcher(query)
        for entry, node in self._targets():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(
                    score,
                    Content(entry.title),
                    partial(self.app.run_action, entry.action, node),
                    text=entry.title,
                    help=", ".join(entry.keys),
                )
