"""Hostile articles, state and config through the installed command: no traceback, one-line
messages, the right exit status, and nothing from the input reaches the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linareader.core.paths import Paths

from ..cli.conftest import Run
from .corpus import hostile_articles

C1 = re.compile("[\u0080-\u009f]")


def assert_clean(text: str) -> None:
    assert "\x1b" not in text, repr(text[:200])
    assert not C1.search(text), repr(text[:200])
    assert "\u202e" not in text
    assert "Traceback" not in text


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    hostile_articles(folder)
    return folder


def test_list_skips_and_warns_without_leaking(run: Run, hostile: Path) -> None:
    result = run("--articles-dir", str(hostile), "list")
    assert result.returncode == 0
    assert_clean(result.stdout)
    assert_clean(result.stderr)
    warnings = result.stderr.strip().splitlines()
    assert all(line.startswith("linareader: warning: ") for line in warnings), warnings
    joined = "\n".join(warnings)
    for expected in (
        "binary",
        "not a regular file",
        "outside its articles folder",
        "not valid YAML",
    ):
        assert expected in joined
    assert "[@click=app.quit]Click me[/]" in result.stdout
    assert not Path("/tmp/hostile-pwned").exists()


def test_list_json_titles_are_clean(run: Run, hostile: Path) -> None:
    result = run("--articles-dir", str(hostile), "list", "--json")
    assert result.returncode == 0
    assert_clean(result.stdout)
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert items["local/escapes"]["title"].startswith("Title ")
    assert items["local/alias-bomb"]["title"] == "Bomb"
    assert items["local/broken"]["title"] == "Fallback title"
    assert items["local/latin1"]["title"] == "Caf\ufffd cr\ufffdme"
    assert items["local/utf16"]["title"] == "Été"
    assert any(item["title"].lower() == "file name" for item in items.values())


@pytest.mark.parametrize(
    "article",
    [
        "local/escapes",
        "local/markup",
        "local/broken",
        "local/python-tag",
        "local/alias-bomb",
        "local/huge-fm",
        "local/list-fm",
        "local/latin1",
        "local/utf16",
        "local/long-line",
        "local/headings",
        "local/nested",
    ],
)
def test_cat_plain_never_writes_an_escape_byte(run: Run, hostile: Path, article: str) -> None:
    result = run("--articles-dir", str(hostile), "cat", article, "--plain", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert_clean(result.stdout)
    assert_clean(result.stderr)


def test_cat_of_a_binary_file_is_one_clear_line(run: Run, hostile: Path) -> None:
    result = run("cat", str(hostile / "binary.md"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "binary" in result.stderr
    assert_clean(result.stderr)


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        (b"\x00\x01garbage{{", "corrupt"),
        (b'{"version": 1, "articles": {"a": {"state": "re', "corrupt"),
        (b"[1, 2, 3]", "corrupt"),
        (b'{"version": 1, "articles": {"x": {"state": 5, "progress": "y"}}, "bookmarks": 7}', ""),
        (b'{"version": 99, "articles": {}}', "newer"),
        (b'{"version": 1, "articles": {"\\u001b]0;HOSTILE\\u0007": {"state": "read"}}}', ""),
    ],
    ids=["garbage", "truncated", "array", "wrong-types", "newer", "escape-id"],
)
def test_hostile_state_files(run: Run, isolated_dirs: Paths, content: bytes, warning: str) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.state_file.write_bytes(content)
    result = run("list")
    assert result.returncode == 0
    assert "OSPOs" in result.stdout
    assert_clean(result.stdout + result.stderr)
    if warning:
        assert warning in result.stderr.lower()
    again = run("bookmarks", "--json")
    assert again.returncode == 0
    assert_clean(again.stdout + again.stderr)


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        (b"\xff\xfe\x00\x01binary", "not valid YAML"),
        (
            b"reader: !!python/object/apply:os.system ['touch /tmp/hostile-pwned']\n",
            "not valid YAML",
        ),
        (
            b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
            b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nkeymap: *c\n",
            "'keymap' should be",
        ),
        (b"readr:\n  width: 70\n", "did you mean"),
        (b'reader:\n  width: "\\e]0;HOSTILE\\a"\n', "'reader.width' should be"),
        (b"x: " + b"y" * 300_000, "larger than"),
        (b'theme: "\\e]0;HOSTILE\\a"\n', ""),
    ],
    ids=["binary", "python-tag", "alias-bomb", "typo", "escape-value", "huge", "escape-theme"],
)
def test_hostile_config_files(run: Run, isolated_dirs: Paths, content: bytes, warning: str) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_bytes(content)
    result = run("list", timeout=30)
    assert result.returncode == 0
    assert_clean(result.stdout + result.stderr)
    if warning:
        assert warning in result.stderr
        assert "config.yaml" in result.stderr
    assert isolated_dirs.config_file.read_bytes() == content  # never rewritten
    assert not Path("/tmp/hostile-pwned").exists()


def test_nothing_is_written_outside_the_program_folders(
    run: Run, hostile: Path, isolated_dirs: Paths, tmp_path: Path
) -> None:
    def snapshot() -> set[Path]:
        mine = (isolated_dirs.config_dir, isolated_dirs.data_dir, isolated_dirs.cache_dir)
        return {p for p in tmp_path.rglob("*") if not any(p.is_relative_to(d) for d in mine)}

    before = snapshot()
    run("--articles-dir", str(hostile), "list")
    run("--articles-dir", str(hostile), "cat", "local/escapes")
    run("--articles-dir", str(hostile), "mark", "local/escapes", "read")
    assert snapshot() == before


def test_cat_past_the_size_limit_prints_the_plain_source_and_says_why(
    run: Run, isolated_dirs: Paths, tmp_path: Path
) -> None:
    isolated_dirs.config_file.parent.mkdir(parents=True, exist_ok=True)
    isolated_dirs.config_file.write_text("reader:\n  max_size: 1\n")
    folder = tmp_path / "big"
    folder.mkdir()
    block = "# Heading\n\n**bold** \x1b]52;c;SE9TVElMRQ==\x07 \u009b6n [a](http://x.example)\n\n"
    (folder / "big.md").write_text(block * (1024 * 1024 // len(block) + 100))
    result = run("--articles-dir", str(folder), "cat", "local/big", "--width", "60")
    assert result.returncode == 0
    assert_clean(result.stdout)
    assert_clean(result.stderr)
    assert result.stderr.strip().splitlines() == [
        "linareader: warning: local/big: This article is 1.0 MB, over the reader's 1 MB limit: "
        "shown as plain text. To render it, raise reader.max_size in config.yaml."
    ]
    body = result.stdout.splitlines()
    assert body[3:6] == ["# Heading", "", "**bold** [a](http://x.example)"]  # not parsed
    assert "Links" not in body
    raised = run(
        "--articles-dir",
        str(folder),
        "cat",
        "local/big",
        "--width",
        "60",
        env={"LINAREADER_CONFIG_DIR": str(tmp_path / "other")},
    )
    assert raised.returncode == 0 and raised.stderr == ""
    assert "### Heading" in raised.stdout or "Heading\n" in raised.stdout
    assert "**bold**" not in raised.stdout  # within the (default) limit it is rendered
