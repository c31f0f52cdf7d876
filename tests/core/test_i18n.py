"""The interface language: chosen like gettext does, overridden by config.yaml, and dates and
reading times written in it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from linareader.core import i18n
from linareader.core.dates import PartialDate
from linareader.core.settings import Settings, configured_language, load_settings

NBSP = "\u00a0"


@pytest.fixture
def french() -> Iterator[None]:
    """French for one test, English again afterwards (the process default)."""
    i18n.install("fr")
    yield
    i18n.install("en")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA.UTF-8"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # no German catalogue: the English source
        ({"LANG": "C"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "fr", "LC_ALL": "en_US.UTF-8"}, "fr"),
        ({"LANGUAGE": "de:fr:en", "LANG": "en_US.UTF-8"}, "fr"),  # first available one
        ({"LANGUAGE": "", "LANG": "fr_FR.UTF-8"}, "fr"),  # empty means unset
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "fr_FR@euro"}, "fr"),
    ],
)
def test_the_environment_chooses_the_language_in_gettexts_order(
    env: dict[str, str], expected: str
) -> None:
    assert i18n.language_from_env(env) == expected


def test_config_yaml_overrides_the_environment() -> None:
    assert i18n.choose_language({"LANG": "fr_FR.UTF-8"}, "en") == "en"
    assert i18n.choose_language({"LANG": "en_US.UTF-8"}, "fr") == "fr"
    assert i18n.choose_language({"LANG": "fr_FR.UTF-8"}, None) == "fr"


@pytest.mark.parametrize(
    ("date", "english", "french"),
    [
        (PartialDate(2024, 7, 12), "12 July 2024", "12 juillet 2024"),
        (PartialDate(2024, 7), "July 2024", "juillet 2024"),
        (PartialDate(2024), "2024", "2024"),
        (PartialDate(2024, 8, 1), "1 August 2024", "1er août 2024"),
        (PartialDate(2023, 12, 31), "31 December 2023", "31 décembre 2023"),
        (PartialDate(2025, 2, 3), "3 February 2025", "3 février 2025"),
    ],
)
def test_dates_are_written_in_the_interface_language(
    date: PartialDate, english: str, french: str
) -> None:
    assert i18n.format_date(date) == english
    i18n.install("fr")
    try:
        assert i18n.format_date(date) == french
    finally:
        i18n.install("en")


def test_every_month_has_its_french_name(french: None) -> None:
    names = [i18n.format_date(PartialDate(2024, month)).split()[0] for month in range(1, 13)]
    assert names == [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]


def test_reading_time_in_both_languages() -> None:
    assert i18n.reading_time(5) == "5 min read"
    i18n.install("fr")
    try:
        assert i18n.reading_time(5) == "5 min de lecture"
    finally:
        i18n.install("en")


def test_install_switches_every_translation_and_back(french: None) -> None:
    assert i18n.current_language() == "fr"
    assert i18n._("Bookmarks") == "Marque-pages"
    i18n.install("en")
    assert i18n.current_language() == "en"
    assert i18n._("Bookmarks") == "Bookmarks"


def test_plural_forms_follow_french_rules(french: None) -> None:
    singular = "Ignored {count} invalid entry in {path}; it will be dropped at the next save."
    plural = "Ignored {count} invalid entries in {path}; they will be dropped at the next save."
    assert i18n.ngettext(singular, plural, 1).startswith("{count} entrée invalide")
    assert i18n.ngettext(singular, plural, 0).startswith("{count} entrée invalide")  # 0 is one
    assert i18n.ngettext(singular, plural, 2).startswith("{count} entrées invalides")


def test_a_language_without_a_catalogue_falls_back_to_english() -> None:
    i18n.install("xx")
    try:
        assert i18n.current_language() == "en"
        assert i18n._("Bookmarks") == "Bookmarks"
    finally:
        i18n.install("en")


# -- language: in config.yaml ------------------------------------------------------------------


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("value", "expected"), [("fr", "fr"), ("en", "en"), ("fr_FR", "fr")])
def test_language_setting_is_read(tmp_path: Path, value: str, expected: str) -> None:
    path = _config(tmp_path, f"language: {value}\n")
    assert load_settings(path).language == expected
    assert configured_language(path) == expected


@pytest.mark.parametrize("value", ["klingon", "42", "[fr]", "''"])
def test_unknown_language_warns_once_and_keeps_the_default(
    tmp_path: Path, value: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = _config(tmp_path, f"language: {value}\nreader:\n  width: 70\n")
    with caplog.at_level(logging.WARNING):
        settings = load_settings(path)
    assert settings.language is None
    assert settings.reader_width == 70  # one mistake never costs the rest
    assert configured_language(path) is None
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "'language' should be one of en, fr" in warnings[0]


def test_language_typo_gets_a_suggestion(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _config(tmp_path, "langauge: fr\n")
    with caplog.at_level(logging.WARNING):
        assert load_settings(path) == Settings()
    assert "did you mean 'language'?" in caplog.records[0].getMessage()


def test_settings_warnings_are_in_the_interface_language(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, french: None
) -> None:
    path = _config(tmp_path, "language: klingon\n")
    with caplog.at_level(logging.WARNING):
        load_settings(path)
    message = caplog.records[0].getMessage()
    assert f"«{NBSP}language{NBSP}» doit être l'une des valeurs en, fr" in message


@pytest.mark.parametrize("text", ["", "[1, 2]", "language: [", "\x00\x01"])
def test_configured_language_is_silent_on_any_file(
    tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert configured_language(_config(tmp_path, text)) is None
    assert configured_language(tmp_path / "missing.yaml") is None
    assert not caplog.records
