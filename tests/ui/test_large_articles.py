"""Articles past the reader's size limit, and pathological ones that take long to cut."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType

from textual.pilot import Pilot
from textual.worker import WorkerState

from linareader.core.paths import Paths
from linareader.ui.app import LinareaderApp
from linareader.ui.article_list import ArticleList
from linareader.ui.reader_view import ReaderView
from linareader.ui.toc import TableOfContents

from .conftest import MakeApp
from .test_reader_app import SIZE, screen_text

MB = 1024 * 1024


async def open_by_id(pilot: Pilot[None], article_id: str) -> None:
    sidebar = pilot.app.screen.query_one(ArticleList)
    sidebar.focus()
    assert sidebar.highlight_article(article_id)
    await pilot.press("enter")


async def settle(pilot: Pilot[None], app: LinareaderApp) -> None:
    """Wait until no open is in flight (``wait_for_complete`` raises on cancelled ones)."""
    for _ in range(400):
        await pilot.pause(0.05)
        if not [w for w in app.workers if w.group == "open" and not w.is_finished]:
            return
    raise AssertionError("an article load never finished")


def threads_in(function: str) -> list[int]:
    """Ids of the threads now running a function of this name (anywhere in their stack)."""
    found = []
    for thread_id, frame in sys._current_frames().items():
        walker: FrameType | None = frame
        while walker is not None:
            if walker.f_code.co_name == function:
                found.append(thread_id)
                break
            walker = walker.f_back
    return found


def big_markdown(path: Path, size: int) -> Path:
    """Markdown that would render differently if parsed, with an escape sequence in it."""
    block = "# Heading\n\n**bold** and [link](http://x.example) \x1b]0;HOSTILE\x07 end\n\n"
    path.write_text("---\ntitle: Big one\n---\n" + block * (size // len(block) + 1))
    return path


async def test_past_the_default_limit_the_reader_shows_plain_text_with_a_notice(
    make_app: MakeApp, tmp_path: Path
) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    big_markdown(folder / "big.md", 16 * MB + 4096)
    app = make_app(extra_dirs=[folder])
    async with app.run_test(size=(120, 30)) as pilot:
        await open_by_id(pilot, "local/big")
        await settle(pilot, app)
        text = screen_text(app)
        assert "This article is 16.0 MB, over the reader's 16 MB limit: shown as plain" in text
        assert "reader.max_size in config.yaml" in text
        assert "title: Big one" in text and "# Heading" in text  # the source, not parsed
        assert "**bold** and [link](http://x.example) end" in text
        assert "HOSTILE" not in text
        assert app.screen.query_one(TableOfContents).option_count == 0
        reader = app.screen.query_one(ReaderView)
        await pilot.press("G")
        await pilot.pause()
        assert reader.at_end and reader.scroll_y > 100_000
        assert "**bold**" in screen_text(app)
    assert app._exception is None


async def test_the_limit_is_read_from_config_yaml(
    make_app: MakeApp, tmp_path: Path, isolated_dirs: Paths
) -> None:
    isolated_dirs.config_file.parent.mkdir(parents=True, exist_ok=True)
    isolated_dirs.config_file.write_text("reader:\n  max_size: 1\n")
    folder = tmp_path / "big"
    folder.mkdir()
    big_markdown(folder / "big.md", MB + MB // 2)
    big_markdown(folder / "small.md", MB - 4096)
    app = make_app(extra_dirs=[folder])
    async with app.run_test(size=(120, 30)) as pilot:
        await open_by_id(pilot, "local/small")
        await settle(pilot, app)
        assert "limit" not in screen_text(app) and "**bold**" not in screen_text(app)
        await open_by_id(pilot, "local/big")
        await settle(pilot, app)
        assert "This article is 1.5 MB, over the reader's 1 MB limit" in screen_text(app)
    assert app._exception is None


async def test_opening_another_article_while_a_huge_one_loads_cancels_it(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """100,000 headings take a second or two to cut, in a worker: the article chosen last is
    the one shown, never the slow one when it finally finishes (the bug this pins)."""
    folder = tmp_path / "slow"
    folder.mkdir()
    (folder / "headings.md").write_text(
        "".join(f"## Heading {i}\n\ntext {i}\n\n" for i in range(100_000))
    )
    app = make_app(extra_dirs=[folder])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        library = screen.library
        screen.open_article(library.get("local/headings"))  # type: ignore[attr-defined]
        await pilot.pause(0.05)
        load = next(w for w in app.workers if w.group == "open")
        assert load.state == WorkerState.RUNNING
        screen.open_article(library.get("welcome"))  # type: ignore[attr-defined]
        await settle(pilot, app)
        assert load.state == WorkerState.CANCELLED
        # Cancelling cannot stop the thread: wait for it to leave the load (where the bug
        # showed the slow article over the one chosen after it).
        for _ in range(600):
            if not threads_in("_load"):
                break
            await pilot.pause(0.05)
        assert not threads_in("_load")
        await pilot.pause()
        assert screen.current.article.id == "welcome"
        assert "Welcome to linareader" in screen_text(app)
        assert "Heading 1" not in screen_text(app)
    assert app._exception is None
