"""The plain text of a Markdown heading line, without parsing it.

The table of contents shows it and :class:`~linareader.core.slug.Slugger` turns it into the
anchor, so it must drop exactly the markup GitHub drops before slugging: emphasis markers,
code backticks, link destinations, backslash escapes and entities. Underscores inside words
(``snake_case``) are text, not emphasis, and must stay, or the anchor would differ from
GitHub's.
"""

from __future__ import annotations

import html
import re

__all__ = ["heading_title"]

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.-]{1,31}:|[^<>\s@]+@)[^<>\s]*)>")
# Emphasis runs: opening (not after a word character or backslash, before non-space) or
# closing (after non-space, not escaped, not before a word character).
_EMPHASIS = re.compile(r"(?<![\w\\])[*_~]+(?=\S)|(?<=[^\s\\])[*_~]+(?!\w)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")


def _strip(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    return html.unescape(_ESCAPE.sub(r"\1", text))


def heading_title(text: str) -> str:
    """Return the visible text of an ATX heading's content or a setext heading's lines.

    >>> heading_title("Une *première* `historique` ##")
    'Une première historique'
    """
    text = _CLOSING.sub("", text.strip())
    parts: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_strip(text[pos : match.start()]))
        parts.append(match.group(2).strip() or match.group(2))
        pos = match.end()
    parts.append(_strip(text[pos:]))
    return " ".join("".join(parts).split())
