"""Reading and writing ``state.json``: versions, migrations, tolerant parsing, one line per entry.

The file is meant to be synced between machines and diffed, so it is written with one line per
article and per bookmark, keys sorted, and an ``updated`` stamp on every entry::

    {
      "articles": {
        "intro": {"position": {"anchor": "setup", "block": 2}, "progress": 0.5, ...}
      },
      "bookmarks": [
        {"anchor": "setup", "article": "intro", "created": "...", "heading": "Setup", ...}
      ],
      "last_article": {"id": "intro", "updated": "..."},
      "theme": {"name": null, "updated": ""},
      "version": 1
    }

Version 0 is what came before the ``version`` key: ``articles`` mapped an id to its state string,
bookmarks had no ``updated`` and the two settings were bare strings. Older files are upgraded
one step at a time through :data:`MIGRATIONS`, so version 2 only has to add ``MIGRATIONS[1]``.

Every string read goes through :func:`~linareader.core.state_model.clean`: the file may have been
edited, synced from elsewhere or crafted, and its notes end up on the screen.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from linareader.core.i18n import _
from linareader.core.state_model import (
    READ_STATES,
    ArticleState,
    Bookmark,
    Position,
    ReadState,
    Stamped,
    StateData,
    clamp_progress,
    clean,
)

__all__ = [
    "MIGRATIONS",
    "VERSION",
    "Loaded",
    "Migration",
    "UnreadableState",
    "dump",
    "migrate",
    "newest_pairs",
    "parse",
    "put_bookmark",
    "read_article",
    "read_bookmark",
    "read_stamped",
]

VERSION = 1
"""The version this linareader writes."""

Migration = Callable[[dict[str, object]], dict[str, object]]


class UnreadableState(ValueError):
    """The text is not a state file at all (not JSON, not an object, nonsense version)."""


@dataclass
class Loaded:
    """A parsed state file."""

    data: StateData
    version: int
    """The version the file declared (0 when it had none), before migration."""
    ignored: int
    """How many entries or fields were unusable and dropped or replaced by a default."""


def _v0_to_v1(raw: dict[str, object]) -> dict[str, object]:
    """Add stamps and wrap values so that every entry can carry its own ``updated``."""
    out = dict(raw)
    out["version"] = 1
    articles = raw.get("articles")
    if isinstance(articles, dict):
        out["articles"] = {
            key: {"state": value} if isinstance(value, str) else value
            for key, value in articles.items()
        }
    bookmarks = raw.get("bookmarks")
    if isinstance(bookmarks, list):
        out["bookmarks"] = [
            {"updated": item.get("created", ""), **item} if isinstance(item, dict) else item
            for item in bookmarks
        ]
    for key, name in (("last_article", "id"), ("theme", "name")):
        value = raw.get(key)
        if value is None or isinstance(value, str):
            out[key] = {name: value, "updated": ""}
    return out


MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1}
"""``MIGRATIONS[n]`` turns a version *n* document into a version *n + 1* one."""


def migrate(
    raw: dict[str, object],
    version: int,
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = VERSION,
) -> dict[str, object]:
    """Return *raw*, a version *version* document, upgraded step by step to *target*."""
    while version < target:
        raw = migrations[version](raw)
        version += 1
    return raw


def parse(text: str) -> Loaded:
    """Return the state in *text*, migrated to :data:`VERSION`, skipping what is unusable.

    A file from a newer version is read as if it were the current one, to show what can be
    recognised; the caller must then not write it back.

    Raises:
        UnreadableState: *text* is not a JSON object or its version is not a whole number.
    """
    try:
        raw = json.loads(text, object_pairs_hook=newest_pairs)
    except (ValueError, RecursionError) as exc:
        raise UnreadableState(_("not valid JSON")) from exc
    if not isinstance(raw, dict):
        raise UnreadableState(_("not a JSON object"))
    version = raw.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise UnreadableState(_("unknown version {version!r}").format(version=version))
    if version < VERSION:
        raw = migrate(raw, version)
    data, ignored = _from_current(raw)
    return Loaded(data, version, ignored)


def _stamp_of(value: object) -> str:
    stamp = value.get("updated") if isinstance(value, dict) else None
    return stamp if isinstance(stamp, str) else ""


def newest_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """Build a JSON object keeping, of duplicate keys, the value with the newest ``updated``.

    A hand-resolved merge (or git's ``merge=union``) may leave an article twice; plain
    ``json.loads`` would keep whichever came last, not the newer one.
    """
    out: dict[str, object] = {}
    for key, value in pairs:
        if key not in out or _stamp_of(value) >= _stamp_of(out[key]):
            out[key] = value
    return out


def _from_current(raw: dict[str, object]) -> tuple[StateData, int]:
    data = StateData()
    ignored = 0
    for key, value in raw.items():
        if key == "articles":
            ignored += _read_articles(value, data)
        elif key == "bookmarks":
            ignored += _read_bookmarks(value, data)
        elif key in ("last_article", "theme"):
            stamped, bad = read_stamped(value, "id" if key == "last_article" else "name")
            setattr(data, key, stamped)
            ignored += bad
        elif key != "version":
            ignored += 1  # unknown: it would vanish at the next save, so say so
    return data, ignored


def _read_articles(value: object, data: StateData) -> int:
    if not isinstance(value, dict):
        return 1
    ignored = 0
    for key, entry in value.items():
        article, bad = read_article(entry)
        ignored += bad
        if article is not None:
            data.articles[clean(key)] = article
    return ignored


def _read_bookmarks(value: object, data: StateData) -> int:
    if not isinstance(value, list):
        return 1
    ignored = 0
    for entry in value:
        bookmark, bad = read_bookmark(entry)
        ignored += bad
        if bookmark is not None:
            put_bookmark(data, bookmark)
    return ignored


def put_bookmark(data: StateData, bookmark: Bookmark) -> None:
    """Store *bookmark* in *data* unless a newer one for the same section is already there."""
    key = (bookmark.article, bookmark.anchor)
    known = data.bookmarks.get(key)
    if known is None or known.updated <= bookmark.updated:
        data.bookmarks[key] = bookmark


def _read_state(value: object) -> ReadState | None:
    for state in READ_STATES:
        if value == state:
            return state
    return None


def _text(entry: dict[str, object], key: str, default: str) -> tuple[str, bool]:
    """Return ``entry[key]`` cleaned, or *default* and whether a wrong value was replaced."""
    value = entry.get(key, default)
    if isinstance(value, str):
        return clean(value), False
    return default, True


def _position(value: object) -> Position | None:
    if not isinstance(value, dict):
        return None
    anchor, block = value.get("anchor"), value.get("block")
    if not isinstance(anchor, str) or isinstance(block, bool) or not isinstance(block, int):
        return None
    return Position(clean(anchor), block) if block >= 0 else None


def read_article(entry: object) -> tuple[ArticleState | None, bool]:
    """Return the article state in *entry*, or ``None``, and whether anything was wrong with it.

    Missing fields take their default silently; wrong ones are replaced and reported.
    """
    if not isinstance(entry, dict):
        return None, True
    bad = False
    state = _read_state(entry.get("state", "unread"))
    if state is None:
        state, bad = "unread", True
    progress = entry.get("progress", 0.0)
    if isinstance(progress, bool) or not isinstance(progress, int | float):
        progress, bad = 0.0, True
    elif not 0.0 <= progress <= 1.0:
        bad = True
    position = _position(entry.get("position"))
    if position is None and entry.get("position") is not None:
        bad = True
    updated, bad_updated = _text(entry, "updated", "")
    return ArticleState(
        state, clamp_progress(float(progress)), position, updated
    ), bad or bad_updated


def read_bookmark(entry: object) -> tuple[Bookmark | None, bool]:
    """Return the bookmark in *entry*, or ``None``, and whether anything was wrong with it.

    A bookmark needs an article and an anchor; any other bad field is replaced, so that a
    damaged note never costs the user the bookmark itself.
    """
    if not isinstance(entry, dict):
        return None, True
    article, anchor = entry.get("article"), entry.get("anchor")
    if not isinstance(article, str) or not isinstance(anchor, str) or not clean(article):
        return None, True
    heading, bad_heading = _text(entry, "heading", "")
    note, bad_note = _text(entry, "note", "")
    created, bad_created = _text(entry, "created", "")
    updated, bad_updated = _text(entry, "updated", created)
    removed = entry.get("removed")
    # A damaged tombstone stays a bookmark: showing a removed one beats losing a live one.
    bad_removed = removed is not None and not isinstance(removed, str)
    bookmark = Bookmark(
        article=clean(article),
        anchor=clean(anchor),
        heading=heading,
        note=note,
        created=created,
        updated=updated,
        removed=clean(removed) if isinstance(removed, str) else None,
    )
    return bookmark, bad_heading or bad_note or bad_created or bad_updated or bad_removed


def read_stamped(entry: object, name: str) -> tuple[Stamped, bool]:
    """Return the setting in *entry* (``{name: value, "updated": ...}``) and whether it was bad."""
    if not isinstance(entry, dict):
        return Stamped(), True
    value = entry.get(name)
    if value is not None and not isinstance(value, str):
        return Stamped(), True
    updated, bad = _text(entry, "updated", "")
    return Stamped(clean(value) if value is not None else None, updated), bad


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)


def _article_json(article: ArticleState) -> dict[str, object]:
    position = article.position
    return {
        "position": None
        if position is None
        else {"anchor": position.anchor, "block": position.block},
        "progress": article.progress,
        "state": article.state,
        "updated": article.updated,
    }


def _bookmark_json(bookmark: Bookmark) -> dict[str, object]:
    return {
        "anchor": bookmark.anchor,
        "article": bookmark.article,
        "created": bookmark.created,
        "heading": bookmark.heading,
        "note": bookmark.note,
        "removed": bookmark.removed,
        "updated": bookmark.updated,
    }


def _block(opening: str, closing: str, lines: list[str]) -> str:
    if not lines:
        return opening + closing
    body = ",\n".join(f"    {line}" for line in lines)
    return f"{opening}\n{body}\n  {closing}"


def dump(data: StateData) -> str:
    """Return *data* as the text of a version :data:`VERSION` file; equal data, equal bytes."""
    articles = [
        f"{_json(key)}: {_json(_article_json(data.articles[key]))}" for key in sorted(data.articles)
    ]
    bookmarks = [_json(_bookmark_json(data.bookmarks[key])) for key in sorted(data.bookmarks)]
    last = {"id": data.last_article.value, "updated": data.last_article.updated}
    theme = {"name": data.theme.value, "updated": data.theme.updated}
    return (
        "{\n"
        f'  "articles": {_block("{", "}", articles)},\n'
        f'  "bookmarks": {_block("[", "]", bookmarks)},\n'
        f'  "last_article": {_json(last)},\n'
        f'  "theme": {_json(theme)},\n'
        f'  "version": {VERSION}\n'
        "}\n"
    )
