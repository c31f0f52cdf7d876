"""Merging two copies of the state: per-entry rules, tombstones, git conflict markers, and the
conflict copies sync tools leave beside ``state.json``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from linareader.core.conflicts import find_conflict_copies, move_merged, read_other_state
from linareader.core.errors import BadStateFile, LinareaderError
from linareader.core.state import StateStore
from linareader.core.state_format import dump, parse
from linareader.core.state_merge import merge_into, parse_conflicted, split_conflict
from linareader.core.state_model import ArticleState, Bookmark, Stamped, StateData

T1, T2, T3 = "2025-01-01T10:00:00.000Z", "2025-01-02T10:00:00.000Z", "2025-01-03T10:00:00.000Z"


def mark(anchor: str, updated: str, *, note: str = "", removed: str | None = None) -> Bookmark:
    return Bookmark("intro", anchor, anchor.title(), note, T1, updated, removed)


def state(*marks: Bookmark, **articles: ArticleState) -> StateData:
    data = StateData(articles=dict(articles))
    for item in marks:
        data.bookmarks[(item.article, item.anchor)] = item
    return data


def merged(ours: StateData, theirs: StateData) -> StateData:
    merge_into(ours, theirs)
    return ours


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        # Edits on both sides: the newer one wins, whichever side it is on.
        (mark("a", T1, note="old"), mark("a", T2, note="new"), mark("a", T2, note="new")),
        (mark("a", T2, note="new"), mark("a", T1, note="old"), mark("a", T2, note="new")),
        # A removal newer than the other side's edit wins...
        (mark("a", T1, note="edited"), mark("a", T2, removed=T2), mark("a", T2, removed=T2)),
        (mark("a", T2, removed=T2), mark("a", T1, note="edited"), mark("a", T2, removed=T2)),
        # ...and an edit newer than a removal wins.
        (mark("a", T1, removed=T1), mark("a", T2, note="kept"), mark("a", T2, note="kept")),
        (mark("a", T2, note="kept"), mark("a", T1, removed=T1), mark("a", T2, note="kept")),
        # Same stamp: the live bookmark is kept rather than lost to a coincidence of clocks.
        (mark("a", T2, removed=T2), mark("a", T2, note="x"), mark("a", T2, note="x")),
    ],
)
def test_bookmark_newest_change_wins_with_tombstones(
    ours: Bookmark, theirs: Bookmark, expected: Bookmark
) -> None:
    assert merged(state(ours), state(theirs)).bookmarks[("intro", "a")] == expected


def test_disjoint_bookmarks_and_read_marks_are_all_kept() -> None:
    laptop = state(mark("a", T1), one=ArticleState("read", 1.0, None, T2))
    desktop = state(mark("b", T2), two=ArticleState("read", 1.0, None, T3))
    count = merge_into(laptop, desktop)
    assert set(laptop.bookmarks) == {("intro", "a"), ("intro", "b")}
    assert {key: entry.state for key, entry in laptop.articles.items()} == {
        "one": "read",
        "two": "read",
    }
    assert (count.articles, count.bookmarks, count.removals) == (1, 1, 0)
    assert count.summary("X") == "Merged 1 article(s) and 1 bookmark(s) from X."


def test_article_entry_changed_last_wins_whole() -> None:
    ours = state(intro=ArticleState("read", 1.0, None, T1))
    theirs = state(intro=ArticleState("reading", 0.4, None, T2))
    assert merged(ours, theirs).articles["intro"] == ArticleState("reading", 0.4, None, T2)
    older = state(intro=ArticleState("unread", 0.0, None, T1))
    assert merged(state(intro=ArticleState("read", 1.0, None, T2)), older).articles[
        "intro"
    ] == ArticleState("read", 1.0, None, T2)


def test_settings_take_the_newer_value() -> None:
    ours = StateData(last_article=Stamped("one", T1), theme=Stamped("light", T3))
    theirs = StateData(last_article=Stamped("two", T2), theme=Stamped("dark", T2))
    result = merged(ours, theirs)
    assert (result.last_article.value, result.theme.value) == ("two", "light")


def test_merging_either_way_gives_the_same_file() -> None:
    """Two machines merging each other's copy converge: the sync tool then sees no conflict."""
    a = state(
        mark("a", T2, removed=T2),
        mark("b", T1, note="mine"),
        one=ArticleState("read", 1.0, None, T2),
        same=ArticleState("reading", 0.5, None, T2),
    )
    b = state(
        mark("a", T2, note="x"),
        mark("c", T3),
        two=ArticleState("reading", 0.2, None, T1),
        same=ArticleState("read", 1.0, None, T2),
    )
    left, right = parse(dump(a)).data, parse(dump(b)).data
    merge_into(left, parse(dump(b)).data)
    merge_into(right, parse(dump(a)).data)
    assert dump(left) == dump(right)
    assert left.articles["same"].state == "read"  # a tie is broken the same way on both


def test_nothing_new_says_so() -> None:
    data = state(mark("a", T1))
    count = merge_into(data, state(mark("a", T1)))
    assert count.total == 0
    assert count.summary("X").startswith("Nothing new in X")


# -- git conflict markers ---------------------------------------------------------------------


