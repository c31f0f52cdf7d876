"""The installed command, end to end: output, exit statuses, persistence, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from linareader.core.paths import Paths

from .conftest import Run

OSPOS = "ospos-for-good-new-york-2024"
SECTIONS = [
    "Transparence et diversité pour une IA durable",
    "Twake Workplace s’affiche sur TimesSquare : une première historique !",
    "L’étape suivante pour notre Digital Workplace",
]


def listing(run: Run, *args: str) -> dict[str, dict[str, object]]:
    result = run("list", "--json", *args)
    assert result.returncode == 0, result.stderr
    return {item["id"]: item for item in json.loads(result.stdout)}


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("linareader ")


def test_list_json_shows_the_ospos_article_unread(run: Run) -> None:
    item = listing(run)[OSPOS]
    assert item["title"] == "OSPOs for Good, New-York 2024"
    assert (item["lang"], item["author"], item["date"]) == ("fr", "Alexandre Zapolsky", "2024-07")
    assert item["source"] == "https://zapolsky.fr/ospos-for-good-new-york-2024"
    assert (item["state"], item["progress"], item["bookmarks"]) == ("unread", 0, 0)
    assert item["origin"] == "bundled" and item["tags"] == ["open source", "IA", "OSPO", "LINAGORA"]
    assert Path(str(item["path"])).is_file()


def test_list_text_and_filters(run: Run) -> None:
    result = run("list")
    assert result.returncode == 0
    assert "OSPOs for Good, New-York 2024" in result.stdout
    assert run("mark", OSPOS, "read").returncode == 0
    assert OSPOS not in listing(run, "--unread")
    assert list(listing(run, "--tag", "ospo")) == [OSPOS]
    assert listing(run, "--tag", "nothing-has-this") == {}


def test_cat_plain_prints_the_sections_and_full_text(run: Run) -> None:
    result = run("cat", OSPOS, "--plain")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    for section in SECTIONS:
        assert section in out
    words = " ".join(out.split())
    assert "Chers amis, je tiens à partager avec vous cette semaine incroyable" in words
    assert "Vive La French Tech ambitieuse ! Vive l’Open Source ! Et vive la France !" in words
    assert out.index(SECTIONS[0]) < out.index(SECTIONS[1]) < out.index(SECTIONS[2])


def test_cat_to_a_pipe_is_plain_and_respects_width(run: Run) -> None:
    result = run("cat", "welcome", "--width", "50")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 50


def test_open_by_path_outside_the_library(run: Run, tmp_path: Path) -> None:
    loose = tmp_path / "loose.md"
    loose.write_text("# Loose article\n\nHello from outside.\n", encoding="utf-8")
    result = run("cat", str(loose), "--plain")
    assert result.returncode == 0, result.stderr
    assert "Hello from outside." in result.stdout


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["cat", "no-such-article"], 1, "No article matches 'no-such-article'"),
        (["cat"], 2, "the following arguments are required: ARTICLE"),
        (["list", "--bogus"], 2, "unrecognized arguments: --bogus"),
        (["mark", OSPOS, "maybe"], 2, "invalid choice: 'maybe'"),
        (["bookmarks", "add", OSPOS, "no such section"], 1, "No section matches"),
        (["cat", "--width", "wide", OSPOS], 2, "invalid int value"),
        (["cat", "--width", "5", OSPOS], 2, "5 is not between 20 and 1000"),
        (["bookmarks", "remove", OSPOS, "nothing"], 1, "has no bookmark on 'nothing'"),
    ],
)
def test_errors_are_one_line_with_status(
    run: Run, args: list[str], status: int, message: str
) -> None:
    result = run(*args)
    assert result.returncode == status
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and lines[0].startswith("linareader: error: ")
    assert "Traceback" not in result.stderr


def test_default_command_accepts_an_article(run: Run) -> None:
    assert run("no-such-article").returncode == 1
    assert "No article matches" in run("no-such-article").stderr


def test_mark_read_and_unread(run: Run) -> None:
    assert run("mark", "ospos", "read").returncode == 0  # a unique id prefix
    assert listing(run)[OSPOS]["state"] == "read"
    assert run("mark", OSPOS, "unread").returncode == 0
    assert listing(run)[OSPOS]["state"] == "unread"


def test_bookmarks_add_list_remove(run: Run) -> None:
    added = run("bookmarks", "add", OSPOS, SECTIONS[1], "--note", "Times Square!")
    assert added.returncode == 0, added.stderr
    by_anchor = run("bookmarks", "add", OSPOS, "létape-suivante-pour-notre-digital-workplace")
    assert by_anchor.returncode == 0, by_anchor.stderr
    marks = json.loads(run("bookmarks", "--json").stdout)
    assert [(m["anchor"], m["heading"], m["note"]) for m in marks] == [
        (
            "twake-workplace-saffiche-sur-timessquare--une-première-historique-",
            SECTIONS[1],
            "Times Square!",
        ),
        ("létape-suivante-pour-notre-digital-workplace", SECTIONS[2], ""),
    ]
    assert all(m["article"] == OSPOS and m["created"] for m in marks)
    assert listing(run)[OSPOS]["bookmarks"] == 2
    text = run("bookmarks").stdout
    assert "OSPOs for Good, New-York 2024 › Twake Workplace" in text and "Times Square!" in text
    assert run("bookmarks", "remove", OSPOS, SECTIONS[1]).returncode == 0
    assert [m["heading"] for m in json.loads(run("bookmarks", "--json").stdout)] == [SECTIONS[2]]


def test_garbage_state_file_is_kept_aside_and_the_command_succeeds(
    run: Run, isolated_dirs: Paths
) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.state_file.write_bytes(b"\x00\xffnot json at all{{{")
    result = run("list", "--json")
    assert result.returncode == 0
    assert OSPOS in result.stdout
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("linareader: warning: "), result.stderr
    copies = list(isolated_dirs.config_dir.glob("state.json.corrupt-*"))
    assert len(copies) == 1
    assert copies[0].read_bytes() == b"\x00\xffnot json at all{{{"
    assert run("mark", OSPOS, "read").returncode == 0
    assert listing(run)[OSPOS]["state"] == "read"


def test_warnings_name_the_file_and_never_show_escape_sequences(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(
        '---\ntitle: "Evil \\e]0;owned\\a title"\ndate: 2024-13-45\n---\nbody \x1b[6n\n',
        encoding="utf-8",
    )
    result = run("--articles-dir", str(folder), "list")
    assert result.returncode == 0
    assert "Evil  title" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr
    assert "evil.md" in result.stderr and "2024-13-45" in result.stderr


def test_config_warnings_do_not_stop_commands(run: Run, isolated_dirs: Paths) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_text("reader:\n  widht: 60\n", encoding="utf-8")
    result = run("list")
    assert result.returncode == 0
    assert "did you mean 'reader.width'?" in result.stderr


def test_nothing_is_written_outside_the_program_folders(run: Run, isolated_dirs: Paths) -> None:
    home = Path(os.environ["HOME"])
    run("list")
    run("mark", OSPOS, "read")
    assert list(home.iterdir()) == []
