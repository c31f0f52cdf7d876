"""Code blocks: syntax highlighting with Pygments, and hard cutting at the width.

Code is never re-wrapped at spaces, because its line structure is its meaning. A line wider than
the screen continues on the next screen line after a ``↪`` mark. Only the language named after
the fence is highlighted: guessing (``guess_lexer``) costs tens of milliseconds per block and
guesses wrong on short snippets. Pygments is imported on the first highlighted block, not with
this module, so ``cat`` of an article without code never pays for it.

Making a lexer compiles its regular expressions, tens of milliseconds for the common languages.
The reader does not make its first screen wait for that: it lays code out with
``highlight=False`` while :func:`lexer_loaded` says no, has :func:`load_lexer` run in a thread,
and lays the block out again, coloured and with the same lines, once it is ready.
"""

from __future__ import annotations

from typing import Any

from linareader.core.render.model import Line, Span, compose_style
from linareader.core.render.wrap import cut_spans, rstrip_line

__all__ = ["CODE_INDENT", "code_lines", "lexer_loaded", "load_lexer"]

#: Cells of indentation before a code block, so code stands apart from prose even unstyled.
CODE_INDENT = 2
_BLOCK = "code-block"
# Bigger blocks (minified scripts, data dumps) are shown uncoloured: lexing a megabyte takes
# seconds and colour adds little to such text.
_MAX_HIGHLIGHT = 100_000
_WRAP_MARK = "↪"

# Pygments token types (by dotted name) to style names, most specific first.
_GROUPS = (
    ("Comment", "syntax-comment"),
    ("Keyword", "syntax-keyword"),
    ("Operator.Word", "syntax-keyword"),
    ("Operator", "syntax-operator"),
    ("Punctuation", "syntax-punctuation"),
    ("Name.Function", "syntax-name-function"),
    ("Name.Class", "syntax-name-class"),
    ("Name.Exception", "syntax-name-class"),
    ("Name.Builtin", "syntax-name-builtin"),
    ("Name.Decorator", "syntax-name-decorator"),
    ("Name.Tag", "syntax-name-tag"),
    ("Name.Attribute", "syntax-name-attribute"),
    ("Literal.String", "syntax-string"),
    ("Literal.Number", "syntax-number"),
    ("Generic.Inserted", "syntax-inserted"),
    ("Generic.Deleted", "syntax-deleted"),
    ("Generic.Heading", "syntax-heading"),
    ("Generic.Subheading", "syntax-heading"),
)
_token_styles: dict[Any, str] = {}
# Lexers by language name (None: no such language). Filled by _lexer only; a dict read or
# write is atomic, so the reader's thread and its event loop can share it.
_lexers: dict[str, Any] = {}
_MAX_LEXERS = 64


def _lexer(name: str) -> Any:
    """Return a Pygments lexer for a fence's language name, or ``None`` if there is none."""
    if name in _lexers:
        return _lexers[name]
    from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
    from pygments.util import ClassNotFound  # type: ignore[import-untyped]

    try:
        lexer = get_lexer_by_name(name, stripnl=False, ensurenl=True)
        lexer.get_tokens("")  # compiles the lexer's expressions now, not on first use
    except ClassNotFound:
        lexer = None
    if len(_lexers) < _MAX_LEXERS:  # bounded: info strings are the document's to choose
        _lexers[name] = lexer
    return lexer


def lexer_loaded(language: str) -> bool:
    """Whether a code block in *language* can be highlighted without making a lexer."""
    return not language or language.lower() in _lexers


def load_lexer(language: str) -> None:
    """Make the lexer of *language* (slow the first time: call it from a thread)."""
    if language:
        _lexer(language.lower())


def _style_of(ttype: Any) -> str:
    style = _token_styles.get(ttype)
    if style is None:
        from pygments.token import string_to_tokentype  # type: ignore[import-untyped]

        style = _BLOCK
        for dotted, name in _GROUPS:
            if ttype in string_to_tokentype(dotted):
                style = compose_style((_BLOCK, name))
                break
        _token_styles[ttype] = style
    return style


def _rows(code: str, language: str, highlight: bool) -> list[list[Span]]:
    """Split *code* into source lines of styled pieces, highlighted if the language is known."""
    wanted = highlight and language and len(code) <= _MAX_HIGHLIGHT
    lexer = _lexer(language.lower()) if wanted else None
    if lexer is None:
        return [[Span(text, _BLOCK)] for text in code.split("\n")]
    rows: list[list[Span]] = [[]]
    for ttype, value in lexer.get_tokens(code):
        style = _style_of(ttype)
        first, *rest = value.split("\n")
        if first:
            rows[-1].append(Span(first, style))
        for text in rest:
            rows.append([Span(text, style)] if text else [])
    return rows


def code_lines(code: str, language: str, width: int, *, highlight: bool = True) -> list[Line]:
    """Lay out a code block's text at *width* cells: indented, highlighted, cut hard.

    Args:
        code: the block's content, as markdown-it gives it.
        language: the first word of the fence's info string ("" for none).
        width: cells available.
        highlight: colour the code; without, the lines are the same, only plain.
    """
    rows = [list(rstrip_line(row)) for row in _rows(code.expandtabs(4), language, highlight)]
    shown = [i for i, row in enumerate(rows) if row]  # blank lines at either end are dropped
    rows = rows[shown[0] : shown[-1] + 1] if shown else []
    indent = CODE_INDENT if width >= 4 * CODE_INDENT else 0
    room = width - indent
    prefix = [Span(" " * indent, _BLOCK)] if indent else []
    mark = [Span(_WRAP_MARK, compose_style((_BLOCK, "wrap-mark")))] if room >= 3 else []
    lines: list[Line] = []
    for row in rows:
        if not row:
            lines.append(())
            continue
        first, *more = cut_spans(row, room, room - len(mark))
        lines.append(rstrip_line(prefix + first))
        lines.extend(rstrip_line(prefix + mark + piece) for piece in more)
    return lines
