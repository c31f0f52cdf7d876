"""The reader app through the Pilot: what a user does, checked on screen and in the state file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from linareader.ui.app import LinareaderApp
from linareader.ui.article_list import ArticleList
from linareader.ui.bookmarks_screen import BookmarksScreen
from linareader.ui.dialogs import PromptDialog
from linareader.ui.main_screen import MainScreen
from linareader.ui.reader_view import ReaderView
from linareader.ui.toc import TableOfContents

from .conftest import MakeApp

OSPOS = "ospos-for-good-new-york-2024"
TWAKE = "Twake Workplace s’affiche sur TimesSquare : une première historique !"
TWAKE_ANCHOR = "twake-workplace-saffiche-sur-timessquare--une-première-historique-"
SIZE = (100, 30)


def screen_text(app: LinareaderApp) -> str:
    """Everything visible, as plain text (from an SVG-free render of the screen)."""
    reader = app.screen.query_one(ReaderView)
    return "\n".join(reader.render_line(y).text for y in range(reader.size.height))


async def open_ospos(pilot: Pilot[None]) -> ReaderView:
    app = pilot.app
    sidebar = app.screen.query_one(ArticleList)
    sidebar.focus()
    assert sidebar.highlight_article(OSPOS)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    reader = app.screen.query_one(ReaderView)
    assert reader.document is not None
    return reader


async def test_sidebar_lists_the_library_newest_first(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        sidebar = app.screen.query_one(ArticleList)
        ids = [a.id for a in sidebar.articles]
        assert ids[0] == OSPOS
        assert {"welcome", "bienvenue"} <= set(ids)
        assert sidebar.virtual_size.height == 2 * len(ids)


async def test_opening_an_article_shows_its_header_and_marks_it_reading(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_ospos(pilot)
        text = screen_text(app)
        assert "OSPOs for Good, New-York 2024" in text
        assert "Alexandre Zapolsky · July 2024 · 5 min read" in text
        assert "#open source" in text and "---" not in text.split("\n")[0]
        assert app.screen.sub_title == "OSPOs for Good, New-York 2024"
        assert saved_state()["articles"][OSPOS]["state"] == "reading"
        assert saved_state()["last_article"]["id"] == OSPOS


async def test_section_keys_and_toc_follow_the_reader(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        await pilot.press("right_square_bracket")
        assert reader.position().anchor == "transparence-et-diversité-pour-une-ia-durable"
        assert screen_text(app).lstrip().startswith("Transparence et diversité")
        await pilot.press("right_square_bracket")
        assert reader.position().anchor == TWAKE_ANCHOR
        await pilot.press("t")
        toc = app.screen.query_one(TableOfContents)
        assert toc.display
        await pilot.pause()
        assert toc.highlighted == 1
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert reader.position().anchor == "transparence-et-diversité-pour-une-ia-durable"
        assert toc.highlighted == 0
        toc.focus()
        toc.highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
        assert reader.position().anchor == "létape-suivante-pour-notre-digital-workplace"
        assert reader.has_focus


async def test_reading_to_the_end_marks_read_and_m_toggles(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_ospos(pilot)
        await pilot.press("G")
        await pilot.pause()
        assert saved_state()["articles"][OSPOS]["state"] == "read"
        assert "✓ read" in app.screen.query_one(ArticleList).entry(0)
        await pilot.press("m")
        assert saved_state()["articles"][OSPOS]["state"] == "unread"
        await pilot.press("m")
        assert saved_state()["articles"][OSPOS]["state"] == "read"


async def test_bookmark_with_note_then_jump_from_the_bookmarks_screen(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "b")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"à relire", "enter")
        await pilot.pause()
        marks = saved_state()["bookmarks"]
        assert [(m["anchor"], m["heading"], m["note"]) for m in marks] == [
            (TWAKE_ANCHOR, TWAKE, "à relire")
        ]
        assert "★" in screen_text(app)
        await pilot.press("t")
        toc = app.screen.query_one(TableOfContents)
        assert "★ Twake" in str(toc.get_option_at_index(1).prompt)
        await pilot.press("g")
        assert reader.position().anchor == ""
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.pause()
        listed = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "OSPOs for Good, New-York 2024 › " + TWAKE in listed and "à relire" in listed
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert reader.position().anchor == TWAKE_ANCHOR


async def test_bookmarks_screen_edits_and_deletes(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_ospos(pilot)
        await pilot.press("right_square_bracket", "b", "enter")
        await pilot.press("B", "e")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"new note", "enter")
        await pilot.pause()
        assert saved_state()["bookmarks"][0]["note"] == "new note"
        await pilot.press("d")
        await pilot.pause()
        assert saved_state()["bookmarks"][0]["removed"]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_position_survives_quit_and_relaunch(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        await pilot.press("right_square_bracket", *"jjjjjjjjj")
        where = reader.position()
        assert where.block > 0
        await pilot.press("q")
    assert saved_state()["articles"][OSPOS]["position"] == {
        "anchor": where.anchor,
        "block": where.block,
    }
    again = make_app()
    async with again.run_test(size=(90, 24)) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        reader = again.screen.query_one(ReaderView)
        assert reader.position() == where


async def test_resize_keeps_the_section_in_view(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        await pilot.press("right_square_bracket", "j", "j", "j")
        before = reader.position()
        assert before.block > 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert reader.position() == before
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert reader.position() == before


async def test_filter_unread_view_and_focus_mode(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(ArticleList)
        await pilot.press("slash", *"tag:ospo")
        assert [a.id for a in sidebar.articles] == [OSPOS]
        await pilot.press("escape")
        assert len(sidebar.articles) >= 3
        await pilot.press("slash", *"bienvenu", "enter")
        assert [a.id for a in sidebar.articles] == ["bienvenue"]
        await pilot.press("escape")
        await open_ospos(pilot)
        await pilot.press("G", "u")
        await pilot.pause()
        assert OSPOS not in [a.id for a in sidebar.articles]
        await pilot.press("f")
        assert not app.screen.query_one("#sidebar-box").display
        await pilot.press("f")
        assert app.screen.query_one("#sidebar-box").display


async def test_filter_input_takes_letters_as_text(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"qtfbm")
        assert app.screen.query_one("#filter", Input).value == "qtfbm"
        assert app.is_running


async def test_hostile_titles_are_shown_literally(make_app: MakeApp, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "click.md").write_text(
        '---\ntitle: "[@click=app.quit]Click me[/]"\ndate: 2030\n---\nbody\n', encoding="utf-8"
    )
    (folder / "close.md").write_text(
        '---\ntitle: "[/]"\ndate: 2029\n---\n# [/] heading [b]\n', encoding="utf-8"
    )
    app = make_app(extra_dirs=[folder])
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(ArticleList)
        assert sidebar.entry(0).startswith("● [@click=app.quit]Click me[/]")
        row = "".join(segment.text for segment in sidebar.render_line(0))
        assert row.startswith("● [@click=app.quit]Click me[/]")
        await pilot.click(ArticleList, offset=(4, 0))
        await pilot.click(ArticleList, offset=(4, 0))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.screen.sub_title == "[@click=app.quit]Click me[/]"
        sidebar.focus()
        sidebar.highlighted = 1
        await pilot.press("enter", "t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.sub_title == "[/]"
        assert "[/] heading [b]" in screen_text(app)
        assert app.is_running


async def test_next_and_previous_article_keys(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_ospos(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        order = [a.id for a in screen.sidebar.articles]
        await pilot.press("J")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.current is not None and screen.current.article.id == order[1]
        await pilot.press("K")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.current is not None and screen.current.article.id == OSPOS


async def test_mark_all_read_is_a_palette_command(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"mark all read")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        states = {key: value["state"] for key, value in saved_state()["articles"].items()}
        assert states[OSPOS] == "read" and states["welcome"] == "read"


async def test_links_are_visible_but_never_terminal_hyperlinks(make_app: MakeApp) -> None:
    app = make_app(article="welcome")
    async with app.run_test(size=(120, 60)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reader = app.screen.query_one(ReaderView)
        texts: list[str] = []
        for _ in range(6):
            for y in range(reader.size.height):
                strip = reader.render_line(y)
                assert all(seg.style is None or not seg.style.link for seg in strip)
                texts.append(strip.text)
            await pilot.press("pagedown")
        assert any("OSPOs for Good article" in line for line in texts)


async def test_switching_from_a_deep_section_to_a_shorter_article_does_not_crash(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app(article="welcome")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*["right_square_bracket"] * 4, "K")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        assert screen.current.article.id != "welcome"
        assert app.is_running


async def test_opening_the_next_article_after_finishing_one_does_not_mark_it_read(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_ospos(pilot)
        await pilot.press("G", "J")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        following = screen.current.article.id
        assert following != OSPOS
        assert saved_state()["articles"][following]["state"] == "reading"
        assert screen.reader.scroll_y == 0


async def test_a_long_list_is_not_read_before_its_end_is_seen(
    make_app: MakeApp, tmp_path: Path, saved_state: Callable[[], dict[str, Any]]
) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    items = "\n".join(f"- item {i}" for i in range(40))
    (folder / "list.md").write_text(f"# A list\n\n{items}\n\nThe end.\n", encoding="utf-8")
    app = make_app(extra_dirs=[folder], article="local/list")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert saved_state()["articles"]["local/list"]["state"] == "reading"
        await pilot.press("G")
        await pilot.pause()
        assert saved_state()["articles"]["local/list"]["state"] == "read"


@pytest.mark.parametrize("content", ["", "---\ntitle: Only front matter\n---\n", "\n\n\n"])
async def test_empty_articles_open_without_crashing(
    make_app: MakeApp, tmp_path: Path, content: str
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "empty.md").write_text(content, encoding="utf-8")
    app = make_app(extra_dirs=[folder], article="local/empty")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("right_square_bracket", "left_square_bracket", "b", "t", "G", "g", "o")
        await pilot.pause()
        assert app.is_running
    again = make_app(extra_dirs=[folder])
    async with again.run_test(size=SIZE) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert again.is_running


async def test_coming_back_to_an_article_left_at_the_top_shows_its_header(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        await pilot.press("J", "K")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert reader.scroll_y == 0
        assert screen_text(app).lstrip().startswith("OSPOs for Good, New-York 2024")


async def test_an_article_opened_by_path_reopens_next_time(
    make_app: MakeApp, tmp_path: Path
) -> None:
    loose = tmp_path / "loose.md"
    loose.write_text("# Loose\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(80)), "utf-8")
    app = make_app(article=str(loose))
    async with app.run_test(size=SIZE) as pilot:
        reader = await opened_reader(app, pilot)
        await pilot.press("pagedown", "pagedown")
        where = reader.position()
        await pilot.press("q")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        reader = await opened_reader(again, pilot)
        screen = again.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        assert screen.current.article.path == loose.resolve()
        assert reader.position() == where


async def opened_reader(app: LinareaderApp, pilot: Pilot[None]) -> ReaderView:
    await app.workers.wait_for_complete()
    await pilot.pause()
    reader = app.screen.query_one(ReaderView)
    assert reader.document is not None
    return reader


async def test_unreadable_article_error_never_carries_escape_sequences(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    evil = folder / "x\x1b]2;PWNED\x07.md"
    evil.write_text("# Soon gone\n", encoding="utf-8")
    app = make_app(extra_dirs=[folder])
    seen: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **kw: seen.append(str(message))  # type: ignore[method-assign]
        evil.unlink()
        sidebar = app.screen.query_one(ArticleList)
        sidebar.focus()
        assert sidebar.highlight_article(next(a.id for a in sidebar.articles if "x" in a.id))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
    assert seen and all("\x1b" not in m and "\x07" not in m for m in seen)
    assert any("Cannot read" in m for m in seen)


async def test_paging_keys_focus_cycling_and_small_terminal(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_ospos(pilot)
        assert reader.has_focus
        await pilot.press("space")
        first_page = reader.scroll_y
        assert first_page >= reader.scrollable_content_region.height - 2
        await pilot.press("pagedown", "pageup")
        assert reader.scroll_y == first_page
        await pilot.press("end")
        assert reader.at_end
        await pilot.press("home")
        assert reader.scroll_y == 0
        await pilot.press("tab")
        focused = app.focused
        await pilot.press("shift+tab")
        assert app.focused is reader and focused is not reader
        assert app.screen.query_one("#sidebar-box").region.width >= 20
        assert reader.region.width >= 40


async def test_mouse_wheel_scrolls_and_clicks_select_in_the_toc(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        for _ in range(3):
            reader.post_message(events.MouseScrollDown(reader, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert reader.scroll_y > 0
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one(TableOfContents).display
        await pilot.click(TableOfContents, offset=(2, 0))
        await pilot.pause()
        assert reader.position().anchor == "transparence-et-diversité-pour-une-ia-durable"


async def test_b_on_a_bookmarked_section_removes_it_and_esc_cancels_a_note(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_ospos(pilot)
        await pilot.press("right_square_bracket", "b", "escape")
        assert isinstance(app.screen, MainScreen)
        assert not saved_state().get("bookmarks")
        await pilot.press("b", "enter")
        assert len(saved_state()["bookmarks"]) == 1
        await pilot.press("b")
        assert isinstance(app.screen, MainScreen)
        assert saved_state()["bookmarks"][0]["removed"]


async def test_leaving_an_article_saves_its_position(
    make_app: MakeApp, saved_state: Callable[[], dict[str, Any]]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_ospos(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "j")
        where = reader.position()
        await pilot.press("J")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = saved_state()["articles"][OSPOS]["position"]
        assert (saved["anchor"], saved["block"]) == (where.anchor, where.block)
