"""Refresh subscribed feeds: conditional GET, new entries to Markdown, retention.

:func:`refresh_feeds` is what ``linareader feed refresh`` and the app's ``r`` call: at most
:data:`MAX_PARALLEL` feeds at once, each in its own thread, one broken feed reported in its
:class:`FeedResult` while the others go on. Progress is reported from the calling thread (count
of feeds done), and ``should_stop`` stops feeds not yet started and the entries of those
running. An unchanged feed costs one ``304``. Entries are de-duplicated by GUID/id, then link,
against every entry ever seen, so an entry the user deleted never comes back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from linareader.core.atomic import fsync_folder, locked
from linareader.core.errors import Cancelled, DownloadError, LinareaderError
from linareader.core.extract import html_to_markdown
from linareader.core.feedparse import FeedEntry, parse_feed
from linareader.core.feeds import Subscription
from linareader.core.feedstore import EntryRecord, FeedRecord, load_record, record_path, save_record
from linareader.core.fetch import DEFAULT_LIMITS, Limits, fetch, shown
from linareader.core.i18n import _
from linareader.core.pages import ACCEPT_PAGE, Progress, read_page
from linareader.core.paths import Paths
from linareader.core.sanitize import clean_text
from linareader.core.saved import (
    StoredArticle,
    folder_lock,
    iso_time,
    new_article_path,
    write_article,
)

if TYPE_CHECKING:
    import httpx

__all__ = [
    "ACCEPT_FEED",
    "MAX_PARALLEL",
    "FeedResult",
    "refresh_feed",
    "refresh_feeds",
    "refresh_summary",
]

log = logging.getLogger(__name__)

MAX_PARALLEL = 4
ACCEPT_FEED = (
    "application/atom+xml,application/rss+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1"
)
#: ``may_drop(article_id)``: whether retention may delete a read entry (read, no bookmark).
MayDrop = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class FeedResult:
    """What refreshing one feed did."""

    name: str
    added: tuple[StoredArticle, ...] = ()
    not_modified: bool = False
    """The server answered 304: nothing downloaded."""
    dropped: int = 0
    """Read entries deleted by the ``keep`` rule."""
    listed: int = 0
    """How many entries the feed lists."""
    skipped: int = 0
    """Entries beyond the newest ``Limits.max_entries``: never read, so that a feed of 30,000
    items refreshes in bounded time."""
    error: str = ""
    """The one-line failure, or empty."""
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """Whether the feed refreshed without error."""
        return not self.error


def refresh_summary(result: FeedResult) -> str:
    """Say in one line what refreshing a feed did (for ``feed refresh`` and the app)."""
    parts = [_("{count} new").format(count=len(result.added))]
    if result.dropped:
        parts.append(_("{dropped} old read entries dropped").format(dropped=result.dropped))
    if result.skipped:
        parts.append(
            _(
                "the feed lists {listed} entries: only the newest {value} are read, the "
                "{skipped} older ones are skipped"
            ).format(
                listed=result.listed, value=result.listed - result.skipped, skipped=result.skipped
            )
        )
    return ", ".join(parts)


def _now() -> datetime:
    return datetime.now(UTC)


def _markdown(
    client: httpx.Client,
    entry: FeedEntry,
    subscription: Subscription,
    limits: Limits,
    should_stop: Callable[[], bool] | None,
) -> str:
    if entry.summary_only and subscription.full_content and entry.link:
        try:
            fetched = fetch(
                client, entry.link, limits=limits, accept=ACCEPT_PAGE, should_stop=should_stop
            )
            return read_page(fetched).body
        except Cancelled:
            raise
        except DownloadError as error:  # NotAnArticle included: keep the summary
            log.warning(_("%s; kept the feed's summary instead."), error)
    if entry.content_is_html:
        body = html_to_markdown(entry.content)
    else:
        body = clean_text(entry.content).strip() + "\n"
    if not body.strip() and entry.link:
        body = _("[Read it on the site]({link})\n").format(link=entry.link)
    return body


def _retain(folder: Path, record: FeedRecord, keep: int, may_drop: MayDrop | None) -> int:
    """Delete the oldest read entries beyond *keep*; never unread or bookmarked ones."""
    if may_drop is None:
        return 0
    live = [
        entry for entry in record.entries.values() if entry.file and (folder / entry.file).is_file()
    ]
    excess = len(live) - keep
    dropped = 0
    for entry in sorted(live, key=lambda item: item.date):
        if excess <= 0:
            break
        if may_drop(entry.id):
            try:
                (folder / entry.file).unlink()
            except OSError as error:
                log.warning(
                    _("Cannot delete %s: %s."), folder / entry.file, error.strerror or error
                )
                continue
            excess -= 1
            dropped += 1
    return dropped


def _prune(folder: Path, record: FeedRecord, current: set[str], keep: int) -> None:
    """Forget the oldest entries gone from both the feed and the disk, past a generous cap."""
    cap = max(2 * keep, 1000)
    if len(record.entries) <= cap:
        return
    gone = [
        (entry.date, key)
        for key, entry in record.entries.items()
        if key not in current and not (entry.file and (folder / entry.file).is_file())
    ]
    for _date, key in sorted(gone)[: len(record.entries) - cap]:
        del record.entries[key]


def refresh_feed(
    client: httpx.Client,
    paths: Paths,
    subscription: Subscription,
    *,
    limits: Limits = DEFAULT_LIMITS,
    clock: Callable[[], datetime] = _now,
    may_drop: MayDrop | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> FeedResult:
    """Refresh one feed: download it (conditionally), save its new entries, apply ``keep``.

    Without *may_drop* retention deletes nothing.

    Raises:
        DownloadError: the feed could not be downloaded.
        FeedError: the download is not a feed.
        Cancelled: *should_stop* returned true (entries saved so far are kept and recorded).
        LinareaderError: an article could not be written.
    """
    name = subscription.name
    folder = paths.feeds_dir / name
    state = record_path(paths.feed_state_dir, name)
    paths.feed_state_dir.mkdir(parents=True, exist_ok=True)
    with locked(state.with_name(state.name + ".lock")):
        record = load_record(state)
        same = record.url == subscription.url
        record.url, record.refreshed = subscription.url, iso_time(clock())
        try:
            fetched = fetch(
                client,
                subscription.url,
                limits=limits,
                accept=ACCEPT_FEED,
                etag=record.etag if same else "",
                last_modified=record.last_modified if same else "",
                should_stop=should_stop,
            )
            if fetched.not_modified:
                record.error = ""
                return FeedResult(
                    name,
                    not_modified=True,
                    dropped=_retain(folder, record, subscription.keep, may_drop),
                )
            parsed = parse_feed(
                fetched.body, fetched.url, fetched.media_type, max_entries=limits.max_entries
            )
        except LinareaderError as error:
            if not isinstance(error, Cancelled):
                record.error = str(error)
            raise
        finally:
            save_record(state, record)
        record.etag, record.last_modified, record.error = fetched.etag, fetched.last_modified, ""
        added: list[StoredArticle] = []
        counters: dict[str, int] = {}  # file names given in this refresh
        try:
            links = record.links()
            fresh: dict[str, FeedEntry] = {}
            for entry in parsed.entries:
                if entry.key not in record.entries and entry.link not in links:
                    fresh.setdefault(entry.key, entry)
            for entry in reversed(list(fresh.values())):  # feeds list newest first
                if should_stop is not None and should_stop():
                    raise Cancelled(
                        _("Stopped refreshing {shown}.").format(shown=shown(subscription.url))
                    )
                added.append(
                    _save_entry(
                        client,
                        folder,
                        subscription,
                        parsed.title,
                        entry,
                        record,
                        limits,
                        clock,
                        should_stop,
                        counters,
                    )
                )
        finally:
            if added:
                fsync_folder(folder)  # once for the batch: each file was synced on its own
            save_record(state, record)
        dropped = _retain(folder, record, subscription.keep, may_drop)
        _prune(folder, record, {entry.key for entry in parsed.entries}, subscription.keep)
        save_record(state, record)
    skipped = max(0, parsed.total - len(parsed.entries))
    return FeedResult(
        name, added=tuple(added), dropped=dropped, listed=parsed.total, skipped=skipped
    )


def _save_entry(
    client: httpx.Client,
    folder: Path,
    subscription: Subscription,
    feed_title: str,
    entry: FeedEntry,
    record: FeedRecord,
    limits: Limits,
    clock: Callable[[], datetime],
    should_stop: Callable[[], bool] | None,
    counters: dict[str, int],
) -> StoredArticle:
    body = _markdown(client, entry, subscription, limits, should_stop)
    now = clock()
    title = entry.title or "Untitled"
    with folder_lock(folder):
        path = new_article_path(folder, title, counters=counters)
        article_id = f"feed:{subscription.name}/{path.stem}"
        fields = {
            "id": article_id,
            "title": title,
            "author": entry.author,
            "date": entry.published[:10],
            "site": subscription.title or feed_title,
            "tags": list(subscription.tags),
            "source": entry.link,
            "fetched": iso_time(now),
        }
        write_article(path, fields, body, sync_folder=False)
    record.entries[entry.key] = EntryRecord(
        file=path.name, id=article_id, link=entry.link, date=entry.published or iso_time(now)
    )
    return StoredArticle(article_id, path, title, True)


def refresh_feeds(
    client: httpx.Client,
    paths: Paths,
    subscriptions: Sequence[Subscription],
    *,
    limits: Limits = DEFAULT_LIMITS,
    clock: Callable[[], datetime] = _now,
    may_drop: MayDrop | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int = MAX_PARALLEL,
) -> list[FeedResult]:
    """Refresh *subscriptions*, at most *workers* at once; return one result per feed, in order.

    Never raises for one feed's failure: it is in that feed's :attr:`FeedResult.error`.
    *progress* is called from the calling thread as ``progress(done, total, message)``.
    """
    total = len(subscriptions)

    def one(subscription: Subscription) -> FeedResult:
        if should_stop is not None and should_stop():
            return FeedResult(subscription.name, error="Cancelled.", cancelled=True)
        try:
            return refresh_feed(
                client,
                paths,
                subscription,
                limits=limits,
                clock=clock,
                may_drop=may_drop,
                should_stop=should_stop,
            )
        except Cancelled as error:
            return FeedResult(subscription.name, error=str(error), cancelled=True)
        except LinareaderError as error:
            return FeedResult(subscription.name, error=str(error))
        except OSError as error:  # a full disk or a read-only folder while saving entries
            where = error.filename or paths.feeds_dir
            return FeedResult(
                subscription.name,
                error=_(
                    "Cannot save its entries in {where}: {value}; the entries saved before are "
                    "kept, and the next refresh tries again."
                ).format(where=where, value=error.strerror or error),
            )
        except Exception as error:  # a bug on one feed's data must not stop the others
            log.debug(_("Refreshing %s failed"), subscription.name, exc_info=True)
            return FeedResult(
                subscription.name,
                error=_("unexpected {kind}: {error}").format(
                    kind=type(error).__name__, error=error
                ),
            )

    results: dict[str, FeedResult] = {}
    if progress is not None:
        progress(0, total, _("Refreshing feeds"))
    if not subscriptions:
        return []
    with ThreadPoolExecutor(
        max_workers=max(1, min(workers, total)), thread_name_prefix="feed"
    ) as pool:
        futures = [pool.submit(one, subscription) for subscription in subscriptions]
        for done, future in enumerate(as_completed(futures), start=1):
            result = future.result()
            results[result.name] = result
            if progress is not None:
                progress(done, total, _summary(result))
    return [results[subscription.name] for subscription in subscriptions]


def _summary(result: FeedResult) -> str:
    if result.error:
        return f"{result.name}: {result.error}"
    if result.not_modified:
        return f"{result.name}: unchanged"
    return f"{result.name}: {len(result.added)} new"
