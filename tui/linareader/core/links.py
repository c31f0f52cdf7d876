"""What following a link means, decided before anything is opened.

Links in articles are untrusted. Only three kinds are followed: ``#anchor`` (a section of this
article), a relative or absolute path to a Markdown file (another article), and http(s) URLs,
which the app opens in the browser only after the user explicitly chose that link. Every other
scheme (``javascript:``, ``file:``, ``data:``, ``mailto:``...) is refused with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from linareader.core.article import MARKDOWN_SUFFIXES
from linareader.core.i18n import _
from linareader.core.sanitize import clean_line

__all__ = ["LinkTarget", "resolve_link"]


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A classified link: an anchor here, another article, a web page, or refused."""

    kind: Literal["anchor", "article", "web", "refused"]
    anchor: str = ""
    path: Path | None = None
    url: str = ""
    reason: str = ""


def resolve_link(target: str, base: Path) -> LinkTarget:
    """Classify *target*, a link found in the article stored at *base*."""
    target = target.strip()
    if target.startswith("#"):
        return LinkTarget("anchor", anchor=unquote(target[1:]))
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.netloc:
            return LinkTarget(
                "refused",
                reason=_("'{value}' is not a web address.").format(value=clean_line(target)[:80]),
            )
        return LinkTarget("web", url=target)
    if scheme and not (len(scheme) == 1 and target[1:3] in (":\\", ":/")):
        shown = clean_line(scheme)[:20]
        return LinkTarget(
            "refused",
            reason=_("Links with the '{shown}:' scheme are not followed.").format(shown=shown),
        )
    path = Path(unquote(parts.path))
    if not parts.path:
        return LinkTarget("refused", reason=_("This link points nowhere."))
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        name = clean_line(path.name)[:80]
        return LinkTarget(
            "refused", reason=_("'{name}' is not a Markdown article.").format(name=name)
        )
    resolved = (base.parent / path).resolve() if not path.is_absolute() else path.resolve()
    return LinkTarget("article", path=resolved, anchor=unquote(parts.fragment))
