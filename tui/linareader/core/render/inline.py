"""Inline Markdown (emphasis, code, links, images, breaks) to styled fragments.

One :class:`InlineRenderer` serves a whole chunk so that links are numbered in order of
appearance across its blocks; :attr:`Span.link` then points into that list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from linareader.core.render.model import Link, Span, compose_style
from linareader.core.render.wrap import BREAK, Fragment

__all__ = ["InlineRenderer", "LinkMarker", "inline_tokens", "plain_text", "readable_url"]

#: Given a link, returns the reference mark to show after its text (``cat`` shows ``[3]``).
LinkMarker = Callable[[Link], str]

_PAIRS = {
    "strong_open": "strong",
    "strong_close": "strong",
    "em_open": "emphasis",
    "em_close": "emphasis",
    "s_open": "strike",
    "s_close": "strike",
}
_ESCAPED_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decode_run(match: re.Match[str]) -> str:
    raw = match.group()
    try:
        text = bytes.fromhex(raw.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return raw
    # Only visible characters beyond ASCII come back; %20, %2F, invisible and control
    # characters stay escaped, so the URL keeps its meaning and shows nothing hidden.
    return "".join(
        ch if ord(ch) > 0x7F and ch.isprintable() else "".join(f"%{b:02X}" for b in ch.encode())
        for ch in text
    )


def readable_url(href: str) -> str:
    """Undo markdown-it's percent-encoding of non-ASCII letters (``%C3%A8`` back to ``è``).

    Anchors then compare equal to :mod:`linareader.core.slug` output, and French URLs read as
    written; reserved and ASCII characters stay escaped, so the URL keeps its meaning.
    """
    if "%" not in href:
        return href
    return _ESCAPED_RUN.sub(_decode_run, href)


def inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    """The inline children of a paragraph, heading or table cell node."""
    token = node.children[0].token if node.children else None
    if token is None or token.type != "inline":
        return []
    return token.children or []


def plain_text(tokens: Sequence[Token]) -> str:
    """Return the visible text of inline tokens without markup (an image's alt text)."""
    parts: list[str] = []
    for tok in tokens:
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type == "image":
            parts.append(plain_text(tok.children or ()))
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


class InlineRenderer:
    """Turns the inline tokens of one chunk into fragments and collects its links."""

    def __init__(self, link_marker: LinkMarker | None = None, *, french: bool = False) -> None:
        self.links: list[Link] = []
        #: French spacing for every wrap of this chunk's text (see ``wrap.glues_french``).
        self.french = french
        self._marker = link_marker

    def _mark(self, link: Link, base: tuple[str, ...], out: list[Fragment]) -> None:
        if self._marker is not None:
            out.append(Span(self._marker(link), compose_style((*base, "link-mark"))))

    def fragments(
        self, tokens: Sequence[Token], base: tuple[str, ...] = (), *, skip: int = 0
    ) -> list[Fragment]:
        """Return the fragments of *tokens*, every span styled with *base* plus its markup.

        Args:
            tokens: the children of an ``inline`` token.
            base: style names of the enclosing block (``heading-2``, ``quote``...).
            skip: characters to drop from the first text (the ``[x] `` of a task item).
        """
        out: list[Fragment] = []
        names: list[str] = list(base)
        style = compose_style(base)
        link: int | None = None
        link_text: list[str] = []
        for tok in tokens:
            kind = tok.type
            if kind == "text":
                text = tok.content.replace("\t", " ")
                if skip:
                    text, skip = text[skip:], 0
                out.append(Span(text, style, link))
                if link is not None:
                    link_text.append(text)
            elif kind == "softbreak":
                out.append(Span(" ", style, link))
            elif kind == "hardbreak":
                out.append(BREAK)
            elif kind == "code_inline":
                text = tok.content.replace("\t", " ")
                out.append(Span(text, compose_style((*names, "code")), link))
                if link is not None:
                    link_text.append(text)
            elif kind in _PAIRS:
                if tok.nesting > 0:
                    names.append(_PAIRS[kind])
                elif _PAIRS[kind] in names:
                    del names[len(names) - 1 - names[::-1].index(_PAIRS[kind])]
                style = compose_style(tuple(names))
            elif kind == "link_open":
                link = len(self.links)
                self.links.append(Link(link, readable_url(str(tok.attrs.get("href", ""))), ""))
                names.append("link")
                style = compose_style(tuple(names))
                link_text = []
            elif kind == "link_close" and link is not None:
                target = self.links[link].target
                self.links[link] = Link(link, target, " ".join("".join(link_text).split()))
                names.remove("link")
                style = compose_style(tuple(names))
                self._mark(self.links[link], base, out)
                link = None
            elif kind == "image":
                alt = self._image(tok, names, link, base, out)
                if link is not None:
                    link_text.append(alt)
            elif tok.content:
                out.append(Span(tok.content, style, link))
        return out

    def _image(
        self,
        tok: Token,
        names: list[str],
        link: int | None,
        base: tuple[str, ...],
        out: list[Fragment],
    ) -> str:
        """Show an image as ``[image: alt]``; inside a link it follows that link instead.

        Returns the alt text.
        """
        alt = " ".join(plain_text(tok.children or ()).split())
        # A no-break space keeps "[image:" with the first word of the alt text.
        label = f"[image:\u00a0{alt}]" if alt else "[image]"
        style = compose_style((*names, "image"))
        if link is not None:
            out.append(Span(label, style, link))
            return alt
        index = len(self.links)
        image = Link(index, readable_url(str(tok.attrs.get("src", ""))), alt)
        self.links.append(image)
        out.append(Span(label, style, index))
        self._mark(image, base, out)
        return alt
