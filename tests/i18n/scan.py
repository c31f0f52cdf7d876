"""Read the source the way a translator needs it: the messages it asks for, and the text it
shows without asking (a forgotten ``_()``).

Both walk the syntax tree of every module under ``tui/``: no import, so a module that is never
imported by the tests is scanned all the same.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "tui"
TRANSLATORS = {"_", "N_", "ngettext", "pgettext", "gettext"}

# Calls whose text reaches the user: name -> positions and keywords that hold that text.
_SINKS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "notify": ((0,), ("message", "title")),
    "Static": ((0,), ()),
    "Label": ((0,), ()),
    "Button": ((0,), ()),
    "Option": ((0,), ()),
    "Input": ((), ("placeholder",)),
    "Binding": ((2,), ("description", "tooltip")),
    "SystemCommand": ((0, 1), ()),
    "PromptDialog": ((0, 2), ("placeholder",)),
    "ConfirmDialog": ((0,), ()),
    "warning": ((0,), ()),
    "error": ((0,), ()),
    "info": ((0,), ()),
    "_warn": ((0, 1), ()),
    "add_argument": ((), ("help", "metavar")),
    "add_parser": ((), ("help", "description")),
    "add_subparsers": ((), ("title", "help", "metavar")),
    "ArgumentParser": ((), ("description", "epilog")),
    "_Parser": ((), ("description", "epilog")),
    "ArgumentTypeError": ((0,), ()),
    "write": ((0,), ()),
    "print": ((0,), ()),
    "append": ((0,), ()),
    "show_warnings": ((0,), ()),
    "Span": ((0,), ()),
}
# Attributes that Textual shows: ``self.sub_title = "..."``.
_SHOWN_ATTRIBUTES = {
    "title",
    "sub_title",
    "border_title",
    "border_subtitle",
    "placeholder",
    "tooltip",
}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(?\w*\)?[sdrif]")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class Finding:
    """A literal shown to the user without a translation call."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def modules() -> Iterator[tuple[str, ast.Module]]:
    """Every module of the package, by path relative to ``tui/``."""
    for path in sorted(SOURCE.rglob("*.py")):
        yield path.relative_to(SOURCE).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def messages() -> set[tuple[str | None, str]]:
    """Every (context, msgid) the code asks to translate, plural forms included."""
    found: set[tuple[str | None, str]] = set()
    for _path, tree in modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in TRANSLATORS:
                continue
            if not isinstance(node.func, ast.Name):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            texts = [t for t in texts if isinstance(t, str)]
            if node.func.id == "pgettext" and len(texts) == 2:
                found.add((texts[0], texts[1]))
            elif texts:  # ngettext: the singular is the catalogue's key
                found.add((None, texts[0]))
    return found


def is_language(text: str) -> bool:
    """Whether *text* holds words once placeholders are removed (``"%s: %s"`` does not)."""
    return bool(_WORD.search(_PLACEHOLDER.sub("", text)))


def _literal_text(node: ast.expr) -> str | None:
    """The language in *node* when it is a literal the user would read untranslated."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if is_language(node.value) else None
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        text = "{}".join(str(part) for part in parts)
        return text if is_language(text) else None
    if isinstance(node, ast.BinOp):  # "Tags: " + ..., "%s items" % n
        return _literal_text(node.left) or _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) or _literal_text(node.orelse)
    if isinstance(node, ast.Call) and _name(node.func) == "format":
        value = node.func.value if isinstance(node.func, ast.Attribute) else None
        return _literal_text(value) if value is not None else None
    if isinstance(node, ast.Call) and _name(node.func) in ("Content", "Text") and node.args:
        return _literal_text(node.args[0])  # Option(Content("...")): the text inside counts
    if isinstance(node, ast.Call) and _name(node.func) == "assemble":
        for arg in node.args:
            text = _literal_text(arg)
            if text is not None:
                return text
    if isinstance(node, ast.Tuple) and node.elts:  # Content.assemble's (text, style) pairs
        return _literal_text(node.elts[0])
    return None


def error_classes() -> set[str]:
    """Names of the exception classes defined under ``tui/`` (their messages are shown)."""
    bases: dict[str, set[str]] = {}
    for _path, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {_name(base) for base in node.bases}
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in found and any(_is_error(p, found) for p in parents):
                found.add(name)
                changed = True
    return found


def _is_error(name: str, errors: set[str]) -> bool:
    return name.endswith(("Error", "Exception")) or name in errors


def unwrapped(allowed: set[tuple[str, str]]) -> list[Finding]:
    """Literals passed to a user-facing call (or to an exception) without ``_()``.

    *allowed* holds (path, text) pairs that are not language: ids, CSS, command words.
    """
    findings: list[Finding] = []
    errors = error_classes()
    for path, tree in modules():
        for node in ast.walk(tree):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Attribute) and target.attr in _SHOWN_ATTRIBUTES
                for target in node.targets
            ):
                candidates.append(node.value)
            elif isinstance(node, ast.Call) and _is_error(_name(node.func), errors):
                candidates.extend(node.args[:1])
            elif isinstance(node, ast.Call) and _name(node.func) in _SINKS:
                positions, keywords = _SINKS[_name(node.func)]
                candidates.extend(node.args[i] for i in positions if i < len(node.args))
                candidates.extend(k.value for k in node.keywords if k.arg in keywords)
            for candidate in candidates:
                text = _literal_text(candidate)
                if text is not None and (path, text) not in allowed:
                    findings.append(Finding(path, candidate.lineno, text))
    return findings


_SENTENCE = re.compile(r"[^\W\d_]{2,} +[^\W\d_]{2,}")


def stray_sentences() -> list[Finding]:
    """Literals of two words or more outside any translation call, docstring or comment.

    A message kept in a variable before it is shown escapes :func:`unwrapped`; it shows here.
    SQL, file formats and the like are listed by the caller as not language.
    """
    findings: list[Finding] = []
    for path, tree in modules():
        skip: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                skip.add(id(node.value))  # docstrings and bare strings
            elif isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS:
                skip.update(id(inner) for inner in ast.walk(node))
            elif isinstance(node, ast.JoinedStr):
                skip.update(id(inner) for inner in ast.walk(node) if inner is not node)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            text = None
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = "{}".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
            if text is not None and _SENTENCE.search(_PLACEHOLDER.sub("", text)):
                findings.append(Finding(path, node.lineno, text))
    return findings
