"""Article extraction: structure kept, code languages kept, deep nesting survived, metadata read."""

from __future__ import annotations

import logging

import pytest

from linareader.core.errors import NotAnArticle
from linareader.core.extract import MAX_DEPTH, extract_article, html_to_markdown, parse_html
from linareader.core.pagemeta import read_page_meta

FILLER = (
    "The analytical engine weaves algebraic patterns, just as the Jacquard loom weaves flowers "
    "and leaves, and this sentence is long enough for an extractor to weigh it as prose."
)


def page(article: str, head: str = "") -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>Page title | Site</title>{head}</head>"
        "<body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<article>{article}</article><footer>Copyright, legal notice</footer></body></html>"
    )


@pytest.mark.parametrize(
    ("pre", "language"),
    [
        ('<pre><code class="language-python">x = 1</code></pre>', "python"),
        ('<pre class="lang-rust"><code>let x = 1;</code></pre>', "rust"),
        ('<pre><code class="hljs language-js">let x = 1</code></pre>', "js"),
        ('<div class="highlight-source-shell"><pre>ls -l</pre></div>', ""),
        ('<pre data-lang="go"><code>x := 1</code></pre>', "go"),
        ('<pre class="brush: sql">SELECT 1</pre>', "sql"),
        ("<pre><code>plain</code></pre>", ""),
    ],
)
def test_code_blocks_keep_their_language(pre: str, language: str) -> None:
    markdown = html_to_markdown(f"<p>Code:</p>{pre}")
    assert f"```{language}\n" in markdown


def test_relative_links_become_absolute_and_keep_their_spaces() -> None:
    html = page(f"<p>{FILLER} See <a href='../notes.html'>the notes</a> for more. {FILLER}</p>")
    extracted = extract_article(html, "http://127.0.0.1:1/a/b/page.html")
    assert " See [the notes](http://127.0.0.1:1/a/notes.html) for more." in extracted.markdown


def test_title_prefers_opengraph_then_readability() -> None:
    body = f"<p>{FILLER}</p><p>{FILLER}</p>"
    with_og = page(body, "<meta property='og:title' content='The real title'>")
    assert extract_article(with_og, "http://x.test/").title == "The real title"
    assert extract_article(page(body), "http://x.test/").title.startswith("Page title")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 20, 300, 3000])
def test_deeply_nested_pages_are_saved_with_a_warning(
    depth: int, caplog: pytest.LogCaptureFixture
) -> None:
    nested = "<div>" * depth + f"<p>Deep inside. {FILLER}</p>" + "</div>" * depth
    html = page(f"{nested}<p>After the nest. {FILLER}</p>")
    with caplog.at_level(logging.WARNING):
        extracted = extract_article(html, "http://x.test/deep")
    assert "Deep inside." in extracted.markdown
    assert "After the nest." in extracted.markdown
    assert any("nested" in record.getMessage() for record in caplog.records)


def test_deep_feed_content_converts_without_recursion_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fragment = "<blockquote>" * 5000 + "bottom text" + "</blockquote>" * 5000
    with caplog.at_level(logging.WARNING):
        markdown = html_to_markdown(fragment)
    assert "bottom text" in markdown
    assert caplog.records


def test_an_empty_page_is_not_an_article() -> None:
    with pytest.raises(NotAnArticle, match=r"http://x\.test/empty"):
        extract_article("   ", "http://x.test/empty")
    with pytest.raises(NotAnArticle):
        extract_article("<html><body><script>1</script></body></html>", "http://x.test/js")


def test_converted_markdown_is_sanitised() -> None:
    markdown = html_to_markdown("<p>bell\x07 and \x1b]52;c;Zm9v\x07 gone</p>")
    assert "\x07" not in markdown and "\x1b" not in markdown


META_HEAD = """
<meta property="og:site_name" content="Le Journal">
<meta name="author" content="https://example.test/profile">
<meta property="article:author" content="https://example.test/author">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "ignored"},
  {"@type": ["NewsArticle"], "headline": "Headline from JSON-LD",
   "author": [{"@type": "Person", "name": "Ada Lovelace"}, {"name": "Charles Babbage"}],
   "datePublished": "2024-07-10T08:30:00+02:00", "publisher": {"name": "Publisher"}}
]}
</script>
"""


def test_page_metadata_from_json_ld_and_opengraph() -> None:
    doc = parse_html(f"<html lang='fr-FR'><head>{META_HEAD}</head><body></body></html>")
    assert doc is not None
    meta = read_page_meta(doc)
    assert meta.title == "Headline from JSON-LD"
    assert meta.author == "Ada Lovelace, Charles Babbage"
    assert (meta.date, meta.lang, meta.site) == ("2024-07-10", "fr-FR", "Le Journal")


@pytest.mark.parametrize(
    ("head", "body", "field", "value"),
    [
        ('<meta name="author" content="Jo Writer">', "", "author", "Jo Writer"),
        ("", '<a rel="author" href="/jo">Jo Link</a>', "author", "Jo Link"),
        ('<meta property="article:published_time" content="2023-02-03">', "", "date", "2023-02-03"),
        ("", '<time datetime="2022-11-05T10:00">5 Nov</time>', "date", "2022-11-05"),
        ('<meta name="date" content="2021-13-45">', "", "date", ""),  # invalid: dropped
        ('<script type="application/ld+json">{broken</script>', "", "title", ""),
        ('<meta property="og:locale" content="de_DE">', "", "lang", "de-DE"),
        (
            '<meta property="og:title" content="A\x1b[2Jtitle\nwith break">',
            "",
            "title",
            "Atitle with break",
        ),
    ],
)
def test_page_metadata_fallbacks(head: str, body: str, field: str, value: str) -> None:
    doc = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert doc is not None
    assert getattr(read_page_meta(doc), field) == value
