"""Shared fixtures: every test runs with its own config, data and cache folders.

Nothing may touch the real home: the three ``LINAREADER_*_DIR`` variables point into the test's
temporary folder for the test process and for every subprocess it starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linareader.core.paths import Paths, resolve_paths


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Paths]:
    """Point linareader's folders at empty temporary ones."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in ("CONFIG", "DATA", "CACHE"):
        monkeypatch.setenv(f"LINAREADER_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield resolve_paths()
