"""Build the real app on temporary folders, for Pilot tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from linareader.core.library import Library, library_roots, scan_library
from linareader.core.paths import Paths
from linareader.core.settings import load_settings
from linareader.core.state import StateStore
from linareader.ui.app import LinareaderApp

MakeApp = Callable[..., LinareaderApp]


@pytest.fixture
def make_app(isolated_dirs: Paths) -> MakeApp:
    """``make_app(extra_dirs=(), article=None)``: a fresh app on the test's folders."""
    return app_factory(isolated_dirs)


def app_factory(isolated_dirs: Paths) -> MakeApp:
    """What :func:`make_app` gives, for modules that cannot use this conftest's fixtures."""

    def _make(extra_dirs: Sequence[Path] = (), article: str | None = None) -> LinareaderApp:
        settings = load_settings(isolated_dirs.config_file)

        def rescan() -> Library:
            return scan_library(library_roots(isolated_dirs, extra_dirs))

        library = rescan()
        state = StateStore(isolated_dirs.state_file)
        state.load()
        chosen = library.resolve(article) if article else None
        return LinareaderApp(
            settings=settings,
            library=library,
            state=state,
            article=chosen,
            screenshot_dir=isolated_dirs.data_dir / "screenshots",
            paths=isolated_dirs,
            rescan=rescan,
        )

    return _make


@pytest.fixture
def saved_state(isolated_dirs: Paths) -> Callable[[], dict[str, Any]]:
    """Read the state file as another process would."""

    def _read() -> dict[str, Any]:
        if not isolated_dirs.state_file.exists():
            return {}
        data: dict[str, Any] = json.loads(isolated_dirs.state_file.read_text(encoding="utf-8"))
        return data

    return _read
