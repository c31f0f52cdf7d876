"""The bookmarks as a Markdown digest (``linareader bookmarks --format md``).

One section per article (by title), one list item per bookmark: the section heading, linked to
the article's source at that anchor when the article has a web source, the note and the dates.
One bookmark per line, so that a digest kept in a notes folder diffs well. Titles, headings and
notes come from untrusted files and the state file: they are cleaned and their Markdown
punctuation escaped, so that a note cannot turn into a link, an image or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import quote

from linareader.core.article import Article
from linareader.core.i18n import _
from linareader.core.state_model import Bookmark, clean

__all__ = ["bookmarks_markdown", "escape_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


def escape_markdown(text: str) -> str:
    """Return *text* as literal Markdown inline text, on one line."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def _link(article: Article | None, anchor: str) -> str | None:
    source = article.source if article is not None else None
    if not source or not source.lower().startswith(("http://", "https://")):
        return None
    url = quote(clean(source).split("#", 1)[0], safe=_URL_SAFE)
    return f"{url}#{quote(anchor, safe='-_')}" if anchor else url


def _dates(mark: Bookmark) -> str:
    created, updated = mark.created[:10], mark.updated[:10]
    if updated and updated != created:
        return _("bookmarked {created}, edited {updated}").format(created=created, updated=updated)
    return _("bookmarked {created}").format(created=created) if created else ""


def _item(mark: Bookmark, article: Article | None) -> str:
    heading = escape_markdown(mark.heading or mark.anchor or _("(top of the article)"))
    url = _link(article, mark.anchor)
    line = f"- [{heading}]({url})" if url else f"- {heading}"
    if mark.note:
        line += f" — {escape_markdown(mark.note)}"
    dates = _dates(mark)
    return line + (f" _({dates})_" if dates else "")


def bookmarks_markdown(
    bookmarks: Sequence[Bookmark], article_of: Callable[[str], Article | None]
) -> str:
    """Return the digest of *bookmarks*; *article_of* finds an article by id (or ``None``)."""
    groups: dict[str, list[Bookmark]] = {}
    for mark in bookmarks:
        groups.setdefault(mark.article, []).append(mark)

    def title(article_id: str) -> str:
        article = article_of(article_id)
        return article.title if article is not None else article_id

    lines = [_("# Bookmarks"), ""]
    if not groups:
        lines += [_("No bookmarks yet."), ""]
    for article_id in sorted(groups, key=lambda key: (title(key).casefold(), key)):
        article = article_of(article_id)
        heading = escape_markdown(title(article_id))
        if article is None:
            heading += _(" _(not in the library)_")
        lines += [f"## {heading}", ""]
        marks = sorted(groups[article_id], key=lambda mark: (mark.created, mark.anchor))
        lines += [_item(mark, article) for mark in marks]
        lines.append("")
    return "\n".join(lines)
