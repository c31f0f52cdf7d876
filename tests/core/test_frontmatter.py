"""Front matter is read safely; anything wrong is a warning and the article still opens."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from linareader.core.frontmatter import MAX_FRONT_MATTER, parse_front_matter, split_front_matter


@pytest.mark.parametrize(
    ("text", "yaml_text", "body", "body_line"),
    [
        ("---\ntitle: x\n---\nbody\n", "title: x\n", "body\n", 3),
        ("---\r\ntitle: x\r\n---\r\nbody", "title: x\r\n", "body", 3),
        ("---\ntitle: x\n...\nbody", "title: x\n", "body", 3),
        ("---\ntitle: x\n---", "title: x\n", "", 3),
        ("no front matter\n---\n", None, "no front matter\n---\n", 0),
        ("---\nnever closed\n", None, "---\nnever closed\n", 0),
        ("--- \n---\nbody", "", "body", 2),
        ("\n---\ntitle: late\n---\n", None, "\n---\ntitle: late\n---\n", 0),
    ],
)
def test_split(text: str, yaml_text: str | None, body: str, body_line: int) -> None:
    assert split_front_matter(text) == (yaml_text, body, body_line)


def test_all_fields() -> None:
    meta = parse_front_matter(
        'id: ospos\ntitle: "OSPOs for Good"\nauthor: A. Z.\nlang: fr\ndate: 2024-07\n'
        "source: https://example.org/x\ntags: [open source, IA]\n"
    )
    assert (meta.id, meta.title, meta.author, meta.lang) == (
        "ospos",
        "OSPOs for Good",
        "A. Z.",
        "fr",
    )
    assert meta.date is not None and meta.date.isoformat() == "2024-07"
    assert meta.tags == ("open source", "IA")
    assert meta.warnings == []


@pytest.mark.parametrize(
    ("yaml_text", "warning"),
    [
        ("title: [unclosed", "not valid YAML"),
        ("- a list\n- not a mapping", "not a mapping"),
        ("just a string", "not a mapping"),
        ("!!python/object/apply:os.system ['true']", "not valid YAML"),
        ("title: !!python/name:os.system x", "not valid YAML"),
        ("title: {a: 1}", "'title' should be text"),
        ("author: [1, 2]", "'author' should be text"),
        ("tags: {a: 1}", "'tags' should be a list"),
        ("tags: [ok, {no: 1}]", "'tags' has 1 entries that are not words; ignored"),
        ("date: 2024-13-45", "date '2024-13-45'"),
        ("date: tomorrow", "date 'tomorrow'"),
        ("title: " + "x" * MAX_FRONT_MATTER, "larger than"),
        ("a: &a [1]\nb: *a\ntitle: [*a]", "'title' should be text"),
    ],
)
def test_bad_front_matter_warns(yaml_text: str, warning: str) -> None:
    meta = parse_front_matter(yaml_text)
    assert any(warning in w for w in meta.warnings), meta.warnings


def test_bad_field_keeps_the_good_ones() -> None:
    meta = parse_front_matter("title: Good\ndate: 2024-13-45\nauthor: Me")
    assert (meta.title, meta.author, meta.date) == ("Good", "Me", None)
    assert len(meta.warnings) == 1


@pytest.mark.parametrize(
    ("yaml_text", "iso"),
    [("date: 2024", "2024"), ("date: 2024-07", "2024-07"), ("date: 2024-07-10", "2024-07-10")],
)
def test_yaml_int_string_and_date_all_normalise(yaml_text: str, iso: str) -> None:
    meta = parse_front_matter(yaml_text)
    assert meta.date is not None and meta.date.isoformat() == iso


def test_tags_as_comma_string_and_numbers() -> None:
    assert parse_front_matter("tags: a, b,  a , 2024").tags == ("a", "b", "2024")


def test_escape_sequences_in_fields_are_removed() -> None:
    meta = parse_front_matter('title: "x\\e]0;pwned\\ay"\nauthor: "\\e[31mred"')
    assert (meta.title, meta.author) == ("xy", "red")


@given(st.text(max_size=400))
def test_any_front_matter_text_gives_clean_fields_and_never_raises(yaml_text: str) -> None:
    meta = parse_front_matter(yaml_text)
    for value in (meta.id, meta.title, meta.author, meta.lang, meta.source, *meta.tags):
        assert "\n" not in value and "\x1b" not in value
    assert all("\n" not in warning for warning in meta.warnings)


@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "author", "lang", "source", "tags", "date", "other"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
            max_leaves=8,
        ),
        max_size=8,
    )
)
def test_any_yaml_mapping_of_any_types_is_tolerated(data: dict[str, object]) -> None:
    meta = parse_front_matter(yaml.safe_dump(data, allow_unicode=True))
    assert isinstance(meta.title, str) and isinstance(meta.tags, tuple)
    if meta.date is not None:
        assert meta.date.isoformat()[:4].isdigit()
