"""The state store on real files: rules, format, migrations, damaged files, failed saves, and the
replay of pending operations between two stores on one file.

Processes racing, a killed writer and a read-only folder are in ``test_state_processes.py``.
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linareader.core.atomic import atomic_write_text, locked
from linareader.core.errors import LinareaderError, SectionNotFound, StateError
from linareader.core.state import ArticleState, Bookmark, Position, ReadState, StateStore
from linareader.core.state_format import MIGRATIONS, VERSION, Migration, dump, migrate, parse
from linareader.core.state_model import StateData

T0 = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
STAMP = "2025-01-02T03:04:05.000Z"


class Clock:
    """A clock that moves *step* forward at every reading, so each change has its own stamp."""

    def __init__(self, step: timedelta = timedelta(milliseconds=1), start: datetime = T0) -> None:
        self.now, self.step = start, step

    def __call__(self) -> datetime:
        now, self.now = self.now, self.now + self.step
        return now


def stamp(ms: int) -> str:
    return (T0 + timedelta(milliseconds=ms)).isoformat(timespec="milliseconds")[:-6] + "Z"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def warnings_logged() -> Iterator[list[str]]:
    """Collect the store's warnings (caplog does not mix with hypothesis)."""
    handler = _Collect()
    logger = logging.getLogger("linareader.core.state")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def loaded(path: Path, clock: Callable[[], datetime] | None = None, **kwargs: float) -> StateStore:
    store = StateStore(path, clock=clock or Clock(), **kwargs)
    store.load()
    return store


def view(store: StateStore) -> tuple[object, ...]:
    return store.articles(), store.bookmarks(), store.last_article, store.theme


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "state.json"


@pytest.fixture(autouse=True)
def _config_folder(path: Path) -> None:
    path.parent.mkdir()


# Rules of the reading state ----------------------------------------------------------------


X_AT_3 = (Position("x", 3), 0.3)


@pytest.mark.parametrize(
    ("before", "method", "args", "after", "returned"),
    [
        (None, "opened", (), "reading", None),
        ("unread", "opened", (), "reading", None),
        ("reading", "opened", (), "reading", None),
        ("read", "opened", (), "read", None),
        (None, "toggle_read", (), "read", "read"),
        ("unread", "toggle_read", (), "read", "read"),
        ("reading", "toggle_read", (), "read", "read"),
        ("read", "toggle_read", (), "unread", "unread"),
        ("read", "mark", ("unread",), "unread", None),
        ("unread", "mark", ("reading",), "reading", None),
        ("reading", "mark", ("reading",), "reading", None),
        ("read", "set_position", X_AT_3, "read", None),
        ("unread", "set_position", X_AT_3, "unread", None),
        ("reading", "set_position", X_AT_3, "reading", None),
        ("unread", "set_note", ("x", "note"), "unread", None),
        ("read", "remove_bookmark", ("x",), "read", True),
    ],
)
def test_reading_state_rules(
    path: Path,
    before: ReadState | None,
    method: str,
    args: tuple[object, ...],
    after: ReadState,
    returned: object,
) -> None:
    store = loaded(path)
    store.add_bookmark("a", "x", "X")
    if before is not None:
        store.mark("a", before)
    result = getattr(store, method)("a", *args)
    if returned is not None:
        assert result == returned
    assert store.article("a").state == after
    assert store.save()
    assert loaded(path).article("a").state == after


def test_opened_remembers_the_last_article(path: Path) -> None:
    store = loaded(path)
    store.opened("a")
    store.opened("b")
    assert store.last_article == "b"
    store.set_last_article(None)
    assert store.last_article is None


def test_unknown_article_is_unread_and_unknown_state_is_refused(path: Path) -> None:
    store = loaded(path)
    assert store.article("nope") == ArticleState()
    done: Any = "done"  # what an unchecked caller could pass
    with pytest.raises(LinareaderError, match="Unknown reading state 'done'"):
        store.mark("a", done)
    assert store.articles() == {}


@pytest.mark.parametrize(
    ("progress", "block", "expected_progress", "expected_block"),
    [
        (0.5, 3, 0.5, 3),
        (-0.2, -4, 0.0, 0),
        (1.7, 0, 1.0, 0),
        (math.nan, 1, 0.0, 1),
        (math.inf, 1, 0.0, 1),
        (0.123456, 1, 0.1235, 1),
        (1, 2, 1.0, 2),
    ],
)
def test_set_position_clamps(
    path: Path, progress: float, block: int, expected_progress: float, expected_block: int
) -> None:
    store = loaded(path)
    store.set_position("a", Position("sec", block), progress)
    expected = ArticleState("unread", expected_progress, Position("sec", expected_block), STAMP)
    assert store.article("a") == expected
    assert store.save()
    assert loaded(path).article("a") == expected


