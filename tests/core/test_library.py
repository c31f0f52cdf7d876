"""The library: four origins, stable unique ids, and files that cannot be articles skipped."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from linareader.core.errors import AmbiguousArticle, ArticleNotFound
from linareader.core.library import Root, library_roots, scan_library
from linareader.core.paths import Paths


def article(path: Path, title: str, *, front: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = f"---\n{front}\n---\n" if front else ""
    path.write_text(f"{header}# {title}\n\nSome words here.\n", encoding="utf-8")
    return path


def test_bundled_library_has_the_ospos_article(isolated_dirs: Paths) -> None:
    library = scan_library(library_roots(isolated_dirs))
    ospos = library.get("ospos-for-good-new-york-2024")
    assert ospos is not None
    assert (ospos.title, ospos.author, ospos.lang) == (
        "OSPOs for Good, New-York 2024",
        "Alexandre Zapolsky",
        "fr",
    )
    assert ospos.date is not None and ospos.date.isoformat() == "2024-07"
    assert ospos.tags == ("open source", "IA", "OSPO", "LINAGORA")
    assert ospos.origin == "bundled"
    assert library.get("welcome") is not None


def test_origins_and_path_ids(isolated_dirs: Paths, tmp_path: Path) -> None:
    article(isolated_dirs.saved_dir / "Some Page.md", "Saved")
    article(isolated_dirs.feeds_dir / "lwn" / "2024" / "entry.md", "Entry")
    article(tmp_path / "notes" / "idea.markdown", "Idea")
    library = scan_library(library_roots(isolated_dirs, [tmp_path / "notes"]))
    origins = {a.id: a.origin for a in library.articles if a.origin != "bundled"}
    assert origins == {
        "saved/some-page": "saved",
        "feed:lwn/2024/entry": "feed:lwn",
        "local/idea": "local",
    }


def test_front_matter_id_wins_and_duplicates_get_a_suffix(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = article(tmp_path / "a" / "one.md", "One", front="id: shared")
    second = article(tmp_path / "b" / "two.md", "Two", front="id: shared")
    third = article(tmp_path / "b" / "three.md", "Three", front="id: shared")
    with caplog.at_level(logging.WARNING):
        library = scan_library([Root(tmp_path / "a", "bundled"), Root(tmp_path / "b", "local")])
    assert library.get("shared") is not None and library.get("shared").path == first  # type: ignore[union-attr]
    assert {library.get("shared-2").path, library.get("shared-3").path} == {second, third}  # type: ignore[union-attr]
    assert sum("already used" in r.getMessage() for r in caplog.records) == 2


def test_ids_are_stable_across_scans(tmp_path: Path) -> None:
    for name in ["b.md", "a.md", "sub/c.md"]:
        article(tmp_path / name, name)
    roots = [Root(tmp_path, "local")]
    assert [a.id for a in scan_library(roots).articles] == [
        a.id for a in scan_library(roots).articles
    ]


def test_bad_files_are_skipped_with_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "root"
    article(root / "good.md", "Good")
    (root / "binary.md").write_bytes(b"\x00\x01\x02binary")
    os.mkfifo(root / "fifo.md")
    outside = article(tmp_path / "outside" / "secret.md", "Secret")
    (root / "escape.md").symlink_to(outside)
    (root / "inside.md").symlink_to(root / "good.md")
    (root / "loop").symlink_to(root)
    (root / "broken.md").symlink_to(root / "missing.md")
    article(root / ".hidden" / "h.md", "Hidden")
    (root / "notes.txt").write_text("not markdown")
    with caplog.at_level(logging.WARNING):
        library = scan_library([Root(root, "local")])
    assert sorted(a.id for a in library.articles) == ["local/good", "local/inside"]
    messages = " | ".join(r.getMessage() for r in caplog.records)
    assert "binary" in messages
    assert "not a regular file" in messages
    assert "outside its articles folder" in messages
    assert "broken or looping" in messages


def test_bad_front_matter_still_lists_the_article(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "x.md").write_text("---\ntitle: [oops\ndate: 2024-13-45\n---\n# Heading\n")
    library = scan_library([Root(tmp_path, "local")])
    assert [a.title for a in library.articles] == ["Heading"]
    assert any("not valid YAML" in r.getMessage() for r in caplog.records)


def test_order_is_newest_first_with_undated_last(tmp_path: Path) -> None:
    for name, date in [("old", "2020"), ("month", "2024-07"), ("day", "2024-07-10"), ("none", "")]:
        article(tmp_path / f"{name}.md", name, front=f"date: {date}" if date else "lang: en")
    titles = [a.title for a in scan_library([Root(tmp_path, "local")]).articles]
    assert titles == ["day", "month", "old", "none"]


def test_resolve_by_id_prefix_and_path(tmp_path: Path) -> None:
    article(tmp_path / "lib" / "alpha-one.md", "A1")
    article(tmp_path / "lib" / "alpha-two.md", "A2")
    article(tmp_path / "lib" / "beta.md", "B")
    loose = article(tmp_path / "loose.md", "Loose")
    library = scan_library([Root(tmp_path / "lib", "bundled")])
    assert library.resolve("beta").title == "B"
    assert library.resolve("alpha-t").title == "A2"
    with pytest.raises(AmbiguousArticle, match="alpha-one, alpha-two"):
        library.resolve("alpha")
    with pytest.raises(ArticleNotFound, match="linareader list"):
        library.resolve("gamma")
    assert library.resolve(str(tmp_path / "lib" / "beta.md")).id == "beta"
    outside = library.resolve(str(loose))
    assert (outside.title, outside.origin, outside.id) == ("Loose", "local", str(loose))


def test_a_missing_local_folder_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        library = scan_library([Root(tmp_path / "nowhere", "local")])
    assert len(library) == 0
    assert [r.getMessage() for r in caplog.records] == [
        f"Articles folder {tmp_path / 'nowhere'} does not exist; it was skipped."
    ]
