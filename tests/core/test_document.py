"""The cheap section split: headings a reader navigates by, chunks that render alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from linareader.core.document import Document, split_document, split_start
from linareader.core.heading_text import heading_title

_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _headings(source: str) -> list[tuple[int, str]]:
    return [(h.level, h.title) for h in split_document(source).headings]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# One", [(1, "One")]),
        ("###### Six", [(6, "Six")]),
        ("####### Seven is text", []),
        ("#hashtag is text", []),
        ("#", [(1, "")]),
        ("## Closed ##", [(2, "Closed")]),
        ("## Closing needs a space#", [(2, "Closing needs a space#")]),
        ("## Escaped \\#", [(2, "Escaped #")]),
        ("   ### Three spaces", [(3, "Three spaces")]),
        ("    # Four spaces is code", []),
        ("\t# A tab is code", []),
        ("Title\n=====", [(1, "Title")]),
        ("Title\n---", [(2, "Title")]),
        ("Two line\ntitle\n===", [(1, "Two line title")]),
        ("Title\n   ===   ", [(1, "Title")]),
        ("\n---\n", []),
        ("text\n\n---", []),
        ("- item\n---", []),
        ("- item\nlazy line\n===", []),
        ("> quote\n===", []),
        ("> quote\nlazy\n---", []),
        ("# Heading\n---", [(1, "Heading")]),
        ("| a | b |\n---", [(2, "| a | b |")]),
        ("a | b\n---", [(2, "a | b")]),
        ("| a |\n---\n===", []),
        ("text\n| a | b |\n|---|---|\nrow\n===\n# h", [(1, "h")]),
        ("    indented code\ntext\n---", [(2, "text")]),
        ("* * *\nTitle\n===", [(1, "Title")]),
        ("```\n# not a heading\n```\n# Heading", [(1, "Heading")]),
        ("~~~\n# no\n```\n# still code\n~~~\n# yes", [(1, "yes")]),
        ("````\n```\n# no\n```\n````\n# yes", [(1, "yes")]),
        ("```\n# no\n````\n# yes", [(1, "yes")]),
        ("``` not ` a fence\n# yes", [(1, "yes")]),
        ("```\nunclosed\n# no", []),
        ("- item\n\n  ```\n  # no\n  ```\n\n# yes", [(1, "yes")]),
        ("1. item\n\n    ```\n    # no\n    ```\n# yes", [(1, "yes")]),
        ("- ```\n  # no\n  ```\n# yes", [(1, "yes")]),
        ("- ```\n  code\n# closes the item and its fence", [(1, "closes the item and its fence")]),
        ("- item\n\n  # heading inside the item", []),
        ("- item\n\n  text\n  ---", []),
        ("- item\n\ntext\n---", [(2, "text")]),
        ("Text\n# Heading right after text", [(1, "Heading right after text")]),
        ("[ref]: https://example.org\nTitle\n===", [(1, "Title")]),
    ],
)
def test_headings_are_found_where_commonmark_puts_them(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert _headings(source) == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Une *première* `historique`", "Une première historique"),
        ("**Gras** et _italique_ et ~~barré~~", "Gras et italique et barré"),
        ("[Le lien](https://example.org) et ![image](x.png)", "Le lien et image"),
        ("snake_case stays, __init__ is bold", "snake_case stays, init is bold"),
        ("2 * 3 = 6", "2 * 3 = 6"),
        ("\\*pas d’emphase\\*", "*pas d’emphase*"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("`a *b* c` stays literal", "a *b* c stays literal"),
        ("C# ##", "C#"),
    ],
)
def test_heading_titles_drop_inline_markup(text: str, title: str) -> None:
    assert heading_title(text) == title


def test_anchors_follow_github_with_numbered_repeats() -> None:
    doc = split_document("# Notes\n\n## Notes\n\n# Été à New-York !\n\nNotes\n---\n")
    assert [h.anchor for h in doc.headings] == ["notes", "notes-1", "été-à-new-york-", "notes-2"]


def test_anchor_keeps_underscores_inside_words_like_github() -> None:
    assert split_document("## The `__init__` of my_module").headings[0].anchor == (
        "the-__init__-of-my_module"
    )


def test_text_before_the_first_heading_is_section_zero_without_heading() -> None:
    doc = split_document("Intro line.\n\n# First\n\nBody\n\n## Second\n")
    assert [(c.section, c.first_line, c.heading) for c in doc.chunks] == [
        (0, 0, None),
        (1, 2, doc.headings[0]),
        (2, 6, doc.headings[1]),
    ]
    assert doc.chunks[0].text == "Intro line.\n"
    assert doc.chunks[1].text == "# First\n\nBody\n"
    assert [h.chunk for h in doc.headings] == [1, 2]
    assert doc.section_count == 3
    assert doc.section_of_anchor("") == 0
    assert doc.section_of_anchor("second") == 2
    assert doc.section_of_anchor("missing") is None


def test_a_document_opening_with_a_heading_has_no_empty_preamble() -> None:
    doc = split_document("\n\n# Title\n\ntext\n")
    assert [(c.section, c.first_line) for c in doc.chunks] == [(0, 2)]
    assert doc.chunks[0].heading == doc.headings[0]
    assert doc.section_of_anchor("") is None
    assert doc.section_of_anchor("title") == 0


@pytest.mark.parametrize("source", ["", "\n", "   \n\n\t\n"])
def test_an_empty_body_has_no_chunks(source: str) -> None:
    doc = split_document(source)
    assert doc.chunks == []
    assert doc.headings == []
    assert doc.section_count == 0
    assert doc.section_of_anchor("") is None


def _paragraphs(count: int, lines_each: int = 3) -> str:
    return "\n\n".join(
        "\n".join(f"paragraph {p} line {n}" for n in range(lines_each)) for p in range(count)
    )


def test_a_long_section_is_cut_into_chunks_at_blank_lines() -> None:
    source = "# Long\n\n" + _paragraphs(100)
    doc = split_document(source, max_chunk_lines=20)
    assert len(doc.chunks) > 10
    assert all(c.section == 0 for c in doc.chunks)
    assert doc.chunks[0].heading is not None
    assert all(c.heading is None for c in doc.chunks[1:])
    assert doc.chunks_of_section(0) == range(len(doc.chunks))
    for chunk in doc.chunks:
        lines = chunk.text.split("\n")
        assert len(lines) <= 20 + 4
        assert lines[0].strip(), "a chunk starts with its first block, not a blank line"
    # Nothing is lost or repeated.
    assert "\n".join(c.text for c in doc.chunks) == source
    assert [c.first_line for c in doc.chunks] == [
        source.count("\n", 0, source.index(c.text)) for c in doc.chunks
    ]


def test_an_article_without_headings_is_still_cut() -> None:
    doc = split_document(_paragraphs(200), max_chunk_lines=40)
    assert doc.headings == []
    assert len(doc.chunks) >= 10
    assert {c.section for c in doc.chunks} == {0}


@pytest.mark.parametrize(
    "inside",
    [
        "```\n" + "\n\n".join(f"code {i}" for i in range(30)) + "\n```",
        "- item\n\n" + "\n\n".join(f"  continued {i}" for i in range(30)),
        "    code\n\n" + "\n\n".join(f"    more code {i}" for i in range(30)),
    ],
    ids=["fenced code", "list item continuation", "indented code"],
)
def test_chunks_are_never_cut_inside_a_block(inside: str) -> None:
    doc = split_document(inside + "\n\nafter", max_chunk_lines=5)
    assert doc.chunks[0].text.startswith(inside)


def test_long_lists_are_cut_before_other_blocks_first() -> None:
    items = "\n\n".join(f"- item {i}" for i in range(12))
    doc = split_document(f"{items}\n\nplain\n\n{items}", max_chunk_lines=12)
    # The first cut waits for the paragraph (line 24) rather than splitting the list at 12.
    assert [c.first_line for c in doc.chunks][:2] == [0, 24]


def test_a_huge_list_is_cut_between_items_eventually() -> None:
    items = "\n\n".join(f"- item {i}" for i in range(100))
    doc = split_document(items, max_chunk_lines=10)
    assert len(doc.chunks) >= 5
    assert all(c.text.startswith("- item") for c in doc.chunks)


def test_a_size_cut_before_a_setext_heading_becomes_the_section_start() -> None:
    source = _paragraphs(4) + "\n\nTitle\n=====\n\ntext"
    doc = split_document(source, max_chunk_lines=10)
    assert [h.title for h in doc.headings] == ["Title"]
    heading_chunk = doc.chunks[doc.headings[0].chunk]
    assert heading_chunk.text.startswith("Title\n=====")
    assert heading_chunk.heading == doc.headings[0]


def test_chunks_of_section_rejects_unknown_sections() -> None:
    doc = split_document("# A\n\n# B")
    assert doc.chunks_of_section(1) == range(1, 2)
    with pytest.raises(IndexError):
        doc.chunks_of_section(2)


def test_reference_definitions_are_collected_outside_code() -> None:
    doc = split_document(
        "[spec]: https://spec.commonmark.org 'CommonMark'\n[Other]: <https://x.org/a b>\n"
        "[spec]: https://ignored.example\n\n```\n[code]: https://not-a-definition\n```\n"
        "text\n[lazy]: https://continuation-of-a-paragraph\n"
    )
    assert dict(doc.references) == {
        "spec": "https://spec.commonmark.org",
        "Other": "<https://x.org/a b>",
    }


# -- differential checks against markdown-it ---------------------------------------------------

_LINES = st.sampled_from(
    [
        "",
        "",
        "text",
        "more text",
        "# Heading",
        "## Sub *heading*",
        "Setext",
        "===",
        "---",
        "- item",
        "1. item",
        "  - nested",
        "  continued",
        "    indented",
        "> quote",
        "```",
        "~~~",
        "```python",
        "| a | b |",
        "|---|---|",
        "* * *",
        "[ref]: https://example.org",
        "<div>",
        "   # three spaces",
        "#",
        "- # heading in an item",
        "2) item",
        "+ plus",
        "  ```",
        "    ```",
        "\t# tab",
        "  > quote in item",
        "- ```",
        "___",
        "a | b",
        "=",
        "  ===",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=40))
def test_every_section_heading_is_a_top_level_heading_for_markdown_it(lines: list[str]) -> None:
    source = "\n".join(lines)
    doc = split_document(source)
    tokens = _MD.parse(source)
    top = {
        (tok.map[0], int(tok.tag[1]))
        for tok in tokens
        if tok.type == "heading_open" and tok.level == 0 and tok.map
    }
    found = {(doc.chunks[h.chunk].first_line, h.level) for h in doc.headings}
    assert found <= top
    # ATX headings are simple enough to be found every time.
    atx = {
        (line, level) for line, level in top if source.split("\n")[line].lstrip().startswith("#")
    }
    assert atx <= found


def _top_blocks(source: str) -> list[str]:
    kinds = [tok.type for tok in _MD.parse(source) if tok.level == 0 and tok.nesting >= 0]
    merged: list[str] = []
    for kind in kinds:
        # A long list may be cut between two items, which makes two lists of the same kind.
        if not (merged and kind == merged[-1] and kind.endswith("list_open")):
            merged.append(kind)
    return merged


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=60), st.integers(1, 12))
def test_chunks_parse_to_the_same_blocks_as_the_whole_document(
    lines: list[str], max_chunk_lines: int
) -> None:
    source = "\n".join(lines)
    doc = split_document(source, max_chunk_lines=max_chunk_lines)
    assert "\n".join(c.text for c in doc.chunks).strip() == source.strip()
    pieces: list[str] = []
    for chunk in doc.chunks:
        pieces.extend(_top_blocks(chunk.text))
    whole = _top_blocks(source)
    merged = [
        k
        for i, k in enumerate(pieces)
        if not (i and k == pieces[i - 1] and k.endswith("list_open"))
    ]
    assert merged == whole


def _document_shape(doc: Document) -> list[tuple[int, int]]:
    return [(c.section, c.index) for c in doc.chunks]


def test_sections_and_chunk_indexes_are_consecutive() -> None:
    doc = split_document("pre\n\n# A\n\n" + _paragraphs(30) + "\n\n# B\n\ntext", max_chunk_lines=10)
    shape = _document_shape(doc)
    assert [i for _, i in shape] == list(range(len(shape)))
    sections = [s for s, _ in shape]
    assert sections == sorted(sections)
    assert set(sections) == set(range(doc.section_count))
    for section in range(doc.section_count):
        chunks = doc.chunks_of_section(section)
        assert all(doc.chunks[i].section == section for i in chunks)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=60), st.integers(1, 50), st.integers(1, 12))
def test_the_start_of_a_long_body_is_cut_as_the_whole_body_is(
    lines: list[str], max_lines: int, max_chunk_lines: int
) -> None:
    source = "\n".join(lines)
    whole = split_document(source, max_chunk_lines=max_chunk_lines)
    start = split_start(source, max_lines=max_lines, max_chunk_lines=max_chunk_lines)
    if start is None:
        head = split_document("\n".join(lines[:max_lines]), max_chunk_lines=max_chunk_lines)
        assert len(lines) <= max_lines or len(head.chunks) < 2
        return
    assert start.chunks == whole.chunks[: len(start.chunks)]
    assert start.headings == [h for h in whole.headings if h.chunk < len(start.chunks)]
    assert all(whole.references[label] == dest for label, dest in start.references.items())


def test_a_short_body_has_no_separate_start() -> None:
    assert split_start("# One\n\ntext\n", max_lines=10) is None
    long = _paragraphs(300)
    start = split_start(long, max_lines=200)
    assert start is not None
    assert 0 < len(start.chunks) < len(split_document(long).chunks)
