"""``cat`` output: plain text for pipes and screen readers, or the same layout with SGR colours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linareader.core.render import STYLES, cell_len
from linareader.core.textout import SGR, render_text

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_ARTICLES = Path(__file__).resolve().parents[2] / "articles"


def _strip_sgr(text: str) -> str:
    return _SGR.sub("", text)


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5 :]
    return text


def render_text_plain(body: str, width: int) -> str:
    return render_text(body, width, mode="plain")


def test_plain_output_marks_structure_and_lists_links_at_the_end() -> None:
    body = (
        "Intro avec un [lien](https://a.example/été) et [le même](https://a.example/été).\n\n"
        "# Titre\n\n- un\n- deux\n\n> cité\n\n![logo](logo.png)\n\n"
        "Voir [ailleurs][ref].\n\n[ref]: https://b.example\n"
    )
    out = render_text(body, 40, mode="plain", header_lines=["Mon article", "Moi · 2024"])
    assert out == (
        "Mon article\n"
        "Moi · 2024\n"
        "\n"
        "Intro avec un lien[1] et le même[1].\n"
        "\n"
        "Titre\n"
        "═════\n"
        "\n"
        "• un\n"
        "• deux\n"
        "\n"
        "▌ cité\n"
        "\n"
        "[image:\u00a0logo][2]\n"
        "\n"
        "Voir ailleurs[3].\n"
        "\n"
        "Links\n"
        "─────\n"
        "[1] https://a.example/été\n"
        "[2] logo.png\n"
        "[3] https://b.example\n"
    )


def test_chunks_are_one_blank_line_apart_even_when_cut_inside_a_section() -> None:
    body = "\n\n".join(f"Paragraph {i}." for i in range(200))
    lines = render_text(body, 40, mode="plain").splitlines()
    assert lines == [line for i in range(200) for line in (f"Paragraph {i}.", "")][:-1]


@pytest.mark.parametrize("body", ["", "\n\n", "[only]: https://a.definition\n"])
def test_an_empty_article_prints_nothing_or_only_its_header(body: str) -> None:
    assert render_text(body, 40, mode="plain") == ""
    assert render_text(body, 40, mode="ansi", header_lines=["Titre"]) == "\x1b[1mTitre\x1b[0m\n"


def test_ansi_output_is_the_plain_layout_with_sgr_styling_only() -> None:
    body = (
        "# Titre\n\nDu **gras**, de l’*italique*, ~~barré~~, du `code` et un [lien](https://x.org)."
        "\n\n```python\ndef f():\n    return 1\n```\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n> cité\n"
    )
    plain = render_text(body, 50, mode="plain")
    ansi = render_text(body, 50, mode="ansi")
    assert _strip_sgr(ansi) == plain
    assert "\x1b[1;35mTitre\x1b[0m" in ansi
    assert "\x1b[1mgras\x1b[0m" in ansi
    assert "\x1b[3mitalique\x1b[0m" in ansi
    assert "\x1b[9mbarré\x1b[0m" in ansi
    assert "\x1b[36mcode\x1b[0m" in ansi
    assert "\x1b[4;34mlien\x1b[0m\x1b[34m[1]\x1b[0m" in ansi
    assert "\x1b[35mdef\x1b[0m" in ansi
    for line in ansi.splitlines():
        if "\x1b" in line:
            assert line.endswith("\x1b[0m"), "every styled line resets at its end"


def test_every_style_name_has_an_sgr_entry_from_the_16_colour_palette() -> None:
    assert set(SGR) == STYLES
    for codes in SGR.values():
        for code in filter(None, codes.split(";")):
            assert int(code) in {1, 2, 3, 4, 9} | set(range(30, 38)) | set(range(90, 98))


def test_control_sequences_in_the_input_never_reach_the_terminal() -> None:
    # The body should have been cleaned on input; the output is made safe anyway.
    body = (
        "Titre \x1b]0;pwned\x07 et \x1b[2J efface\n\n"
        "[clic](https://x.org/\x1b]8;;https://evil\x1b\\) \x9b31m \x07 bip\n"
    )
    for mode in ("plain", "ansi"):
        out = render_text(body, 60, mode=mode, header_lines=["\x1b]52;c;Y2xpcA==\x07Titre"])
        assert "]0;" not in out and "]52;" not in out and "]8;" not in out
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", _strip_sgr(out))
    assert "\x1b" not in render_text(body, 60, mode="plain")


def test_body_lines_respect_the_width_and_link_urls_stay_whole() -> None:
    url = "https://example.org/" + "a" * 80
    out = render_text_plain(f"Un [lien]({url}) dans un texte assez long pour être replié.", 30)
    body, links = out.split("\nLinks\n")
    assert all(cell_len(line) <= 30 for line in body.splitlines())
    assert f"[1] {url}" in links.splitlines()


def test_the_bundled_french_article_renders_within_the_width() -> None:
    paths = sorted(_ARTICLES.glob("*.md"))
    if not paths:
        pytest.skip("no bundled articles in this checkout")
    for path in paths:
        for width in (40, 72, 100):
            out = render_text_plain(_body(path), width)
            body = out.split("\nLinks\n─────\n")[0]
            assert all(cell_len(line) <= width for line in body.splitlines()), path.name
            assert "\x1b" not in out


# -- properties ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "mot ",
        "averyveryveryverylongwordthatdoesnotfitanywhere ",
        "日本語 ",
        "«\u00a0Bonjour\u00a0» ",
        "**gras** ",
        "*it* ",
        "`code` ",
        "[lien](https://example.org/é) ",
        "![img](x.png) ",
        "\n\n# ",
        "\n\n- ",
        "\n\n> ",
        "\n\n```python\nx = 1\n```\n\n",
        "\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n",
        "\n\n---\n\n",
        "\x1b[31m",
        "\x07",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(20, 100))
def test_ansi_is_plain_plus_sgr_and_plain_has_no_escape(body: str, width: int) -> None:
    plain = render_text(body, width, mode="plain")
    ansi = render_text(body, width, mode="ansi")
    assert "\x1b" not in plain
    assert "\x1b" not in _strip_sgr(ansi), "only SGR sequences"
    assert _strip_sgr(ansi) == plain
    text = plain.split("\nLinks\n─────\n")[0]
    assert all(cell_len(line) <= width for line in text.splitlines())