@pytest.mark.parametrize(
    ("action", "entry"),
    [
        (lambda s: s.mark("a", "read"), lambda s: s.article("a").updated),
        (lambda s: s.toggle_read("a"), lambda s: s.article("a").updated),
        (lambda s: s.opened("a"), lambda s: s.article("a").updated),
        (lambda s: s.set_position("a", Position("", 0), 0), lambda s: s.article("a").updated),
        (lambda s: s.add_bookmark("a", "x", "X"), lambda s: s.bookmark("a", "x").updated),
        (lambda s: s.set_note("a", "b", "n"), lambda s: s.bookmark("a", "b").updated),
        (lambda s: s.add_bookmark("a", "b", "B2"), lambda s: s.bookmark("a", "b").updated),
        (lambda s: s.remove_bookmark("a", "b"), lambda s: _raw_bookmark(s, "a", "b")["updated"]),
        (lambda s: s.set_last_article("a"), lambda s: _raw(s)["last_article"]["updated"]),
        (lambda s: s.set_theme("nord"), lambda s: _raw(s)["theme"]["updated"]),
    ],
    ids=[
        "mark", "toggle", "opened", "position", "add", "note", "re-add", "remove", "last", "theme",
    ],
)  # fmt: skip
def test_every_change_stamps_the_entry_it_touches(
    path: Path, action: Callable[[StateStore], object], entry: Callable[[StateStore], str]
) -> None:
    clock = Clock(step=timedelta(0))
    store = loaded(path, clock)
    store.add_bookmark("a", "b", "B")
    assert store.save()
    clock.now = T0 + timedelta(seconds=1, milliseconds=234)
    action(store)
    assert store.save()
    assert entry(store) == "2025-01-02T03:04:06.234Z"


def _raw(store: StateStore) -> dict[str, dict[str, str]]:
    doc: dict[str, dict[str, str]] = json.loads(store.path.read_text(encoding="utf-8"))
    return doc


def _raw_bookmark(store: StateStore, article: str, anchor: str) -> dict[str, str]:
    items = json.loads(store.path.read_text(encoding="utf-8"))["bookmarks"]
    return next(b for b in items if (b["article"], b["anchor"]) == (article, anchor))


def test_naive_clock_is_taken_as_utc(path: Path) -> None:
    store = loaded(path, lambda: datetime(2025, 6, 7, 8, 9, 10, 11000))
    store.mark("a", "read")
    assert store.article("a").updated == "2025-06-07T08:09:10.011Z"


# Bookmarks and tombstones ------------------------------------------------------------------


def test_bookmark_lifecycle(path: Path) -> None:
    store = loaded(path)
    first = store.add_bookmark("a", "intro", "Intro", "first note")
    assert first == Bookmark("a", "intro", "Intro", "first note", stamp(0), stamp(0))
    # Adding again refreshes the heading and keeps the note unless one is given.
    again = store.add_bookmark("a", "intro", "Introduction")
    assert (again.heading, again.note, again.created, again.updated) == (
        "Introduction", "first note", stamp(0), stamp(1),
    )  # fmt: skip
    assert store.add_bookmark("a", "intro", "Introduction", "").note == ""
    assert store.set_note("a", "intro", "second").note == "second"
    assert store.remove_bookmark("a", "intro")
    assert store.bookmark("a", "intro") is None
    assert store.bookmarks() == []
    assert not store.remove_bookmark("a", "intro")
    with pytest.raises(SectionNotFound, match="has no bookmark on section 'intro'"):
        store.set_note("a", "intro", "lost?")
    # Adding a removed bookmark again makes a new, live one.
    revived = store.add_bookmark("a", "intro", "Intro", "back")
    assert revived == Bookmark("a", "intro", "Intro", "back", stamp(5), stamp(5), None)
    assert store.save()
    assert loaded(path).bookmarks() == [revived]


def test_bookmarks_are_sorted_by_article_then_creation(path: Path) -> None:
    store = loaded(path)
    for article, anchor in [("b", "z"), ("a", "y"), ("b", "a"), ("a", "x"), ("c", "gone")]:
        store.add_bookmark(article, anchor, anchor.upper())
    store.remove_bookmark("c", "gone")
    expected = [("a", "y"), ("a", "x"), ("b", "z"), ("b", "a")]
    assert [(m.article, m.anchor) for m in store.bookmarks()] == expected
    assert [m.anchor for m in store.bookmarks("b")] == ["z", "a"]
    assert store.bookmarks("c") == []
    assert store.save()
    assert [(m.article, m.anchor) for m in loaded(path).bookmarks()] == expected


