"""Rebindable keys, the help screen, the palette, themes and screenshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from linareader.core.paths import Paths, bundled_dir
from linareader.ui.app import LinareaderApp
from linareader.ui.dialogs import PromptDialog
from linareader.ui.help_screen import HelpScreen
from linareader.ui.main_screen import MainScreen
from linareader.ui.spans import STYLE_CLASSES

from .conftest import MakeApp

SIZE = (110, 32)


def write_config(paths: Paths, text: str) -> None:
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text(text, encoding="utf-8")


async def ready(app: LinareaderApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def help_rows(app: LinareaderApp) -> list[str]:
    return [str(row.content) for row in app.screen.query(".help-row").results(Static)]


async def test_rebinding_toggle_bookmark_works_and_shows_in_help(
    make_app: MakeApp, isolated_dirs: Paths
) -> None:
    write_config(isolated_dirs, 'keymap:\n  toggle-bookmark: "ctrl+b"\n')
    app = make_app(article="ospos")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("right_square_bracket", "b")
        assert isinstance(app.screen, MainScreen)  # b no longer bookmarks
        await pilot.press("ctrl+b")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app)
        bookmark = next(row for row in rows if row.endswith("toggle-bookmark"))
        assert "^b" in bookmark and " b " not in bookmark
        assert any(row.endswith("follow-link") and " o " in row for row in rows)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_unknown_keymap_id_warns_with_a_suggestion(
    make_app: MakeApp, isolated_dirs: Paths
) -> None:
    write_config(isolated_dirs, 'keymap:\n  toggle-bokmark: "ctrl+b"\n')
    app = make_app()
    assert any("did you mean 'toggle-bookmark'?" in w for w in app.start_warnings)


async def test_every_binding_is_a_namespaced_palette_command(make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        titles = {entry.title for entry in app.key_entries()}
        assert {"article: Bookmark", "library: Bookmarks", "article: Find", "app: Help"} <= titles
        await pilot.press("right_square_bracket", "ctrl+p", *"article: bookmark")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)


async def test_themes_from_styles_switch_in_the_palette_and_persist(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "linareader-dark"
        assert {"linareader-dark", "linareader-light", "linareader-contrast"} <= set(
            app.available_themes
        )
        for name in ("linareader-light", "linareader-contrast"):
            await pilot.press("ctrl+p", *"app: theme")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.3)
            await pilot.press(*name)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert app.theme == name
            assert saved_state()["theme"]["name"] == name
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.theme == "linareader-contrast"


async def test_theme_forced_in_config_wins_and_is_not_saved(
    make_app: MakeApp, isolated_dirs: Paths, saved_state: Callable[[], dict[str, Any]]
) -> None:
    write_config(isolated_dirs, "theme: linareader-light\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "linareader-light"
        app.theme = "nord"  # Textual's built-in themes work too
        await pilot.pause()
        assert app.theme == "nord"
    assert saved_state().get("theme", {}).get("name") is None


async def test_unknown_theme_falls_back_with_a_warning(
    make_app: MakeApp, isolated_dirs: Paths
) -> None:
    write_config(isolated_dirs, "theme: no-such-theme\n")
    app = make_app()
    assert app.theme == "linareader-dark"
    assert any("Unknown theme 'no-such-theme'" in w for w in app.start_warnings)


async def test_ctrl_s_saves_an_svg_screenshot(make_app: MakeApp, isolated_dirs: Paths) -> None:
    app = make_app(article="ospos")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
    [shot] = (isolated_dirs.data_dir / "screenshots").glob("linareader-*.svg")
    svg = shot.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "OSPOs" in svg


def test_every_span_style_has_a_rule_in_the_stylesheet() -> None:
    """Span classes are styled on demand, not declared to Textual: a typo would go unseen."""
    css = (bundled_dir("styles") / "linareader.tcss").read_text(encoding="utf-8")
    missing = sorted(name for name in STYLE_CLASSES if f"ReaderView > .{name} {{" not in css)
    assert not missing
