"""Reading comfort: find in the article, link hints, back and forward."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from linareader.ui.app import LinareaderApp
from linareader.ui.main_screen import MainScreen
from linareader.ui.reader_view import ReaderView
from linareader.ui.spans import class_style

from .conftest import MakeApp

SIZE = (110, 32)


async def opened(app: LinareaderApp, pilot: Pilot[None]) -> ReaderView:
    await app.workers.wait_for_complete()
    await pilot.pause()
    reader = app.screen.query_one(ReaderView)
    assert reader.document is not None
    return reader


def styled_runs(app: LinareaderApp, reader: ReaderView, name: str) -> list[str]:
    """Texts on screen drawn with the component style ``reader--<name>``."""
    wanted = class_style(reader, f"reader--{name}")
    runs = []
    for y in range(reader.size.height):
        for segment in reader.render_line(y):
            if segment.style is not None and segment.style.bgcolor == wanted.bgcolor:
                runs.append(segment.text)
    return runs


async def find(app: LinareaderApp, pilot: Pilot[None], query: str) -> None:
    await pilot.press("slash", *query)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_find_folds_case_highlights_and_counts(make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=SIZE) as pilot:
        reader = await opened(app, pilot)
        await find(app, pilot, "openllm")
        assert reader.match_count == 1
        assert app.screen.query_one("#find-count", Label).content == "1/1"
        assert "OpenLLM" in styled_runs(app, reader, "find-current")
        await pilot.press("enter", "n")
        assert reader.find_index == 0  # the only match: n comes back to it
        assert "OpenLLM" in styled_runs(app, reader, "find-current")


async def test_find_next_and_previous_cycle_through_matches(make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=SIZE) as pilot:
        reader = await opened(app, pilot)
        await find(app, pilot, "societe")
        total = reader.match_count
        assert total >= 2
        assert "société" in [run.lower() for run in styled_runs(app, reader, "find-current")]
        await pilot.press("enter")
        first = reader.find_index
        await pilot.press("n")
        assert reader.find_index == (first + 1) % total
        assert app.screen.query_one("#find-count", Label).content == f"{first + 2}/{total}"
        await pilot.press("N", "N")
        assert reader.find_index == (first - 1) % total
        await pilot.press("escape")
        assert reader.find_query == ""
        assert not app.screen.query_one("#find-bar").has_class("-open")


async def test_find_without_match_says_so(make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=SIZE) as pilot:
        reader = await opened(app, pilot)
        await find(app, pilot, "zzzqqq")
        assert reader.match_count == 0
        assert app.screen.query_one("#find-count", Label).content == "no match"


async def test_hints_follow_an_anchor_another_article_and_back(make_app: MakeApp) -> None:
    app = make_app(article="welcome")
    async with app.run_test(size=SIZE) as pilot:
        reader = await opened(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("o")
        hints = {link.target: label for label, link in reader.hints.items()}
        assert "#bookmarks-that-stay-put" in hints
        await pilot.press(hints["#bookmarks-that-stay-put"])
        await pilot.pause()
        assert reader.position().anchor == "bookmarks-that-stay-put"
        await pilot.press("backspace")
        await pilot.pause()
        assert reader.position().anchor == ""
        await pilot.press("alt+right")
        await pilot.pause()
        assert reader.position().anchor == "bookmarks-that-stay-put"
        await pilot.press("G", "o")
        hints = {link.target: label for label, link in reader.hints.items()}
        await pilot.press(hints["ospos-for-good-new-york-2024.md"])
        await opened(app, pilot)
        assert screen.current is not None
        assert screen.current.article.id == "ospos-for-good-new-york-2024"
        await pilot.press("backspace")
        await opened(app, pilot)
        assert screen.current.article.id == "welcome"
        assert reader.at_end


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened_urls: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened_urls.append(url) or True)
    return opened_urls


async def test_web_links_open_only_when_chosen_and_bad_schemes_are_refused(
    make_app: MakeApp, tmp_path: Path, browser: list[str]
) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "links.md").write_text(
        "# Links\n\n[web](https://example.org/page) [js](javascript:alert(1)) "
        "[ftp](ftp://example.org/x) [mail](mailto:a@example.org) [missing](nowhere.md)\n",
        encoding="utf-8",
    )
    app = make_app(extra_dirs=[folder], article="local/links")
    seen: list[str] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await opened(app, pilot)
        app.notify = lambda message, **kw: seen.append(str(message))  # type: ignore[method-assign]
        await pilot.press("o")
        labels = {link.text: label for label, link in reader.hints.items()}
        assert "js" not in labels  # markdown-it never makes javascript: a link
        await pilot.press("escape")
        for name in ("ftp", "mail", "missing"):
            await pilot.press("o", labels[name])
            await pilot.pause()
        assert browser == []
        assert any("'ftp:' scheme" in m for m in seen)
        assert any("'mailto:' scheme" in m for m in seen)
        assert any("nowhere.md" in m for m in seen)
        await pilot.press("o", labels["web"])
        await pilot.pause()
        assert browser == ["https://example.org/page"]
