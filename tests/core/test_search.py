"""Library search: real files, a real SQLite FTS5 index, updates, damage, threads, any query."""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linareader.core import searchdb
from linareader.core.article import read_article_text
from linareader.core.library import Library, Root, scan_library
from linareader.core.search import SearchError, SearchIndex
from linareader.core.searchtext import locate
from linareader.core.textsearch import fold

ARTICLES = {
    "societe.md": (
        "---\ntitle: La Société générale du logiciel\nauthor: Inès Lefèvre\n"
        "tags: [économie, libre]\ndate: 2024-07\n---\n"
        "# Introduction\n\nUn texte sur le **logiciel libre** et la souveraineté.\n\n"
        "## Suite\n\nLa SOCIÉTÉ avance. Voir [le site](https://example.org/secret-token).\n"
    ),
    "body.md": (
        "---\ntitle: Notes diverses\n---\n"
        "Premier paragraphe sans le mot.\n\n"
        "Plus loin, une société coopérative et un logiciel propriétaire.\n"
    ),
    "other.md": "# Cuisine\n\nUne recette de gâteau au chocolat, straße et cœur.\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def library_of(folder: Path) -> Library:
    return scan_library([Root(folder, "local")])


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    # files here were all written just now: without racy_seconds=0 each update reads them again
    return SearchIndex(tmp_path / "cache" / "search.sqlite", racy_seconds=0)


def ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [hit.article.id for hit in hits]


def test_accent_and_case_insensitive_with_title_ranked_first(
    folder: Path, index: SearchIndex
) -> None:
    library = library_of(folder)
    result = index.update(library.articles)
    assert (result.indexed, result.cancelled) == (3, False)
    for query in ["societe", "SOCIÉTÉ", "Societe", "soci"]:
        assert ids(index.search(query, library)) == ["local/societe", "local/body"], query
    assert ids(index.search("cafe chocolat", library)) == []  # AND: "café" is not there
    assert ids(index.search("gateau chocolat", library)) == ["local/other"]
    assert ids(index.search("lefevre", library)) == ["local/societe"]  # author
    assert ids(index.search("economie", library)) == ["local/societe"]  # tag


def test_snippet_is_one_plain_line_with_match_offsets(folder: Path, index: SearchIndex) -> None:
    library = library_of(folder)
    index.update(library.articles)
    hit = index.search("societe", library)[1]
    assert hit.article.id == "local/body"
    assert "\n" not in hit.snippet and "\x01" not in hit.snippet and "\x02" not in hit.snippet
    assert [fold(hit.snippet[a:b]) for a, b in hit.highlights] == ["societe"]
    assert hit.terms == ("societe",)
    first = index.search("logiciel libre", library)[0]
    assert "**" not in first.snippet  # Markdown emphasis markers are dropped
    assert {fold(first.snippet[a:b]) for a, b in first.highlights} == {"logiciel", "libre"}
    assert first.score > 0


def test_link_destinations_are_not_indexed(folder: Path, index: SearchIndex) -> None:
    library = library_of(folder)
    index.update(library.articles)
    assert index.search("secret token", library) == []
    assert ids(index.search("site", library)) == ["local/societe"]


def test_phrases_and_prefixes(folder: Path, index: SearchIndex) -> None:
    library = library_of(folder)
    index.update(library.articles)
    assert ids(index.search('"logiciel libre"', library)) == ["local/societe"]
    assert len(index.search("logiciel", library)) == 2
    assert ids(index.search("souverain", library)) == ["local/societe"]  # last word: prefix
    assert index.search("souverain chocolat", library) == []
    assert index.search("so", library) == []  # too short to be a prefix


NASTY = [
    '"',
    '""',
    '"unterminated phrase',
    "-logiciel",
    "logiciel -libre",
    "*",
    "soci*",
    "title:societe",
    "body : x",
    "(logiciel",
    "logiciel)",
    "NEAR(logiciel libre)",
    "logiciel NEAR libre",
    "logiciel AND libre",
    "logiciel OR",
    "NOT",
    "^logiciel",
    "logiciel + libre",
    "{title author}: x",
    "a'b\"c",
    "'; DROP TABLE docs; --",
    "\x00\x01\x02",
    "   ",
    "",
    "ÉTÉ ïle 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﬁ",
    "\ue000",
    "l'été",
]


@pytest.mark.parametrize("query", NASTY)
def test_fts_syntax_typed_by_users_never_raises(
    folder: Path, index: SearchIndex, query: str
) -> None:
    library = library_of(folder)
    index.update(library.articles)
    hits = index.search(query, library)
    assert isinstance(hits, list)
    if query in ("-logiciel", "(logiciel", "logiciel)", "^logiciel"):
        assert len(hits) == 2  # punctuation is not syntax: the word is still searched


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_any_text_is_a_valid_query(folder: Path, index: SearchIndex, query: str) -> None:
    library = library_of(folder)
    if not index.file.exists():
        index.update(library.articles)
    assert isinstance(index.search(query, library), list)


def test_update_reads_only_changed_files_and_drops_deleted_ones(
    folder: Path, index: SearchIndex
) -> None:
    library = library_of(folder)
    index.update(library.articles)
    again = index.update(library.articles)
    assert (again.indexed, again.removed, again.unchanged) == (0, 0, 3)
    (folder / "other.md").write_text("# Cuisine\n\nUne tarte aux pommes.\n", encoding="utf-8")
    (folder / "body.md").unlink()
    (folder / "new.md").write_text("# Nouveau\n\nUn article sur la forêt.\n", encoding="utf-8")
    library = library_of(folder)
    result = index.update(library.articles)
    assert (result.indexed, result.removed, result.unchanged) == (2, 1, 1)
    assert index.search("chocolat", library) == []
    assert ids(index.search("pommes", library)) == ["local/other"]
    assert ids(index.search("foret", library)) == ["local/new"]
    assert ids(index.search("societe", library)) == ["local/societe"]


def test_files_deleted_after_the_scan_are_dropped(folder: Path, index: SearchIndex) -> None:
    library = library_of(folder)
    index.update(library.articles)
    (folder / "other.md").unlink()
    result = index.update(library.articles)  # the same (stale) library
    assert result.removed == 1
    assert index.search("chocolat", library) == []


def test_articles_left_out_of_the_library_are_dropped(folder: Path, index: SearchIndex) -> None:
    library = library_of(folder)
    index.update(library.articles)
    smaller = Library([a for a in library.articles if a.id != "local/other"])
    assert index.update(smaller.articles).removed == 1
    assert index.search("chocolat", library) == []


def test_recently_written_files_are_read_again(folder: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search.sqlite")  # the default 2 s "racily clean" window
    library = library_of(folder)
    index.update(library.articles)
    assert index.update(library.articles).indexed == 3


def test_progress_and_cancel(folder: Path, index: SearchIndex) -> None:
    for number in range(250):
        (folder / f"extra-{number:03d}.md").write_text(f"# Extra {number}\n\nmot{number}\n")
    library = library_of(folder)
    seen: list[tuple[int, int]] = []
    asked = iter(range(10_000))
    result = index.update(
        library.articles,
        progress=lambda d, t: seen.append((d, t)),
        should_stop=lambda: next(asked) >= 120,
    )
    assert result.cancelled and result.indexed == 120
    assert seen[0] == (0, 253) and seen[-1] == (120, 253)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    committed = sum(1 for a in library.articles[:120] if a.title.startswith("Extra"))
    assert 100 < committed <= 120  # the update reads in library order
    assert len(index.search("extra", library, limit=1000)) == committed
    seen.clear()
    resumed = index.update(library.articles, progress=lambda d, t: seen.append((d, t)))
    assert (resumed.indexed, resumed.unchanged, resumed.cancelled) == (133, 120, False)
    assert seen[0] == (0, 133) and seen[-1] == (133, 133)
    assert len(index.search("extra", library, limit=1000)) == 250


def test_ids_that_moved_still_find_their_article(tmp_path: Path, index: SearchIndex) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x.md").write_text("---\nid: same\n---\n# X\n\nalpha\n")
    (b / "y.md").write_text("---\nid: same\n---\n# Y\n\nbeta\n")
    first = scan_library([Root(a, "local"), Root(b, "local")])
    index.update(first.articles)
    swapped = scan_library([Root(b, "local"), Root(a, "local")])  # now y.md owns "same"
    assert [h.article.path.name for h in index.search("beta", swapped)] == ["y.md"]
    assert ids(index.search("beta", swapped)) == ["same"]
    index.update(swapped.articles)
    assert ids(index.search("alpha", swapped)) == ["same-2"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed-header"])
def test_damaged_index_is_moved_aside_and_rebuilt(
    folder: Path, index: SearchIndex, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    library = library_of(folder)
    for number in range(200):  # enough pages that truncation cuts real data
        (folder / f"filler-{number}.md").write_text(f"# Filler {number}\n\n" + "mot " * 500)
    library = library_of(folder)
    index.update(library.articles)
    data = index.file.read_bytes()
    for suffix in ("-wal", "-shm"):
        Path(f"{index.file}{suffix}").unlink(missing_ok=True)
    if damage == "garbage":
        index.file.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        index.file.write_bytes(data[: len(data) // 3])
    else:
        index.file.write_bytes(b"\x00" * 100 + data[100:])
    with caplog.at_level(logging.WARNING):
        result = index.update(library.articles)
        hits = index.search("societe", library)
    assert result.indexed == len(library.articles)
    assert ids(hits) == ["local/societe", "local/body"]
    assert index.file.with_name("search.sqlite.corrupt").exists()
    assert any("damaged" in r.getMessage() for r in caplog.records)


def test_damage_found_by_a_query_gives_no_result_then_update_rebuilds(
    folder: Path, index: SearchIndex, caplog: pytest.LogCaptureFixture
) -> None:
    library = library_of(folder)
    index.file.parent.mkdir(parents=True)
    index.file.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with caplog.at_level(logging.WARNING):
        assert index.search("societe", library) == []
    assert any("damaged" in r.getMessage() for r in caplog.records)
    index.update(library.articles)
    assert len(index.search("societe", library)) == 2


def test_unusable_cache_folder_is_a_clear_error(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    index = SearchIndex(blocker / "search.sqlite")
    with pytest.raises(SearchError, match=r"Cannot use the search index .* --cache-dir"):
        index.update(library_of(folder).articles)


def test_missing_fts5_is_a_clear_error(
    folder: Path, index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = sqlite3.connect

    class NoFts5(sqlite3.Connection):
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if "USING fts5" in sql:
                raise sqlite3.OperationalError("no such module: fts5")
            return super().execute(sql, *args)  # type: ignore[arg-type]

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(*args, factory=NoFts5, **kwargs)  # type: ignore[arg-type,misc]

    monkeypatch.setattr(searchdb.sqlite3, "connect", connect)
    with pytest.raises(SearchError, match="needs SQLite's FTS5"):
        index.search("x", library_of(folder))


def test_queries_while_another_thread_builds_the_index(folder: Path, index: SearchIndex) -> None:
    for number in range(400):
        (folder / f"bulk-{number:03d}.md").write_text(f"# Bulk {number}\n\nsociété {number}\n")
    library = library_of(folder)
    errors: list[BaseException] = []
    counts: list[int] = []
    done = threading.Event()

    def build() -> None:
        try:
            index.update(library.articles)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            done.set()

    def query() -> None:
        try:
            while not done.is_set():
                counts.append(len(index.search("societe", library, limit=1000)))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    index.search("x", library)  # create the file before the race
    threads = [threading.Thread(target=build), threading.Thread(target=query)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts == sorted(counts)  # readers see committed batches only, growing
    assert len(index.search("societe", library, limit=1000)) == 402


def test_two_threads_updating_at_once_agree(folder: Path, index: SearchIndex) -> None:
    for number in range(300):
        (folder / f"bulk-{number:03d}.md").write_text(f"# Bulk {number}\n\nmot{number}\n")
    library = library_of(folder)
    errors: list[BaseException] = []

    def build() -> None:
        try:
            index.update(library.articles)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite3.connect(index.file) as conn:
        paths = [row[0] for row in conn.execute("SELECT path FROM docs")]
        (fts_rows,) = conn.execute("SELECT count(*) FROM fts").fetchone()
    assert len(paths) == len(set(paths)) == len(library.articles) == fts_rows
    assert len(index.search("bulk", library, limit=1000)) == 300


def test_locate_lands_the_reader_on_the_match(folder: Path, index: SearchIndex) -> None:
    library = library_of(folder)
    index.update(library.articles)
    hit = index.search("societe", library)[0]
    text = read_article_text(hit.article.path)
    where = locate(text.body, hit.terms)
    assert where is not None
    assert where.text == "SOCIÉTÉ"
    assert text.body.splitlines()[where.line].startswith("La SOCIÉTÉ avance")
