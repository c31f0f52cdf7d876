"""The footer's key bar: the live keys, rebinding, narrow terminals and clicks."""

from __future__ import annotations

from textual.pilot import Pilot

from linareader.core.paths import Paths
from linareader.ui.app import LinareaderApp
from linareader.ui.key_bar import KeyBar, _Entry
from linareader.ui.main_screen import MainScreen

from .conftest import MakeApp
from .test_keys_themes import write_config


async def bar_text(app: LinareaderApp, pilot: Pilot[None]) -> str:
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(KeyBar).render().plain


async def test_the_bar_shows_the_keys_of_the_focused_reader(make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=(140, 30)) as pilot:
        text = await bar_text(app, pilot)
        for key, description in (("/", "Find"), ("o", "Links"), ("b", "Bookmark"), ("q", "Quit")):
            assert f" {key} {description} " in text
        assert text.rstrip().endswith("^p palette")
        assert len(text) == 140


async def test_the_bar_follows_focus(make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=(140, 30)) as pilot:
        await bar_text(app, pilot)
        app.screen.query_one("#sidebar").focus()
        text = await bar_text(app, pilot)
        assert " / Filter " in text and " / Find " not in text


async def test_a_rebound_key_shows_in_the_bar(make_app: MakeApp, isolated_dirs: Paths) -> None:
    write_config(isolated_dirs, 'keymap:\n  toggle-toc: "ctrl+t"\n')
    app = make_app(article="ospos")
    async with app.run_test(size=(140, 30)) as pilot:
        text = await bar_text(app, pilot)
        assert " ^t Contents " in text and " t Contents " not in text


async def test_help_and_the_palette_stay_visible_at_80_columns(make_app: MakeApp) -> None:
    """Regression: the footer used to cut off before "? Help" at 80 columns."""
    app = make_app(article="ospos")
    async with app.run_test(size=(80, 24)) as pilot:
        text = await bar_text(app, pilot)
        assert " ? Help " in text
        assert text.rstrip().endswith("^p palette")
        assert len(text) == 80


async def test_clicking_a_key_presses_it(make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=(140, 30)) as pilot:
        text = await bar_text(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert not screen.has_class("-toc")
        await pilot.click(KeyBar, offset=(text.index(" t Contents ") + 1, 0))
        await pilot.pause()
        assert screen.has_class("-toc")


def test_an_entry_counts_the_cells_it_takes_not_its_characters() -> None:
    assert _Entry("t", "t", "目次", True, False).width == 1 + 4 + 3
    assert _Entry("t", "t", "Sommaire", True, False).width == 1 + 8 + 3
