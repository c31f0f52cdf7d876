"""Feeds through the installed command: subscribe, refresh, 304s, deletions, retention, failures."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import yaml

from linareader.core.paths import Paths

from .conftest import Run, Site, data_files

BODY = (
    "<p>Entry body with <em>emphasis</em>, long enough to read as a paragraph of prose.</p>"
    "<h2>Details</h2><p>More.</p>"
)


@dataclass
class Feed:
    """An RSS 2.0 feed whose entries the test changes; it answers conditional GETs."""

    site: Site
    path: str
    title: str = "Test Feed"
    entries: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "rss"
    delay: float = 0.0

    def add(self, count: int = 1) -> None:
        for _ in range(count):
            number = len(self.entries) + 1
            self.entries.insert(0, (f"urn:test:{number}", f"Entry {number}"))

    def document(self) -> bytes:
        if self.kind == "atom":
            items = "".join(
                f"<entry><id>{guid}</id><title>{title}</title>"
                f'<link href="{self.site.url("/posts/" + guid[-1])}"/>'
                f"<updated>2024-07-{10 + int(guid[-1]):02d}T08:00:00Z</updated>"
                f'<author><name>Atom Author</name></author><content type="html">'
                f"{BODY.replace('<', '&lt;')}</content></entry>"
                for guid, title in self.entries
            )
            return (
                '<?xml version="1.0" encoding="utf-8"?>'
                f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{self.title}</title>'
                f"<id>urn:test:feed</id><updated>2024-07-20T00:00:00Z</updated>{items}</feed>"
            ).encode()
        items = "".join(
            f"<item><guid>{guid}</guid><title>{title}</title>"
            f"<link>{self.site.url('/posts/' + guid.rsplit(':', 1)[1])}</link>"
            f"<pubDate>Wed, {10 + int(guid.rsplit(':', 1)[1]):02d} Jul 2024 08:00:00 GMT</pubDate>"
            f"<content:encoded><![CDATA[{BODY}]]></content:encoded></item>"
            for guid, title in self.entries
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{self.title}</title><link>{self.site.url('/')}</link>"
            f"{items}</channel></rss>"
        ).encode()

    def serve(self) -> str:
        def handler(request: BaseHTTPRequestHandler) -> None:
            time.sleep(self.delay)
            data = self.document()
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            if request.headers.get("If-None-Match") == etag:
                request.send_response(304)
                request.send_header("ETag", etag)
                request.end_headers()
                return
            request.send_response(200)
            request.send_header("Content-Type", "application/rss+xml")
            request.send_header("ETag", etag)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)

        return self.site.route(self.path, handler)


def listing(run: Run) -> dict[str, dict[str, object]]:
    result = run("list", "--json")
    assert result.returncode == 0, result.stderr
    return {item["id"]: item for item in json.loads(result.stdout)}


def feed_items(run: Run, name: str) -> dict[str, dict[str, object]]:
    return {k: v for k, v in listing(run).items() if v["origin"] == f"feed:{name}"}


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_three_entries_then_a_304_then_one_more(run: Run, site: Site) -> None:
    feed = Feed(site, "/feed.xml")
    feed.add(3)
    url = feed.serve()
    assert "Subscribed to 'test-feed'" in ok(run, "feed", "add", url)
    assert ok(run, "feed", "refresh") == "test-feed: 3 new\n"
    items = feed_items(run, "test-feed")
    assert sorted(str(item["title"]) for item in items.values()) == [
        "Entry 1",
        "Entry 2",
        "Entry 3",
    ]
    first = items["feed:test-feed/entry-1"]
    assert first["date"] == "2024-07-11" and first["source"] == site.url("/posts/1")

    assert ok(run, "feed", "refresh") == "test-feed: unchanged\n"
    last = site.seen("/feed.xml")[-1]
    assert last.headers.get("if-none-match", "").startswith('"')

    feed.add()
    assert ok(run, "feed", "refresh", "test-feed") == "test-feed: 1 new\n"
    assert len(feed_items(run, "test-feed")) == 4
    shown = ok(run, "cat", "feed:test-feed/entry-4", "--plain")
    assert "Entry body with emphasis, long enough" in shown


def test_a_deleted_entry_never_comes_back(run: Run, site: Site, isolated_dirs: Paths) -> None:
    feed = Feed(site, "/feed.xml")
    feed.add(2)
    ok(run, "feed", "add", feed.serve(), "--name", "news")
    ok(run, "feed", "refresh")
    ok(run, "rm", "feed:news/entry-1")
    feed.title = "Test Feed, renamed"  # a changed document: no 304 this time
    assert ok(run, "feed", "refresh") == "news: 0 new\n"
    assert sorted(feed_items(run, "news")) == ["feed:news/entry-2"]
    assert not (isolated_dirs.feeds_dir / "news" / "entry-1.md").exists()


def test_retention_drops_old_read_entries_but_never_unread_or_bookmarked(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    feed = Feed(site, "/feed.xml")
    feed.add(4)
    ok(run, "feed", "add", feed.serve(), "--name", "kept")
    ok(run, "feed", "refresh")
    for number in (1, 2, 4):
        ok(run, "mark", f"feed:kept/entry-{number}", "read")
    ok(run, "bookmarks", "add", "feed:kept/entry-1", "details")
    feeds_file = isolated_dirs.feeds_file
    data = yaml.safe_load(feeds_file.read_text())
    data["feeds"][0]["keep"] = 2
    feeds_file.write_text(yaml.safe_dump(data))
    feed.add()  # entry 5, unread
    assert ok(run, "feed", "refresh") == "kept: 1 new, 2 old read entries dropped\n"
    # 5 entries, keep 2: entry 1 is bookmarked, 3 and 5 unread; 2 and 4 (read) go, oldest first.
    assert sorted(feed_items(run, "kept")) == [
        "feed:kept/entry-1",
        "feed:kept/entry-3",
        "feed:kept/entry-5",
    ]


def test_one_broken_feed_is_reported_and_the_others_refresh(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    good = Feed(site, "/good.xml", title="Good")
    good.add(2)
    ok(run, "feed", "add", good.serve())
    broken = Feed(site, "/broken.xml", title="Broken")
    broken.add(1)
    ok(run, "feed", "add", broken.serve())
    site.page("/broken.xml", "gone", status=500)
    other = Feed(site, "/other.xml", title="Other", kind="atom")
    other.add(1)
    ok(run, "feed", "add", other.serve())
    result = run("feed", "refresh")
    assert result.returncode == 1
    assert result.stdout == "good: 2 new\nother: 1 new\n"
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("linareader: error: feed 'broken': ") and "HTTP 500" in line
    assert "Traceback" not in result.stderr
    listed = json.loads(ok(run, "feed", "list", "--json"))
    by_name = {row["name"]: row for row in listed}
    assert "HTTP 500" in by_name["broken"]["error"]
    assert (by_name["good"]["articles"], by_name["good"]["unread"]) == (2, 2)
    assert by_name["other"]["error"] is None
    assert not (isolated_dirs.feeds_dir / "broken").exists()


def test_at_most_four_feeds_download_at_once(run: Run, site: Site) -> None:
    names = [f"f{index}" for index in range(6)]
    feeds = []
    for name in names:
        feed = Feed(site, f"/{name}.xml", title=name)
        feed.add(1)
        feeds.append(feed)
        ok(run, "feed", "add", feed.serve())
    for feed in feeds:
        feed.delay = 0.4
    site.max_active = 0
    assert ok(run, "feed", "refresh").count(": 1 new") == 6
    assert site.max_active <= 4


def test_atom_and_summary_only_feeds_with_full_content(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    atom = Feed(site, "/atom.xml", title="Atom Site", kind="atom")
    atom.add(1)
    ok(run, "feed", "add", atom.serve())
    prose = "The full article is much longer than the summary, and it says so at length. " * 3
    site.page(
        "/posts/1", f"<html><body><article><p>{prose}</p><p>{prose}</p></article></body></html>"
    )
    summaries = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Summaries</title>'
        f"<item><guid>s1</guid><title>Short</title><link>{site.url('/posts/1')}</link>"
        "<description>Only a teaser.</description></item></channel></rss>"
    )
    site.page("/summaries.xml", summaries, "application/xml")
    ok(run, "feed", "add", site.url("/summaries.xml"), "--name", "teasers")
    data = yaml.safe_load(isolated_dirs.feeds_file.read_text())
    data["feeds"][1]["full_content"] = True
    isolated_dirs.feeds_file.write_text(yaml.safe_dump(data))
    ok(run, "feed", "refresh")
    entry = (isolated_dirs.feeds_dir / "atom-site" / "entry-1.md").read_text()
    assert "author: Atom Author" in entry and "Entry body with *emphasis*" in entry
    teaser = (isolated_dirs.feeds_dir / "teasers" / "short.md").read_text()
    assert "much longer than the summary" in teaser and "Only a teaser" not in teaser


def test_a_feed_with_an_entity_bomb_is_parsed_without_expanding_it(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    entities = '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    for level in range(1, 10):
        entities += f'<!ENTITY {chr(97 + level)} "' + f"&{chr(96 + level)};" * 10 + '">'
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>Bomb &j;</title><item><guid>b1</guid><title>Boom &j;</title>"
        "<description>&j;&j;&j;</description></item></channel></rss>"
    )
    url = site.page("/bomb.xml", bomb, "application/rss+xml")
    ok(run, "feed", "add", url, "--name", "bomb")
    result = run("feed", "refresh", timeout=30)
    assert result.returncode == 0, result.stderr
    sizes = [path.stat().st_size for path in data_files(isolated_dirs.feeds_dir)]
    assert sizes and max(sizes) < 10_000


def test_not_a_feed_is_refused_at_subscription(run: Run, site: Site, isolated_dirs: Paths) -> None:
    url = site.page("/page.html", "<html><body><p>Hello</p></body></html>")
    result = run("feed", "add", url)
    assert result.returncode == 1
    assert "is not an RSS or Atom feed" in result.stderr and "Traceback" not in result.stderr
    assert not isolated_dirs.feeds_file.exists()


def test_feeds_yaml_bad_entries_warn_and_survive_a_rewrite(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.feeds_file.write_text(
        "feeds:\n"
        "  - name: ok\n    url: http://127.0.0.1:9/ok.xml\n    tags: [a, b]\n"
        "  - name: ../escape\n    url: http://127.0.0.1:9/x.xml\n"
        "  - url: file:///etc/passwd\n    name: local\n"
        "  - just a string\n"
    )
    listed = run("feed", "list")
    assert listed.returncode == 0
    assert listed.stdout.startswith("ok ")
    warnings = listed.stderr.strip().splitlines()
    assert len(warnings) == 3 and all(w.startswith("linareader: warning: ") for w in warnings)
    feed = Feed(site, "/feed.xml")
    feed.add(1)
    ok(run, "feed", "add", feed.serve(), "--name", "New Name!")
    entries = yaml.safe_load(isolated_dirs.feeds_file.read_text())["feeds"]
    assert [entry if isinstance(entry, str) else entry["name"] for entry in entries] == [
        "ok",
        "../escape",
        "local",
        "just a string",
        "new-name",
    ]
    assert entries[0]["tags"] == ["a", "b"]
    assert "rewrite this file" in isolated_dirs.feeds_file.read_text().splitlines()[1]


def test_feed_remove_keeps_articles_unless_purged(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    feed = Feed(site, "/feed.xml")
    feed.add(2)
    ok(run, "feed", "add", feed.serve(), "--name", "gone")
    ok(run, "feed", "refresh")
    ok(run, "feed", "remove", "gone")
    assert len(feed_items(run, "gone")) == 2
    ok(run, "feed", "add", feed.serve(), "--name", "gone")
    ok(run, "feed", "remove", "gone", "--purge")
    assert feed_items(run, "gone") == {}
    missing = run("feed", "remove", "gone")
    assert missing.returncode == 1 and "No feed is named 'gone'" in missing.stderr


def test_a_second_add_of_the_same_url_is_a_no_op(
    run: Run, site: Site, isolated_dirs: Paths
) -> None:
    feed = Feed(site, "/feed.xml")
    feed.add(1)
    url = feed.serve()
    ok(run, "feed", "add", url)
    assert "Already subscribed" in ok(run, "feed", "add", url)
    assert len(yaml.safe_load(Path(isolated_dirs.feeds_file).read_text())["feeds"]) == 1
