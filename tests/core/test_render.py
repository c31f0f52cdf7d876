"""Layout of one chunk: what a reader sees at a given width."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linareader.core.document import split_document
from linareader.core.render import STYLES, Link, RenderedChunk, Span, cell_len, render_chunk
from linareader.core.render.code import lexer_loaded, load_lexer

NBSP = "\u00a0"
NNBSP = "\u202f"


def _text(rendered: RenderedChunk) -> list[str]:
    return ["".join(span.text for span in line) for line in rendered.lines]


def _plain(source: str, width: int = 40) -> list[str]:
    return _text(render_chunk(source, width))


def _styles_of(rendered: RenderedChunk, text: str) -> set[str]:
    return {span.style for line in rendered.lines for span in line if span.text.strip() == text}


@pytest.mark.parametrize(
    ("source", "width", "expected"),
    [
        ("", 40, []),
        ("\n\n  \n", 40, []),
        ("[only]: https://a.definition", 40, []),
        ("Un paragraphe.", 40, ["Un paragraphe."]),
        ("Deux\nlignes", 40, ["Deux lignes"]),
        ("a\n\nb", 40, ["a", "", "b"]),
        ("hard  \nbreak\\\nagain", 40, ["hard", "break", "again"]),
        ("aaa bbb ccc", 7, ["aaa bbb", "ccc"]),
        ("aaa   bbb", 40, ["aaa bbb"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("*em* **strong** ~~strike~~ `code`", 40, ["em strong strike code"]),
        ("# Titre", 40, ["Titre", "═════"]),
        ("Titre\n=====", 40, ["Titre", "═════"]),
        ("## Partie", 40, ["Partie", "──────"]),
        ("### Trois", 40, ["### Trois"]),
        ("###### Six", 40, ["###### Six"]),
        ("### A heading that wraps", 18, ["### A heading that", "    wraps"]),
        ("# Long title wraps", 10, ["Long title", "wraps", "══════════"]),
        ("- a\n- b", 40, ["• a", "• b"]),
        ("- a\n\n- b", 40, ["• a", "", "• b"]),
        (
            "- a\n  - b\n    - c\n      - d\n- e",
            40,
            ["• a", "  ◦ b", "    ▪ c", "      • d", "• e"],
        ),
        ("- a long item that wraps", 12, ["• a long", "  item that", "  wraps"]),
        ("1. a\n2. b", 40, ["1. a", "2. b"]),
        ("7. a\n1. b\n1. c\n1. d", 40, [" 7. a", " 8. b", " 9. c", "10. d"]),
        ("3) a\n3) b", 40, ["3) a", "4) b"]),
        ("1. a\n   - x\n2. b", 40, ["1. a", "   ◦ x", "2. b"]),
        (
            "- [x] fait\n- [ ] à faire\n- [y] pas une tâche",
            40,
            ["☑ fait", "☐ à faire", "• [y] pas une tâche"],
        ),
        ("1. [x] fait", 40, ["1. ☑ fait"]),
        ("- item\n\n  second paragraph", 40, ["• item", "", "  second paragraph"]),
        ("> cité", 40, ["▌ cité"]),
        ("> a\n>\n> b", 40, ["▌ a", "▌", "▌ b"]),
        ("> a\n>\n> > b\n> > > c", 40, ["▌ a", "▌", "▌ ▌ b", "▌ ▌", "▌ ▌ ▌ c"]),
        ("> - a\n> - b", 40, ["▌ • a", "▌ • b"]),
        ("```\nx = 1\n\n  y\n```", 40, ["  x = 1", "", "    y"]),
        ("    indented\n    code", 40, ["  indented", "  code"]),
        ("```\n```", 40, []),
        ("```\nabcdefghij\n```", 8, ["  abcdef", "  ↪ghij"]),
        ("---", 10, ["──────────"]),
        ("a\n\n***\n\nb", 5, ["a", "", "─────", "", "b"]),
        ("![un chat](chat.png)", 40, [f"[image:{NBSP}un chat]"]),
        ("![](x.png)", 40, ["[image]"]),
        ("[texte](https://example.org)", 40, ["texte"]),
        ("<https://example.org>", 40, ["https://example.org"]),
        ("<script>alert(1)</script>", 40, ["<script>alert(1)</script>"]),
        ("<div>\n*md*\n</div>", 40, ["<div> md </div>"]),
        ("&lt;b&gt; &amp; &copy;", 40, ["<b> & ©"]),
        ("\\*pas d’emphase\\*", 40, ["*pas d’emphase*"]),
        ("a\tb", 40, ["a b"]),
    ],
)
def test_layout_shows_each_block_as_a_reader_expects(
    source: str, width: int, expected: list[str]
) -> None:
    assert _plain(source, width) == expected


def test_code_lines_are_cut_not_wrapped_with_a_continuation_mark() -> None:
    rendered = render_chunk("```\nword word word word word\n```", 12)
    assert _text(rendered) == ["  word word", "  ↪word word", "  ↪ word"]
    assert "code-block wrap-mark" in _styles_of(rendered, "↪")


def test_tables_align_columns_with_box_borders() -> None:
    source = "| left | centre | right |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| longer | x | 42 |"
    assert _plain(source) == [
        "┌────────┬────────┬───────┐",
        "│ left   │ centre │ right │",
        "├────────┼────────┼───────┤",
        "│ 1      │   2    │     3 │",
        "│ longer │   x    │    42 │",
        "└────────┴────────┴───────┘",
    ]


def test_a_wide_table_shrinks_its_columns_and_wraps_cells_without_cutting_words() -> None:
    source = (
        "| Name | Description |\n|---|---|\n"
        "| linareader | A keyboard-first terminal reader for articles |"
    )
    assert _plain(source, 31) == [
        "┌────────────┬────────────────┐",
        "│ Name       │ Description    │",
        "├────────────┼────────────────┤",
        "│ linareader │ A              │",
        "│            │ keyboard-first │",
        "│            │ terminal       │",
        "│            │ reader for     │",
        "│            │ articles       │",
        "└────────────┴────────────────┘",
    ]


def test_columns_shrink_in_proportion_to_their_content() -> None:
    source = "| a | b |\n|---|---|\n| " + "x " * 30 + " | " + "y " * 90 + " |"
    top = _plain(source, 87)[0]
    left, right = (len(part) - 2 for part in top.strip("┌┐").split("┬"))
    assert left + right == 87 - 7
    assert 2.5 < right / left < 3.5


def test_a_table_too_wide_for_any_grid_becomes_header_value_lines() -> None:
    header = "| " + " | ".join(f"col{i}" for i in range(8)) + " |"
    source = f"{header}\n|{'---|' * 8}\n| " + " | ".join(str(i) for i in range(8)) + " |"
    assert _plain(source, 30) == [f"col{i}: {i}" for i in range(8)]


def test_header_value_lines_indent_wrapped_values_and_separate_rows() -> None:
    source = (
        "| Name | Description | Notes |\n|---|---|---|\n"
        "| linareader | A keyboard-first terminal reader | ok |\n| glow | pager | |"
    )
    assert _plain(source, 24) == [
        "Name: linareader",
        "Description: A",
        "  keyboard-first",
        "  terminal reader",
        "Notes: ok",
        "",
        "Name: glow",
        "Description: pager",
        "Notes:",
    ]


def test_table_header_and_cells_are_styled_apart() -> None:
    rendered = render_chunk("| **H** |\n|---|\n| v |", 40)
    assert "strong table-header" in _styles_of(rendered, "H")
    assert "table-cell" in _styles_of(rendered, "v")
    assert "table-border" in _styles_of(rendered, "┌───┐")


@pytest.mark.parametrize(
    ("source", "width", "expected"),
    [
        # A break at a no-break space would put « alone at a line end.
        (
            f"Il dit «{NBSP}Bonjour{NBSP}» et part.",
            14,
            ["Il dit", f"«{NBSP}Bonjour{NBSP}» et", "part."],
        ),
        # ... or » alone at a line start.
        (
            f"Il dit «{NBSP}Bonjour{NBSP}» et part.",
            16,
            ["Il dit", f"«{NBSP}Bonjour{NBSP}» et", "part."],
        ),
        # The narrow no-break space before : ; ! ? glues the sign to its word.
        (f"Voici le mot{NNBSP}: fin", 12, ["Voici le", f"mot{NNBSP}: fin"]),
        (f"Vraiment{NBSP}? Oui{NBSP}!", 10, [f"Vraiment{NBSP}?", f"Oui{NBSP}!"]),
    ],
)
def test_french_no_break_spaces_never_become_line_breaks(
    source: str, width: int, expected: list[str]
) -> None:
    lines = _plain(source, width)
    assert lines == expected
    assert not any(line.endswith(("«", f"«{NBSP}")) for line in lines)
    assert not any(line.startswith(("»", ":", "?", "!")) for line in lines)


def test_words_keep_together_across_style_changes() -> None:
    # "**gras**," is one word: the comma may not go to the next line alone.
    assert _plain("aaaa **gras**, b", 9) == ["aaaa", "gras, b"]


def test_python_code_is_highlighted_by_token_group() -> None:
    rendered = render_chunk('```python\n@cache\ndef f(x):\n    return "s" + 1  # c\n```', 60)
    assert _text(rendered) == ["  @cache", "  def f(x):", '      return "s" + 1  # c']
    assert "code-block syntax-keyword" in _styles_of(rendered, "def")
    assert "code-block syntax-keyword" in _styles_of(rendered, "return")
    assert "code-block syntax-name-function" in _styles_of(rendered, "f")
    assert "code-block syntax-string" in _styles_of(rendered, '"s"')
    assert "code-block syntax-number" in _styles_of(rendered, "1")
    assert "code-block syntax-comment" in _styles_of(rendered, "# c")
    assert "code-block syntax-name-decorator" in _styles_of(rendered, "@cache")


@pytest.mark.parametrize("fence", ["```", "```nosuchlanguage", "```python3000 {.x}", "    "])
def test_code_without_a_known_language_is_not_coloured(fence: str) -> None:
    source = "    def f(): pass" if fence == "    " else f"{fence}\ndef f(): pass\n```"
    rendered = render_chunk(source, 40)
    assert {span.style for line in rendered.lines for span in line} == {"code-block"}


def test_inline_styles_compose_in_a_fixed_vocabulary() -> None:
    rendered = render_chunk("## *It* [**l**](u) `c`\n\n> q ~~s~~", 40)
    assert "emphasis heading-2" in _styles_of(rendered, "It")
    assert "heading-2 link strong" in _styles_of(rendered, "l")
    assert "code heading-2" in _styles_of(rendered, "c")
    assert "quote strike" in _styles_of(rendered, "s")
    assert "quote-mark" in _styles_of(rendered, "▌")
    for line in rendered.lines:
        for span in line:
            assert set(span.style.split()) <= STYLES


def test_list_markers_and_task_boxes_are_styled() -> None:
    rendered = render_chunk("- a\n1. b\n- [x] c\n- [ ] d", 40)
    assert _styles_of(rendered, "•") == {"bullet"}
    assert _styles_of(rendered, "1.") == {"list-number"}
    assert _styles_of(rendered, "☑") == {"task-done"}
    assert _styles_of(rendered, "☐") == {"task-todo"}


def test_links_and_images_are_numbered_in_order_of_appearance() -> None:
    rendered = render_chunk(
        "Voir [la doc](https://ex.org/doc) et ![un schéma](img/s.png).\n\n"
        "Puis [la section](#une-première-historique) et [![badge](b.svg)](https://ci.example)",
        80,
    )
    assert rendered.links == [
        Link(0, "https://ex.org/doc", "la doc"),
        Link(1, "img/s.png", "un schéma"),
        Link(2, "#une-première-historique", "la section"),
        Link(3, "https://ci.example", "badge"),
    ]
    by_text = {span.text: span for line in rendered.lines for span in line}
    assert by_text["la doc"].link == 0
    assert by_text["la doc"].style == "link"
    assert by_text[f"[image:{NBSP}un schéma]"].link == 1
    assert by_text[f"[image:{NBSP}badge]"].link == 3
    assert by_text["Voir "].link is None


def test_a_link_wrapped_over_two_lines_keeps_its_index_on_both() -> None:
    rendered = render_chunk("[one two three four](https://x.org)", 10)
    assert _text(rendered) == ["one two", "three four"]
    assert {span.link for line in rendered.lines for span in line} == {0}


def test_dangerous_or_reserved_characters_in_urls_stay_escaped() -> None:
    rendered = render_chunk("[a](https://x.org/a%20b%2Fc) [b](javascript:alert(1))", 40)
    assert [link.target for link in rendered.links] == ["https://x.org/a%20b%2Fc"]
    assert _text(rendered) == ["a [b](javascript:alert(1))"]


def test_reference_links_resolve_from_definitions_elsewhere() -> None:
    rendered = render_chunk("Voir [le site][Site].", 40, references={"site": "<https://s.org/é>"})
    assert rendered.links == [Link(0, "https://s.org/é", "le site")]
    assert _plain("Voir [le site][Site].") == ["Voir [le site][Site]."]


def test_link_marker_adds_reference_numbers_that_stay_with_their_word() -> None:
    rendered = render_chunk(
        "aaaa [bbbb](u1) c ![i](u2)", 13, link_marker=lambda link: f"[{link.index + 1}]"
    )
    assert _text(rendered) == ["aaaa bbbb[1]", "c", f"[image:{NBSP}i][2]"]
    assert "link-mark" in _styles_of(rendered, "[1]")


def test_block_starts_point_at_the_first_line_of_each_top_level_block() -> None:
    rendered = render_chunk("# T\n\npara\n\n- a\n- b\n\n> q\n\n[x]: y\n\n```\nc\n```", 40)
    assert _text(rendered) == ["T", "═", "", "para", "", "• a", "• b", "", "▌ q", "", "  c"]
    assert rendered.block_starts == [0, 3, 5, 8, 10]


def test_block_starts_are_stable_across_widths() -> None:
    source = "\n\n".join(f"Paragraph {i} " + "word " * (5 * i) for i in range(6))
    for width in (20, 40, 80):
        rendered = render_chunk(source, width)
        assert len(rendered.block_starts) == 6
        lines = _text(rendered)
        for i, start in enumerate(rendered.block_starts):
            assert lines[start].startswith(f"Paragraph {i}")


def test_heading_line_marks_the_section_heading_the_chunk_opens() -> None:
    doc = split_document("Intro\n\n## Section\n\ntext")
    intro, section = (render_chunk(c.text, 40, chunk_heading=c.heading) for c in doc.chunks)
    assert intro.heading_line is None
    assert section.heading_line == 0
    assert render_chunk("## Section", 40).heading_line is None


def test_rendered_chunks_have_no_blank_line_at_either_end() -> None:
    rendered = render_chunk("\n\n# T\n\ntext\n\n```\n\ncode\n\n```\n\n", 40)
    assert _text(rendered) == ["T", "═", "", "text", "", "  code"]


def test_a_huge_single_line_is_wrapped_without_trouble() -> None:
    words = " ".join(f"mot{i}" for i in range(50_000))
    rendered = render_chunk(words + "\n\n" + "x" * 100_000, 88)
    assert all(cell_len(line) <= 88 for line in _text(rendered))
    assert _text(rendered)[-1] == "x" * (100_000 % 88)
    assert rendered.block_starts[1] > 1000


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("abc", 3),
        ("été", 3),
        ("日本", 4),
        ("ｆｕｌｌ", 8),
        ("e\u0301", 1),
        ("👍", 2),
        ("a\u200db", 2),
        (f"a{NBSP}b{NNBSP}c", 5),
        ("\u00ad", 1),
    ],
)
def test_cell_len_counts_terminal_cells(text: str, cells: int) -> None:
    assert cell_len(text) == cells


def test_wide_characters_wrap_by_cells_not_characters() -> None:
    lines = _plain("日本語のテキスト", 5)
    assert lines == ["日本", "語の", "テキ", "スト"]
    assert _plain("日本語のテキスト", 1) == ["?"] * 8


def test_width_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        render_chunk("text", 0)


# -- properties over random Markdown-ish text --------------------------------------------------

_PIECES = st.sampled_from(
    [
        "word",
        "mot",
        "averyveryveryverylongwordthatdoesnotfitanywhereatallreally",
        "日本語のテキスト",
        "e\u0301",
        "👍🏽",
        f"«{NBSP}Bonjour{NBSP}»",
        f"mot{NNBSP}:",
        "**gras**",
        "*it*",
        "`code`",
        "[lien](https://example.org)",
        "![img](x.png)",
        "~~barré~~",
        "<b>",
        " ",
        "\n",
        "\n\n",
        "\n# ",
        "\n## ",
        "\n### ",
        "\n- ",
        "\n  - ",
        "\n1. ",
        "\n- [x] ",
        "\n> ",
        "\n> > ",
        "\n```python\n",
        "\n```\n",
        "\n    ",
        "\n| a | b |\n|---|:-:|\n| ",
        " | ",
        "\n---\n",
        "  \n",
        "\t",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join), st.integers(20, 120))
def test_no_line_is_ever_wider_than_the_width(source: str, width: int) -> None:
    rendered = render_chunk(source, width)
    lines = rendered.lines
    for line in lines:
        text = "".join(span.text for span in line)
        assert cell_len(text) <= width, text
        assert text == text.rstrip(), f"trailing space in {text!r}"
        for span in line:
            assert span.text, "no empty spans"
            assert set(span.style.split()) <= STYLES
            assert span.link is None or 0 <= span.link < len(rendered.links)
    if lines:
        assert lines[0] and lines[-1], "no blank line at either end"
    assert rendered.block_starts == sorted(rendered.block_starts)
    assert all(0 <= start < max(1, len(lines)) for start in rendered.block_starts)
    assert [link.index for link in rendered.links] == list(range(len(rendered.links)))


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(1, 19))
def test_even_very_narrow_widths_are_respected(source: str, width: int) -> None:
    for line in render_chunk(source, width).lines:
        assert cell_len("".join(span.text for span in line)) <= width


def test_spans_are_plain_named_tuples() -> None:
    span = Span("a", "strong")
    assert span == Span(text="a", style="strong", link=None)
    assert tuple(span) == ("a", "strong", None)


def test_entities_cannot_bring_back_controls_or_bidi_overrides() -> None:
    from linareader.core.render import render_chunk

    rendered = render_chunk("a &#x202e;b &#27;c &#x9b;d\n\n```\nx\u202ey\n```", 40)
    text = "".join(span.text for line in rendered.lines for span in line)
    assert "\u202e" not in text and "\x1b" not in text and "\x9b" not in text
    assert "ab" in text.replace(" ", "")


def test_deferred_highlighting_draws_the_same_lines_plain_until_the_lexer_is_made() -> None:
    source = "```ocaml\nlet rec fact n = if n = 0 then 1 else n * fact (n - 1)\n```"
    assert not lexer_loaded("ocaml")  # no other test may use OCaml: this one makes its lexer
    plain = render_chunk(source, 30, defer_highlight=True)
    assert plain.unhighlighted == ("ocaml",)
    assert all(
        span.style == "code-block" or "wrap-mark" in span.style
        for line in plain.lines
        for span in line
        if span.text.strip()
    )
    load_lexer("ocaml")
    assert lexer_loaded("ocaml")
    coloured = render_chunk(source, 30, defer_highlight=True)
    assert coloured.unhighlighted == ()
    assert "code-block syntax-keyword" in _styles_of(coloured, "let")
    text = ["".join(span.text for span in line) for line in plain.lines]
    assert text == ["".join(span.text for span in line) for line in coloured.lines]


def test_cat_never_defers_highlighting() -> None:
    rendered = render_chunk("```elixir\ndefmodule M do\nend\n```", 60)
    assert rendered.unhighlighted == ()
    assert "code-block syntax-keyword" in _styles_of(rendered, "defmodule")
