"""A feed's bookkeeping: ``<data>/feed-state/NAME.json``.

It holds the validators for conditional GET (``ETag``, ``Last-Modified``) and one record per
entry ever seen (its GUID or link, file, id, date), so that an entry deleted by the user is
never downloaded again. It lives in the data folder, beside the downloads it describes, not in
the user's config. Written atomically; a damaged file is moved aside with a warning (the feed
then starts afresh, which may bring back entries deleted earlier, and the warning says so).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linareader.core.atomic import atomic_write_text
from linareader.core.i18n import _

__all__ = ["EntryRecord", "FeedRecord", "load_record", "record_path", "save_record"]

log = logging.getLogger(__name__)

VERSION = 1
MAX_RECORD_FILE = 32 * 1024 * 1024


@dataclass(slots=True)
class EntryRecord:
    """One entry seen in a feed."""

    file: str = ""
    """The article's file name in the feed's folder ("" if it was never saved)."""
    id: str = ""
    link: str = ""
    date: str = ""
    """When the entry was published (ISO 8601), else when it was first seen."""


@dataclass(slots=True)
class FeedRecord:
    """Everything linareader remembers about one feed between refreshes."""

    url: str = ""
    etag: str = ""
    last_modified: str = ""
    refreshed: str = ""
    error: str = ""
    entries: dict[str, EntryRecord] = field(default_factory=dict)

    def links(self) -> set[str]:
        """Links of every entry seen, for de-duplication of entries without a stable id."""
        return {entry.link for entry in self.entries.values() if entry.link}


def record_path(folder: Path, name: str) -> Path:
    """The bookkeeping file of feed *name* in *folder* (``Paths.feed_state_dir``)."""
    return folder / f"{name}.json"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _parse(data: Any) -> FeedRecord:
    if not isinstance(data, dict) or not isinstance(data.get("entries", {}), dict):
        raise ValueError(_("not a feed record"))
    record = FeedRecord(
        url=_text(data.get("url")),
        etag=_text(data.get("etag")),
        last_modified=_text(data.get("last_modified")),
        refreshed=_text(data.get("refreshed")),
        error=_text(data.get("error")),
    )
    for key, value in data.get("entries", {}).items():
        if isinstance(key, str) and isinstance(value, dict):
            record.entries[key] = EntryRecord(
                file=_text(value.get("file")),
                id=_text(value.get("id")),
                link=_text(value.get("link")),
                date=_text(value.get("date")),
            )
    return record


def load_record(path: Path) -> FeedRecord:
    """Read a feed's bookkeeping; a missing file is a new feed; never raises."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_RECORD_FILE + 1)
    except FileNotFoundError:
        return FeedRecord()
    except OSError as error:
        log.warning(
            _("Cannot read %s (%s); the feed starts afresh."), path, error.strerror or error
        )
        return FeedRecord()
    try:
        if len(raw) > MAX_RECORD_FILE:
            raise ValueError(_("too large"))
        return _parse(json.loads(raw.decode("utf-8")))
    except (ValueError, UnicodeDecodeError, RecursionError):
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            os.replace(path, aside)
        except OSError:
            aside = path
        log.warning(
            _(
                "%s was damaged (kept as %s); the feed starts afresh and may bring back entries "
                "deleted before."
            ),
            path,
            aside,
        )
        return FeedRecord()


def save_record(path: Path, record: FeedRecord) -> None:
    """Write a feed's bookkeeping atomically (sorted keys, one entry per few lines).

    Raises:
        OSError: the file could not be written.
    """
    data = asdict(record)
    data = {"version": VERSION, **data}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
