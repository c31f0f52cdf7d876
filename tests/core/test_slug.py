"""Anchors follow GitHub's rules, so links written for GitHub work in linareader."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linareader.core.slug import Slugger, slugify


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        (
            "Transparence et diversité pour une IA durable",
            "transparence-et-diversité-pour-une-ia-durable",
        ),
        (
            "Twake Workplace s’affiche sur TimesSquare : une première historique !",
            "twake-workplace-saffiche-sur-timessquare--une-première-historique-",
        ),
        (
            "L’étape suivante pour notre Digital Workplace",
            "létape-suivante-pour-notre-digital-workplace",
        ),
        ("Hello, World!", "hello-world"),
        ("  spaced  out  ", "spaced--out"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("C++ & C#", "c--c"),
        ("Version 2.0 (beta)", "version-20-beta"),
        ("Ελληνικά Кириллица 日本語", "ελληνικά-кириллица-日本語"),
        ("Emoji 🎉 party", "emoji--party"),
        ("", ""),
    ],
)
def test_slugify_follows_github_rules(heading: str, anchor: str) -> None:
    assert slugify(heading) == anchor


def test_repeated_headings_get_numbered_suffixes_like_github() -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in ["Notes", "Notes", "Notes-1", "Notes"]] == [
        "notes",
        "notes-1",
        "notes-1-1",
        "notes-2",
    ]


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_matches_the_unicode_rules(text: str) -> None:
    slow = "".join(
        ch for ch in text.strip().lower() if ch in " -_" or unicodedata.category(ch)[0] in "LMN"
    ).replace(" ", "-")
    assert slugify(text) == slow
