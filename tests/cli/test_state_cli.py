"""``state merge|export|import``, conflict-copy hints and ``bookmarks --format md``, through the
installed command, on two "machines" (two config folders) and real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linareader.core.paths import Paths
from linareader.core.state import StateStore

from .conftest import Run, linareader_command

OSPOS = "ospos-for-good-new-york-2024"
TRANSPARENCE = "Transparence et diversité pour une IA durable"
SYNCTHING = "state.sync-conflict-20250102-030405-ABCDEFG.json"


def on(machine: Path) -> dict[str, str]:
    """The environment of a command run on another machine (its own config folder)."""
    return {"LINAREADER_CONFIG_DIR": str(machine)}


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def states(run: Run, env: dict[str, str] | None = None) -> dict[str, str]:
    listed = json.loads(ok(run("list", "--json", env=env)))
    return {item["id"]: item["state"] for item in listed}


def notes(run: Run, env: dict[str, str] | None = None) -> list[tuple[str, str]]:
    marks = json.loads(ok(run("bookmarks", "--json", env=env)))
    return sorted((mark["article"], mark["note"]) for mark in marks)


@pytest.fixture
def desktop(run: Run, tmp_path: Path) -> Path:
    """Two machines that read and bookmark different things: the laptop is the default config
    folder, the desktop's is returned."""
    machine = tmp_path / "desktop"
    ok(run("mark", OSPOS, "read"))
    ok(run("bookmarks", "add", "welcome", "Finding your way", "--note", "laptop note"))
    ok(run("mark", "welcome", "read", env=on(machine)))
    ok(
        run(
            "bookmarks",
            "add",
            "bienvenue",
            "des-signets-qui-tiennent",
            "--note",
            "desktop",
            env=on(machine),
        )
    )
    return machine


def test_two_machines_merge_with_nothing_lost_by_state_merge(
    run: Run, isolated_dirs: Paths, desktop: Path
) -> None:
    copy = isolated_dirs.config_dir / SYNCTHING
    shutil.copyfile(desktop / "state.json", copy)
    hint = run("list")
    assert hint.returncode == 0
    assert hint.stderr.count("\n") == 1 and f"linareader state merge {copy}" in hint.stderr

    result = run("state", "merge", str(copy))
    assert result.returncode == 0, result.stderr
    summary = result.stdout.splitlines()
    assert len(summary) == 1
    assert summary[0].startswith(f"Merged 1 article(s) and 1 bookmark(s) from {copy}")

    assert states(run)[OSPOS] == "read" and states(run)["welcome"] == "read"
    assert notes(run) == [("bienvenue", "desktop"), ("welcome", "laptop note")]
    assert not copy.exists()
    assert len(list(isolated_dirs.config_dir.glob(SYNCTHING + ".merged-*"))) == 1
    assert run("list").stderr == ""  # merged copies are not offered again


def test_a_removal_newer_than_the_copy_is_not_undone_by_merging_it(
    run: Run, isolated_dirs: Paths, tmp_path: Path
) -> None:
    ok(run("bookmarks", "add", "welcome", "Finding your way", "--note", "old"))
    old_copy = tmp_path / "old.json"
    shutil.copyfile(isolated_dirs.state_file, old_copy)
    ok(run("bookmarks", "remove", "welcome", "Finding your way"))
    ok(run("state", "merge", str(old_copy)))
    assert notes(run) == []
    assert old_copy.exists()  # a file that is not a conflict copy of ours is left alone


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "does not exist"),
        (bytes(range(256)) * 4, "not UTF-8 text"),
        (b"{{ garbage", "not valid JSON"),
        (b'{"articles": {}, "version": 99}', "newer linareader"),
    ],
    ids=["missing", "binary", "garbage", "newer"],
)
def test_a_bad_file_is_one_line_error_exit_1_and_the_state_is_untouched(
    run: Run, isolated_dirs: Paths, tmp_path: Path, content: bytes | None, says: str
) -> None:
    ok(run("mark", OSPOS, "read"))
    before = isolated_dirs.state_file.read_bytes()
    other = tmp_path / "other.json"
    if content is not None:
        other.write_bytes(content)
    for action in ("merge", "import"):
        result = run("state", action, str(other))
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("linareader: error: "), result.stderr
        assert says in lines[0] and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert isolated_dirs.state_file.read_bytes() == before