def _conflicted(ours: StateData, theirs: StateData, *, diff3: bool = False) -> str:
    """The text git leaves for a conflicting merge of two versions of the file."""
    left, right = dump(ours).split("\n"), dump(theirs).split("\n")
    head = 0
    while left[head] == right[head]:
        head += 1
    tail = 1
    while left[-tail] == right[-tail]:
        tail += 1
    base = ["||||||| base", '    {"stale": true}'] if diff3 else []
    lines = [
        *left[:head],
        "<<<<<<< HEAD",
        *left[head : len(left) - tail + 1],
        *base,
        "=======",
        *right[head : len(right) - tail + 1],
        ">>>>>>> desktop",
        *left[len(left) - tail + 1 :],
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("diff3", [False, True])
def test_git_conflict_markers_merge_both_sides(diff3: bool) -> None:
    laptop = state(mark("a", T1), one=ArticleState("read", 1.0, None, T2))
    desktop = state(mark("b", T2), two=ArticleState("read", 1.0, None, T3))
    text = _conflicted(laptop, desktop, diff3=diff3)
    assert "<<<<<<<" in text and ">>>>>>>" in text
    loaded = parse_conflicted(text)
    assert loaded is not None
    assert set(loaded.data.bookmarks) == {("intro", "a"), ("intro", "b")}
    assert set(loaded.data.articles) == {"one", "two"}


def test_unbalanced_markers_are_not_a_conflict() -> None:
    assert split_conflict('{\n<<<<<<< HEAD\n  "version": 1\n}') is None
    assert split_conflict('{"version": 1}') is None


def test_store_rewrites_a_git_conflicted_file_merged(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    laptop = state(mark("a", T1), one=ArticleState("read", 1.0, None, T2))
    desktop = state(mark("b", T2), two=ArticleState("read", 1.0, None, T3))
    path.write_text(_conflicted(laptop, desktop), encoding="utf-8")
    store = StateStore(path)
    store.load()
    assert [item.anchor for item in store.bookmarks()] == ["a", "b"]
    assert {key for key, entry in store.articles().items() if entry.state == "read"} == {
        "one",
        "two",
    }
    text = path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    json.loads(text)  # valid again
    assert not list(tmp_path.glob("*.corrupt-*"))  # merged, not treated as damaged


# -- other copies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "state.sync-conflict-20250102-030405-ABCDEFG.json",  # Syncthing
        "state (conflicted copy 2025-01-02).json",  # Dropbox
        "state (Ana's conflicted copy 2025-01-02).json",  # Dropbox, shared folder
        "state (conflicted copy 2025-01-02 030405).json",  # Nextcloud
        "state_conflict-20250102-030405.json",  # ownCloud
        "state (SFConflict ana@example.org 2025-01-02-03-04-05).json",  # Seafile
    ],
)
def test_conflict_copies_of_sync_tools_are_found(tmp_path: Path, name: str) -> None:
    (tmp_path / "state.json").write_text("{}", encoding="utf-8")
    (tmp_path / name).write_text("{}", encoding="utf-8")
    assert find_conflict_copies(tmp_path / "state.json") == [tmp_path / name]


@pytest.mark.parametrize(
    "name",
    [
        "state.json",
        "state.json.lock",
        "state.json.corrupt-20250102T030405",
        "state (conflicted copy 2025-01-02).json.merged-20250102T030405",
        "feeds (conflicted copy 2025-01-02).json",
        "state-backup.json",
    ],
)
def test_other_files_are_not_conflict_copies(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("{}", encoding="utf-8")
    assert find_conflict_copies(tmp_path / "state.json") == []


def test_a_merged_copy_is_renamed_not_deleted(tmp_path: Path) -> None:
    copy = tmp_path / "state (conflicted copy 2025-01-02).json"
    copy.write_text("{}", encoding="utf-8")
    moved = move_merged(copy, datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert moved.name == "state (conflicted copy 2025-01-02).json.merged-20250102T030405"
    assert moved.read_text(encoding="utf-8") == "{}"
    assert find_conflict_copies(tmp_path / "state.json") == []


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "does not exist"),
        (bytes(range(256)), "not UTF-8"),
        (b"hello, world", "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"colour": "blue"}', "no entries recognised"),
        (b'{"version": 7, "articles": {}}', "newer linareader"),
    ],
)
def test_a_bad_other_file_is_refused_with_one_line(
    tmp_path: Path, content: bytes | None, says: str
) -> None:
    other = tmp_path / "other.json"
    if content is not None:
        other.write_bytes(content)
    with pytest.raises(BadStateFile) as caught:
        read_other_state(other)
    assert isinstance(caught.value, LinareaderError)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


def _article_line(key: str, state_name: str, updated: str) -> str:
    entry = {"position": None, "progress": 0.0, "state": state_name, "updated": updated}
    return f"    {json.dumps(key)}: {json.dumps(entry)}"


def test_an_article_listed_twice_keeps_its_newer_entry_not_the_last_one() -> None:
    """What a hand-resolved merge leaves when both lines are kept."""
    newer, older = _article_line("intro", "read", T2), _article_line("intro", "reading", T1)
    text = '{\n  "articles": {\n' + newer + ",\n" + older + '\n  },\n  "version": 1\n}\n'
    assert parse(text).data.articles["intro"].state == "read"


def test_a_union_merged_file_recovers_the_newer_line_of_each_entry(tmp_path: Path) -> None:
    """git's ``merge=union`` keeps every line of both sides; commas may then be missing."""
    newer, older = _article_line("intro", "read", T2), _article_line("intro", "reading", T1)
    lines = [
        "{",
        '  "articles": {',
        newer,  # no comma: the JSON is broken, each line is still whole
        older,
        "  },",
        '  "bookmarks": [',
        "    " + json.dumps({"anchor": "a", "article": "intro", "updated": T1}) + ",",
        "    " + json.dumps({"anchor": "b", "article": "intro", "updated": T2}),
        "  ],",
        '  "version": 1',
        "}",
    ]
    path = tmp_path / "state.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    store = StateStore(path)
    store.load()
    assert store.article("intro").state == "read"
    assert [item.anchor for item in store.bookmarks()] == ["a", "b"]
