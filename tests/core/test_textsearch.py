"""Folded matching: "societe" finds "Société", with positions in the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linareader.core.textsearch import count_in_markdown, count_per_chunk, find_all, fold


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("La Société", "societe", ["Société"]),
        ("OpenLLM et openllm", "OPENLLM", ["OpenLLM", "openllm"]),
        ("Straße", "strasse", ["Straße"]),
        ("ÉTÉ été", "ete", ["ÉTÉ", "été"]),
        ("ﬁn", "fin", ["ﬁn"]),
        ("aaaa", "aa", ["aa", "aa"]),
        ("rien", "", []),
        ("rien", "x", []),
    ],
)
def test_find_all(text: str, query: str, found: list[str]) -> None:
    assert [text[a:b] for a, b in find_all(text, query)] == found


def test_link_destinations_are_not_counted() -> None:
    assert count_in_markdown("[OpenLLM](https://openllm.example) et OpenLLM", "openllm") == 2


def test_counting_stops_when_asked() -> None:
    assert count_per_chunk(["a", "a"], "a", lambda: True) is None
    assert count_per_chunk(["a b a", "b"], "a") == [2, 0]


@given(st.text(), st.text(min_size=1, max_size=3))
def test_every_range_is_a_real_match(text: str, query: str) -> None:
    for start, end in find_all(text, query):
        assert 0 <= start < end <= len(text)
        assert fold(query) in fold(text[start:end])
