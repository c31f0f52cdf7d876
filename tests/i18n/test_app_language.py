"""The app in French, end to end: the Pilot cases in a French process, and the installed
``linareader`` in a real terminal with ``LANG=fr_FR.UTF-8`` (English with ``en_US``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from linareader.core.paths import Paths
from tests.cli.conftest import linareader_command
from tests.e2e.tmux import Terminal, require_tmux

CASES = Path(__file__).with_name("french_app_cases.py")
NBSP = "\u00a0"


def _run_cases(lang: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(CASES)],
        capture_output=True,
        text=True,
        env=env,
        cwd=CASES.parents[2],
        timeout=300,
        check=False,
    )


def test_the_app_is_french_under_a_french_locale() -> None:
    result = _run_cases("fr_FR.UTF-8")
    assert result.returncode == 0, result.stdout + result.stderr
    counted = re.search(r"(\d+) passed", result.stdout)
    assert counted is not None and int(counted.group(1)) >= 8, result.stdout
    assert "skipped" not in result.stdout


def test_the_french_cases_do_not_pass_in_english() -> None:
    """They skip rather than pass vacuously: under English they prove nothing."""
    result = _run_cases("en_US.UTF-8")
    assert "passed" not in result.stdout and "skipped" in result.stdout, result.stdout


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def _env(paths: Paths, lang: str) -> dict[str, str]:
    return {
        "LINAREADER_CONFIG_DIR": str(paths.config_dir),
        "LINAREADER_DATA_DIR": str(paths.data_dir),
        "LINAREADER_CACHE_DIR": str(paths.cache_dir),
        "HOME": os.environ["HOME"],
        "TERM": "xterm-256color",
        "LANG": lang,
    }


@pytest.mark.e2e
def test_installed_linareader_in_a_french_terminal(
    isolated_dirs: Paths, terminals: list[Terminal]
) -> None:
    require_tmux()
    terminal = Terminal([linareader_command()], _env(isolated_dirs, "fr_FR.UTF-8"), (100, 30))
    terminals.append(terminal)
    screen = terminal.wait_for("Quitter")
    assert "? Aide" in screen and "Sommaire" in screen
    terminal.keys("Enter")  # the newest article, OSPOs, opens
    terminal.wait_for("juillet 2024 · 4 min de lecture")
    terminal.keys("B")
    screen = terminal.wait_for("Marque-pages")
    assert "Aucun marque-page pour l'instant" in screen
    terminal.keys("Escape")
    terminal.keys("?")
    screen = terminal.wait_for("Touches")
    assert "Appli" in screen and "Mode concentration" in screen and "Capture d'écran" in screen
    terminal.keys("Escape")
    terminal.keys("q")
    terminal.wait_for("[exited 0]")


@pytest.mark.e2e
def test_installed_linareader_in_an_english_terminal(
    isolated_dirs: Paths, terminals: list[Terminal]
) -> None:
    require_tmux()
    terminal = Terminal([linareader_command()], _env(isolated_dirs, "en_US.UTF-8"), (100, 30))
    terminals.append(terminal)
    screen = terminal.wait_for("Quit")
    assert "Help" in screen and "Contents" in screen and "Quitter" not in screen
    terminal.keys("Enter")
    terminal.wait_for("July 2024 · 4 min read")
    terminal.keys("q")
    terminal.wait_for("[exited 0]")