def test_tombstones_survive_save_and_load(path: Path) -> None:
    store = loaded(path)
    store.add_bookmark("a", "x", "X", "note")
    store.remove_bookmark("a", "x")
    assert store.save()
    again = loaded(path)
    assert again.bookmarks() == []
    assert _raw_bookmark(again, "a", "x") == {
        "anchor": "x", "article": "a", "created": stamp(0), "heading": "X", "note": "note",
        "removed": stamp(1), "updated": stamp(1),
    }  # fmt: skip


def test_removed_bookmark_stays_removed_when_an_older_store_saves(path: Path) -> None:
    setup = loaded(path)
    setup.add_bookmark("a", "x", "X")
    assert setup.save()
    early, late = loaded(path), loaded(path)  # both have seen the bookmark
    assert late.remove_bookmark("a", "x")
    assert late.save()
    early.mark("unrelated", "read")
    assert early.save()
    assert early.bookmark("a", "x") is None  # its view is the merged file now
    final = loaded(path)
    assert final.bookmarks() == []
    assert final.article("unrelated").state == "read"
    assert _raw_bookmark(final, "a", "x")["removed"] is not None


def test_two_stores_changing_different_entries_keep_both(path: Path) -> None:
    one, two = loaded(path), loaded(path)
    one.mark("x", "read")
    one.add_bookmark("x", "s", "S")
    two.mark("y", "read")
    two.set_theme("nord")
    assert one.save()
    assert two.save()
    final = loaded(path)
    assert set(final.articles()) == {"x", "y"}
    assert [m.article for m in final.bookmarks()] == ["x"]
    assert final.theme == "nord"
    assert view(two) == view(final)


def test_replayed_mark_keeps_a_position_saved_meanwhile(path: Path) -> None:
    reader, cli = loaded(path), loaded(path)
    reader.set_position("a", Position("part-2", 4), 0.6)
    assert reader.save()
    cli.mark("a", "read")
    assert cli.save()
    assert loaded(path).article("a") == ArticleState("read", 0.6, Position("part-2", 4), stamp(0))


def test_note_typed_on_a_bookmark_removed_elsewhere_brings_it_back(path: Path) -> None:
    setup = loaded(path)
    setup.add_bookmark("a", "x", "X")
    assert setup.save()
    remover, writer = loaded(path), loaded(path)
    remover.remove_bookmark("a", "x")
    assert remover.save()
    writer.set_note("a", "x", "keep me")
    assert writer.save()
    assert [m.note for m in loaded(path).bookmarks()] == ["keep me"]


def test_load_keeps_unsaved_changes_on_top(path: Path) -> None:
    store, other = loaded(path), loaded(path)
    store.mark("mine", "read")
    other.mark("theirs", "reading")
    assert other.save()
    store.load()
    assert {k: v.state for k, v in store.articles().items()} == {
        "mine": "read",
        "theirs": "reading",
    }
    assert store.save()
    assert set(loaded(path).articles()) == {"mine", "theirs"}


def test_save_without_changes_touches_nothing(path: Path) -> None:
    store = loaded(path)
    assert store.save()
    assert list(path.parent.iterdir()) == []


# Untrusted text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain", "plain"),
        ("\x1b]0;owned\x07title", "title"),
        ("\x1b]52;c;ZXZpbA==\x1b\\copy", "copy"),
        ("red \x1b[31mtext\x1b[0m", "red text"),
        ("ask \x1b[6n", "ask"),
        ("two\nlines\tand\u2028more", "two lines and more"),
        ("bidi \u202eevil\u202c", "bidi evil"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("été, 日本語 😀", "été, 日本語 😀"),
    ],
)
def test_text_is_cleaned_when_stored_and_loaded(path: Path, raw: str, clean: str) -> None:
    store = loaded(path)
    added = store.add_bookmark("a", "x", raw, raw)
    assert (added.heading, added.note) == (clean, clean)
    assert store.bookmark("a", "x") == added
    store.set_theme(raw)
    assert store.theme == clean
    assert store.save()
    # The same text arriving through the file (hand-edited, synced, crafted) is cleaned too.
    entry = {"anchor": "y", "article": "a", "created": "", "heading": raw, "note": raw}
    path.write_text(json.dumps({"version": 1, "bookmarks": [entry]}), encoding="utf-8")
    mark = loaded(path).bookmark("a", "y")
    assert mark is not None
    assert (mark.heading, mark.note) == (clean, clean)


def test_ids_are_cleaned_consistently(path: Path) -> None:
    store = loaded(path)
    store.mark("evil\x1b[2Jid", "read")
    assert list(store.articles()) == ["evilid"]
    assert store.article("evil\x1b[2Jid").state == "read"
    assert store.article("evilid").state == "read"


# File format -------------------------------------------------------------------------------


def _small_store(path: Path) -> StateStore:
    store = loaded(path, Clock(step=timedelta(0)))
    store.mark("b-article", "read")
    store.set_position("a", Position("intro", 2), 0.5)
    store.add_bookmark("a", "intro", "Intro", "first")
    store.add_bookmark("a", "gone", "Gone")
    store.remove_bookmark("a", "gone")
    store.opened("a")
    store.set_theme("nord")
    return store


