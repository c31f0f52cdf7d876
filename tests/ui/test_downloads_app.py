"""Downloads from the app, against a real HTTP server on 127.0.0.1: add, refresh, delete."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from linareader.core.paths import Paths
from linareader.ui.app import LinareaderApp
from linareader.ui.article_list import ArticleList
from linareader.ui.dialogs import ConfirmDialog, PromptDialog
from linareader.ui.main_screen import MainScreen
from tests.net.conftest import Site, _no_proxy, site
from tests.net.test_feeds import Feed

from ..cli.conftest import Run, run
from .conftest import MakeApp

__all__ = ["_no_proxy", "run", "site"]

SIZE = (110, 32)
PAGE = """<html lang="en"><head><title>A Saved Page</title>
<meta name="author" content="Jane Writer"></head><body><article>
<h1>A Saved Page</h1><p>This is the first paragraph of a page worth keeping, long enough for
the extractor to see it as the article and not as navigation.</p>
<p>A second paragraph adds more text, with <a href="/other">a link</a> inside a sentence so
that the page reads like a real article with enough words in it.</p>
</article></body></html>"""


async def settle(app: LinareaderApp, pilot: Pilot[None]) -> MainScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def test_a_saves_a_page_and_opens_it(make_app: MakeApp, site: Site) -> None:
    url = site.page("/page.html", PAGE)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*url, "enter")
        screen = await settle(app, pilot)
        await settle(app, pilot)
        assert screen.current is not None
        assert screen.current.article.origin == "saved"
        assert screen.current.article.title == "A Saved Page"
        assert any(a.origin == "saved" for a in screen.sidebar.articles)


async def test_a_failed_download_is_a_notice_not_a_crash(make_app: MakeApp, site: Site) -> None:
    url = site.page("/missing.html", "gone", status=404)
    app = make_app()
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **kw: seen.append(str(message))  # type: ignore[method-assign]
        await pilot.press("a", *url, "enter")
        await settle(app, pilot)
        assert app.is_running
    assert any("404" in message for message in seen), seen


async def test_r_refreshes_feeds_and_new_articles_appear(
    make_app: MakeApp, site: Site, run: Run
) -> None:
    feed = Feed(site, "/feed.xml")
    feed.add(3)
    assert run("feed", "add", feed.serve(), "--name", "test").returncode == 0
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        assert not [a for a in screen.sidebar.articles if a.origin == "feed:test"]
        await pilot.press("r")
        await settle(app, pilot)
        await settle(app, pilot)
        feed_articles = [a for a in screen.sidebar.articles if a.origin == "feed:test"]
        assert len(feed_articles) == 3
        await pilot.press("slash", *"feed:test", "enter")
        assert len(screen.sidebar.articles) == 3


async def test_x_deletes_a_saved_article_after_confirmation(
    make_app: MakeApp, site: Site, run: Run, isolated_dirs: Paths
) -> None:
    url = site.page("/page.html", PAGE)
    assert run("add", url).returncode == 0
    [saved] = list(isolated_dirs.saved_dir.glob("*.md"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(app, pilot)
        sidebar = app.screen.query_one(ArticleList)
        sidebar.focus()
        assert sidebar.highlight_article(
            next(a.id for a in sidebar.articles if a.origin == "saved")
        )
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert Path(saved).exists()
        await pilot.press("x", "y")
        await settle(app, pilot)
        assert not Path(saved).exists()
        assert not any(a.origin == "saved" for a in screen.sidebar.articles)
        sidebar.highlight_article("welcome")
        await pilot.press("x")
        assert isinstance(app.screen, MainScreen)  # bundled articles cannot be deleted
        assert any(a.id == "welcome" for a in screen.sidebar.articles)
