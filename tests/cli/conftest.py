"""Run the installed ``linareader`` entry point in subprocesses, with the test's own folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


def linareader_command() -> str:
    """The console script installed beside this interpreter (the real entry point)."""
    script = Path(sys.executable).with_name("linareader")
    found = str(script) if script.exists() else shutil.which("linareader")
    if found is None:
        pytest.fail("the linareader command is not installed; run `make test`")
    return found


@pytest.fixture
def run() -> Run:
    """Return ``run(*args, env=None, stdin=None)`` -> CompletedProcess (text, not checked)."""
    command = linareader_command()

    def _run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "COLUMNS": "100", **(env or {})}
        return subprocess.run(
            [command, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=full_env,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )

    return _run