def test_file_format_is_one_line_per_entry(path: Path) -> None:
    assert _small_store(path).save()
    t = STAMP
    assert path.read_text(encoding="utf-8") == (
        "{\n"
        '  "articles": {\n'
        '    "a": {"position": {"anchor": "intro", "block": 2}, "progress": 0.5, '
        f'"state": "reading", "updated": "{t}"}},\n'
        '    "b-article": {"position": null, "progress": 0.0, '
        f'"state": "read", "updated": "{t}"}}\n'
        "  },\n"
        '  "bookmarks": [\n'
        f'    {{"anchor": "gone", "article": "a", "created": "{t}", "heading": "Gone", "note": "", '
        f'"removed": "{t}", "updated": "{t}"}},\n'
        f'    {{"anchor": "intro", "article": "a", "created": "{t}", "heading": "Intro", '
        f'"note": "first", "removed": null, "updated": "{t}"}}\n'
        "  ],\n"
        f'  "last_article": {{"id": "a", "updated": "{t}"}},\n'
        f'  "theme": {{"name": "nord", "updated": "{t}"}},\n'
        '  "version": 1\n'
        "}\n"
    )


def test_empty_state_format(path: Path) -> None:
    assert dump(StateData()) == (
        '{\n  "articles": {},\n  "bookmarks": [],\n'
        '  "last_article": {"id": null, "updated": ""},\n'
        '  "theme": {"name": null, "updated": ""},\n  "version": 1\n}\n'
    )
    assert json.loads(dump(StateData()))["version"] == VERSION


def test_file_is_sorted_valid_json_and_stable(path: Path, tmp_path: Path) -> None:
    store = loaded(path)
    for article in ["zeta", "alpha", "été", "Beta", "m/1"]:
        store.mark(article, "reading")
        for anchor in ["z", "a", "m"]:
            store.add_bookmark(article, anchor, anchor, "ü\u2028ß")
    assert store.save()
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert list(doc) == sorted(doc)
    assert list(doc["articles"]) == sorted(doc["articles"])
    keys = [(b["article"], b["anchor"]) for b in doc["bookmarks"]]
    assert keys == sorted(keys)
    assert "été" in text  # not \u-escaped
    lines = text.split("\n")
    assert sum(line.startswith('    "') for line in lines) == 5
    assert sum(line.startswith("    {") for line in lines) == 15
    assert text.endswith("}\n")
    # Parsing and writing again gives the same bytes; so does the same history in another store.
    assert dump(parse(text).data) == text
    twin = tmp_path / "twin.json"
    other = loaded(twin)
    for article in ["zeta", "alpha", "été", "Beta", "m/1"]:
        other.mark(article, "reading")
        for anchor in ["z", "a", "m"]:
            other.add_bookmark(article, anchor, anchor, "ü\u2028ß")
    assert other.save()
    assert twin.read_bytes() == path.read_bytes()


def test_save_keeps_the_file_mode(path: Path) -> None:
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o600)
    store = loaded(path)
    store.mark("a", "read")
    assert store.save()
    assert path.stat().st_mode & 0o777 == 0o600


# Versions and migrations -------------------------------------------------------------------

V0_BOOKMARK = {"article": "a", "anchor": "s", "heading": "S", "note": "n", "created": STAMP}


@pytest.mark.parametrize(
    ("v0", "articles", "bookmarks", "last", "theme"),
    [
        ({}, {}, [], None, None),
        (
            {"articles": {"a": "read", "b": "reading", "c": "unread"}},
            {"a": "read", "b": "reading", "c": "unread"},
            [], None, None,
        ),
        (
            {"bookmarks": [V0_BOOKMARK], "last_article": "a", "theme": "nord"},
            {},
            [Bookmark("a", "s", "S", "n", STAMP, STAMP)], "a", "nord",
        ),
        (
            {"articles": {"a": "read"}, "last_article": None, "theme": None},
            {"a": "read"}, [], None, None,
        ),
    ],
)  # fmt: skip
def test_version_0_files_are_migrated(
    path: Path,
    v0: dict[str, object],
    articles: dict[str, str],
    bookmarks: list[Bookmark],
    last: str | None,
    theme: str | None,
) -> None:
    path.write_text(json.dumps(v0), encoding="utf-8")
    before = path.read_bytes()
    with warnings_logged() as warnings:
        store = loaded(path)
    assert warnings == []
    assert {k: v.state for k, v in store.articles().items()} == articles
    assert (store.bookmarks(), store.last_article, store.theme) == (bookmarks, last, theme)
    assert path.read_bytes() == before  # loading alone never rewrites a readable file
    store.mark("new", "read")
    assert store.save()
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    assert view(loaded(path)) == view(store)


