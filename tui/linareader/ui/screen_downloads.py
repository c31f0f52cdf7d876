"""Downloads on the reader screen: ``a`` saves a web page, ``r`` refreshes feeds, ``x`` deletes.

All network work runs in thread workers with a progress bar, so reading never waits; errors are
notifications; new articles appear in the sidebar without a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.widgets import Label, ProgressBar
from textual.worker import get_current_worker

from linareader.core.errors import LinareaderError
from linareader.core.i18n import _, ngettext
from linareader.core.library import Library
from linareader.core.sanitize import clean_line
from linareader.ui.dialogs import ConfirmDialog, PromptDialog
from linareader.ui.screen_base import ReaderScreen

if TYPE_CHECKING:
    from linareader.core.feeds import Subscription
    from linareader.core.fetch import Limits

__all__ = ["DownloadActions"]


class DownloadActions(ReaderScreen):
    """Add by URL, refresh feeds, delete downloaded articles."""

    BINDINGS = [
        Binding("a", "add_article", _("Add URL"), show=False, id="add-article"),
        Binding("r", "refresh_feeds", _("Refresh feeds"), show=False, id="refresh-feeds"),
        Binding("x", "delete_article", _("Delete"), show=False, id="delete-article"),
    ]

    def on_mount(self) -> None:
        """Refresh feeds at start when ``feeds.refresh_on_start`` says so (in the background)."""
        if self.settings.feeds_refresh_on_start and self.paths is not None:
            self.call_after_refresh(self.action_refresh_feeds)

    # -- progress ----------------------------------------------------------------------------

    def _progress(self, done: int, total: int, message: str) -> None:
        bar = self.status_bar()
        bar.add_class("-open")
        bar.query_one("#status-text", Label).update(clean_line(message)[:80])
        bar.query_one("#status-progress", ProgressBar).update(total=max(total, 1), progress=done)

    def _done(self) -> None:
        self.query_one("#status-bar").remove_class("-open")

    def _reload(self, library: Library, select: str | None = None) -> None:
        self.library = library
        self.refresh_list()
        if select is not None:
            article = library.get(select)
            if article is not None:
                self.sidebar.highlight_article(select)
                self.open_article(article)

    def _limits(self) -> Limits:
        from linareader.core.fetch import Limits

        return Limits(
            max_bytes=self.settings.downloads_max_size * 1024 * 1024,
            deadline=float(self.settings.downloads_timeout),
        )

    def _report(self, message: str, severity: str = "error") -> None:
        self.notify(clean_line(message), severity="error" if severity == "error" else "warning")

    # -- add ---------------------------------------------------------------------------------

    def action_add_article(self) -> None:
        """Ask for a URL and save its article."""
        if self.paths is None:
            return

        def chosen(url: str | None) -> None:
            if url:
                self._download(url)

        self.app.push_screen(
            PromptDialog(_("Save a web article"), placeholder=_("https://…")), chosen
        )

    @work(thread=True, exclusive=True, group="download")
    def _download(self, url: str) -> None:
        from linareader.core.fetch import make_client
        from linareader.core.pages import save_page

        assert self.paths is not None
        worker = get_current_worker()
        call = self.app.call_from_thread
        limits = self._limits()
        try:
            with make_client(limits) as client:
                stored = save_page(
                    client,
                    self.paths,
                    url,
                    limits=limits,
                    progress=lambda d, t, m: call(self._progress, d, t, m),
                    should_stop=lambda: worker.is_cancelled,
                )
            library = self.rescan() if self.rescan is not None else self.library
        except LinareaderError as error:
            call(self._done)
            call(self.notify, clean_line(str(error)), severity="error", markup=False)
            return
        call(self._done)
        done = _("Saved: {title}") if stored.created else _("Updated: {title}")
        call(self.notify, done.format(title=clean_line(stored.title)), markup=False, timeout=3)
        call(self._reload, library, stored.id)

    # -- feeds -------------------------------------------------------------------------------

    def action_refresh_feeds(self) -> None:
        """Download new entries of every feed (at most four at once)."""
        if self.paths is None:
            return
        from linareader.core.feeds import load_subscriptions

        subscriptions = load_subscriptions(self.paths.feeds_file)
        if not subscriptions:
            self.notify(_("No feeds yet: `linareader feed add URL` subscribes to one."), timeout=4)
            return
        # A snapshot taken here, on the UI thread: the state store is not thread-safe.
        keep = {
            article.id
            for article in self.library.articles
            if self.state.article(article.id).state != "read" or self.state.bookmarks(article.id)
        }
        self._progress(0, len(subscriptions), _("Refreshing feeds…"))
        self._refresh(subscriptions, lambda article_id: article_id not in keep)

    @work(thread=True, exclusive=True, group="feeds")
    def _refresh(self, subscriptions: list[Subscription], may_drop: Callable[[str], bool]) -> None:
        from linareader.core.feedrefresh import refresh_feeds, refresh_summary
        from linareader.core.fetch import make_client

        assert self.paths is not None
        worker = get_current_worker()
        call = self.app.call_from_thread
        limits = self._limits()
        with make_client(limits) as client:
            results = refresh_feeds(
                client,
                self.paths,
                subscriptions,
                limits=limits,
                may_drop=may_drop,
                progress=lambda d, t, m: call(self._progress, d, t, m),
                should_stop=lambda: worker.is_cancelled,
            )
        library = self.rescan() if self.rescan is not None else self.library
        call(self._done)
        added = sum(len(result.added) for result in results)
        failed = [result for result in results if result.error and not result.cancelled]
        for result in failed:
            message = _("Feed {name}: {error}").format(name=result.name, error=result.error)
            call(self.notify, clean_line(message), severity="error", markup=False)
        for result in results:
            if result.skipped and not result.error:
                message = _("Feed {name}: {summary}").format(
                    name=result.name, summary=refresh_summary(result)
                )
                call(self.notify, clean_line(message), severity="warning", markup=False)
        call(
            self.notify,
            ngettext(
                "Feeds refreshed: {added} new article.",
                "Feeds refreshed: {added} new articles.",
                added,
            ).format(added=added),
            markup=False,
            timeout=3,
        )
        call(self._reload, library, None)

    def mark_feed_read(self) -> None:
        """Mark every article of the highlighted article's feed read."""
        article = self.sidebar.highlighted_article
        if article is None or not article.origin.startswith("feed:"):
            self.notify(_("Select an article of a feed first."), timeout=3)
            return
        same = [a for a in self.library.articles if a.origin == article.origin]
        for entry in same:
            self.state.mark(entry.id, "read")
        self.state.save()
        self.refresh_list()
        name = article.origin.removeprefix("feed:")
        self.notify(
            ngettext(
                "Marked {count} article of {name} read.",
                "Marked {count} articles of {name} read.",
                len(same),
            ).format(count=len(same), name=name),
            markup=False,
            timeout=3,
        )

    # -- delete ------------------------------------------------------------------------------

    def action_delete_article(self) -> None:
        """Delete the highlighted saved or feed article, after a confirmation."""
        article = self.sidebar.highlighted_article
        if article is None or self.paths is None:
            return
        if article.origin not in ("saved",) and not article.origin.startswith("feed:"):
            self.notify(_("Only saved pages and feed entries can be deleted."), timeout=3)
            return
        paths = self.paths

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            from linareader.core.saved import remove_article

            try:
                remove_article(paths, article)
            except LinareaderError as error:
                self.notify(clean_line(str(error)), severity="error", markup=False)
                return
            if self.current is not None and self.current.article.id == article.id:
                self.current = None
                self.reader.clear()
            library = self.rescan() if self.rescan is not None else self.library
            self._reload(library)
            self.notify(_("Deleted: {title}").format(title=article.title), markup=False, timeout=3)

        self.app.push_screen(
            ConfirmDialog(_("Delete “{title}”?").format(title=article.title)), answered
        )
