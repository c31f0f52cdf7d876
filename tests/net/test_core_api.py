"""The core API the app calls from thread workers: progress, cancellation, results."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from linareader.core.errors import Cancelled
from linareader.core.feedrefresh import refresh_feeds
from linareader.core.feeds import Subscription
from linareader.core.fetch import Limits, make_client
from linareader.core.frontmatter import parse_front_matter, split_front_matter
from linareader.core.pages import save_page
from linareader.core.paths import Paths
from linareader.core.saved import render_article, safe_stem

from .conftest import Site, data_files, trickle

PAGE = "<html><body><article><p>" + "Readable prose, sentence after sentence. " * 20
PAGE += "</p></article></body></html>"
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    "<item><guid>1</guid><title>One</title><description>Body one.</description></item>"
    "</channel></rss>"
)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client() as made:
        yield made


def fixed_clock() -> datetime:
    return datetime(2024, 7, 10, 8, 30, 15, 999, tzinfo=UTC)


def test_save_page_reports_its_steps_and_stamps_with_the_clock(
    site: Site, client: httpx.Client, isolated_dirs: Paths
) -> None:
    steps: list[tuple[int, int, str]] = []
    stored = save_page(
        client,
        isolated_dirs,
        site.page("/p.html", PAGE),
        clock=fixed_clock,
        progress=lambda done, total, message: steps.append((done, total, message)),
    )
    assert [(done, total) for done, total, _ in steps] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert stored.created and stored.id == "saved/p" and stored.path.is_file()
    assert "fetched: '2024-07-10T08:30:15Z'" in stored.path.read_text()


def test_save_page_cancelled_mid_download_writes_nothing(
    site: Site, client: httpx.Client, isolated_dirs: Paths
) -> None:
    url = site.route("/slow", trickle(chunks=100, delay=0.1))
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    with pytest.raises(Cancelled):
        save_page(client, isolated_dirs, url, limits=Limits(deadline=30), should_stop=stop.is_set)
    assert data_files(isolated_dirs.data_dir) == []


def test_refresh_feeds_reports_progress_in_the_calling_thread(
    site: Site, client: httpx.Client, isolated_dirs: Paths
) -> None:
    subscriptions = [
        Subscription("good", site.page("/good.xml", RSS, "application/rss+xml")),
        Subscription("bad", site.page("/bad.xml", "no", status=404)),
    ]
    calls: list[tuple[int, int, str, str]] = []
    caller = threading.current_thread().name

    def progress(done: int, total: int, message: str) -> None:
        calls.append((done, total, message, threading.current_thread().name))

    results = refresh_feeds(client, isolated_dirs, subscriptions, progress=progress)
    assert [result.name for result in results] == ["good", "bad"]
    assert len(results[0].added) == 1 and results[0].ok
    assert "HTTP 404" in results[1].error and not results[1].cancelled
    assert [call[:2] for call in calls] == [(0, 2), (1, 2), (2, 2)]
    assert {call[3] for call in calls} == {caller}


def test_refresh_feeds_stopped_before_starting_does_nothing(
    site: Site, client: httpx.Client, isolated_dirs: Paths
) -> None:
    subscription = Subscription("good", site.page("/good.xml", RSS, "application/rss+xml"))
    (result,) = refresh_feeds(client, isolated_dirs, [subscription], should_stop=lambda: True)
    assert result.cancelled and site.requests == []


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Hello, World!", "hello-world"),
        ("../../x", "x"),
        ("nul", "nul-article"),
        ("COM3.txt", "com3txt"),
        ("", "article"),
        ("-- leading dashes", "leading-dashes"),
        ("日本語のタイトル", "日本語のタイトル"),
        ("a" * 300, "a" * 120),
        ("é" * 100, "é" * 60),
    ],
)
def test_safe_stem(title: str, stem: str) -> None:
    assert safe_stem(title) == stem


def test_front_matter_is_dumped_not_concatenated() -> None:
    title = "x\n---\nid: evil\ntitle: 'quoted' \"both\" # hash: [list]"
    text = render_article({"id": "saved/x", "title": title, "author": "", "tags": ["a"]}, "Body\n")
    yaml_text, body, _line = split_front_matter(text)
    meta = parse_front_matter(yaml_text)
    assert meta.id == "saved/x"
    assert meta.title == "x --- id: evil title: 'quoted' \"both\" # hash: [list]"
    assert meta.tags == ("a",) and "author" not in (yaml_text or "")
    assert body == "\nBody\n"
