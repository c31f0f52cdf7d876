"""One module owns every location; environment and flags override platformdirs."""

from __future__ import annotations

from pathlib import Path

from linareader.core.paths import bundled_dir, resolve_paths


def test_environment_overrides(tmp_path: Path) -> None:
    env = {"LINAREADER_CONFIG_DIR": str(tmp_path / "c"), "LINAREADER_DATA_DIR": str(tmp_path / "d")}
    paths = resolve_paths(env)
    assert paths.config_dir == tmp_path / "c"
    assert paths.state_file == tmp_path / "c" / "state.json"
    assert paths.saved_dir == tmp_path / "d" / "articles" / "saved"
    assert paths.cache_dir.name == "linareader"


def test_flags_override_environment(tmp_path: Path) -> None:
    env = {"LINAREADER_CACHE_DIR": str(tmp_path / "env")}
    assert resolve_paths(env, cache_dir=tmp_path / "flag").cache_dir == tmp_path / "flag"


def test_defaults_come_from_platformdirs(tmp_path: Path) -> None:
    paths = resolve_paths({})
    assert paths.config_dir.name == "linareader"
    assert paths.config_file.name == "config.yaml"


def test_bundled_articles_and_styles_are_found() -> None:
    assert (bundled_dir("articles") / "ospos-for-good-new-york-2024.md").is_file()
    assert any(bundled_dir("styles").glob("*.tcss"))
