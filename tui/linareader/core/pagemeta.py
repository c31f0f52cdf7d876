"""A web page's own metadata: title, author, date, language and site name.

readability gives the article body; what it does not give comes from the page's metadata, read
here with lxml, in order of trust: JSON-LD (``NewsArticle``, ``BlogPosting``...), OpenGraph and
``article:*`` meta tags, then plain ``<meta name="author">``, ``<time datetime>`` and
``<html lang>``. Every value is cleaned to one safe line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html

from linareader.core.dates import parse_date
from linareader.core.sanitize import clean_line

__all__ = ["PageMeta", "read_page_meta"]

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "socialmediaposting",
    "webpage",
    "report",
}
_MAX_JSON = 512 * 1024
_MAX_FIELD = 300


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself; empty strings where it says nothing."""

    title: str = ""
    author: str = ""
    date: str = ""
    """``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``), validated."""
    lang: str = ""
    site: str = ""


def _line(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return clean_line(value)[:_MAX_FIELD]


def _date(value: object) -> str:
    """``2024-07-10T08:30:00+02:00`` -> ``2024-07-10``; anything not a valid date -> empty."""
    if not isinstance(value, str):
        return ""
    parsed = parse_date(value.strip()[:40])
    return parsed.isoformat() if parsed is not None else ""


def _names(value: object) -> list[str]:
    """Names from a JSON-LD ``author``: a string, a Person, or a list of either."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:10]:
        name = item.get("name") if isinstance(item, dict) else item
        text = _line(name)
        if text and not text.startswith(("http://", "https://")) and text not in names:
            names.append(text)
    return names


def _json_ld_objects(doc: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in doc.xpath('//script[@type="application/ld+json"]')[:20]:
        text = script.text or ""
        if len(text) > _MAX_JSON:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        budget = 200
        while stack and budget:
            budget -= 1
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item[:50])
            elif isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph[:50])
                yield item


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES for kind in kinds)


def _from_json_ld(doc: lxml_html.HtmlElement) -> PageMeta:
    for item in _json_ld_objects(doc):
        if not _is_article(item):
            continue
        publisher = item.get("publisher")
        site = publisher.get("name") if isinstance(publisher, dict) else None
        return PageMeta(
            title=_line(item.get("headline") or item.get("name")),
            author=", ".join(_names(item.get("author"))[:3]),
            date=_date(item.get("datePublished") or item.get("dateCreated")),
            lang=_line(item.get("inLanguage")),
            site=_line(site),
        )
    return PageMeta()


def _meta(doc: lxml_html.HtmlElement) -> dict[str, str]:
    """The first ``content`` of each ``<meta property|name|itemprop=...>``, by lower-case key."""
    found: dict[str, str] = {}
    for element in doc.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                found.setdefault(key.strip().lower(), content)
    return found


def _first(*values: str) -> str:
    return next((value for value in values if value), "")


def read_page_meta(doc: lxml_html.HtmlElement) -> PageMeta:
    """Return the metadata of a parsed page (see the module docstring for the order)."""
    ld = _from_json_ld(doc)
    meta = _meta(doc)
    author_meta = meta.get("author", "") or meta.get("article:author", "")
    if author_meta.startswith(("http://", "https://")):
        author_meta = ""  # article:author is often a profile URL, not a name
    rel_author = doc.xpath('string((//a[@rel="author"])[1])')
    time_value = doc.xpath("string((//time[@datetime])[1]/@datetime)")
    return PageMeta(
        title=_first(_line(meta.get("og:title")), ld.title, _line(meta.get("twitter:title"))),
        author=_first(
            ld.author, _line(author_meta), _line(meta.get("dc.creator")), _line(rel_author)
        ),
        date=_first(
            ld.date,
            _date(meta.get("article:published_time")),
            _date(meta.get("datepublished")),
            _date(meta.get("date")),
            _date(meta.get("dc.date.issued")),
            _date(meta.get("dc.date")),
            _date(meta.get("dcterms.date")),
            _date(time_value),
        ),
        lang=_first(
            _line(doc.get("lang")),
            _line(doc.get("{http://www.w3.org/XML/1998/namespace}lang")),
            ld.lang,
            _line(meta.get("content-language")),
            _line(meta.get("og:locale")).replace("_", "-"),
        )[:35],
        site=_first(_line(meta.get("og:site_name")), ld.site, _line(meta.get("application-name"))),
    )
