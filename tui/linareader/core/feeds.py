"""Feed subscriptions: ``feeds.yaml`` in the config folder.

The file is the user's, as hand-editable as ``config.yaml``::

    feeds:
      - name: lwn             # folder and origin name: articles are feed:lwn/...
        url: https://lwn.net/headlines/rss
        title: LWN.net        # optional
        tags: [linux, news]   # optional: OPML categories
        full_content: false   # summaries only? then fetch each linked page
        keep: 500             # read entries kept beyond this many are dropped

Loading never fails: a bad entry is a one-line warning and is skipped. ``feed add``, ``feed
remove`` and ``opml import`` rewrite the file with the YAML dumper, atomically, changing only
their own entries: the others, even ones this version cannot read, are written back as they
were (comments are not kept, so the file's header says so).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from linareader.core.atomic import atomic_write_text, locked
from linareader.core.errors import FeedError
from linareader.core.i18n import _
from linareader.core.sanitize import clean_line
from linareader.core.saved import safe_stem

__all__ = [
    "DEFAULT_KEEP",
    "Subscription",
    "add_subscriptions",
    "feed_name",
    "load_subscriptions",
    "remove_subscription",
]

log = logging.getLogger(__name__)

DEFAULT_KEEP = 500
MAX_FEEDS_FILE = 1024 * 1024
_HEADER = (
    "# linareader feed subscriptions: edit freely. `linareader feed add/remove` and\n"
    "# `opml import` rewrite this file (keeping every entry, but not comments).\n"
)


@dataclass(frozen=True, slots=True)
class Subscription:
    """One subscribed feed."""

    name: str
    """Folder and origin name (``feed:NAME``): a lowercase slug."""
    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    full_content: bool = False
    """Fetch and extract each entry's linked page when the feed gives only summaries."""
    keep: int = DEFAULT_KEEP
    """Read, unbookmarked entries beyond this many are dropped, oldest first."""

    def to_yaml(self) -> dict[str, Any]:
        """The mapping written to ``feeds.yaml`` (defaults left out)."""
        data: dict[str, Any] = {"name": self.name, "url": self.url}
        if self.title:
            data["title"] = self.title
        if self.tags:
            data["tags"] = list(self.tags)
        if self.full_content:
            data["full_content"] = True
        if self.keep != DEFAULT_KEEP:
            data["keep"] = self.keep
        return data


def feed_name(title: str, url: str, taken: set[str]) -> str:
    """Return a free name for a feed, from its title, else its address."""
    base = safe_stem(title, fallback="") if title else ""
    if not base:
        host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        base = safe_stem(host.removeprefix("www."), fallback="feed")
    base = base[:40].strip("-_") or "feed"
    name, counter = base, 1
    while name in taken:
        counter += 1
        name = f"{base}-{counter}"
    return name


def _entry(raw: object) -> Subscription:
    if not isinstance(raw, dict):
        raise ValueError(_("it is not a mapping with name and url"))
    name, url = raw.get("name"), raw.get("url")
    if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
        raise ValueError(_("'url' must be an http or https address"))
    if not isinstance(name, str) or safe_stem(name, fallback="") != name:
        suggestion = safe_stem(name if isinstance(name, str) else "", fallback="feed")
        raise ValueError(
            _("'name' must be a lowercase slug such as '{suggestion}'").format(
                suggestion=suggestion
            )
        )
    tags = raw.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError(_("'tags' must be a list of words"))
    keep = raw.get("keep", DEFAULT_KEEP)
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 0:
        raise ValueError(_("'keep' must be a whole number, 0 or more"))
    full = raw.get("full_content", False)
    if not isinstance(full, bool):
        raise ValueError(_("'full_content' must be true or false"))
    title = raw.get("title", "")
    return Subscription(
        name=name,
        url=clean_line(url),
        title=clean_line(title) if isinstance(title, str) else "",
        tags=tuple(dict.fromkeys(clean_line(tag) for tag in tags if clean_line(tag))),
        full_content=full,
        keep=keep,
    )


