"""The newest entries of the library, kept beside the metadata cache for an instant start.

With 10,000 articles the metadata cache is a 3 MB JSON file: reading it and rebuilding every
article takes longer than a bare Textual app needs to start, yet the sidebar shows about twenty
entries. So each complete scan also writes the newest :data:`HEAD_SIZE` articles of its library,
in display order, to a small file of their own. The app starts from it and the background scan,
which reads the whole cache and looks at every file, replaces it a moment later.

It is only a cache: a missing, damaged or foreign file (other roots, another parser) means no
head, and the app starts from the metadata cache as before. Its strings are cleaned again when
read, like everything that reaches the screen.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from linareader.core.article import Article
from linareader.core.atomic import atomic_write_text
from linareader.core.dates import PartialDate
from linareader.core.i18n import _
from linareader.core.metacache import fingerprint
from linareader.core.sanitize import clean_line

__all__ = ["HEAD_FILE", "HEAD_SIZE", "load_head", "save_head"]

log = logging.getLogger(__name__)

HEAD_FILE = "library-head.json"
#: Entries kept: a few screens of the sidebar.
HEAD_SIZE = 300


def _encode(article: Article) -> list[Any]:
    date = article.date
    return [
        article.id,
        article.title,
        str(article.path),
        article.origin,
        article.author,
        [date.year, date.month, date.day] if date is not None else None,
        article.lang,
        list(article.tags),
        article.source,
        article.words,
        article.size,
        article.mtime,
    ]


def _decode(item: object) -> Article | None:
    if not (isinstance(item, list) and len(item) == 12):
        return None
    ident, title, path, origin, author, date, lang, tags, source, words, size, mtime = item
    texts = (ident, title, path, origin, author, lang, source)
    if not all(type(value) is str for value in texts):
        return None
    if not (type(tags) is list and all(type(tag) is str for tag in tags)):
        return None
    if not (type(words) is int and type(size) is int and type(mtime) in (int, float)):
        return None
    parsed = None
    if date is not None:
        if not (type(date) is list and len(date) == 3 and all(type(p) is int for p in date)):
            return None
        try:
            parsed = PartialDate(*date)
        except ValueError:
            return None
    return Article(
        id=clean_line(ident),
        title=clean_line(title),
        path=Path(path),
        origin=clean_line(origin),
        author=clean_line(author),
        date=parsed,
        lang=clean_line(lang),
        tags=tuple(clean_line(tag) for tag in tags),
        source=clean_line(source),
        words=words,
        size=size,
        mtime=float(mtime),
    )


def _text(roots: Sequence[tuple[str, str]], articles: Sequence[Article]) -> str:
    data = {
        "fingerprint": fingerprint(),
        "roots": [list(root) for root in roots],
        "articles": [_encode(article) for article in articles[:HEAD_SIZE]],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def save_head(
    cache_dir: Path, roots: Sequence[tuple[str, str]], articles: Sequence[Article]
) -> None:
    """Keep the first :data:`HEAD_SIZE` of *articles* (in display order) of a scan of *roots*.

    The file is rewritten only when it changes; a folder that cannot be written means no head.
    """
    file = cache_dir / HEAD_FILE
    text = _text(roots, articles)
    try:
        if file.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_text(file, text)
    except OSError as error:
        log.debug(_("Cannot write the library head %s: %s"), file, error)


def load_head(cache_dir: Path, roots: Sequence[tuple[str, str]]) -> list[Article] | None:
    """The head the last complete scan of exactly these *roots* left, or None."""
    file = cache_dir / HEAD_FILE
    try:
        data = json.loads(file.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as error:
        log.debug(_("Ignoring the library head %s: %s"), file, error)
        return None
    if not (
        isinstance(data, dict)
        and data.get("fingerprint") == fingerprint()
        and data.get("roots") == [list(root) for root in roots]
        and isinstance(data.get("articles"), list)
    ):
        return None
    articles = [_decode(item) for item in data["articles"]]
    if any(article is None for article in articles):
        log.debug(_("Ignoring the library head %s: a damaged entry."), file)
        return None
    return [article for article in articles if article is not None]
