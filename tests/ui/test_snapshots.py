"""SVG snapshots of the main screens, each paired with Pilot assertions on the same screen.

A crashed app can still produce a (blank) snapshot that matches, so every test also records
what the Pilot saw and checks the app ended without an exception. Deterministic by design:
fixed terminal size, fixed dates (articles and a state written with a fixed clock), no cursor
blink, no user config (isolated folders). Update with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label

from linareader.core.paths import Paths
from linareader.core.state import StateStore
from linareader.ui.app import LinareaderApp
from linareader.ui.bookmarks_screen import BookmarksScreen
from linareader.ui.help_screen import HelpScreen
from linareader.ui.reader_view import ReaderView
from linareader.ui.toc import TableOfContents

from .conftest import MakeApp

SIZE = (110, 32)
OSPOS = "ospos-for-good-new-york-2024"
TWAKE = "twake-workplace-saffiche-sur-timessquare--une-première-historique-"


def fixed_bookmark(paths: Paths) -> None:
    """A bookmark made on a known day, so the bookmarks screen shows a fixed date."""
    store = StateStore(paths.state_file, clock=lambda: datetime(2024, 7, 12, 9, 30, tzinfo=UTC))
    store.load()
    store.add_bookmark(
        OSPOS,
        TWAKE,
        "Twake Workplace s’affiche sur TimesSquare : une première historique !",
        "à relire",
    )
    store.save()


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def check(app: LinareaderApp, seen: dict[str, Any]) -> None:
    assert app._exception is None
    assert seen, "the Pilot steps did not run"
    assert all(seen.values()), seen


def test_main_screen_with_the_ospos_article(snap_compare: Any, make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    seen: dict[str, Any] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        reader = app.screen.query_one(ReaderView)
        seen["article open"] = reader.document is not None
        seen["title in header"] = app.screen.sub_title == "OSPOs for Good, New-York 2024"

    assert snap_compare(app, terminal_size=SIZE, run_before=steps)
    check(app, seen)


def test_table_of_contents_open(snap_compare: Any, make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    seen: dict[str, Any] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "t")
        await pilot.pause()
        toc = app.screen.query_one(TableOfContents)
        seen["toc shown"] = toc.display
        seen["current section highlighted"] = toc.highlighted == 1

    assert snap_compare(app, terminal_size=SIZE, run_before=steps)
    check(app, seen)


def test_bookmarks_screen(snap_compare: Any, make_app: MakeApp, isolated_dirs: Paths) -> None:
    fixed_bookmark(isolated_dirs)
    app = make_app()
    seen: dict[str, Any] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("B")
        await pilot.pause()
        seen["bookmarks screen"] = isinstance(app.screen, BookmarksScreen)
        seen["one bookmark"] = len(getattr(app.screen, "shown", [])) == 1

    assert snap_compare(app, terminal_size=SIZE, run_before=steps)
    check(app, seen)


def test_help_screen(snap_compare: Any, make_app: MakeApp) -> None:
    app = make_app()
    seen: dict[str, Any] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        seen["help screen"] = isinstance(app.screen, HelpScreen)
        seen["rows"] = len(app.screen.query(".help-row")) > 20

    assert snap_compare(app, terminal_size=SIZE, run_before=steps)
    check(app, seen)


def test_light_theme(snap_compare: Any, make_app: MakeApp) -> None:
    app = make_app(article="welcome")
    seen: dict[str, Any] = {}

    async def steps(pilot: Pilot[None]) -> None:
        app.theme = "linareader-light"
        await settle(pilot)
        seen["light theme"] = app.theme == "linareader-light" and not app.current_theme.dark
        seen["welcome open"] = app.screen.sub_title == "Welcome to linareader"

    assert snap_compare(app, terminal_size=SIZE, run_before=steps)
    check(app, seen)


def test_find_in_progress(snap_compare: Any, make_app: MakeApp) -> None:
    app = make_app(article="ospos")
    seen: dict[str, Any] = {}

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash")
        field = app.screen.query_one("#find-input", Input)
        field.cursor_blink = False
        await pilot.press(*"open source")
        await settle(pilot)
        count = str(app.screen.query_one("#find-count", Label).content)
        seen["count shown"] = count.startswith("1/")
        seen["matches"] = app.screen.query_one(ReaderView).match_count >= 3

    assert snap_compare(app, terminal_size=SIZE, run_before=steps)
    check(app, seen)
