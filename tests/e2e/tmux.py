"""Drive the installed linareader in a real terminal: a tmux session, keys in, screen out."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest


def require_tmux() -> str:
    """Return tmux's path; skip outside CI when it is missing, fail in CI (it must be there)."""
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is required in CI (.ci/run installs it)")
        pytest.skip("tmux is not installed; the end-to-end tests need a real terminal")
    return found


class Terminal:
    """One tmux session running one command."""

    def __init__(self, command: list[str], env: Mapping[str, str], size: tuple[int, int]) -> None:
        self.tmux = require_tmux()
        self.name = f"linareader-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        shell = f"env {exports} {shlex.join(command)}; echo '[exited '$?']'; sleep 600"
        width, height = size
        subprocess.run(
            [self.tmux, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height)],
            check=True,
        )
        subprocess.run([self.tmux, "send-keys", "-t", self.name, shell, "Enter"], check=True)

    def screen(self) -> str:
        """The visible text of the terminal."""
        out = subprocess.run(
            [self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Wait until *text* is on screen; return the screen (fail with it if it never comes)."""
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def wait_until(self, check: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        """Wait until *check* accepts the screen; return it (fail with it if it never does)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        pytest.fail(f"{what} never appeared on screen:\n{screen}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        """Send keys (tmux names such as ``Enter``; with *literal*, text typed as is)."""
        flags = ["-l"] if literal else []
        subprocess.run([self.tmux, "send-keys", "-t", self.name, *flags, *keys], check=True)
        time.sleep(0.15)

    def close(self) -> None:
        """End the session."""
        subprocess.run([self.tmux, "kill-session", "-t", self.name], check=False)


def terminal_env(config_dir: Path, data_dir: Path, cache_dir: Path, lang: str) -> dict[str, str]:
    """The environment of a terminal on the test's folders, in the locale *lang*."""
    return {
        "LINAREADER_CONFIG_DIR": str(config_dir),
        "LINAREADER_DATA_DIR": str(data_dir),
        "LINAREADER_CACHE_DIR": str(cache_dir),
        "HOME": os.environ["HOME"],
        "TERM": "xterm-256color",
        "LANG": lang,
    }


@contextmanager
def open_terminal(
    command: list[str], env: Mapping[str, str], size: tuple[int, int]
) -> Iterator[Terminal]:
    """A :class:`Terminal` closed when the block ends, however it ends."""
    terminal = Terminal(command, env, size)
    try:
        yield terminal
    finally:
        terminal.close()
