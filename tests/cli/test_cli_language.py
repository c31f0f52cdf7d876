"""The command line speaks the interface language: ``--help`` (argparse's own words too),
errors, warnings and command output, chosen by ``LANG`` or ``language:`` in config.yaml."""

from __future__ import annotations

import pytest

from linareader.core.paths import Paths
from tests.cli.conftest import Run

NBSP = "\u00a0"
FR = {"LANG": "fr_FR.UTF-8"}
EN = {"LANG": "en_US.UTF-8"}
OSPOS = "ospos-for-good-new-york-2024"


def test_help_in_french_includes_argparses_words(run: Run) -> None:
    result = run("--help", env=FR)
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith(f"usage{NBSP}: linareader")
    assert f"arguments positionnels{NBSP}:" in out
    assert f"options{NBSP}:" in out
    assert "afficher ce message d'aide et quitter" in out
    assert "afficher la version du programme et quitter" in out
    assert "lister la bibliothèque, du plus récent au plus ancien" in out
    assert "lister, ajouter ou retirer des marque-pages" in out
    for english in ("usage:", "options:", "show this help", "list the library", "bookmarks\n"):
        assert english not in out


def test_help_in_english(run: Run) -> None:
    out = run("--help", env=EN).stdout
    assert out.startswith("usage: linareader")
    assert "options:" in out and "show this help message and exit" in out
    assert "list the library, newest first" in out
    assert "bibliothèque" not in out


def test_subcommand_help_in_french(run: Run) -> None:
    out = run("cat", "--help", env=FR).stdout
    assert "texte brut, même dans un terminal" in out
    assert "couper à N colonnes (20-1000)" in out


@pytest.mark.parametrize(
    ("args", "french", "english"),
    [
        (
            ("cat", "nope"),
            f"linareader{NBSP}: erreur{NBSP}: Aucun article ne correspond à «{NBSP}nope{NBSP}»",
            "linareader: error: No article matches 'nope'",
        ),
        (
            ("list", "--bogus"),
            f"arguments non reconnus{NBSP}: --bogus (voir «{NBSP}linareader --help{NBSP}»)",
            "unrecognized arguments: --bogus (see 'linareader --help')",
        ),
        (
            ("mark", OSPOS),
            f"les arguments suivants sont obligatoires{NBSP}: state",
            "the following arguments are required: state",
        ),
        (
            ("cat", OSPOS, "--width", "5"),
            "5 n'est pas entre 20 et 1000",
            "5 is not between 20 and 1000",
        ),
    ],
)
def test_errors_in_both_languages(
    run: Run, args: tuple[str, ...], french: str, english: str
) -> None:
    in_french = run(*args, env=FR)
    in_english = run(*args, env=EN)
    assert in_french.returncode == in_english.returncode != 0
    assert french in in_french.stderr
    assert english in in_english.stderr
    assert len(in_french.stderr.splitlines()) == 1  # still one line, no traceback


def test_list_works_the_same_in_both_languages(run: Run) -> None:
    """Ids, ISO dates and titles are data, not language: ``list`` prints the same lines."""
    french, english = run("list", env=FR), run("list", env=EN)
    assert french.returncode == english.returncode == 0
    assert french.stdout == english.stdout
    assert OSPOS in french.stdout and "2024-07" in french.stdout


def test_list_json_is_the_same_in_both_languages(run: Run) -> None:
    assert run("list", "--json", env=FR).stdout == run("list", "--json", env=EN).stdout


def test_cat_header_dates_and_reading_time_in_the_interface_language(run: Run) -> None:
    french = run("cat", OSPOS, "--plain", env=FR).stdout.splitlines()
    english = run("cat", OSPOS, "--plain", env=EN).stdout.splitlines()
    assert french[1] == "Alexandre Zapolsky · juillet 2024 · 5 min de lecture"
    assert english[1] == "Alexandre Zapolsky · July 2024 · 5 min read"
    assert french[2].startswith(f"Étiquettes{NBSP}: open source")
    assert french[0] == english[0] == "OSPOs for Good, New-York 2024"  # titles are never translated


def test_config_language_overrides_lang(run: Run, isolated_dirs: Paths) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_text("language: fr\n", encoding="utf-8")
    assert "afficher ce message d'aide" in run("--help", env=EN).stdout
    isolated_dirs.config_file.write_text("language: en\n", encoding="utf-8")
    assert "show this help message" in run("--help", env=FR).stdout


def test_config_language_is_found_through_config_dir(run: Run, isolated_dirs: Paths) -> None:
    other = isolated_dirs.config_dir.parent / "elsewhere"
    other.mkdir()
    (other / "config.yaml").write_text("language: fr\n", encoding="utf-8")
    result = run("--config-dir", str(other), "cat", "nope", env=EN)
    assert "Aucun article ne correspond" in result.stderr
    result = run(f"--config-dir={other}", "cat", "nope", env=EN)
    assert "Aucun article ne correspond" in result.stderr


def test_unknown_language_is_one_warning_and_the_environment_wins(
    run: Run, isolated_dirs: Paths
) -> None:
    isolated_dirs.config_dir.mkdir(parents=True)
    isolated_dirs.config_file.write_text("language: klingon\n", encoding="utf-8")
    result = run("cat", OSPOS, "--plain", env=FR)
    assert result.returncode == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"linareader{NBSP}: avertissement{NBSP}:")
    assert f"«{NBSP}language{NBSP}» doit être l'une des valeurs en, fr" in warnings[0]
    assert "juillet 2024" in result.stdout


@pytest.mark.parametrize("lang", ["C", "POSIX", "de_DE.UTF-8", ""])
def test_c_posix_and_unknown_locales_are_english(run: Run, lang: str) -> None:
    assert "show this help message" in run("--help", env={"LANG": lang}).stdout


def test_language_variable_comes_first(run: Run) -> None:
    out = run("--help", env={"LANGUAGE": "fr:en", "LC_ALL": "en_US.UTF-8"}).stdout
    assert "afficher ce message d'aide" in out
