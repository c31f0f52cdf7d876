"""Opening an article for reading: parsed as Markdown, or as plain text past the size limit.

The reader and ``linareader cat`` open articles the same way, so they agree on what is too
large: beyond ``reader.max_size`` (16 MB by default) no Markdown is parsed (markdown-it needs
seconds a megabyte); the sanitised source is shown as plain text instead, with a one-line
notice that says the size, the limit and how to raise it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from linareader.core.article import ArticleText, UnreadableArticle, read_article_text, read_source
from linareader.core.document import Document, plain_document, split_document
from linareader.core.i18n import _

__all__ = ["Opened", "open_document", "over_size_limit", "plain_view"]

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Opened:
    """An article ready to lay out.

    Attributes:
        document: its chunks (all plain when *notice* is set).
        notice: why it is shown as plain text, in one line; ``None`` when it is parsed.
    """

    document: Document
    notice: str | None


def over_size_limit(size: int, limit_mb: int) -> str | None:
    """Return the one-line notice for an article of *size* bytes over a limit of *limit_mb* MB,
    or ``None`` when it is within the limit."""
    if size <= limit_mb * _MB:
        return None
    return _(
        "This article is {value:.1f} MB, over the reader's {limit_mb} MB limit: shown as plain "
        "text. To render it, raise reader.max_size in config.yaml."
    ).format(value=size / _MB, limit_mb=limit_mb)


def plain_view(path: Path, *, limit_mb: int) -> Opened | None:
    """Return the plain view of *path* if it is over the limit, else ``None`` (parse it).

    Raises:
        UnreadableArticle: the file is missing, special, binary or too large even for the
            plain view (the library's own limit).
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadableArticle(
            _("Cannot read {path}: {value}.").format(path=path, value=error.strerror or error)
        ) from error
    notice = over_size_limit(size, limit_mb)
    if notice is None:
        return None
    return Opened(plain_document(read_source(path)), notice)


def open_document(path: Path, *, limit_mb: int, text: ArticleText | None = None) -> Opened:
    """Read *path* (or use *text*, already read from it) and cut it into a document.

    Raises:
        UnreadableArticle: as :func:`plain_view`.
    """
    plain = plain_view(path, limit_mb=limit_mb)
    if plain is not None:
        return plain
    if text is None:
        text = read_article_text(path)
    return Opened(split_document(text.body), None)