def test_migrations_run_step_by_step() -> None:
    def step(number: int) -> Migration:
        def migration(raw: dict[str, Any]) -> dict[str, object]:
            return {**raw, "trail": [*raw.get("trail", []), number]}

        return migration

    steps = {number: step(number) for number in range(3)}
    assert migrate({}, 0, migrations=steps, target=3) == {"trail": [0, 1, 2]}
    assert migrate({"trail": []}, 1, migrations=steps, target=3) == {"trail": [1, 2]}
    assert migrate({"x": 1}, 3, migrations=steps, target=3) == {"x": 1}


def test_every_old_version_has_a_migration() -> None:
    assert set(MIGRATIONS) == set(range(VERSION))


@pytest.mark.parametrize("saved_meanwhile", [False, True])
def test_newer_file_is_read_but_never_overwritten(path: Path, saved_meanwhile: bool) -> None:
    future = (
        '{"version": 2, "articles": {"a": {"state": "read", "colour": "red"}},'
        ' "bookmarks": [{"article": "a", "anchor": "s", "tags": ["x"]}], "shelves": []}\n'
    )
    if not saved_meanwhile:
        path.write_text(future, encoding="utf-8")
    with warnings_logged() as warnings:
        store = loaded(path)
        if saved_meanwhile:  # a newer linareader wrote the file after we loaded it
            path.write_text(future, encoding="utf-8")
        store.mark("b", "read")
        assert not store.save()
        assert not store.save()
    assert store.read_only
    assert len(warnings) == 1
    assert (
        f"{path} was written by a newer linareader (state version 2, this one knows 1)"
        in (warnings[0])
    )
    assert path.read_text(encoding="utf-8") == future
    if not saved_meanwhile:
        assert store.article("a").state == "read"
        assert [m.anchor for m in store.bookmarks()] == ["s"]
    assert store.article("b").state == "read"


# Wrong types inside a valid file ------------------------------------------------------------

GOOD_ARTICLE = {"state": "read", "progress": 0.5, "updated": STAMP}
GOOD_BOOKMARK = {"article": "a", "anchor": "s", "heading": "S", "note": "n", "created": STAMP}


def art(**changes: object) -> dict[str, object]:
    """The good article entry with some fields changed, as a one-article file."""
    return {"articles": {"a": {**GOOD_ARTICLE, **changes}}}


def mark(**changes: object) -> dict[str, object]:
    """The good bookmark with some fields changed, as a one-bookmark file."""
    return {"bookmarks": [{**GOOD_BOOKMARK, **changes}]}


def state(
    read: ReadState = "read",
    progress: float = 0.5,
    position: Position | None = None,
    updated: str = STAMP,
) -> dict[str, ArticleState]:
    return {"a": ArticleState(read, progress, position, updated)}


@pytest.mark.parametrize(
    ("doc", "articles", "notes", "ignored"),
    [
        ({"articles": {"a": {}}}, {"a": ArticleState()}, [], 0),
        (art(), state(), [], 0),
        (art(state="bogus"), state("unread"), [], 1),
        (art(state=None), state("unread"), [], 1),
        (art(progress="x"), state(progress=0), [], 1),
        (art(progress=True), state(progress=0), [], 1),
        (art(progress=7), state(progress=1), [], 1),
        (art(progress=-1), state(progress=0), [], 1),
        (art(position="junk"), state(), [], 1),
        (art(position={"anchor": 3, "block": 1}), state(), [], 1),
        (art(position={"anchor": "x", "block": -1}), state(), [], 1),
        (art(position={"anchor": "x", "block": 1.5}), state(), [], 1),
        (art(position={"anchor": "x", "block": True}), state(), [], 1),
        (art(position={"anchor": "x", "block": 2}), state(position=Position("x", 2)), [], 0),
        (art(updated=5), state(updated=""), [], 1),
        ({"articles": {"a": "read", "b": None, "c": [1], "d": GOOD_ARTICLE}},
         {"d": state()["a"]}, [], 3),
        ({"articles": ["a"]}, {}, [], 1),
        ({"bookmarks": {"a": GOOD_BOOKMARK}}, {}, [], 1),
        ({"bookmarks": [5, "x", None, {"article": 5, "anchor": "s"}, {"anchor": "s"},
                        {"article": "\x1b[0m", "anchor": "s"}, GOOD_BOOKMARK]}, {}, ["n"], 6),
        (mark(note=5), {}, [""], 1),
        (mark(heading=["x"], created=None), {}, ["n"], 1),
        (mark(removed=5), {}, ["n"], 1),
        (mark(removed=STAMP), {}, [], 0),
        ({"last_article": "a", "theme": {"name": 5, "updated": ""}}, {}, [], 2),
        ({"future_key": {}, **art(state=None, progress="x")}, state("unread", 0), [], 2),
    ],
)  # fmt: skip
def test_wrong_types_are_dropped_with_one_warning(
    path: Path,
    doc: dict[str, object],
    articles: dict[str, ArticleState],
    notes: list[str],
    ignored: int,
) -> None:
    path.write_text(json.dumps({"version": 1, **doc}), encoding="utf-8")
    before = path.read_bytes()
    with warnings_logged() as warnings:
        store = loaded(path)
        assert store.articles() == articles
        assert [m.note for m in store.bookmarks()] == notes
        assert path.read_bytes() == before
        store.mark("z", "read")
        assert store.save()  # re-reads the same bad entries: no second warning
    entries, they = ("entry", "it") if ignored == 1 else ("entries", "they")
    expected = (
        f"Ignored {ignored} invalid {entries} in {path}; {they} will be dropped at the next save."
    )
    assert warnings == ([expected] if ignored else [])
    with warnings_logged() as warnings:
        assert view(loaded(path)) == view(store)
    assert warnings == []
    assert not list(path.parent.glob("*.corrupt-*"))


