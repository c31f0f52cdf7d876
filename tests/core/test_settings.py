"""config.yaml: defaults when missing, one-line warnings naming the key, never rewritten."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from linareader.core.settings import Settings, load_settings


def load(tmp_path: Path, text: str | bytes) -> Settings:
    path = tmp_path / "config.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_settings(path)


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "config.yaml") == Settings()


def test_valid_settings(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        "reader:\n  width: 72\n  max_size: 40\nkeymap:\n  toggle-bookmark: ctrl+b\n"
        "articles_dirs: [notes, /abs]\ntheme: nord\n",
    )
    assert settings.reader_width == 72
    assert settings.reader_max_size == 40
    assert settings.keymap == {"toggle-bookmark": "ctrl+b"}
    assert settings.articles_dirs == (tmp_path / "notes", Path("/abs"))
    assert settings.theme == "nord"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reader:\n  widht: 70\n", "unknown setting 'reader.widht' (did you mean 'reader.width'?)"),
        ("them: nord\n", "unknown setting 'them' (did you mean 'theme'?)"),
        ("zzz: 1\n", "unknown setting 'zzz'; ignored"),
        ("reader:\n  width: wide\n", "'reader.width' should be a whole number"),
        ("reader:\n  width: 5\n", "'reader.width' should be a whole number"),
        ("reader:\n  width: true\n", "'reader.width' should be a whole number"),
        ("reader:\n  max_size: 0\n", "'reader.max_size' should be a whole number of megabytes"),
        ("reader:\n  max_size: 65\n", "between 1 and 64"),
        ("reader:\n  max_size: 16 MB\n", "'reader.max_size' should be a whole number"),
        ("reader:\n  max_sise: 20\n", "(did you mean 'reader.max_size'?)"),
        ("keymap: [b]\n", "'keymap' should be a mapping"),
        ("articles_dirs: 3\n", "'articles_dirs' should be a list"),
        ("- a\n- b\n", "expected a mapping"),
        ("reader: [unclosed\n", "is not valid YAML"),
        ("a: !!python/object/apply:os.system [true]\n", "is not valid YAML"),
        (b"\xff\xfe\x00binary", "is not valid YAML"),
    ],
)
def test_bad_settings_warn_and_fall_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str | bytes, message: str
) -> None:
    with caplog.at_level(logging.WARNING):
        settings = load(tmp_path, text)
    assert settings.reader_width == Settings().reader_width
    warnings = [r.getMessage() for r in caplog.records]
    assert any(message in w for w in warnings), warnings
    assert all("\n" not in w for w in warnings)


def test_one_bad_value_keeps_the_others(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = load(tmp_path, "reader:\n  width: 0\ntheme: nord\n")
    assert (settings.reader_width, settings.theme) == (88, "nord")


def test_config_file_is_never_rewritten(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    text = "# my comment\nreader: {widht: 3}\n"
    load(folder, text)
    assert (folder / "config.yaml").read_text(encoding="utf-8") == text
    assert [p.name for p in folder.iterdir()] == ["config.yaml"]
