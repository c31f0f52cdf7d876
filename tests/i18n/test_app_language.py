"""The app in French, end to end: the Pilot cases in a French process, and the installed
``linareader`` in a real terminal with ``LANG=fr_FR.UTF-8`` (English with ``en_US``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from linareader.core.paths import Paths
from tests.cli.conftest import linareader_command
from tests.e2e.tmux import Terminal, open_terminal, require_tmux, terminal_env

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


def _env(paths: Paths, lang: str) -> dict[str, str]:
    return terminal_env(paths.config_dir, paths.data_dir, paths.cache_dir, lang)


@pytest.mark.e2e
def test_installed_linareader_in_a_french_terminal(isolated_dirs: Paths) -> None:
    require_tmux()
    env = _env(isolated_dirs, "fr_FR.UTF-8")
    with open_terminal([linareader_command()], env, (120, 30)) as terminal:
        _french_session(terminal)


def _french_session(terminal: Terminal) -> None:
    screen = terminal.wait_for("Quitter")
    assert "? Aide" in screen and "Sommaire" in screen
    terminal.keys("Enter")  # the newest article, OSPOs, opens
    terminal.wait_for("juillet 2024 · 5 min de lecture")
    terminal.keys("B")
    terminal.wait_for("Aucun marque-page pour l'instant")
    terminal.keys("Escape")  # then wait: ESC and the next key at once would read as alt+key
    terminal.wait_until(lambda screen: "filtrer les marque-pages" not in screen, "closed")
    terminal.keys("?")
    screen = terminal.wait_for("Touches")
    assert "Appli" in screen and "Mode concentration" in screen and "Capture d'écran" in screen
    terminal.keys("Escape")
    terminal.wait_until(lambda screen: "Touches" not in screen, "help closed")
    terminal.keys("q")
    terminal.wait_for("[exited 0]")


@pytest.mark.e2e
def test_installed_linareader_in_an_english_terminal(isolated_dirs: Paths) -> None:
    require_tmux()
    env = _env(isolated_dirs, "en_US.UTF-8")
    with open_terminal([linareader_command()], env, (120, 30)) as terminal:
        screen = terminal.wait_for("Quit")
        assert "Help" in screen and "Contents" in screen and "Quitter" not in screen
        terminal.keys("Enter")
        terminal.wait_for("July 2024 · 5 min read")
        terminal.keys("q")
        terminal.wait_for("[exited 0]")


@pytest.mark.e2e
def test_config_language_makes_the_app_french_under_an_english_locale(isolated_dirs: Paths) -> None:
    require_tmux()
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_text("language: fr\n", encoding="utf-8")
    env = _env(isolated_dirs, "en_US.UTF-8")
    with open_terminal([linareader_command()], env, (120, 30)) as terminal:
        screen = terminal.wait_for("? Aide")
        assert "q Quitter" in screen and "? Help" not in screen
        terminal.keys("q")
        terminal.wait_for("[exited 0]")
