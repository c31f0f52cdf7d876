"""Naming a section from the command line or a bookmark: by anchor, else by heading text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from linareader.core.errors import SectionNotFound
from linareader.core.i18n import _
from linareader.core.sanitize import clean_line
from linareader.core.slug import slugify

__all__ = ["HeadingLike", "find_bookmarked_heading", "resolve_section"]


class HeadingLike(Protocol):
    """Anything with a heading's anchor and title (document headings, bookmarks)."""

    @property
    def anchor(self) -> str: ...

    @property
    def title(self) -> str: ...


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


H = TypeVar("H", bound=HeadingLike)


def resolve_section(headings: Sequence[H], spec: str) -> H:
    """Return the heading *spec* names: an exact anchor, then heading text, then its slug.

    Heading text is compared without case and with spaces folded, so a shell user can type
    ``"twake workplace s’affiche sur timessquare : une première historique !"``.
    """
    for heading in headings:
        if heading.anchor == spec:
            return heading
    wanted = _fold(spec)
    for heading in headings:
        if _fold(heading.title) == wanted:
            return heading
    slug = slugify(spec)
    for heading in headings:
        if heading.anchor == slug:
            return heading
    names = "; ".join(heading.anchor for heading in headings if heading.anchor)[:300]
    hint = (
        _(" Sections: {names}.").format(names=names)
        if names
        else _(" This article has no sections.")
    )
    raise SectionNotFound(
        _("No section matches '{text}'.{hint}").format(text=clean_line(spec), hint=hint)
    )


def find_bookmarked_heading(headings: Sequence[H], anchor: str, heading_text: str) -> H | None:
    """Find a bookmarked section again after edits: by anchor, then by its heading's text.

    A heading that was renamed keeps its bookmark through the anchor only if the anchor did not
    change, and one that moved keeps it through its text; when both changed, None (the caller
    shows "section not found" rather than dropping the bookmark).
    """
    for heading in headings:
        if heading.anchor == anchor:
            return heading
    wanted = _fold(heading_text)
    for heading in headings:
        if _fold(heading.title) == wanted:
            return heading
    return None