def _read(path: Path) -> list[Any] | None:
    """Return the raw entries of *path* ([] if missing), or None (with a warning) if unusable."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FEEDS_FILE + 1)
    except FileNotFoundError:
        return []
    except OSError as error:
        log.warning(_("%s cannot be read (%s); no feeds loaded."), path, error.strerror or error)
        return None
    if len(raw) > MAX_FEEDS_FILE:
        log.warning(_("%s is larger than 1 MB; no feeds loaded."), path)
        return None
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError) as error:
        first = clean_line(str(error).splitlines()[0]) if str(error) else type(error).__name__
        log.warning(_("%s is not valid YAML (%s); no feeds loaded."), path, first)
        return None
    if data is None:
        return []
    entries = data.get("feeds") if isinstance(data, dict) else None
    if entries is None and isinstance(data, dict) and not data:
        return []
    if not isinstance(entries, list):
        log.warning(_("%s should hold 'feeds:' followed by a list; no feeds loaded."), path)
        return None
    return entries


def load_subscriptions(path: Path) -> list[Subscription]:
    """Return the valid subscriptions of *path*; bad or duplicate entries are warned and skipped."""
    subscriptions: list[Subscription] = []
    names: set[str] = set()
    for index, raw in enumerate(_read(path) or [], start=1):
        where = f"{path}: feed #{index}"
        try:
            subscription = _entry(raw)
        except ValueError as error:
            log.warning(_("%s is skipped: %s."), where, error)
            continue
        if subscription.name in names:
            log.warning(_("%s is skipped: the name '%s' is used twice."), where, subscription.name)
            continue
        names.add(subscription.name)
        subscriptions.append(subscription)
    return subscriptions


def _rewrite(path: Path, change: Callable[[list[Any]], list[Any]]) -> None:
    """Apply *change* to the raw entries under a lock and write the file atomically."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with locked(path.with_name(path.name + ".lock")):
            entries = _read(path)
            if entries is None:
                raise FeedError(
                    _("{path} cannot be used as it is; fix it, then try again.").format(path=path)
                )
            text = yaml.safe_dump(
                {"feeds": change(entries)}, sort_keys=False, allow_unicode=True, width=10_000
            )
            atomic_write_text(path, _HEADER + text)
    except OSError as error:
        raise FeedError(
            _("Cannot write {path}: {value}.").format(path=path, value=error.strerror or error)
        ) from error


def add_subscriptions(path: Path, new: list[Subscription]) -> list[Subscription]:
    """Append *new* subscriptions, skipping URLs already subscribed; return those added.

    Raises:
        FeedError: a name is already taken, or the file cannot be read or written.
    """
    added: list[Subscription] = []

    def change(entries: list[Any]) -> list[Any]:
        urls = {entry.get("url") for entry in entries if isinstance(entry, dict)}
        names = {entry.get("name") for entry in entries if isinstance(entry, dict)}
        for subscription in new:
            if subscription.url in urls:
                continue
            if subscription.name in names:
                raise FeedError(
                    _("A feed named '{name}' already exists; choose another --name.").format(
                        name=subscription.name
                    )
                )
            entries.append(subscription.to_yaml())
            urls.add(subscription.url)
            names.add(subscription.name)
            added.append(subscription)
        return entries

    _rewrite(path, change)
    return added


def remove_subscription(path: Path, name: str) -> None:
    """Remove the subscription called *name*.

    Raises:
        FeedError: there is no such subscription, or the file cannot be written.
    """

    def change(entries: list[Any]) -> list[Any]:
        kept = [e for e in entries if not (isinstance(e, dict) and e.get("name") == name)]
        if len(kept) == len(entries):
            raise FeedError(
                _("No feed is named '{text}'; `linareader feed list` shows them.").format(
                    text=clean_line(name)
                )
            )
        return kept

    _rewrite(path, change)