# Damaged files -----------------------------------------------------------------------------


def _good_text() -> str:
    data = StateData()
    for i in range(3):
        data.articles[f"art-{i}"] = ArticleState("read", updated=STAMP)
        mark = Bookmark(f"art-{i}", f"sec-{i}", f"Section {i}", f"note {i}", STAMP, STAMP)
        data.bookmarks[(mark.article, mark.anchor)] = mark
    return dump(data)


GOOD = _good_text()
GOOD_LINES = GOOD.split("\n")
BOOKMARK_2 = next(i for i, line in enumerate(GOOD_LINES) if '"sec-1"' in line)
ALL_A = ["art-0", "art-1", "art-2"]
ALL_B = ["sec-0", "sec-1", "sec-2"]
CUT_MID_LINE = "\n".join(GOOD_LINES[:BOOKMARK_2]) + "\n" + GOOD_LINES[BOOKMARK_2][:40]
CUT_AFTER_LINE = "\n".join(GOOD_LINES[: BOOKMARK_2 + 1])


def versioned(version: str) -> str:
    """The good file, declaring another version."""
    return GOOD.replace('"version": 1', f'"version": {version}')


@pytest.mark.parametrize(
    ("content", "problem", "articles", "bookmarks"),
    [
        (b"\x00\xff\xfe\x80\x81garbage\x9b", "not UTF-8 text", [], []),
        (bytes(range(256)) * 4, "not UTF-8 text", [], []),
        (CUT_MID_LINE, "not valid JSON", ALL_A, ["sec-0"]),
        (CUT_AFTER_LINE, "not valid JSON", ALL_A, ["sec-0", "sec-1"]),
        (GOOD[: GOOD.index('"art-1"') + 20], "not valid JSON", ["art-0"], []),
        (GOOD + GOOD, "not valid JSON", ALL_A, ALL_B),
        (GOOD.replace('"bookmarks": [', '"bookmarks": [[['), "not valid JSON", ALL_A, ALL_B),
        (b"\xff\xfe" + GOOD.encode() + b"\x00", "not UTF-8 text", ALL_A, ALL_B),
        ("[1, 2, 3]", "not a JSON object", [], []),
        ("null", "not a JSON object", [], []),
        ('"state"', "not a JSON object", [], []),
        ("42", "not a JSON object", [], []),
        ("", "not valid JSON", [], []),
        ("{", "not valid JSON", [], []),
        ("[" * 100_000, "not valid JSON", [], []),
        (versioned('"1"'), "unknown version '1'", ALL_A, ALL_B),
        (versioned("-1"), "unknown version -1", ALL_A, ALL_B),
        (versioned("1.5"), "unknown version 1.5", ALL_A, ALL_B),
        (versioned("true"), "unknown version True", ALL_A, ALL_B),
        ('{\n  "articles": {\n    "a": "read",\n    "b": "reading",\n    "c": "bogus",\n    "d',
         "not valid JSON", ["a", "b"], []),
        ('{"articles": {\n"x": {"state": "read"},\n"last_article": {"id": "x", "updated": ""}\n',
         "not valid JSON", ["x"], []),
    ],
)  # fmt: skip
def test_damaged_file_is_moved_aside_and_entries_recovered(
    path: Path, content: str | bytes, problem: str, articles: list[str], bookmarks: list[str]
) -> None:
    raw = content.encode() if isinstance(content, str) else content
    path.write_bytes(raw)
    aside = path.with_name("state.json.corrupt-20250102T030405")
    with warnings_logged() as warnings:
        store = loaded(path)
    assert warnings == [
        f"{path} was unreadable ({problem}); moved it to {aside} and recovered "
        f"{len(articles)} article(s) and {len(bookmarks)} bookmark(s) from it."
    ]
    assert aside.read_bytes() == raw
    assert sorted(store.articles()) == articles
    assert [m.anchor for m in store.bookmarks()] == bookmarks
    assert not store.read_only
    # What was recovered is on disk already, even if this session never saves.
    assert path.exists() == bool(articles or bookmarks)
    with warnings_logged() as warnings:
        assert view(loaded(path)) == view(store)
        store.mark("after", "read")
        assert store.save()
    assert warnings == []
    assert sorted(loaded(path).articles()) == sorted([*articles, "after"])


