"""The download commands: ``add``, ``rm``, ``feed add|list|remove|refresh``, ``opml import|export``.

They call the UI-free core exactly as the app does. httpx, lxml, readability and feedparser are
imported inside the handlers, so that ``linareader list`` and ``cat`` never pay for them.
Failures are :class:`LinareaderError` and reach ``cli.main`` as one line; a feed refresh reports
each broken feed and exits 1 if any failed, after refreshing all the others.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
from collections.abc import Callable
from typing import TYPE_CHECKING

from linareader.core.errors import FeedError
from linareader.core.i18n import _, ngettext
from linareader.core.sanitize import clean_line

if TYPE_CHECKING:
    import httpx

    from linareader.commands import Context
    from linareader.core.feeds import Subscription
    from linareader.core.fetch import Limits

__all__ = ["cmd_add", "cmd_feed", "cmd_opml", "cmd_rm"]

log = logging.getLogger("linareader")


def _limits(context: Context) -> Limits:
    from linareader.core.fetch import Limits

    settings = context.settings
    return Limits(
        max_bytes=settings.downloads_max_size * 1024 * 1024,
        deadline=float(settings.downloads_timeout),
    )


def _client(limits: Limits) -> httpx.Client:
    from linareader.core.fetch import make_client

    return make_client(limits)


def cmd_add(context: Context, args: argparse.Namespace) -> int:
    """``add URL``: save the readable article of a web page (or a Markdown/text file)."""
    from linareader.core.pages import save_page

    limits = _limits(context)
    with _client(limits) as client:
        stored = save_page(client, context.paths, args.url, limits=limits)
    line = _("Saved {id}: {title}") if stored.created else _("Updated {id}: {title}")
    context.out.write(line.format(id=stored.id, title=stored.title) + "\n")
    return 0


def cmd_rm(context: Context, args: argparse.Namespace) -> int:
    """``rm ARTICLE``: delete a saved page or a feed entry (a feed never brings it back)."""
    from linareader.core.saved import remove_article

    article = context.library.resolve(args.article)
    remove_article(context.paths, article)
    context.out.write(_("Deleted {id}: {title}\n").format(id=article.id, title=article.title))
    return 0


def _subscriptions(context: Context) -> list[Subscription]:
    from linareader.core.feeds import load_subscriptions

    return load_subscriptions(context.paths.feeds_file)


def _feed_add(context: Context, args: argparse.Namespace) -> int:
    from linareader.core.feedparse import parse_feed
    from linareader.core.feedrefresh import ACCEPT_FEED
    from linareader.core.feeds import Subscription, add_subscriptions, feed_name
    from linareader.core.fetch import fetch
    from linareader.core.saved import safe_stem

    existing = _subscriptions(context)
    for subscription in existing:
        if subscription.url == args.url:
            context.out.write(
                _("Already subscribed to {url} as '{name}'.\n").format(
                    url=args.url, name=subscription.name
                )
            )
            return 0
    limits = _limits(context)
    with _client(limits) as client:
        fetched = fetch(client, args.url, limits=limits, accept=ACCEPT_FEED)
    parsed = parse_feed(fetched.body, fetched.url, fetched.media_type)
    taken = {subscription.name for subscription in existing}
    if args.name is not None:
        name = safe_stem(args.name, fallback="")
        if not name:
            raise FeedError(
                _("'{text}' cannot name a feed; use letters or digits.").format(
                    text=clean_line(args.name)
                )
            )
    else:
        name = feed_name(parsed.title, args.url, taken)
    subscription = Subscription(name=name, url=args.url, title=parsed.title)
    add_subscriptions(context.paths.feeds_file, [subscription])
    title = f" ({parsed.title})" if parsed.title else ""
    context.out.write(
        _(
            "Subscribed to '{name}'{title}: {count} entries; `linareader feed refresh` downloads "
            "them.\n"
        ).format(name=name, title=title, count=len(parsed.entries))
    )
    return 0


def _feed_list(context: Context, args: argparse.Namespace) -> int:
    from linareader.core.feedstore import load_record, record_path

    subscriptions = _subscriptions(context)
    state = context.state
    rows = []
    for subscription in subscriptions:
        origin = f"feed:{subscription.name}"
        articles = [a for a in context.library.articles if a.origin == origin]
        unread = sum(state.article(a.id).state != "read" for a in articles)
        record = load_record(record_path(context.paths.feed_state_dir, subscription.name))
        rows.append(
            {
                "name": subscription.name,
                "url": subscription.url,
                "title": subscription.title,
                "tags": list(subscription.tags),
                "full_content": subscription.full_content,
                "keep": subscription.keep,
                "articles": len(articles),
                "unread": unread,
                "refreshed": record.refreshed or None,
                "error": record.error or None,
            }
        )
    if args.json:
        context.out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        context.out.write(_("No feeds yet; add one with `linareader feed add URL`.\n"))
    width = max((len(str(row["name"])) for row in rows), default=0)
    for row in rows:
        counts = f"{row['unread']}/{row['articles']}"
        error = (
            _("  (last refresh failed: {value})").format(value=row["error"]) if row["error"] else ""
        )
        context.out.write(f"{row['name']:<{width}}  {counts:>9}  {row['url']}{error}\n")
    return 0


def _feed_remove(context: Context, args: argparse.Namespace) -> int:
    from linareader.core.feeds import remove_subscription
    from linareader.core.feedstore import record_path
    from linareader.core.saved import safe_stem

    remove_subscription(context.paths.feeds_file, args.name)
    if args.purge and safe_stem(args.name, fallback="") == args.name:  # never a path
        shutil.rmtree(context.paths.feeds_dir / args.name, ignore_errors=True)
        record = record_path(context.paths.feed_state_dir, args.name)
        record.unlink(missing_ok=True)
        context.out.write(
            _("Unsubscribed from '{name}' and deleted its articles.\n").format(name=args.name)
        )
    else:
        context.out.write(
            _(
                "Unsubscribed from '{name}'; its articles stay in the library (`feed remove "
                "--purge` deletes them).\n"
            ).format(name=args.name)
        )
    return 0


def _may_drop(context: Context) -> Callable[[str], bool]:
    state = context.state

    def may_drop(article_id: str) -> bool:
        return state.article(article_id).state == "read" and not state.bookmarks(article_id)

    return may_drop


def _feed_refresh(context: Context, args: argparse.Namespace) -> int:
    from linareader.core.feedrefresh import refresh_feeds, refresh_summary

    subscriptions = _subscriptions(context)
    if args.name is not None:
        subscriptions = [s for s in subscriptions if s.name == args.name]
        if not subscriptions:
            raise FeedError(
                _("No feed is named '{text}'; `linareader feed list` shows them.").format(
                    text=clean_line(args.name)
                )
            )
    if not subscriptions:
        context.out.write(_("No feeds yet; add one with `linareader feed add URL`.\n"))
        return 0
    limits = _limits(context)
    may_drop = _may_drop(context)

    with _client(limits) as client:
        results = refresh_feeds(
            client, context.paths, subscriptions, limits=limits, may_drop=may_drop
        )
    failed = 0
    for result in results:
        if result.error:
            failed += 1
            log.error(_("feed '%s': %s"), result.name, result.error)
        elif result.not_modified:
            context.out.write(_("{name}: unchanged\n").format(name=result.name))
        else:
            context.out.write(f"{result.name}: {refresh_summary(result)}\n")
    return 1 if failed else 0


def cmd_feed(context: Context, args: argparse.Namespace) -> int:
    """``feed add URL [--name N] | list [--json] | remove NAME [--purge] | refresh [NAME]``."""
    actions = {
        "add": _feed_add,
        "list": _feed_list,
        "remove": _feed_remove,
        "refresh": _feed_refresh,
    }
    return actions[args.action](context, args)


def cmd_opml(context: Context, args: argparse.Namespace) -> int:
    """``opml import FILE`` (adds subscriptions) and ``opml export`` (to stdout)."""
    from linareader.core.feeds import add_subscriptions
    from linareader.core.opml import export_opml, read_opml, to_subscriptions

    if args.action == "export":
        context.out.write(export_opml(_subscriptions(context)))
        return 0
    feeds = read_opml(args.file)
    taken = {subscription.name for subscription in _subscriptions(context)}
    added = add_subscriptions(context.paths.feeds_file, to_subscriptions(feeds, taken))
    skipped = len(feeds) - len(added)
    already = _(" ({skipped} already subscribed)").format(skipped=skipped) if skipped else ""
    context.out.write(
        ngettext(
            "Imported {count} feed{already}.\n", "Imported {count} feeds{already}.\n", len(added)
        ).format(count=len(added), already=already)
    )
    return 0
