"""A whole article as text for ``linareader cat``: plain, or styled with SGR codes.

Plain output is for pipes, files and screen readers: no escape byte at all, the layout's
markers (``###``, ``•``, ``▌``) carry the structure, and links become numbered references,
``text[1]``, listed under "Links" at the end so the reader can see where they go. ANSI output is
the same layout in the 16-colour palette every terminal has. It uses ``ESC[...m`` and nothing
else: no OSC 8 hyperlinks (some terminals let a crafted URL run commands through them), no
cursor movement; every styled line ends with a reset so a cut pipe leaves the terminal clean.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from linareader.core.document import Document, split_document
from linareader.core.i18n import _
from linareader.core.render import Line, Link, lay_out
from linareader.core.render.model import Span
from linareader.core.render.wrap import glues_french, wrap
from linareader.core.sanitize import clean_line, clean_text

__all__ = ["SGR", "document_lines", "render_text"]

#: SGR parameters for each style name; a span's codes are those of its names, in this order.
SGR: dict[str, str] = {
    "heading-1": "1;35",
    "heading-2": "1;36",
    "heading-3": "1;33",
    "heading-4": "1",
    "heading-5": "1",
    "heading-6": "1",
    "heading-mark": "",
    "strong": "1",
    "emphasis": "3",
    "strike": "9",
    "code": "36",
    "link": "4;34",
    "link-mark": "34",
    "image": "35",
    "quote": "3",
    "quote-mark": "2",
    "bullet": "33",
    "list-number": "33",
    "task-done": "32",
    "task-todo": "33",
    "code-block": "",
    "wrap-mark": "2",
    "table-border": "2",
    "table-header": "1",
    "table-cell": "",
    "rule": "2",
    "syntax-comment": "2;3",
    "syntax-keyword": "35",
    "syntax-string": "32",
    "syntax-number": "33",
    "syntax-operator": "31",
    "syntax-punctuation": "",
    "syntax-name-function": "34",
    "syntax-name-class": "1;34",
    "syntax-name-builtin": "36",
    "syntax-name-decorator": "33",
    "syntax-name-tag": "34",
    "syntax-name-attribute": "33",
    "syntax-inserted": "32",
    "syntax-deleted": "31",
    "syntax-heading": "1",
}
_ORDER = {name: i for i, name in enumerate(SGR)}
_sequences: dict[str, str] = {}
_RESET = "\x1b[0m"
_SAFE = str.maketrans({"\t": " ", "\n": " "})


def _sgr(style: str) -> str:
    """The escape sequence that selects *style* from a reset state ("" for none)."""
    sequence = _sequences.get(style)
    if sequence is None:
        names = sorted((n for n in style.split() if n in SGR), key=_ORDER.__getitem__)
        codes = ";".join(SGR[n] for n in names if SGR[n])
        sequence = _sequences[style] = f"\x1b[{codes}m" if codes else ""
    return sequence


def _safe(text: str) -> str:
    """Text with no control character at all, whatever slipped past the input sanitiser."""
    return clean_text(text).translate(_SAFE)


def _plain_line(line: Line) -> str:
    return _safe("".join(span.text for span in line))


def _ansi_line(line: Line) -> str:
    """A line with SGR codes; a styled line always ends with a reset, whatever comes next."""
    parts: list[str] = []
    current = ""
    styled = False
    for span in line:
        sequence = _sgr(span.style)
        if sequence != current:
            if current:
                parts.append(_RESET)
            parts.append(sequence)
            current = sequence
            styled = styled or bool(sequence)
        parts.append(_safe(span.text))
    if styled:
        parts.append(_RESET)
    return "".join(parts)


class _Numbering:
    """Numbers link targets across the whole document, one number per distinct target."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, link: Link) -> str:
        number = self.numbers.setdefault(link.target, len(self.numbers) + 1)
        return f"[{number}]"


def render_text(
    body: str,
    width: int,
    *,
    mode: Literal["plain", "ansi"],
    header_lines: Sequence[str] = (),
    lang: str = "",
) -> str:
    """Render an article body for a terminal or a pipe.

    Args:
        body: the Markdown body (front matter removed, sanitised).
        width: cells per line; no line of the article is wider. The "Links" list keeps each
            URL whole on its line, so that it can be copied, even when it is longer.
        mode: ``"plain"`` for text without any escape sequence, ``"ansi"`` for SGR styling.
        header_lines: lines shown first (title, author, date...), wrapped at *width* and set
            apart by a blank line; the first in bold in ANSI mode, the others dim.
        lang: the article's language, for its line breaking (French spacing).

    Returns:
        The text, ending with a newline unless it is empty.
    """
    lines = document_lines(
        split_document(body), width, mode=mode, header_lines=header_lines, lang=lang
    )
    out = "\n".join(lines)
    return out + "\n" if out else ""


def document_lines(
    document: Document,
    width: int,
    *,
    mode: Literal["plain", "ansi"],
    header_lines: Sequence[str] = (),
    lang: str = "",
) -> Iterator[str]:
    """Yield the lines of :func:`render_text` (without newlines) for a document, one chunk at
    a time, so that a very large article is written as it is laid out, never held whole."""
    show = _ansi_line if mode == "ansi" else _plain_line
    started = False
    for i, header in enumerate(header_lines):
        style = "heading-4" if i == 0 else "rule"  # bold title, dim details
        spans = [Span(clean_line(header), style)]
        for line in wrap(spans, width, french=glues_french(lang)):
            started = True
            yield show(line)
    numbering = _Numbering()
    for chunk in document.chunks:
        rendered = lay_out(
            chunk, width, references=document.references, link_marker=numbering, lang=lang
        )
        if not rendered.lines:
            continue
        if started:
            yield ""
        started = True
        yield from (show(line) for line in rendered.lines)
    if numbering.numbers:
        title = Span(_("Links"), "heading-2")
        yield from ("", show((title,)), show((Span("─" * 5, "heading-2 heading-mark"),)))
        for target, number in numbering.numbers.items():
            yield show((Span(f"[{number}]", "link-mark"), Span(f" {target}", "")))
