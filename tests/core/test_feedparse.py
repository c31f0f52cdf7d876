"""Feed bytes to entries: the formats of issue 5, de-duplication keys, DOCTYPEs stripped."""

from __future__ import annotations

import codecs

import pytest

from linareader.core.errors import FeedError
from linareader.core.feedparse import parse_feed, strip_doctype

RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>
<link>http://old.test/</link><description>d</description>
<item><title>First</title><link>http://old.test/1</link>
<description>One &amp; only</description></item>
</channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://rdf.test/"><title>RDF</title><link>http://rdf.test/</link>
<description>d</description></channel>
<item rdf:about="http://rdf.test/a"><title>A</title><link>http://rdf.test/a</link>
<dc:creator>Dee</dc:creator><dc:date>2024-05-06T07:08:09Z</dc:date><description>Text</description></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom &#x1b;[31mRed</title><id>urn:f</id><updated>2024-01-01T00:00:00Z</updated>
<entry><id>urn:e1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title>
<link href="relative/1"/><updated>2024-01-02T03:04:05+01:00</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
<p>Full <a href="x">link</a></p></div></content>
<summary>Short</summary></entry>
<entry><title>No id, no link</title><summary type="text">plain *text*</summary></entry>
</feed>"""


def test_rss_091() -> None:
    feed = parse_feed(RSS091, "http://old.test/rss")
    (entry,) = feed.entries
    assert (feed.title, entry.title, entry.link) == ("Old", "First", "http://old.test/1")
    assert entry.key == "http://old.test/1"  # no guid: the link de-duplicates
    assert entry.summary_only and entry.content == "One & only"


def test_rss_10_rdf() -> None:
    (entry,) = parse_feed(RSS10, "http://rdf.test/rss").entries
    assert (entry.author, entry.published) == ("Dee", "2024-05-06T07:08:09Z")


def test_atom_10_content_keys_and_cleaning() -> None:
    feed = parse_feed(ATOM, "http://atom.test/feed/atom.xml")
    assert "\x1b" not in feed.title
    first, second = feed.entries
    assert first.key == "urn:e1" and first.title == "Bold title"
    assert first.link == "http://atom.test/feed/relative/1"
    assert first.published == "2024-01-02T02:04:05Z"
    assert not first.summary_only and 'href="http://atom.test/feed/x"' in first.content
    assert second.key.startswith("sha256:") and not second.content_is_html


def test_not_a_feed() -> None:
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body>hello</body></html>", "http://x.test/")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x]>y">]><rss>&a;</rss>',
         b'<?xml version="1.0"?><rss>&a;</rss>'),
        (b'<!DOCTYPE rss PUBLIC "-//x//EN" "http://x.test/dtd"><rss/>', b"<rss/>"),
        (b"<rss><!ENTITY x 'y'></rss>", b"<rss></rss>"),
        (b"<!doctype rss [<!ENTITY a 'unclosed ]><rss/>", b""),  # never closes: all dropped
        (b"<rss>no doctype</rss>", b"<rss>no doctype</rss>"),
    ],
)  # fmt: skip
def test_strip_doctype(data: bytes, expected: bytes) -> None:
    assert strip_doctype(data) == expected


def test_strip_doctype_in_utf16() -> None:
    text = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "b">]><rss/>'
    stripped = strip_doctype(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert stripped == b'<?xml version="1.0" encoding="utf-8"?><rss/>'
