"""ctrl+k: library-wide search from the app lands on the match, highlighted."""

from __future__ import annotations

from textual.widgets import Label

from linareader.ui.main_screen import MainScreen
from linareader.ui.reader_view import ReaderView
from linareader.ui.search_screen import SearchScreen

from .conftest import MakeApp

SIZE = (110, 32)


async def test_ctrl_k_finds_societe_without_accents_and_opens_at_the_match(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, SearchScreen)
        await app.workers.wait_for_complete()
        await pilot.press(*"societe")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        titles = [hit.article.title for hit in screen.hits]
        assert "OSPOs for Good, New-York 2024" in titles
        first = screen.hits[0]
        assert any(first.snippet[a:b].lower() == "société" for a, b in first.highlights)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen) and main.current is not None
        assert main.current.article.id == first.article.id
        reader = main.query_one(ReaderView)
        assert reader.find_query.lower() == "société"
        assert reader.match_count >= 1 and reader.find_index == 0
        assert str(main.query_one("#find-count", Label).content).startswith("1/")
        await pilot.press("n")
        assert reader.find_index == (1 % reader.match_count)


async def test_search_with_no_match_and_odd_syntax_does_not_crash(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+k")
        await app.workers.wait_for_complete()
        await pilot.press(*'zzqq "unclosed AND -x* NEAR(')
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and app.screen.hits == []
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