def test_export_then_import_moves_the_state_without_losing_the_other_side(
    run: Run, isolated_dirs: Paths, desktop: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "laptop-state.json"
    assert ok(run("state", "export", str(exported))).startswith(
        "Exported 1 article(s) and 1 bookmark(s)"
    )
    ok(run("state", "import", str(exported), env=on(desktop)))
    assert notes(run, on(desktop)) == [("bienvenue", "desktop"), ("welcome", "laptop note")]
    read = {key for key, value in states(run, on(desktop)).items() if value == "read"}
    assert read == {OSPOS, "welcome"}


def test_export_to_stdout_and_import_from_stdin(run: Run, desktop: Path) -> None:
    text = ok(run("state", "export", "-", env=on(desktop)))
    assert json.loads(text)["version"] == 1
    result = subprocess.run(
        [linareader_command(), "state", "import", "-"],
        input=text,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Merged 1 article(s) and 1 bookmark(s) from standard input")
    assert notes(run) == [("bienvenue", "desktop"), ("welcome", "laptop note")]


def test_a_merge_never_loses_the_unsaved_changes_of_a_running_session(
    run: Run, isolated_dirs: Paths, desktop: Path
) -> None:
    """The app holds changes in memory while `state merge` runs in another process: both end
    up in the file, whichever saves last."""
    app_state = StateStore(isolated_dirs.state_file)
    app_state.load()
    app_state.mark("bienvenue", "reading")
    app_state.add_bookmark(OSPOS, "x", "X", "typed in the app")
    ok(run("state", "merge", str(desktop / "state.json")))
    assert app_state.save()
    assert notes(run) == [
        ("bienvenue", "desktop"),
        (OSPOS, "typed in the app"),
        ("welcome", "laptop note"),
    ]
    assert states(run)["welcome"] == "read"  # from the desktop
    assert states(run)["bienvenue"] == "reading"  # from the session


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_state_json_with_git_conflict_markers_merges_both_sides(
    run: Run, isolated_dirs: Paths, desktop: Path, tmp_path: Path
) -> None:
    base = tmp_path / "base.json"
    base.write_text("{}\n", encoding="utf-8")
    # What `git merge` leaves when both machines changed the file: git's own merge of the files.
    merged = _git(
        "merge-file",
        "-p",
        str(isolated_dirs.state_file),
        str(base),
        str(desktop / "state.json"),
        cwd=tmp_path,
    )
    assert "<<<<<<<" in merged.stdout and ">>>>>>>" in merged.stdout
    isolated_dirs.state_file.write_text(merged.stdout, encoding="utf-8")
    result = run("bookmarks", "--json")
    assert result.returncode == 0
    assert "git conflict markers" in result.stderr
    assert notes(run) == [("bienvenue", "desktop"), ("welcome", "laptop note")]
    assert states(run)["welcome"] == "read" and states(run)[OSPOS] == "read"
    assert "<<<<<<<" not in isolated_dirs.state_file.read_text(encoding="utf-8")
    assert not list(isolated_dirs.config_dir.glob("*.corrupt-*"))


def test_bookmarks_as_a_markdown_digest(run: Run) -> None:
    ok(run("bookmarks", "add", OSPOS, TRANSPARENCE, "--note", "relire *ça* [vite](x)"))
    ok(run("bookmarks", "add", "welcome", "Finding your way"))
    digest = ok(run("bookmarks", "--format", "md"))
    lines = digest.splitlines()
    assert lines[0] == "# Bookmarks"
    assert "## OSPOs for Good, New\\-York 2024" not in lines  # only Markdown syntax is escaped
    assert "## OSPOs for Good, New-York 2024" in lines
    assert "## Welcome to linareader" in lines
    item = next(line for line in lines if TRANSPARENCE in line)
    assert item.startswith(
        f"- [{TRANSPARENCE}](https://zapolsky.fr/ospos-for-good-new-york-2024#transparence-et"
    )
    assert r" — relire \*ça\* \[vite\]\(x\) _(bookmarked 20" in item
    # Bundled welcome has no web source: the heading is not a link.
    assert any(line.startswith("- Finding your way _(bookmarked ") for line in lines)
    keys = {key for mark in json.loads(ok(run("bookmarks", "--json"))) for key in mark}
    assert keys == {"article", "anchor", "heading", "note", "created", "updated"}
    assert run("bookmarks", "--json", "--format", "md").returncode == 2
