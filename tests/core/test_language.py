"""Per-article language: French line breaking and reading time by language."""

from __future__ import annotations

import re

import pytest

from linareader.core.article import count_words, read_article_text, reading_minutes
from linareader.core.paths import bundled_dir
from linareader.core.render import render_chunk
from linareader.core.render.model import Line, Span
from linareader.core.render.wrap import glues_french, wrap
from linareader.core.textout import render_text

from ..cli.conftest import Run, run

__all__ = ["run"]  # the fixture

# What a French line may never start or end with (after the layout's own indentation).
BAD_FRENCH_LINE = re.compile(r"^\s*[»:;!?]|«\s*$")
FRENCH = (
    "Il a dit : « bonjour » ; puis il est parti ! Pourquoi ? Parce que « la diversité "
    "des langues » compte : c'est tout ; vraiment ! Et vous ?"
)


def texts(lines: list[Line]) -> list[str]:
    return ["".join(span.text for span in line) for line in lines]


def bad_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if BAD_FRENCH_LINE.search(line)]


@pytest.mark.parametrize("lang", ["fr", "fr-CA", "FR_be", " fr "])
def test_french_tags_glue(lang: str) -> None:
    assert glues_french(lang)


@pytest.mark.parametrize("lang", ["", "en", "fry", "de-FR", "frr"])
def test_other_tags_do_not_glue(lang: str) -> None:
    assert not glues_french(lang)


def test_plain_wrapping_does_break_before_french_punctuation() -> None:
    """The fault French spacing fixes: without it some width puts ``:`` or ``»`` first."""
    found = [w for w in range(8, 60) if bad_lines(texts(wrap([Span(FRENCH, "")], w)))]
    assert found


# From 13 columns on, every word of FRENCH fits with its punctuation ("« bonjour »" is 11);
# a narrower line cuts such a group like any word wider than the line.
@pytest.mark.parametrize("width", range(13, 60))
def test_french_lines_never_start_with_closers_nor_end_with_an_opening_guillemet(
    width: int,
) -> None:
    lines = texts(wrap([Span(FRENCH, "")], width, french=True))
    assert bad_lines(lines) == []
    assert " ".join(lines).split() == FRENCH.split()  # nothing lost, spaces still plain
    assert all(len(line) <= width for line in lines)


def test_french_glue_crosses_styles_and_runs_of_spaces() -> None:
    fragments = [
        Span("un mot « ", ""),
        Span("gras", "strong"),
        Span("  »  ", ""),
        Span(": fin", ""),
    ]
    for width in range(10, 24):  # "« gras » : fin" holds together from 10 columns
        lines = texts(wrap(fragments, width, french=True))
        assert bad_lines(lines) == [], (width, lines)
    assert texts(wrap(fragments, 40, french=True)) == ["un mot « gras » : fin"]


def test_a_glued_group_wider_than_the_line_is_still_cut_to_width() -> None:
    lines = texts(wrap([Span("« anticonstitutionnellement » !", "")], 10, french=True))
    assert all(len(line) <= 10 for line in lines)
    assert "".join(lines).replace(" ", "") == "«anticonstitutionnellement»!"


def test_render_chunk_applies_french_spacing_in_paragraphs_lists_and_tables() -> None:
    source = f"{FRENCH}\n\n- {FRENCH}\n\n| a | b |\n|---|---|\n| {FRENCH} | x |\n"
    for width in (18, 23, 29, 37):
        french = texts(render_chunk(source, width, lang="fr").lines)
        assert bad_lines(french) == [], width
    assert any(bad_lines(texts(render_chunk(source, w).lines)) for w in (18, 23, 29, 37))


@pytest.mark.parametrize("width", range(20, 101))
def test_the_bundled_french_article_at_every_width(width: int) -> None:
    text = read_article_text(bundled_dir("articles") / "ospos-for-good-new-york-2024.md")
    output = render_text(text.body, width, mode="plain", lang=text.lang)
    assert bad_lines(output.splitlines()) == []


def test_the_bundled_article_would_break_badly_without_french_spacing() -> None:
    text = read_article_text(bundled_dir("articles") / "ospos-for-good-new-york-2024.md")
    faulty = [
        w for w in (27, 57) if bad_lines(render_text(text.body, w, mode="plain").splitlines())
    ]
    assert faulty == [27, 57]  # what the widths below check through the command line


def test_cat_plain_of_the_bundled_french_article(run: Run) -> None:
    for width in (27, 57):  # both broke a line before "!" or ":" without French spacing
        result = run("cat", "ospos-for-good-new-york-2024", "--plain", "--width", str(width))
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert bad_lines(lines) == [] and len(lines) > 50, width


@pytest.mark.parametrize(
    ("words", "lang", "minutes"),
    [
        (0, "", 1),
        (1140, "", 5),  # no language: the English pace, 228 words a minute
        (2280, "en", 10),
        (1950, "fr", 10),
        (1950, "fr-CA", 10),
        (1790, "de", 10),
        (2180, "es", 10),
        (1880, "it", 10),
        (2550, "zh", 10),  # characters a minute
        (3570, "ja", 10),
        (2280, "tlh", 10),  # a language the study did not measure: the default
    ],
)
def test_reading_minutes_follow_the_language(words: int, lang: str, minutes: int) -> None:
    assert reading_minutes(words, lang) == minutes


def test_the_same_text_takes_longer_in_french_than_in_english() -> None:
    assert reading_minutes(973, "fr") == 5 and reading_minutes(973, "en") == 4


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("one two  three\n", 3),
        ("Bonjour à tous, « amis » !", 7),
        ("我爱你。你好", 5),  # each ideograph is a word, punctuation is not
        ("日本語のテキスト、 and English words", 11),
        ("", 0),
    ],
)
def test_count_words_counts_cjk_characters(body: str, words: int) -> None:
    assert count_words(body) == words
