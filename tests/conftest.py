"""Shared fixtures: every test runs with its own config, data and cache folders.

Nothing may touch the real home: the three ``LINAREADER_*_DIR`` variables point into the test's
temporary folder for the test process and for every subprocess it starts. The interface language
is English (``LANG=en_US.UTF-8``) unless a test sets another.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linareader.core.i18n import current_language, install
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
    # English unless a test asks for another language (the machine's own locale is not ours).
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    language = current_language()
    yield resolve_paths()
    install(language)  # a test that ran cli.main in this process may have chosen another
