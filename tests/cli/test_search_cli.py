"""``linareader search``: the handler run in-process on real files, and the installed command.

The handler's tests build the ``search`` parser with ``commands_search.add_parser`` and call
``cmd_search`` directly, so they do not depend on ``cli.py`` registering the command; the last
test runs the installed ``linareader search`` and is skipped until ``cli.py`` does.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from linareader import cli, commands_search
from linareader.commands import Context
from linareader.core.paths import Paths

from .conftest import Run

ARTICLE = (
    "---\ntitle: La Société du logiciel\nauthor: Inès\ntags: [économie]\n---\n"
    "Avant le premier titre.\n\n"
    "## Une section\n\n"
    "Du texte.\n\n"
    "## Suite et fin\n\n"
    "La SOCIÉTÉ avance [vers](https://example.org) le **logiciel libre**.\n"
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "societe.md").write_text(ARTICLE, encoding="utf-8")
    (root / "other.md").write_text("# Autre\n\nRien à voir, du chocolat.\n", encoding="utf-8")
    (root / "evil.md").write_text("# \x1b]0;pwned\x07Titre\n\nsociété \x1b[31mrouge\n")
    return root


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    commands_search.add_parser(sub, argparse.ArgumentParser(add_help=False))
    return parser.parse_args(["search", *argv])


def search(paths: Paths, folder: Path, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    context = Context(paths=paths, extra_dirs=[folder], out=out)
    status = commands_search.cmd_search(context, parse(*argv))
    return status, out.getvalue()


def test_json_results_locate_the_match(isolated_dirs: Paths, folder: Path) -> None:
    status, output = search(isolated_dirs, folder, "societe", "--json")
    assert status == 0
    items = json.loads(output)
    first = items[0]
    assert first["id"] == "local/societe"
    assert first["title"] == "La Société du logiciel"
    assert Path(first["path"]) == folder / "societe.md"
    assert isinstance(first["score"], float) and first["score"] > 0
    assert [first["snippet"][a:b] for a, b in first["highlights"]] == ["SOCIÉTÉ"]
    lines = (folder / "societe.md").read_text(encoding="utf-8").splitlines()
    match = first["match"]
    assert match["terms"] == ["societe"]
    assert match["text"] == "SOCIÉTÉ"
    assert lines[match["line"] - 1].startswith("La SOCIÉTÉ avance")
    assert (match["anchor"], match["section"]) == ("suite-et-fin", "Suite et fin")
    assert set(first) == {"id", "title", "path", "score", "snippet", "highlights", "match"}


def test_title_only_match_has_no_body_location(isolated_dirs: Paths, folder: Path) -> None:
    (folder / "titled.md").write_text("---\ntitle: Zéphyr\n---\nAucun rapport.\n", encoding="utf-8")
    status, output = search(isolated_dirs, folder, "zephyr", "--json")
    assert status == 0
    (item,) = json.loads(output)
    assert item["match"] == {
        "terms": ["zephyr"],
        "text": None,
        "line": None,
        "anchor": None,
        "section": None,
    }


def test_text_output_is_plain_when_piped(isolated_dirs: Paths, folder: Path) -> None:
    status, output = search(isolated_dirs, folder, "logiciel", "libre")
    assert status == 0
    assert "\x1b" not in output
    first_block = output.split("\n\n")[0].splitlines()
    assert first_block[0] == "local/societe — La Société du logiciel › Suite et fin"
    assert first_block[1].startswith("  ") and "logiciel libre" in first_block[1]
    assert "https://example.org" not in output


def test_untrusted_titles_and_text_reach_the_terminal_clean(
    isolated_dirs: Paths, folder: Path
) -> None:
    status, output = search(isolated_dirs, folder, "rouge", "--limit", "5")
    assert status == 0
    assert "\x1b" not in output and "\x07" not in output
    assert "local/evil" in output


def test_no_match_exits_1_with_a_message(
    isolated_dirs: Paths, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = search(isolated_dirs, folder, "introuvable")
    assert (status, output) == (1, "")
    assert 'No article matches "introuvable".' in capsys.readouterr().err
    status, output = search(isolated_dirs, folder, "introuvable", "--json")
    assert (status, json.loads(output)) == (1, [])


@pytest.mark.parametrize("query", ['"', "NEAR(", "-x", "a:b", "*", "(", "'; DROP TABLE docs"])
def test_fts_syntax_in_a_query_is_not_an_error(
    isolated_dirs: Paths, folder: Path, query: str
) -> None:
    status, output = search(isolated_dirs, folder, "--json", "--", query)
    assert status in (0, 1)
    assert isinstance(json.loads(output), list)


def test_limit_and_a_bad_limit(isolated_dirs: Paths, folder: Path) -> None:
    _, output = search(isolated_dirs, folder, "societe", "--json", "--limit", "1")
    assert len(json.loads(output)) == 1
    with pytest.raises(SystemExit):
        parse("x", "--limit", "0")


def test_second_run_reuses_the_index(isolated_dirs: Paths, folder: Path) -> None:
    search(isolated_dirs, folder, "societe")
    index = isolated_dirs.cache_dir / "search.sqlite"
    assert index.exists()
    (folder / "other.md").write_text("# Autre\n\nMaintenant une société.\n", encoding="utf-8")
    _, output = search(isolated_dirs, folder, "societe", "--json")
    assert {item["id"] for item in json.loads(output)} >= {"local/societe", "local/other"}


def test_the_handler_imports_no_ui_library() -> None:
    code = (
        "import sys\n"
        "from linareader import commands_search\n"
        "import linareader.core.search\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.skipif("search" not in cli.COMMANDS, reason="cli.py does not register search yet")
def test_installed_command(run: Run, folder: Path) -> None:
    result = run("search", "--articles-dir", str(folder), "société", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "local/societe"
    assert run("--articles-dir", str(folder), "search", "introuvable").returncode == 1
