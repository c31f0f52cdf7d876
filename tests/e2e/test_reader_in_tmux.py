"""A new user's first session, in a real terminal, with the installed command."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from linareader.core.paths import Paths

from ..cli.conftest import linareader_command
from .tmux import Terminal, require_tmux, terminal_env

pytestmark = pytest.mark.e2e

TWAKE = "Twake Workplace s’affiche sur TimesSquare : une première historique !"


@pytest.fixture
def env(isolated_dirs: Paths) -> dict[str, str]:
    paths = isolated_dirs
    return terminal_env(paths.config_dir, paths.data_dir, paths.cache_dir, "C.UTF-8")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def test_open_bookmark_quit_and_come_back(
    env: dict[str, str], terminals: list[Terminal], isolated_dirs: Paths
) -> None:
    require_tmux()
    command = [linareader_command()]
    first = Terminal(command, env, (100, 30))
    terminals.append(first)
    first.wait_for("OSPOs for Good, New-York 2024")
    first.keys("Enter")  # the OSPOs article is the newest, first in the sidebar
    first.wait_for("Alexandre Zapolsky")
    first.keys("]", "]")
    screen = first.wait_for("Twake Workplace s’affiche sur TimesSquare")
    assert "Chers amis" not in screen
    first.keys("b")
    first.wait_for("note (optional)")
    first.keys("à revoir", literal=True)
    first.keys("Enter")
    first.wait_for("Bookmarked:")
    first.keys("q")
    first.wait_for("[exited 0]")

    marks = subprocess.run(
        [*command, "bookmarks", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    [mark] = json.loads(marks.stdout)
    assert (mark["article"], mark["heading"], mark["note"]) == (
        "ospos-for-good-new-york-2024",
        TWAKE,
        "à revoir",
    )

    second = Terminal(command, env, (100, 30))
    terminals.append(second)

    def reopened_on_twake(screen: str) -> bool:
        reader_top = [line.split("▕", 1)[-1] for line in screen.splitlines()[1:4]]
        return any("★TwakeWorkplace" in line.replace(" ", "") for line in reader_top)

    screen = second.wait_until(reopened_on_twake, "the bookmarked section at the top")
    assert "Chers amis" not in screen
    assert Path(isolated_dirs.state_file).is_file()
