"""The app paints before the library is complete: a background scan swaps in the full library."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from linareader import commands
from linareader.commands import Context
from linareader.core import library as library_module
from linareader.core import opening
from linareader.core.article import Article
from linareader.core.libhead import HEAD_FILE, HEAD_SIZE
from linareader.core.library import Library, iter_scan, library_roots, scan_library
from linareader.core.metacache import MetaCache
from linareader.core.paths import Paths
from linareader.core.settings import load_settings
from linareader.core.state import StateStore
from linareader.ui import app as app_module
from linareader.ui import screen_base
from linareader.ui.app import LibraryScan, LinareaderApp
from linareader.ui.article_list import ArticleList
from linareader.ui.reader_view import ReaderView

SIZE = (100, 30)


def write_articles(folder: Path, count: int, *, prefix: str = "note") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{prefix}-{number:03d}.md").write_text(
            f"---\ntitle: {prefix.title()} {number:03d}\ndate: 2001-01-{number % 28 + 1:02d}\n"
            f"---\n\n# Heading\n\nBody {number}.\n",
            encoding="utf-8",
        )


def build_app(
    paths: Paths,
    library: Library,
    scan: LibraryScan | None,
    *,
    partial: bool,
    article: Article | None = None,
) -> LinareaderApp:
    state = StateStore(paths.state_file)
    state.load()
    return LinareaderApp(
        settings=load_settings(paths.config_file),
        library=library,
        state=state,
        article=article,
        paths=paths,
        scan=scan,
        partial=partial,
    )


class GatedScan:
    """A scan that yields its batches one by one, each only when the test lets it."""

    def __init__(self, batches: list[list[Article]]) -> None:
        self.batches = batches
        self.gates = [threading.Event() for _ in batches]
        self.stopped = False

    def __call__(self, should_stop: Callable[[], bool]) -> Iterator[list[Article]]:
        for gate, batch in zip(self.gates, self.batches, strict=True):
            while not gate.wait(0.01):
                if should_stop():
                    self.stopped = True
                    return
            yield batch


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(5):
        await pilot.pause(0.02)


async def test_a_partial_library_grows_batch_by_batch_keeping_the_highlight(
    isolated_dirs: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "_GROW_SECONDS", 0)  # show every batch
    folder = tmp_path / "notes"
    write_articles(folder, 6)
    roots = library_roots(isolated_dirs, [folder])
    full = scan_library(roots)
    bundled = scan_library(roots[:1])
    local = [a for a in full.articles if a.origin == "local"]
    scan = GatedScan([bundled.articles + local[:3], local[3:]])
    app = build_app(isolated_dirs, bundled, scan, partial=True)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(ArticleList)
        assert {a.id for a in sidebar.articles} == {a.id for a in bundled.articles}
        sidebar.focus()
        assert sidebar.highlight_article("welcome")
        scan.gates[0].set()
        await settle(pilot)
        assert len(sidebar.articles) == len(bundled) + 3
        assert sidebar.highlighted_article is not None
        assert sidebar.highlighted_article.id == "welcome"
        scan.gates[1].set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert [a.id for a in sidebar.articles] == [a.id for a in full.articles]
        assert sidebar.highlighted_article is not None
        assert sidebar.highlighted_article.id == "welcome"
        assert app.library.articles == full.articles


async def test_the_last_article_opens_once_the_scan_finds_it(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 3)
    roots = library_roots(isolated_dirs, [folder])
    full = scan_library(roots)
    state = StateStore(isolated_dirs.state_file)
    state.load()
    state.opened("local/note-001")
    assert state.save()
    bundled = scan_library(roots[:1])
    scan = GatedScan([full.articles])
    app = build_app(isolated_dirs, bundled, scan, partial=True)
    async with app.run_test(size=SIZE) as pilot:
        reader = app.screen.query_one(ReaderView)
        assert reader.document is None  # not scanned yet: nothing opens in its place
        scan.gates[0].set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.main_screen.current is not None
        assert app.main_screen.current.article.id == "local/note-001"
        assert reader.document is not None


async def test_the_scan_does_not_reopen_over_a_choice_of_the_reader(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 2)
    roots = library_roots(isolated_dirs, [folder])
    full = scan_library(roots)
    state = StateStore(isolated_dirs.state_file)
    state.load()
    state.opened("local/note-001")
    assert state.save()
    bundled = scan_library(roots[:1])
    scan = GatedScan([full.articles])
    app = build_app(isolated_dirs, bundled, scan, partial=True)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(ArticleList)
        sidebar.focus()
        assert sidebar.highlight_article("welcome")
        await pilot.press("enter")
        await settle(pilot)
        scan.gates[0].set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.main_screen.current is not None
        assert app.main_screen.current.article.id == "welcome"


async def test_warnings_of_the_scan_become_at_most_four_notifications(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for number in range(5):
        (folder / f"bad-{number}.md").write_bytes(b"\x00binary")
    roots = library_roots(isolated_dirs, [folder])
    bundled = scan_library(roots[:1])

    def scan(should_stop: Callable[[], bool]) -> Iterator[list[Article]]:
        return iter_scan(roots, should_stop=should_stop)

    app = build_app(isolated_dirs, bundled, scan, partial=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 4
        assert sum("binary" in m for m in messages) == 3
        assert "2 more warnings" in messages[-1]


async def test_quitting_stops_the_scan(isolated_dirs: Paths, tmp_path: Path) -> None:
    roots = library_roots(isolated_dirs)
    bundled = scan_library(roots[:1])
    scan = GatedScan([bundled.articles])
    app = build_app(isolated_dirs, bundled, scan, partial=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the scan starts once the first frame is on screen
        await pilot.press("q")
    for _ in range(100):
        if scan.stopped:
            break
        threading.Event().wait(0.02)
    assert scan.stopped


def make_context(paths: Paths, folder: Path) -> Context:
    args = argparse.Namespace(config_dir=None, data_dir=None, cache_dir=None, articles_dir=[folder])
    return Context.from_args(args)


def test_start_library_is_the_cached_one_when_warm(
    isolated_dirs: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 4)
    roots = library_roots(isolated_dirs, [folder])
    # racy_seconds=0: the files were written just now, and a cache skips racily clean files
    full = scan_library(roots, MetaCache.load(isolated_dirs.cache_dir, racy_seconds=0))

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a warm start reads no article")

    monkeypatch.setattr(library_module, "read_article_text", no_reading)
    library, scan, partial = make_context(isolated_dirs, folder).start_library()
    assert not partial
    assert scan is not None
    assert [a.id for a in library.articles] == [a.id for a in full.articles]
    scanned = [a for batch in scan(lambda: False) for a in batch]
    assert Library(scanned).articles == full.articles


def test_a_small_cold_library_is_scanned_before_the_app(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 4)
    library, scan, partial = make_context(isolated_dirs, folder).start_library()
    assert scan is None
    assert not partial
    assert library.articles == scan_library(library_roots(isolated_dirs, [folder])).articles


def test_a_large_cold_library_goes_on_in_the_background(
    isolated_dirs: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 4)
    monkeypatch.setattr(commands, "_COLD_SCAN_SECONDS", 0)  # "large": out of time at once
    library, scan, partial = make_context(isolated_dirs, folder).start_library()
    assert partial
    assert scan is not None
    full = Library([a for batch in scan(lambda: False) for a in batch])
    assert full.articles == scan_library(library_roots(isolated_dirs, [folder])).articles
    assert {a.id for a in library.articles} <= {a.id for a in full.articles}


def test_an_article_argument_outside_the_first_library_scans_it_all(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 4)
    context = make_context(isolated_dirs, folder)
    library, scan, partial = context.start_library("local/note-002")
    assert scan is None
    assert not partial
    assert library.resolve("local/note-002").title == "Note 002"
    write_articles(folder, 1, prefix="later")  # not in what the last scan left behind
    later = make_context(isolated_dirs, folder).start_library(str(folder / "later-000.md"))
    assert later[1] is None
    assert later[0].resolve(str(folder / "later-000.md")).title == "Later 000"


def test_the_app_starts_from_the_newest_entries_of_the_last_scan(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, HEAD_SIZE + 50)
    scan_library(library_roots(isolated_dirs, [folder]), MetaCache.load(isolated_dirs.cache_dir))
    head, scan, partial = make_context(isolated_dirs, folder).start_library()
    whole = make_context(isolated_dirs, folder).library
    assert scan is not None and not partial
    assert len(head) == HEAD_SIZE < len(whole)
    assert [a.id for a in head.articles] == [a.id for a in whole.articles[:HEAD_SIZE]]
    assert head.articles == whole.articles[:HEAD_SIZE]
    scanned = Library([a for batch in scan(lambda: False) for a in batch])
    assert scanned.articles == whole.articles


def test_a_damaged_head_is_ignored(isolated_dirs: Paths, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 5)
    roots = library_roots(isolated_dirs, [folder])
    scan_library(roots, MetaCache.load(isolated_dirs.cache_dir, racy_seconds=0))
    head_file = isolated_dirs.cache_dir / HEAD_FILE
    text = head_file.read_text(encoding="utf-8")
    for damaged in (text[: len(text) // 2], text.replace('"Note 001"', "7"), "\x00\xff"):
        head_file.write_text(damaged, encoding="utf-8")
        library, _, _ = make_context(isolated_dirs, folder).start_library()
        assert len(library) == 5 + 3  # from the metadata cache, never from the damage
        assert library.get("local/note-001") is not None


def test_an_article_argument_in_the_cached_library_needs_no_scan_first(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 4)
    roots = library_roots(isolated_dirs, [folder])
    scan_library(roots, MetaCache.load(isolated_dirs.cache_dir, racy_seconds=0))
    context = make_context(isolated_dirs, folder)
    assert context.start_library("local/note-002")[1] is not None
    assert make_context(isolated_dirs, folder).start_library(str(folder / "note-001.md"))[1]
    # a prefix may be unique in the cached library and not in the scanned one: scan first
    assert make_context(isolated_dirs, folder).start_library("local/note-00")[1] is None


async def test_an_article_opened_by_path_is_read_once(
    isolated_dirs: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\nOnly once.\n", encoding="utf-8")
    library = scan_library(library_roots(isolated_dirs))
    article, text = library.resolve_text(str(outside))
    assert text is not None
    assert article.title == "Outside"

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the command line already read it")

    monkeypatch.setattr(opening, "read_article_text", no_reading)
    monkeypatch.setattr(screen_base, "read_article_text", no_reading)
    state = StateStore(isolated_dirs.state_file)
    state.load()
    app = LinareaderApp(
        settings=load_settings(isolated_dirs.config_file),
        library=library,
        state=state,
        article=article,
        article_text=text,
        paths=isolated_dirs,
    )
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        reader = app.screen.query_one(ReaderView)
        assert reader.document is not None
        assert not app._notifications


async def test_a_scan_done_before_the_screen_is_mounted_still_shows(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 3)
    roots = library_roots(isolated_dirs, [folder])
    full = scan_library(roots)
    bundled = scan_library(roots[:1])
    app = build_app(isolated_dirs, bundled, None, partial=True)
    app.main_screen.set_library(full)  # as a call from the worker before the first compose
    app.main_screen.library_complete()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(ArticleList)
        assert [a.id for a in sidebar.articles] == [a.id for a in full.articles]


async def test_an_untouched_cursor_stays_on_the_newest_entry(
    isolated_dirs: Paths, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    write_articles(folder, 2)
    (folder / "newest.md").write_text(
        "---\ntitle: Newest\ndate: 2099-01-01\n---\n\nBody.\n", encoding="utf-8"
    )
    roots = library_roots(isolated_dirs, [folder])
    full = scan_library(roots)
    bundled = scan_library(roots[:1])
    scan = GatedScan([full.articles])
    app = build_app(isolated_dirs, bundled, scan, partial=True)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one(ArticleList)
        assert sidebar.highlighted == 0
        scan.gates[0].set()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert sidebar.highlighted_article is not None
        assert sidebar.highlighted_article.title == "Newest"
        assert sidebar.scroll_y == 0
