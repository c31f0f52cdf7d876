"""The library's metadata cache: same library with or without it, fewer reads, never a crash."""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from linareader.core import library as library_module
from linareader.core.article import make_article, read_article_text
from linareader.core.articlemeta import ArticleMeta
from linareader.core.library import Root, cached_library, iter_scan, scan_library
from linareader.core.metacache import CACHE_FILE, MetaCache

AN_HOUR_AGO = time.time() - 3600


def load(cache_dir: Path) -> MetaCache:
    """The cache without its "racily clean" delay: every file here was just written (ctime)."""
    return MetaCache.load(cache_dir, racy_seconds=0)


def write(path: Path, text: str, *, age: float | None = AN_HOUR_AGO) -> Path:
    """Write *text*, with its mtime an hour ago unless *age* is None."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if age is not None:
        os.utime(path, (age, age))
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    write(
        folder / "a.md", "---\ntitle: Alpha\nauthor: Ann\ndate: 2024-07\ntags: [x, y]\n---\nOne two"
    )
    write(folder / "b.md", "# Beta heading\n\nthree four five\n")
    write(folder / "sub" / "c.md", "---\nid: shared\ndate: 2020\n---\nsix\n")
    write(folder / "sub" / "d.md", "---\nid: shared\n---\nseven\n")  # duplicate id: warns
    write(folder / "bad.md", "---\ntitle: [oops\n---\n# Fallback\n")  # bad YAML: warns
    (folder / "latin1.md").write_bytes(b"# Caf\xe9\n")  # not UTF-8: warns
    os.utime(folder / "latin1.md", (AN_HOUR_AGO, AN_HOUR_AGO))
    return folder


@pytest.fixture
def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every file the scan actually reads."""
    reads: list[Path] = []
    real = library_module.read_article_text

    def spy(path: Path) -> object:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(library_module, "read_article_text", spy)
    return reads


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return sorted(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


def test_warm_cache_gives_the_same_library_and_warnings_without_reading(
    root: Path, tmp_path: Path, counted_reads: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    roots = [Root(root, "local")]
    cache_dir = tmp_path / "cache"
    with caplog.at_level(logging.WARNING):
        plain = scan_library(roots)
    plain_warnings = warnings_of(caplog)
    assert len(plain_warnings) == 3  # duplicate id, bad YAML, not UTF-8
    for _ in range(2):  # cold, then warm
        counted_reads.clear()
        caplog.clear()
        cache = load(cache_dir)
        with caplog.at_level(logging.WARNING):
            cached = scan_library(roots, cache)
        assert cached.articles == plain.articles
        assert warnings_of(caplog) == plain_warnings
    assert counted_reads == []
    assert (cache.hits, cache.misses) == (6, 0)


def test_changed_added_and_removed_files_are_noticed(
    root: Path, tmp_path: Path, counted_reads: list[Path]
) -> None:
    roots = [Root(root, "local")]
    scan_library(roots, load(tmp_path / "cache"))
    write(root / "a.md", "---\ntitle: Alpha edited\n---\nOne two three", age=AN_HOUR_AGO + 60)
    write(root / "new.md", "# New\n")
    (root / "b.md").unlink()
    counted_reads.clear()
    cache = load(tmp_path / "cache")
    library = scan_library(roots, cache)
    assert sorted(p.name for p in counted_reads) == ["a.md", "new.md"]
    assert library.articles == scan_library(roots).articles
    assert library.get("local/a").title == "Alpha edited"  # type: ignore[union-attr]
    assert library.get("local/b") is None
    saved = json.loads((tmp_path / "cache" / CACHE_FILE).read_text())
    assert not any(key.endswith("b.md") for key in saved["entries"])


def test_same_size_and_mtime_but_new_ctime_is_read_again(
    root: Path, tmp_path: Path, counted_reads: list[Path]
) -> None:
    # `cp -p` or `touch -d` can give new content an old mtime; ctime still moves.
    roots = [Root(root, "local")]
    scan_library(roots, load(tmp_path / "cache"))
    before = (root / "b.md").stat()
    time.sleep(0.05)  # more than one timestamp tick
    write(root / "b.md", "# Zeta heading\n\nthree four five\n", age=None)
    os.utime(root / "b.md", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (root / "b.md").stat().st_size == before.st_size
    counted_reads.clear()
    library = scan_library(roots, load(tmp_path / "cache"))
    assert [p.name for p in counted_reads] == ["b.md"]
    assert library.get("local/b").title == "Zeta heading"  # type: ignore[union-attr]


def test_files_modified_just_now_are_not_cached(tmp_path: Path, counted_reads: list[Path]) -> None:
    # a second write within the same timestamp tick could keep size and times: racily clean
    folder = tmp_path / "lib"
    write(folder / "old.md", "# Old\n")
    time.sleep(0.3)
    write(folder / "fresh.md", "# Fresh\n", age=None)
    scan_library([Root(folder, "local")], MetaCache.load(tmp_path / "cache", racy_seconds=0.25))
    counted_reads.clear()
    scan_library([Root(folder, "local")], MetaCache.load(tmp_path / "cache", racy_seconds=0.25))
    assert [p.name for p in counted_reads] == ["fresh.md"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b'{"format": 1, "fingerprint": "x", "entries": {}}',
        b"[1, 2, 3]",
        b"\xff\xfe\x00garbage",
        b'{"format": 1, "fingerprint": "FP", "entries": {"P": [1, 2, 3]}}',
        b'{"format": 1, "fingerprint": "FP", "entries": {"P": "nope"}}',
        b'{"format": 1, "fingerprint": "FP", "entries": {"P": [S, M, C, 5, "", "", '
        b'[2024, "x", 1], "", "", ["t"], "many", 3, 1.5, [7]]}}',
        b"[" * 100_000,
    ],
    ids=[
        "empty",
        "truncated",
        "other-parser",
        "not-a-mapping",
        "binary",
        "short-entry",
        "entry-not-a-list",
        "wrong-types",
        "deeply-nested",
    ],
)
def test_damaged_cache_is_ignored_and_rebuilt(
    root: Path, tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    roots = [Root(root, "local")]
    cache_dir = tmp_path / "cache"
    scan_library(roots, load(cache_dir))
    fingerprint = json.loads((cache_dir / CACHE_FILE).read_text())["fingerprint"]
    path = str(root / "a.md")
    info = (root / "a.md").stat()
    content = (
        content.replace(b"FP", fingerprint.encode())
        .replace(b'"P"', json.dumps(path).encode())
        .replace(b"S, M, C", f"{info.st_size}, {info.st_mtime_ns}, {info.st_ctime_ns}".encode())
    )
    (cache_dir / CACHE_FILE).write_bytes(content)
    with caplog.at_level(logging.DEBUG):
        cache = load(cache_dir)
        library = scan_library(roots, cache)
    assert library.articles == scan_library(roots).articles
    assert cache.hits == 0
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)
    rebuilt = load(cache_dir)
    scan_library(roots, rebuilt)
    assert rebuilt.hits == 6


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_cache_folder_means_no_caching(root: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    cache_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        cache = load(cache_dir)
        assert scan_library([Root(root, "local")], cache).articles
        assert cache.save(prune_under=[root]) is False
    finally:
        cache_dir.chmod(stat.S_IRWXU)


def test_unwritable_cache_file_means_no_caching(root: Path, tmp_path: Path) -> None:
    # works as root too: the cache "folder" is a regular file, so nothing can be created in it
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    cache = load(blocker)
    library = scan_library([Root(root, "local")], cache)
    assert library.articles == scan_library([Root(root, "local")]).articles
    assert cache.save(prune_under=[root]) is False


def test_meta_round_trip_matches_make_article(root: Path) -> None:
    for path in sorted(root.rglob("*.md")):
        text = read_article_text(path)
        expected = make_article(text, article_id="x", path=path, origin="local")
        assert ArticleMeta.from_text(text).to_article(
            article_id="x", path=path, origin="local"
        ) == (expected)


def test_iter_scan_yields_batches_in_scan_order(root: Path, tmp_path: Path) -> None:
    roots = [Root(root, "local")]
    cache = load(tmp_path / "cache")
    batches = list(iter_scan(roots, cache, batch_size=2, batch_seconds=60))
    assert [len(batch) for batch in batches] == [2, 2, 2]
    flat = [article for batch in batches for article in batch]
    assert sorted(flat, key=lambda a: a.id) == sorted(
        scan_library(roots).articles, key=lambda a: a.id
    )


def test_folders_left_out_of_a_scan_keep_their_entries(
    root: Path, tmp_path: Path, counted_reads: list[Path]
) -> None:
    # `linareader --articles-dir X` then plain `linareader`: X stays warm for next time
    other = tmp_path / "other"
    write(other / "e.md", "# E\n")
    both = [Root(root, "local"), Root(other, "local")]
    scan_library(both, load(tmp_path / "cache"))
    (root / "b.md").unlink()
    scan_library([Root(root, "local")], load(tmp_path / "cache"))
    counted_reads.clear()
    cache = load(tmp_path / "cache")
    scan_library(both, cache)
    assert counted_reads == []
    assert (cache.hits, len(cache)) == (6, 6)  # b.md was forgotten, e.md was not


def test_stopped_scan_keeps_its_work_and_does_not_prune(root: Path, tmp_path: Path) -> None:
    roots = [Root(root, "local")]
    cache_dir = tmp_path / "cache"
    scan_library(roots, load(cache_dir))
    calls = iter(range(100))
    scan = iter_scan(
        roots, load(cache_dir), should_stop=lambda: next(calls) >= 2, batch_size=1, batch_seconds=60
    )
    seen = list(scan)
    assert sum(len(batch) for batch in seen) == 2
    cache = load(cache_dir)
    assert len(cache) == 6  # the stopped scan saw 2 files but forgot none of the others


def test_closing_the_generator_early_saves_the_cache(root: Path, tmp_path: Path) -> None:
    cache = load(tmp_path / "cache")
    scan = iter_scan([Root(root, "local")], cache, batch_size=1, batch_seconds=60)
    next(scan)
    scan.close()
    assert len(load(tmp_path / "cache")) == 1


def test_two_processes_saving_at_once_leave_a_whole_file(root: Path, tmp_path: Path) -> None:
    # threads stand in for processes: the rename is atomic either way
    roots = [Root(root, "local")]
    errors: list[BaseException] = []

    def scan() -> None:
        try:
            for _ in range(5):
                cache = load(tmp_path / "cache")
                scan_library(roots, cache)
                cache._dirty = True  # force a write every time
                cache.save(prune_under=[root])
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = load(tmp_path / "cache")
    scan_library(roots, final)
    assert final.hits == 6
    leftovers: Iterator[Path] = (tmp_path / "cache").glob(".*.tmp")
    assert list(leftovers) == []


def test_cached_library_gives_the_last_scan_without_reading(
    root: Path, tmp_path: Path, counted_reads: list[Path]
) -> None:
    roots = [Root(root, "local")]
    assert cached_library(roots, load(tmp_path / "cache")) is None  # cold
    scanned = scan_library(roots, load(tmp_path / "cache"))
    counted_reads.clear()
    snapshot = cached_library(roots, load(tmp_path / "cache"))
    assert snapshot is not None and snapshot.articles == scanned.articles
    assert counted_reads == []
    assert cached_library([Root(root, "bundled")], load(tmp_path / "cache")) is None
    assert cached_library([*roots, Root(tmp_path, "local")], load(tmp_path / "cache")) is None


def test_cached_library_may_be_stale_until_the_next_scan(root: Path, tmp_path: Path) -> None:
    roots = [Root(root, "local")]
    scan_library(roots, load(tmp_path / "cache"))
    write(root / "a.md", "---\ntitle: Renamed\n---\nx", age=AN_HOUR_AGO + 60)
    stale = cached_library(roots, load(tmp_path / "cache"))
    assert stale is not None and stale.get("local/a").title == "Alpha"  # type: ignore[union-attr]
    scan_library(roots, load(tmp_path / "cache"))
    fresh = cached_library(roots, load(tmp_path / "cache"))
    assert fresh is not None and fresh.get("local/a").title == "Renamed"  # type: ignore[union-attr]


def test_a_stopped_scan_does_not_replace_the_cached_library(root: Path, tmp_path: Path) -> None:
    roots = [Root(root, "local")]
    scan_library(roots, load(tmp_path / "cache"))
    write(root / "z.md", "# Zed\n")
    calls = iter(range(100))
    list(iter_scan(roots, load(tmp_path / "cache"), should_stop=lambda: next(calls) >= 3))
    snapshot = cached_library(roots, load(tmp_path / "cache"))
    assert snapshot is not None and len(snapshot) == 6


@pytest.mark.parametrize(
    "library",
    ["nope", {"roots": "x"}, {"articles": [[1, 2, 3]]}, {"articles": "x"}, {"articles": [["a"]]}],
)
def test_a_damaged_cached_library_is_ignored(root: Path, tmp_path: Path, library: object) -> None:
    roots = [Root(root, "local")]
    scan_library(roots, load(tmp_path / "cache"))
    file = tmp_path / "cache" / CACHE_FILE
    data = json.loads(file.read_text())
    if isinstance(library, dict):
        library = {"roots": data["library"]["roots"], **library}
    data["library"] = library
    file.write_text(json.dumps(data))
    assert cached_library(roots, load(tmp_path / "cache")) is None
