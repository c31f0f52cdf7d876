"""The app with synced state and without colour: conflict copies offered for merging at start,
the monochrome theme under NO_COLOR, and marks that are symbols rather than colours."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color

from linareader.core.paths import Paths
from linareader.core.state import StateStore
from linareader.ui.article_list import ArticleList
from linareader.ui.conflicts_dialog import ConflictsDialog
from linareader.ui.main_screen import MainScreen
from linareader.ui.reader_view import ReaderView
from linareader.ui.toc import TableOfContents

from .conftest import MakeApp

OSPOS = "ospos-for-good-new-york-2024"
TRANSPARENCE = "transparence-et-diversité-pour-une-ia-durable"
SIZE = (120, 34)
COPY = "state (conflicted copy 2025-01-02 030405).json"


def two_machines(isolated_dirs: Paths, tmp_path: Path) -> Path:
    """Laptop and desktop each read and bookmark something; the desktop's file comes back
    from the sync tool as a conflict copy beside the laptop's ``state.json``."""
    laptop = StateStore(isolated_dirs.state_file)
    laptop.mark(OSPOS, "read")
    laptop.add_bookmark("welcome", "finding-your-way", "Finding your way", "laptop note")
    assert laptop.save()
    desktop = StateStore(tmp_path / "desktop" / "state.json")
    desktop.mark("welcome", "read")
    desktop.add_bookmark("bienvenue", "des-signets-qui-tiennent", "Des signets", "desktop note")
    assert desktop.save()
    copy = isolated_dirs.config_dir / COPY
    shutil.copyfile(desktop.path, copy)
    return copy


async def test_a_conflict_copy_is_offered_at_start_and_merged_with_nothing_lost(
    make_app: MakeApp,
    isolated_dirs: Paths,
    tmp_path: Path,
    saved_state: Callable[[], dict[str, Any]],
) -> None:
    copy = two_machines(isolated_dirs, tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictsDialog)
        assert dialog.copies == [copy]
        assert COPY in dialog.question
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        sidebar = app.screen.query_one(ArticleList)
        rows = {article.id: sidebar.entry(i) for i, article in enumerate(sidebar.articles)}
        assert "✓ read" in rows[OSPOS] and "✓ read" in rows["welcome"]
        assert "★1" in rows["welcome"] and "★1" in rows["bienvenue"]
    saved = saved_state()
    assert {key: entry["state"] for key, entry in saved["articles"].items()} == {
        OSPOS: "read",
        "welcome": "read",
    }
    assert sorted((m["article"], m["note"]) for m in saved["bookmarks"]) == [
        ("bienvenue", "desktop note"),
        ("welcome", "laptop note"),
    ]
    assert not copy.exists()
    moved = list(isolated_dirs.config_dir.glob(COPY + ".merged-*"))
    assert len(moved) == 1  # kept, under a name that is not offered again


async def test_not_now_leaves_the_copy_and_the_palette_command_offers_it_again(
    make_app: MakeApp, isolated_dirs: Paths, tmp_path: Path
) -> None:
    copy = two_machines(isolated_dirs, tmp_path)
    before = isolated_dirs.state_file.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConflictsDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert copy.exists() and isolated_dirs.state_file.read_bytes() == before
        await pilot.press("ctrl+p", *"state: merge sync")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConflictsDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and copy.exists()


async def test_without_conflict_copies_nothing_is_offered(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def _is_grey(colour: str | None) -> bool:
    if colour is None:
        return True
    parsed = Color.parse(colour)
    return parsed.r == parsed.g == parsed.b


async def test_no_color_runs_the_monochrome_theme_and_does_not_save_it(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Paths
) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_text("theme: linareader-light\n", encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color
        assert app.theme == "linareader-mono"
        theme = app.current_theme
        colours = [theme.primary, theme.secondary, theme.accent, theme.warning, theme.error]
        colours += [theme.success, theme.foreground, theme.background, theme.surface]
        colours += [theme.panel, *theme.variables.values()]
        assert all(_is_grey(c) for c in colours if not c.isalpha()), colours
        await pilot.press("q")
    state = StateStore(isolated_dirs.state_file)
    state.load()
    assert state.theme is None  # NO_COLOR is the terminal's setting, not a choice to remember


async def test_marks_are_symbols_in_sidebar_toc_and_reader_even_without_colour(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, isolated_dirs: Paths
) -> None:
    store = StateStore(isolated_dirs.state_file)
    store.mark("welcome", "read")
    store.opened("bienvenue")
    store.add_bookmark(OSPOS, TRANSPARENCE, "Transparence et diversité pour une IA durable")
    assert store.save()
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(article=OSPOS)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        sidebar = app.screen.query_one(ArticleList)
        drawn = [sidebar.render_line(y).text.rstrip() for y in range(6)]
        entries = {drawn[i]: drawn[i + 1] for i in range(0, 6, 2)}
        # The read state is a symbol before the title, and words or numbers below it.
        assert set(entries) == {
            "◐ OSPOs for Good, New-York 2024",  # opened: being read
            "◐ Bienvenue dans linareader",
            "  Welcome to linareader",  # read: no dot...
        }
        assert entries["  Welcome to linareader"].endswith("· ✓ read")  # ...but said in words
        assert re.search(r"· \d+% · ★1$", entries["◐ OSPOs for Good, New-York 2024"])
        await pilot.press("t")
        await pilot.pause()
        toc = app.screen.query_one(TableOfContents)
        prompts = [str(toc.get_option_at_index(i).prompt) for i in range(toc.option_count)]
        assert [p for p in prompts if p.startswith("★ ")] == [
            "★ Transparence et diversité pour une IA durable"
        ]
        reader = app.screen.query_one(ReaderView)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        shown = [reader.render_line(y).text.strip() for y in range(reader.size.height)]
        assert "★ Transparence et diversité pour une IA durable" in shown


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def _contrast(variables: dict[str, str], text: str, ground: str) -> float:
    """WCAG contrast ratio of variable *text* drawn on variable *ground*."""
    screen = Color.parse(variables["background"])
    under = Color.parse(variables[ground])
    under = screen.blend(under.with_alpha(1.0), under.a)  # translucent: over the background
    value = variables[text]
    if value.startswith("auto"):  # Textual's "auto N%": black or white against the ground
        alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
        over = under.blend(under.get_contrast_text(1.0), alpha)
    else:
        over = Color.parse(value)
        over = under.blend(over.with_alpha(1.0), over.a)
    high, low = sorted((_luminance(over), _luminance(under)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["linareader-contrast", "linareader-mono"])
async def test_high_contrast_and_mono_themes_keep_text_at_wcag_aaa(
    make_app: MakeApp, theme: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        variables = app.theme_variables
        pairs = [
            ("foreground", "background"),
            ("foreground", "panel"),
            ("text-muted", "background"),
            ("text-muted", "panel"),  # hints and details in dialogs
            ("block-cursor-foreground", "block-cursor-background"),
            ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
            ("text-primary", "background"),
        ]
        ratios = {pair: round(_contrast(variables, *pair), 1) for pair in pairs}
        assert {pair: r for pair, r in ratios.items() if r < 7.0} == {}
