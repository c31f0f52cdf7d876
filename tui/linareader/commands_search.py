"""``linareader search QUERY [--json] [--limit N]``: full-text search of the whole library.

The index is brought up to date first (only new and changed files are read; the first run reads
them all, with progress on stderr when it is a terminal), then queried. Text output is one block
per result: ``id — title › section`` and the snippet, styled on a terminal, plain when piped or
with ``NO_COLOR``. JSON output is a documented interface::

    [{"id": "...", "title": "...", "path": "/abs/file.md", "score": 7.25,
      "snippet": "…la Société avance…", "highlights": [[3, 10]],
      "match": {"terms": ["societe"], "text": "Société", "line": 12, "anchor": "suite",
                "section": "Suite"}}]

``highlights`` are ``[start, end)`` character offsets in ``snippet``. ``match`` locates the first
occurrence in the article: ``line`` is 1-based in the file, ``anchor`` the section's heading
anchor (``""`` before the first heading); ``text``, ``line``, ``anchor`` and ``section`` are
null when only the title, author or tags matched. The exit status is 0 when something matched,
1 when nothing did (as grep), so scripts can test it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from linareader.core.i18n import _

if TYPE_CHECKING:
    from linareader.commands import Context
    from linareader.core.search import SearchHit

__all__ = ["add_parser", "cmd_search"]

_BOLD, _MATCH, _RESET = "\x1b[1m", "\x1b[7m", "\x1b[0m"


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            _("expected a whole number of 1 or more, not '{value}'").format(value=value)
        )
    return number


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add ``search`` to *subparsers* (the ``COMMAND`` group), accepting the *common* options."""
    search = subparsers.add_parser(
        "search", parents=[common], help=_("search titles, authors, tags and text of every article")
    )
    search.add_argument(
        "query",
        nargs="+",
        metavar=_("QUERY"),
        help=_('words (all must match) or "a phrase"; case and accents do not matter'),
    )
    search.add_argument("--json", action="store_true", help=_("machine-readable output"))
    search.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help=_("at most N results (default 20)")
    )


class _Progress:
    """``Indexing 1234/10000 articles…`` on one rewritten line of a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total == 0:
            return
        self.stream.write(
            _("\rIndexing {done}/{total} articles for search…").format(done=done, total=total)
        )
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _match(hit: SearchHit) -> dict[str, Any]:
    """Where the reader would land: the first occurrence of the query in the article."""
    from linareader.core.article import UnreadableArticle, read_article_text
    from linareader.core.document import split_document
    from linareader.core.searchtext import locate

    found: dict[str, Any] = {"terms": list(hit.terms), "text": None, "line": None}
    found |= {"anchor": None, "section": None}
    try:
        text = read_article_text(hit.article.path)
    except UnreadableArticle:
        return found
    where = locate(text.body, hit.terms)
    if where is None:
        return found
    document = split_document(text.body)
    heading = None
    for candidate in document.headings:
        if document.chunks[candidate.chunk].first_line > where.line:
            break
        heading = candidate
    found |= {"text": where.text, "line": text.body_line + where.line + 1}
    found |= {
        "anchor": heading.anchor if heading else "",
        "section": heading.title if heading else "",
    }
    return found


def _styled_snippet(hit: SearchHit) -> str:
    out, last = [], 0
    for start, end in hit.highlights:
        out += [hit.snippet[last:start], _MATCH, hit.snippet[start:end], _RESET]
        last = end
    out.append(hit.snippet[last:])
    return "".join(out)


def cmd_search(context: Context, args: argparse.Namespace) -> int:
    """``search QUERY [--json] [--limit N]``: the best matches, best first."""
    from linareader.core.search import SearchIndex

    query = " ".join(args.query)
    index = SearchIndex.in_dir(context.paths.cache_dir)
    library = context.library
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        index.update(library.articles, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    hits = index.search(query, library, limit=args.limit)
    out = context.out
    if args.json:
        items = [
            {
                "id": hit.article.id,
                "title": hit.article.title,
                "path": str(hit.article.path),
                "score": float(f"{hit.score:.6g}"),
                "snippet": hit.snippet,
                "highlights": [list(span) for span in hit.highlights],
                "match": _match(hit),
            }
            for hit in hits
        ]
        out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return 0 if hits else 1
    styled = out.isatty() and not os.environ.get("NO_COLOR")
    for number, hit in enumerate(hits):
        section = _match(hit)["section"]
        title = f"{_BOLD}{hit.article.title}{_RESET}" if styled else hit.article.title
        heading = f" › {section}" if section else ""
        snippet = _styled_snippet(hit) if styled else hit.snippet
        out.write(("\n" if number else "") + f"{hit.article.id} — {title}{heading}\n  {snippet}\n")
    if not hits:
        sys.stderr.write(
            _("No article matches {query}.\n").format(query=json.dumps(query, ensure_ascii=False))
        )
    return 0 if hits else 1
