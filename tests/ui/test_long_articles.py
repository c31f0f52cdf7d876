"""Opening fast: the first screen comes before the whole article is read or split."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from linareader.core.article import START_BYTES, read_article_text, reading_minutes
from linareader.core.document import Document, split_document
from linareader.core.library import library_roots, scan_library
from linareader.core.paths import Paths
from linareader.core.settings import load_settings
from linareader.core.state import StateStore
from linareader.ui import screen_base
from linareader.ui.app import LinareaderApp
from linareader.ui.article_list import ArticleList
from linareader.ui.main_screen import MainScreen
from linareader.ui.reader_view import ReaderView
from linareader.ui.spans import class_style

SIZE = (110, 30)


def long_article(folder: Path, sections: int = 400) -> Path:
    """An article of *sections* sections (about 10 lines each), a link to a reference defined
    on its last line, and a marker in its last paragraph."""
    parts = ["---\ntitle: Long\n---", "Start [the reference][far] here."]
    for k in range(1, sections + 1):
        parts.append(f"## Part {k}")
        parts.extend(f"Paragraph {k}.{i} of the long article." for i in range(4))
    parts.append("THE-LAST-PARAGRAPH")
    parts.append("[far]: https://example.org/far")
    path = folder / "long.md"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def app_for(paths: Paths, spec: str) -> LinareaderApp:
    """The app as ``linareader PATH`` builds it: the command line has read the text already
    (the start of it only, when the file is large)."""
    library = scan_library(library_roots(paths, []))
    article, text = library.resolve_text(spec, start=START_BYTES)
    state = StateStore(paths.state_file)
    state.load()
    return LinareaderApp(
        settings=load_settings(paths.config_file),
        library=library,
        state=state,
        article=article,
        paths=paths,
        article_text=text,
    )


def visible(reader: ReaderView) -> str:
    return "\n".join(reader.render_line(y).text for y in range(reader.size.height))


async def settled(app: LinareaderApp, pilot: Pilot[None]) -> ReaderView:
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(ReaderView)


async def test_a_short_article_from_the_command_line_is_in_the_first_frame(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    path = tmp_path / "short.md"
    path.write_text("# Short\n\nFIRST-FRAME-TEXT\n", encoding="utf-8")
    app = app_for(isolated_dirs, str(path))
    async with app.run_test(size=SIZE):
        # No worker waited for: the text was laid out before the first frame.
        reader = app.screen.query_one(ReaderView)
        assert reader.document is not None
        assert "FIRST-FRAME-TEXT" in visible(reader)


async def test_a_long_article_shows_its_start_then_becomes_whole(
    isolated_dirs: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = long_article(tmp_path)
    whole = split_document(path.read_text(encoding="utf-8").split("---\n", 2)[2])
    swaps: list[tuple[int, int, str]] = []  # chunks before, chunks after, text on screen then
    extend = ReaderView.extend

    def watched(reader: ReaderView, document: Document) -> None:
        assert reader.document is not None
        swaps.append((len(reader.document.chunks), len(document.chunks), visible(reader)))
        extend(reader, document)

    monkeypatch.setattr(ReaderView, "extend", watched)
    app = app_for(isolated_dirs, str(path))
    async with app.run_test(size=SIZE) as pilot:
        reader = app.screen.query_one(ReaderView)
        assert reader.document is not None
        assert "Start" in visible(reader)  # something shown at once, before the swap
        reader = await settled(app, pilot)
        [(before, after, shown)] = swaps
        assert before < after == len(whole.chunks)  # the start first, then the whole
        assert "Start [the reference][far] here" in shown  # its definition was not known yet
        assert reader.document is not None
        assert len(reader.document.chunks) == len(whole.chunks)
        assert "Start the reference" in visible(reader)  # the far definition now resolves
        await pilot.press("G")
        await pilot.pause()
        assert "THE-LAST-PARAGRAPH" in visible(reader)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert len(screen.toc.headings) == len(whole.headings)


async def test_a_long_article_reopens_deep_inside_where_it_was_left(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    path = long_article(tmp_path)
    app = app_for(isolated_dirs, str(path))
    async with app.run_test(size=SIZE) as pilot:
        reader = await settled(app, pilot)
        await pilot.press("G", "pageup")
        await pilot.pause()
        where = reader.position()
        assert where.anchor.startswith("part-")
        await pilot.press("q")
    again = app_for(isolated_dirs, str(path))
    async with again.run_test(size=SIZE) as pilot:
        reader = await settled(again, pilot)
        assert reader.position() == where


async def test_opening_another_article_while_the_long_one_is_split_shows_the_other(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    path = long_article(tmp_path, sections=2000)
    app = app_for(isolated_dirs, str(path))
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(ArticleList)
        sidebar.focus()
        assert sidebar.highlight_article("welcome")
        await pilot.press("enter")
        reader = await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        assert screen.current.article.id == "welcome"
        assert reader.document is screen.current.document
        assert "Welcome to linareader" in visible(reader)


async def test_code_is_coloured_once_its_lexer_is_made(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    path = tmp_path / "code.md"
    path.write_text("# Code\n\n```rust\nfn main() {}\n```\n", encoding="utf-8")
    app = app_for(isolated_dirs, str(path))
    async with app.run_test(size=SIZE) as pilot:
        reader = await settled(app, pilot)
        keyword = class_style(reader, "reader--syntax-keyword").color
        colours = {
            segment.style.color
            for y in range(reader.size.height)
            for segment in reader.render_line(y)
            if segment.text.strip() == "fn" and segment.style is not None
        }
        assert colours == {keyword}


async def test_a_large_file_opens_from_its_start_and_then_reads_the_rest(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    path = long_article(tmp_path, sections=8000)  # about 1 MB: more than the start read
    assert path.stat().st_size > 3 * START_BYTES
    words = len(read_article_text(path).body.split())
    app = app_for(isolated_dirs, str(path))
    screen = app.main_screen
    assert screen.start_text is not None and not screen.start_text.complete
    assert screen.start_article is not None and screen.start_article.words != words  # a guess
    async with app.run_test(size=SIZE) as pilot:
        reader = await settled(app, pilot)
        assert screen.current is not None
        assert screen.current.article.words == words  # the estimate replaced by the count
        assert f"{reading_minutes(words)} min read" in visible(reader)
        await pilot.press("G")
        await pilot.pause()
        assert "THE-LAST-PARAGRAPH" in visible(reader)


async def test_g_before_the_rest_arrives_goes_to_the_real_end_and_is_not_read_early(
    isolated_dirs: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: G on the start of a long article stopped at the end of the start."""
    path = long_article(tmp_path)
    gate = threading.Event()
    real_split = screen_base.split_document

    def gated_split(source: str, *args: Any, **kwargs: Any) -> Document:
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)  # the whole split waits until the test has pressed G
        return real_split(source, *args, **kwargs)

    monkeypatch.setattr(screen_base, "split_document", gated_split)
    app = app_for(isolated_dirs, str(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(ReaderView)
        assert not reader.complete
        await pilot.press("G")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.current is not None
        assert not reader.at_end
        assert app.state.article(screen.current.article.id).state != "read"
        gate.set()
        reader = await settled(app, pilot)
        assert reader.complete
        assert "THE-LAST-PARAGRAPH" in visible(reader)
        assert app.state.article(screen.current.article.id).state == "read"
