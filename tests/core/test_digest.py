"""The Markdown digest of bookmarks: grouping, links to the source, and hostile text kept inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from linareader.core.article import Article
from linareader.core.digest import bookmarks_markdown, escape_markdown
from linareader.core.state_model import Bookmark

T1, T2 = "2025-01-02T10:00:00.000Z", "2025-03-04T10:00:00.000Z"


def article(article_id: str, title: str, source: str = "") -> Article:
    return Article(article_id, title, Path(f"{article_id}.md"), "local", source=source)


def test_groups_by_article_title_links_sections_and_dates_edits() -> None:
    library = {
        "b": article("b", "Zebra notes", "https://example.org/z?x=1#old"),
        "a": article("a", "Apple notes"),
    }
    marks = [
        Bookmark("b", "setup", "Setup", "", T1, T1),
        Bookmark("a", "intro", "Intro", "see this", T1, T2),
        Bookmark("gone", "part", "Part", "", T1, T1),
    ]
    assert bookmarks_markdown(marks, library.get).splitlines() == [
        "# Bookmarks",
        "",
        "## Apple notes",
        "",
        "- Intro — see this _(bookmarked 2025-01-02, edited 2025-03-04)_",
        "",
        "## gone _(not in the library)_",
        "",
        "- Part _(bookmarked 2025-01-02)_",
        "",
        "## Zebra notes",
        "",
        "- [Setup](https://example.org/z?x=1#setup) _(bookmarked 2025-01-02)_",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "![pixel](https://tracker.example/p.png)",
        "[click](javascript:alert(1))",
        "<script>alert(1)</script>",
        "**bold** _it_ `code` ~~gone~~ | a | b |",
        "&amp; &#x41; \\* trailing \\",
        "# not a heading\x1b]0;title\x07",
    ],
)
def test_hostile_text_renders_as_the_same_literal_text(text: str) -> None:
    """Escaped text renders back to itself: no link, image, HTML, emphasis or entity."""
    rendered = MarkdownIt("commonmark").enable("strikethrough").enable("table")
    html = rendered.render(escape_markdown(text))
    assert "<a" not in html and "<img" not in html and "<script" not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    assert "\x1b" not in html and "\x07" not in html
