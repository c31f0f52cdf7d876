"""Save a web page by URL: download, decode, extract, convert, write (``linareader add``).

:func:`save_page` is what ``linareader add`` and the app's add dialog both call. It takes the
HTTP client, the folders and a clock, reports its steps through an optional callback and stops
between steps (and between downloaded chunks) when ``should_stop`` returns true; it is safe to
call from a thread worker. HTML is reduced to its article; Markdown and plain text are saved as
they are; anything else is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from linareader.core.charset import decode_body
from linareader.core.errors import Cancelled, NotAnArticle
from linareader.core.extract import extract_article
from linareader.core.fetch import DEFAULT_LIMITS, Fetched, Limits, fetch, shown
from linareader.core.frontmatter import parse_front_matter, split_front_matter
from linareader.core.i18n import _
from linareader.core.pagemeta import PageMeta
from linareader.core.paths import Paths
from linareader.core.sanitize import clean_line, clean_text
from linareader.core.saved import (
    StoredArticle,
    find_by_source,
    folder_lock,
    iso_time,
    new_article_path,
    write_article,
)

if TYPE_CHECKING:
    import httpx

__all__ = ["ACCEPT_PAGE", "Page", "Progress", "read_page", "save_page"]

#: ``progress(done, total, message)``: step *done* of *total* is about to start.
Progress = Callable[[int, int, str], None]

ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.7,*/*;q=0.1"
_HTML = {"text/html", "application/xhtml+xml"}
_TEXT = {"text/markdown", "text/x-markdown", "text/plain"}


@dataclass(frozen=True, slots=True)
class Page:
    """A downloaded document reduced to what is saved: title, Markdown body, metadata."""

    title: str
    body: str
    meta: PageMeta


def _now() -> datetime:
    return datetime.now(UTC)


def _title_from_url(url: str) -> str:
    parts = urlsplit(url)
    name = PurePosixPath(unquote(parts.path)).stem
    return clean_line(name or parts.hostname or "article")


def _from_text(text: str) -> Page:
    """A Markdown or plain-text download: its own front matter, if any, gives the metadata."""
    yaml_text, body, _line = split_front_matter(clean_text(text))
    meta = parse_front_matter(yaml_text)
    return Page(
        meta.title,
        body,
        PageMeta(
            author=meta.author,
            date=meta.date.isoformat() if meta.date else "",
            lang=meta.lang,
        ),
    )


def read_page(fetched: Fetched) -> Page:
    """Return the article of a download: extracted from HTML, as is for Markdown and text.

    Raises:
        NotAnArticle: another content type, binary data, or no readable text.
    """
    body, media_type, url = fetched.body, fetched.media_type, fetched.url
    if not media_type and body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        media_type = "text/html"  # no Content-Type: sniff markup as browsers do
    if media_type in _HTML:
        extracted = extract_article(decode_body(body, fetched.charset, html=True), url)
        return Page(extracted.title, extracted.markdown, extracted.meta)
    if media_type in _TEXT:
        if b"\0" in body[:8192]:
            raise NotAnArticle(
                _("Cannot save {shown}: not an article, binary data.").format(shown=shown(url))
            )
        return _from_text(decode_body(body, fetched.charset, html=False))
    kind = clean_line(media_type)[:60] or _("none given")
    raise NotAnArticle(
        _(
            "Cannot save {shown}: not an article (content type {kind}); only web pages, Markdown "
            "and plain text can be saved."
        ).format(shown=shown(url), kind=kind)
    )


def save_page(
    client: httpx.Client,
    paths: Paths,
    url: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    clock: Callable[[], datetime] = _now,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> StoredArticle:
    """Download *url* and save its article under ``paths.saved_dir``.

    Saving a URL that was saved before (the same requested or final URL) rewrites that article
    in place: same file, same id, so its read state and bookmarks stay.

    Raises:
        DownloadError: the download failed (the message names the URL and the reason).
        NotAnArticle: the answer is not a page, Markdown or text, or holds no readable text.
        Cancelled: *should_stop* returned true; nothing was written.
        LinareaderError: the article could not be written.
    """

    def step(done: int, message: str) -> None:
        if should_stop is not None and should_stop():
            raise Cancelled(_("Stopped saving {shown}.").format(shown=shown(url)))
        if progress is not None:
            progress(done, 3, message)

    step(0, _("Downloading {shown}").format(shown=shown(url)))
    fetched = fetch(client, url, limits=limits, accept=ACCEPT_PAGE, should_stop=should_stop)
    step(1, _("Extracting the article"))
    page = read_page(fetched)
    step(2, _("Saving"))
    folder = paths.saved_dir
    from_url = _title_from_url(fetched.url)
    title = page.title or from_url
    with folder_lock(folder):
        found = find_by_source(folder, [fetched.url, url], "saved/")
        if found is None:
            path = new_article_path(folder, title, fallback=from_url)
            article_id, created = f"saved/{path.stem}", True
        else:
            (path, article_id), created = found, False
        fields = {
            "id": article_id,
            "title": title,
            "author": page.meta.author,
            "date": page.meta.date,
            "lang": page.meta.lang,
            "site": page.meta.site,
            "source": clean_line(fetched.url),
            "fetched": iso_time(clock()),
        }
        write_article(path, fields, page.body)
    if progress is not None:
        progress(3, 3, _("Saved"))
    return StoredArticle(article_id, path, title, created)