def test_recovered_settings_and_notes_are_exact(path: Path) -> None:
    store = _small_store(path)
    assert store.save()
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index('  "version"')], encoding="utf-8")  # cut off the end
    recovered = loaded(path)
    assert view(recovered) == view(store)


def test_directory_named_state_json_is_moved_aside(path: Path) -> None:
    path.mkdir()
    (path / "inside").write_text("x", encoding="utf-8")
    with warnings_logged() as warnings:
        store = loaded(path)
    aside = path.with_name("state.json.corrupt-20250102T030405")
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path} was unreadable (cannot be read: Is a directory")
    assert f"moved it to {aside}" in warnings[0]
    assert (aside / "inside").read_text(encoding="utf-8") == "x"
    store.mark("a", "read")
    assert store.save()
    assert loaded(path).article("a").state == "read"


def test_set_aside_name_never_overwrites(path: Path) -> None:
    taken = [path.with_name("state.json.corrupt-20250102T030405")]
    taken.append(path.with_name(taken[0].name + "-1"))
    for older in taken:
        older.write_text("older", encoding="utf-8")
    path.write_text("garbage", encoding="utf-8")
    loaded(path, Clock(step=timedelta(0)))
    assert [p.read_text(encoding="utf-8") for p in taken] == ["older", "older"]
    assert path.with_name(taken[0].name + "-2").read_text(encoding="utf-8") == "garbage"


def test_file_damaged_after_loading_is_set_aside_by_save(path: Path) -> None:
    store = _small_store(path)
    assert store.save()
    path.write_text(GOOD[:-30], encoding="utf-8")
    store.mark("mine", "read")
    with warnings_logged() as warnings:
        assert store.save()
    assert len(warnings) == 1
    assert "moved it to" in warnings[0]
    final = loaded(path)
    assert set(final.articles()) == {*ALL_A, "mine"}
    assert [m.anchor for m in final.bookmarks()] == ALL_B


def test_damaged_file_that_cannot_be_moved_is_left_alone(path: Path) -> None:
    path.write_text(GOOD[:-30], encoding="utf-8")
    path.with_name("state.json.lock").mkdir()  # the lock cannot be taken, so no move either
    with warnings_logged() as warnings:
        store = loaded(path)
        store.mark("a", "read")
        assert not store.save()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path} is unreadable (not valid JSON) and could not be moved")
    assert store.read_only
    assert path.read_text(encoding="utf-8") == GOOD[:-30]
    assert [m.anchor for m in store.bookmarks()] == ALL_B  # still shown


# Saving is impossible ----------------------------------------------------------------------


def _lock_is_a_folder(path: Path) -> None:
    path.with_name("state.json.lock").mkdir()


def _folder_is_a_file(path: Path) -> None:
    path.unlink()
    path.parent.rmdir()
    path.parent.write_text("not a folder", encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [(_lock_is_a_folder, "Is a directory"), (_folder_is_a_file, "File exists")],
)
def test_failed_save_warns_once_and_keeps_changes(
    path: Path, breakage: Callable[[Path], None], reason: str
) -> None:
    path.write_text(GOOD, encoding="utf-8")
    store = loaded(path)
    store.mark("new", "read")
    breakage(path)
    with warnings_logged() as warnings:
        assert not store.save()
        store.mark("newer", "read")
        assert not store.save()
    assert store.read_only
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Cannot save reading state to {path}: {reason}")
    assert warnings[0].endswith("; changes in this session will not be saved.")
    assert {store.article("new").state, store.article("newer").state} == {"read"}
    assert path.exists() == (breakage is _lock_is_a_folder)
    if path.exists():
        assert path.read_text(encoding="utf-8") == GOOD


def test_save_creates_the_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "state.json"
    store = loaded(path)
    store.mark("a", "read")
    assert store.save()
    assert loaded(path).article("a").state == "read"


def test_save_gives_up_when_the_lock_stays_taken(path: Path) -> None:
    store = loaded(path, lock_timeout=0.05)
    store.mark("a", "read")
    with warnings_logged() as warnings, locked(store.lock_path):
        assert not store.save()
    assert len(warnings) == 1
    assert "Timed out after 0.05 s waiting for the lock" in warnings[0]
    assert not path.exists()


