"""Feeds of tens of thousands of items, served from 127.0.0.1: bounded work, a clear message.

Only the newest ``Limits.max_entries`` (1,000 by default) are read; the tests lower it so that
a 30,000-item feed exercises every path in a second. Timings are in
``benchmarks/feeds_bench.py``, never asserted here.
"""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
import httpx
import pytest

from linareader.core.feedparse import keep_first_entries, parse_feed
from linareader.core.feedrefresh import refresh_feeds, refresh_summary
from linareader.core.feeds import Subscription
from linareader.core.fetch import Limits, make_client
from linareader.core.frontmatter import parse_front_matter, split_front_matter
from linareader.core.paths import Paths

from .conftest import Site

ITEMS = 30_000


def rss(count: int, *, title: str | None = None) -> bytes:
    """A feed newest first: item ``count`` comes first, as feeds list them."""
    items = "".join(
        f"<item><guid>urn:big:{n}</guid><title>{title or f'Entry {n}'}</title>"
        f"<description>Body {n}.</description></item>"
        for n in range(count, 0, -1)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
        f"<link>http://127.0.0.1/</link>{items}<ttl>60</ttl></channel></rss>"
    ).encode()


def atom(count: int) -> bytes:
    entries = "".join(
        f"<atom:entry><atom:id>urn:a:{n}</atom:id><atom:title>E {n}</atom:title>"
        "<atom:updated>2024-07-10T08:00:00Z</atom:updated></atom:entry>"
        for n in range(count, 0, -1)
    )
    return (
        '<?xml version="1.0"?><atom:feed xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<atom:title>A</atom:title><atom:id>urn:a</atom:id>{entries}</atom:feed>"
    ).encode()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client() as made:
        yield made


@pytest.mark.parametrize("document", [rss(ITEMS), atom(ITEMS)], ids=["rss", "atom-prefixed"])
def test_entries_past_the_limit_are_cut_before_parsing_and_the_rest_stays_well_formed(
    document: bytes,
) -> None:
    cut, listed = keep_first_entries(document, 40)
    assert listed == ITEMS and len(cut) < len(document) // 100
    parsed = feedparser.parse(cut)
    assert not parsed.bozo  # well-formed: the end of the document was kept
    assert len(parsed.entries) == 40 and parsed.entries[0].title.endswith(str(ITEMS))
    feed = parse_feed(document, "http://127.0.0.1/feed", max_entries=40)
    assert (len(feed.entries), feed.total) == (40, ITEMS)


def test_a_feed_within_the_limit_is_parsed_as_it_is() -> None:
    document = rss(5)
    assert keep_first_entries(document, 5) == (document, 5)
    assert parse_feed(document, "http://127.0.0.1/f").total == 5


def test_a_thirty_thousand_item_feed_keeps_the_newest_and_says_so(
    site: Site, client: httpx.Client, isolated_dirs: Paths
) -> None:
    url = site.page("/big.xml", rss(ITEMS, title="Update"), "application/rss+xml")
    subscription = Subscription(name="big", url=url)
    limits = Limits(max_entries=60)
    (result,) = refresh_feeds(client, isolated_dirs, [subscription], limits=limits)
    assert result.ok and len(result.added) == 60
    assert (result.listed, result.skipped) == (ITEMS, ITEMS - 60)
    assert refresh_summary(result) == (
        "60 new, the feed lists 30000 entries: only the newest 60 are read, "
        "the 29940 older ones are skipped"
    )
    folder = isolated_dirs.feeds_dir / "big"
    files = sorted(folder.glob("*.md"))
    assert len(files) == 60  # same titles, one file each: update.md, update-2.md...
    assert {p.name for p in files} == {"update.md", *(f"update-{n}.md" for n in range(2, 61))}
    bodies = {split_front_matter(p.read_text())[1].strip() for p in files}
    assert bodies == {f"Body {n}." for n in range(ITEMS - 59, ITEMS + 1)}  # the newest 60
    assert all(parse_front_matter(split_front_matter(p.read_text())[0]).title for p in files)
    # Again: nothing new, nothing re-read; the message still explains the skipped ones.
    (again,) = refresh_feeds(client, isolated_dirs, [subscription], limits=limits)
    assert again.ok and again.added == () and again.skipped == ITEMS - 60
    assert len(list(folder.glob("*.md"))) == 60
    # Two new items at the top: they, and only they, come in.
    site.page("/big.xml", rss(ITEMS + 2, title="Update"), "application/rss+xml")
    (later,) = refresh_feeds(client, isolated_dirs, [subscription], limits=limits)
    assert [a.title for a in later.added] == ["Update", "Update"]
    assert len(list(folder.glob("*.md"))) == 62
