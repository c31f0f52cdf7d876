"""Search text: user queries made safe for FTS5, plain snippets, and locating a match."""

from __future__ import annotations

import pytest

from linareader.core.searchtext import Location, locate, parse_query, parse_snippet


@pytest.mark.parametrize(
    ("text", "expression", "terms"),
    [
        ("societe", '"societe"*', ("societe",)),
        ("societe ", '"societe"', ("societe",)),  # a finished word is not a prefix
        ("so", '"so"', ("so",)),  # too short to be a prefix
        ('"logiciel libre"', '"logiciel libre"', ("logiciel libre",)),
        ('"logiciel   lib', '"logiciel lib"*', ("logiciel lib",)),  # phrase being typed
        ('say "hi"', '"say" "hi"', ("say", "hi")),
        ("a-b c:d", '"a-b" "c:d"', ("a-b", "c:d")),  # "d": too short a prefix
        ("c:dot", '"c:dot"*', ("c:dot",)),
        ('x"y', '"x""y"', ('x"y',)),  # a quote inside a word is doubled
        ("NEAR(a b)", '"NEAR(a" "b)"', ("NEAR(a", "b)")),
        ("dup dup", '"dup"*', ("dup",)),
        ("-", None, ()),
        ("* ( ) : ^", None, ()),
        ("", None, ()),
        ("\x00\x1b[31m", None, ()),
    ],
)
def test_parse_query(text: str, expression: str | None, terms: tuple[str, ...]) -> None:
    query = parse_query(text)
    if expression is None:
        assert query is None
    else:
        assert query is not None
        assert (query.expression, query.terms) == (expression, terms)


def test_snippet_markers_become_offsets() -> None:
    text, spans = parse_snippet("…la \x01Société\x02\n\n## **Titre** et \x01société\x02 C# #tag")
    assert text == "…la Société Titre et société C# #tag"
    assert [text[a:b] for a, b in spans] == ["Société", "société"]


def test_snippet_drops_invisible_characters_and_keeps_offsets_right() -> None:
    text, spans = parse_snippet("a\u200b \x01b\u2066c\x02 d")
    assert text == "a bc d"
    assert [text[a:b] for a, b in spans] == ["bc"]


def test_snippet_unbalanced_markers_do_not_break() -> None:
    assert parse_snippet("\x02a \x01b") == ("a b", ())
    assert parse_snippet("") == ("", ())


def test_locate_folds_case_and_accents() -> None:
    body = "Intro.\n\nLa SOCIÉTÉ avance.\nPuis la société.\n"
    assert locate(body, ["societe"]) == Location(11, 18, 2, "SOCIÉTÉ")


def test_locate_prefers_the_whole_phrase_to_its_words() -> None:
    body = "libre d'abord\n\nle logiciel libre ensuite\n"
    where = locate(body, ["logiciel libre"])
    assert where is not None and where.text == "logiciel libre" and where.line == 2


def test_locate_falls_back_to_words_when_the_phrase_spans_punctuation() -> None:
    body = "Un logiciel,\nlibre.\n"
    where = locate(body, ["logiciel libre"])
    assert where is not None and where.text == "logiciel"


def test_locate_across_window_boundaries_in_a_large_body() -> None:
    filler = ("mot " * 20 + "\n") * 4000  # ~330 KB, several windows
    for cut in (65536 - 3, 65536, 65536 + 1, 200_000):
        body = filler[:cut] + "Société" + filler[cut:]
        where = locate(body, ["societe"])
        assert where is not None
        assert (where.start, where.text) == (cut, "Société")
        assert where.line == body.count("\n", 0, cut)


def test_locate_nothing() -> None:
    assert locate("rien ici", ["absent"]) is None
    assert locate("rien ici", ["-"]) is None
    assert locate("", ["x"]) is None