# atomic.py ---------------------------------------------------------------------------------


def test_atomic_write_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two ✓\n")
    assert target.read_text(encoding="utf-8") == "two ✓\n"
    assert list(tmp_path.glob(".file.txt.*")) == []


def test_atomic_write_failure_leaves_target_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    (target / "keep").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        atomic_write_text(target, "text")
    assert (target / "keep").read_text(encoding="utf-8") == "x"
    assert list(tmp_path.glob(".target.*")) == []
    with pytest.raises(OSError):
        atomic_write_text(tmp_path / "missing" / "file", "text")


def test_lock_is_exclusive_and_times_out_with_one_line(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    with locked(lock), pytest.raises(StateError) as caught, locked(lock, timeout=0.05):
        pass  # pragma: no cover
    assert "\n" not in str(caught.value)
    with locked(lock, timeout=0.05):  # released
        pass
    with pytest.raises(OSError), locked(tmp_path / "missing" / "x.lock"):
        pass  # pragma: no cover


# Property: whatever happens, what was saved is what a fresh load shows ----------------------

IDS = st.sampled_from(["a", "b", "été", "x\x1b[31my", " pad "])
ANCHORS = st.sampled_from(["", "intro", "ß-2"])
# Any character, lone surrogates included, and the makings of escape sequences.
TEXT = st.text(
    st.characters(exclude_categories=()) | st.sampled_from(["\x1b", "[", "]", "\n", "\x07"]),
    max_size=12,
)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("mark"), IDS, st.sampled_from(["unread", "reading", "read"])),
        st.tuples(st.just("toggle_read"), IDS),
        st.tuples(st.just("opened"), IDS),
        st.tuples(st.just("position"), IDS, ANCHORS, st.integers(-2, 9), st.floats()),
        st.tuples(st.just("add_bookmark"), IDS, ANCHORS, TEXT, st.none() | TEXT),
        st.tuples(st.just("set_note"), IDS, ANCHORS, TEXT),
        st.tuples(st.just("remove_bookmark"), IDS, ANCHORS),
        st.tuples(st.just("set_last_article"), st.none() | IDS),
        st.tuples(st.just("set_theme"), st.none() | TEXT),
        st.tuples(st.just("save")),
    ),
    max_size=25,
)


def _run(store: StateStore, op: tuple[Any, ...]) -> None:
    name, *args = op
    if name == "save":
        assert store.save()
    elif name == "position":
        article, anchor, block, progress = args
        store.set_position(article, Position(anchor, block), progress)
    elif name == "set_note" and store.bookmark(*args[:2]) is None:
        with pytest.raises(SectionNotFound):
            store.set_note(*args)
    else:
        getattr(store, str(name))(*args)


@settings(max_examples=200, deadline=None)
@given(OPERATIONS)
def test_saved_state_is_what_a_fresh_load_shows(ops: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder, warnings_logged() as warnings:
        path = Path(folder) / "state.json"
        store = loaded(path)
        for op in ops:
            _run(store, op)
        before = view(store)
        assert store.save()
        assert view(store) == before
        if path.exists():
            assert dump(parse(path.read_text(encoding="utf-8")).data) == path.read_text("utf-8")
        assert view(loaded(path)) == before
    assert warnings == []


@settings(max_examples=100, deadline=None)
@given(OPERATIONS, OPERATIONS, st.lists(st.booleans(), max_size=50))
def test_two_stores_on_one_file_keep_their_own_entries(
    left_ops: list[tuple[object, ...]], right_ops: list[tuple[object, ...]], turns: list[bool]
) -> None:
    """Each store works on its own articles; however saves interleave, both sets survive."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.json"
        stores = [loaded(path), loaded(path)]
        queues = [_prefixed(left_ops, "L"), _prefixed(right_ops, "R")]
        for turn in [*turns, *[False] * len(queues[0]), *[True] * len(queues[1])]:
            if queues[turn]:
                _run(stores[turn], queues[turn].pop(0))
        seen = [_own(store, prefix) for store, prefix in zip(stores, "LR", strict=True)]
        for store in stores:
            assert store.save()
        final = loaded(path)
        assert [_own(final, prefix) for prefix in "LR"] == seen


def _own(store: StateStore, prefix: str) -> tuple[object, ...]:
    articles = {k: v for k, v in store.articles().items() if k.startswith(prefix)}
    return articles, [m for m in store.bookmarks() if m.article.startswith(prefix)]


def _prefixed(ops: list[tuple[object, ...]], prefix: str) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for name, *args in ops:
        if name in ("set_last_article", "set_theme"):
            continue  # shared settings: the last save wins, nothing to compare
        out.append((name, *([f"{prefix}{args[0]}", *args[1:]] if args else [])))
    return out
