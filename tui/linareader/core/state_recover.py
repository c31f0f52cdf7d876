"""Salvage the entries of a damaged ``state.json``, line by line.

The file puts each article and each bookmark on a line of its own precisely so that a file
truncated by a full disk, mangled by a sync conflict or hand-edited into invalid JSON still gives
back every complete entry: each line that looks like ``"id": {...},`` or ``{...},`` is parsed on
its own and kept if it makes a valid entry. Lines from version 0 files (``"id": "read",``) are
understood too.
"""

from __future__ import annotations

import json
import re

from linareader.core.state_format import (
    newest_pairs,
    put_bookmark,
    read_article,
    read_bookmark,
    read_stamped,
)
from linareader.core.state_model import READ_STATES, ArticleState, StateData, clean

__all__ = ["recover"]

_KEYED = re.compile(r'\s*("(?:[^"\\]|\\.)*")\s*:\s*(\{.*\}|"(?:[^"\\]|\\.)*")\s*,?\s*')
_OBJECT = re.compile(r"\s*(\{.*\})\s*,?\s*")
_CONTAINERS = {"articles", "bookmarks", "version"}
_SETTINGS = {"last_article": "id", "theme": "name"}


def _load(text: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=newest_pairs)
    except (ValueError, RecursionError):
        return None


def recover(text: str) -> StateData:
    """Return every valid entry found on a line of its own in *text*; never raises."""
    data = StateData()
    for line in text.split("\n"):  # not splitlines(): U+2028 may sit inside a JSON string
        if keyed := _KEYED.fullmatch(line):
            _keyed_line(_load(keyed[1]), _load(keyed[2]), data)
        elif obj := _OBJECT.fullmatch(line):
            bookmark, _ = read_bookmark(_load(obj[1]))
            if bookmark is not None:
                put_bookmark(data, bookmark)
    return data


def _keyed_line(key: object, value: object, data: StateData) -> None:
    if not isinstance(key, str) or key in _CONTAINERS:
        return
    is_entry = isinstance(value, dict) and "state" in value
    if key in _SETTINGS and not is_entry:
        name = _SETTINGS[key]
        stamped, _ = read_stamped(
            value if isinstance(value, dict) else {name: value, "updated": ""}, name
        )
        if stamped.value is not None:
            setattr(data, key, stamped)
    elif isinstance(value, str) and value in READ_STATES:
        article, _ = read_article({"state": value})
        _put_article(data, clean(key), article or ArticleState())
    elif is_entry:
        article, _ = read_article(value)
        if article is not None:
            _put_article(data, clean(key), article)


def _put_article(data: StateData, key: str, article: ArticleState) -> None:
    """Keep the newer of two lines for one article (a file mangled by a merge may have both)."""
    known = data.articles.get(key)
    if known is None or known.updated <= article.updated:
        data.articles[key] = article
