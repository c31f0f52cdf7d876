"""Links and history: ``o`` hints, following a link, back/forward, source URL, copy link."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from linareader.core.article import Article
from linareader.core.history import Visit
from linareader.core.i18n import _
from linareader.core.links import resolve_link
from linareader.core.state import Position
from linareader.ui.reader_view import ReaderView
from linareader.ui.screen_base import ReaderScreen

__all__ = ["LinkActions"]


class LinkActions(ReaderScreen):
    """Follows chosen links; remembers where the reader was, like a browser."""

    BINDINGS = [
        Binding("backspace,alt+left", "back", _("Back"), show=False, id="back"),
        Binding("alt+right", "forward", _("Forward"), show=False, id="forward"),
        Binding("O", "open_source", _("Open source"), show=False, id="open-source"),
        Binding("y", "copy_link", _("Copy link"), show=False, id="copy-link"),
    ]

    def _here(self) -> Visit | None:
        if self.current is None:
            return None
        return Visit(self.current.article.id, self.reader.position())

    def _jump(self, visit: Visit) -> None:
        if self.current is not None and self.current.article.id == visit.article:
            self.reader.go_to_position(visit.position)
            return
        article = self.find_article(visit.article)
        if article is None:
            self.notify(_("That article is no longer in the library."), severity="warning")
            return
        self.open_article(article, visit.position, record=False)

    def on_reader_view_link_chosen(self, event: ReaderView.LinkChosen) -> None:
        """Follow the link the reader chose with a hint."""
        if self.current is None:
            return
        link = resolve_link(event.link.target, self.current.article.path)
        if link.kind == "refused":
            self.notify(link.reason, severity="warning", markup=False)
        elif link.kind == "web":
            self.app.open_url(link.url)
            self.notify(
                _("Opening in your browser: {url}").format(url=link.url), markup=False, timeout=3
            )
        elif link.kind == "anchor":
            self.record_visit()
            if not self.go_to_anchor(link.anchor):
                self.notify(
                    _("No section '{anchor}' here.").format(anchor=link.anchor),
                    severity="warning",
                    markup=False,
                )
        else:
            assert link.path is not None
            target = self._article_at(link.path)
            if target is None:
                self.notify(
                    _("Not in the library: {name}").format(name=link.path.name),
                    severity="warning",
                    markup=False,
                )
                return
            section = (link.anchor, "") if link.anchor else None
            self.open_article(target, Position("", 0) if section is None else None, section=section)

    def _article_at(self, path: Path) -> Article | None:
        for article in self.all_articles():
            if article.path.resolve() == path:
                return article
        return None

    def action_back(self) -> None:
        """Go back to where the reader was before the last jump."""
        here = self._here()
        visit = self.history.back(here) if here is not None else None
        if visit is None:
            self.notify(_("Nothing to go back to."), timeout=2)
            return
        self._jump(visit)

    def action_forward(self) -> None:
        """Go forward again."""
        here = self._here()
        visit = self.history.forward(here) if here is not None else None
        if visit is None:
            self.notify(_("Nothing to go forward to."), timeout=2)
            return
        self._jump(visit)

    def action_open_source(self) -> None:
        """Open the article's source URL in the browser."""
        if self.current is None or not self.current.article.source:
            self.notify(_("This article has no source address."), timeout=2)
            return
        link = resolve_link(self.current.article.source, self.current.article.path)
        if link.kind != "web":
            self.notify(
                link.reason or _("The source is not a web address."),
                severity="warning",
                markup=False,
            )
            return
        self.app.open_url(link.url)
        self.notify(
            _("Opening in your browser: {url}").format(url=link.url), markup=False, timeout=3
        )

    def action_copy_link(self) -> None:
        """Copy the link of the current section (or of the article) to the clipboard."""
        if self.current is None:
            return
        article = self.current.article
        base = article.source or article.path.as_uri()
        heading = self._current_heading()
        link = f"{base.split('#')[0]}#{heading.anchor}" if heading else base
        self.app.copy_to_clipboard(link)
        self.notify(_("Copied: {link}").format(link=link), markup=False, timeout=3)
