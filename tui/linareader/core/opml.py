"""OPML 2.0 import and export of feed subscriptions, with their categories.

Export writes one ``<outline type="rss">`` per feed, inside a folder outline named after its
first tag (how most feed readers show categories), with every tag in the OPML 2.0 ``category``
attribute and linareader's own settings (name, ``full_content``, ``keep``) in attributes of a
``linareader`` namespace, so that export then import gives back the same subscriptions.

Import reads any OPML 1.0/2.0 file: feeds are outlines with an ``xmlUrl``; their tags are their
``category`` entries and the titles of the folders around them. The file is parsed with lxml
without network access, without entity expansion, without DTD loading and with its size limits
on, since an OPML file comes from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from lxml import etree

from linareader.core.errors import OpmlError
from linareader.core.feeds import DEFAULT_KEEP, Subscription, feed_name
from linareader.core.i18n import _
from linareader.core.sanitize import clean_line
from linareader.core.saved import safe_stem

__all__ = ["MAX_OPML", "OpmlFeed", "export_opml", "parse_opml", "read_opml", "to_subscriptions"]

MAX_OPML = 10 * 1024 * 1024
NAMESPACE = "urn:x-linareader:opml:1"
_NS = f"{{{NAMESPACE}}}"


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """A feed found in an OPML file."""

    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    name: str = ""
    full_content: bool = False
    keep: int = DEFAULT_KEEP


def _category_tags(value: str) -> list[str]:
    """``/Tech/Linux,News`` -> ``["Tech/Linux", "News"]`` (RSS 2.0 category paths)."""
    tags = []
    for part in value.split(","):
        tag = clean_line(part).strip("/ ")
        if tag:
            tags.append(tag)
    return tags


def _int(value: str | None, default: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if number >= 0 else default


def _title(outline: etree._Element) -> str:
    text = outline.get("title") or outline.get("text") or ""
    if outline.get("title") is None and text == outline.get(f"{_NS}name"):
        text = ""  # our export's text for an untitled feed is its name
    return clean_line(text)[:300]


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """Return the feeds of an OPML document, in document order, each URL once.

    Raises:
        OpmlError: the data is too large or not OPML.
    """
    if len(data) > MAX_OPML:
        raise OpmlError(_("The OPML file is larger than 10 MB."))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise OpmlError(
            _("The file is not valid OPML ({value}).").format(value=clean_line(str(error))[:120])
        ) from None
    if root is None or etree.QName(root).localname != "opml":
        raise OpmlError(_("The file is not OPML: its root element is not <opml>."))
    body = root.find("body")
    if body is None:
        raise OpmlError(_("The OPML file has no <body>."))
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for outline in body.iter("outline"):  # document order, without recursion
        url = clean_line(outline.get("xmlUrl") or "")
        if not url or url in seen or not url.lower().startswith(("http://", "https://")):
            continue
        seen.add(url)
        folders = [
            clean_line(folder.get("title") or folder.get("text") or "")
            for folder in reversed(list(outline.iterancestors("outline")))
        ]
        tags = [*_category_tags(outline.get("category") or ""), *filter(None, folders)]
        feeds.append(
            OpmlFeed(
                url=url,
                title=_title(outline),
                tags=tuple(dict.fromkeys(tags)),
                name=clean_line(outline.get(f"{_NS}name") or ""),
                full_content=(outline.get(f"{_NS}fullContent") or "").lower() == "true",
                keep=_int(outline.get(f"{_NS}keep"), DEFAULT_KEEP),
            )
        )
    return feeds


def read_opml(path: Path) -> list[OpmlFeed]:
    """Read and parse an OPML file.

    Raises:
        OpmlError: the file cannot be read or is not OPML.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_OPML + 1)
    except OSError as error:
        raise OpmlError(
            _("Cannot read {path}: {value}.").format(path=path, value=error.strerror or error)
        ) from error
    return parse_opml(data)


def to_subscriptions(feeds: list[OpmlFeed], taken: set[str]) -> list[Subscription]:
    """Turn OPML feeds into subscriptions with free, valid names (their own when possible)."""
    names = set(taken)
    subscriptions = []
    for feed in feeds:
        own = safe_stem(feed.name, fallback="") if feed.name else ""
        name = own if own and own not in names else feed_name(feed.title, feed.url, names)
        names.add(name)
        subscriptions.append(
            Subscription(
                name=name,
                url=feed.url,
                title=feed.title,
                tags=feed.tags,
                full_content=feed.full_content,
                keep=feed.keep,
            )
        )
    return subscriptions


def export_opml(subscriptions: list[Subscription], now: datetime | None = None) -> str:
    """Return an OPML 2.0 document of *subscriptions*."""
    root = etree.Element("opml", version="2.0", nsmap={"linareader": NAMESPACE})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _("linareader subscriptions")
    etree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for subscription in subscriptions:
        parent = body
        if subscription.tags:
            first = subscription.tags[0]
            if first not in folders:
                folders[first] = etree.SubElement(body, "outline", text=first, title=first)
            parent = folders[first]
        outline = etree.SubElement(
            parent, "outline", type="rss", text=subscription.title or subscription.name
        )
        if subscription.title:
            outline.set("title", subscription.title)
        outline.set("xmlUrl", subscription.url)
        if subscription.tags:
            outline.set("category", ",".join(f"/{tag}" for tag in subscription.tags))
        outline.set(f"{_NS}name", subscription.name)
        if subscription.full_content:
            outline.set(f"{_NS}fullContent", "true")
        if subscription.keep != DEFAULT_KEEP:
            outline.set(f"{_NS}keep", str(subscription.keep))
    text: str = etree.tostring(root, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text
