"""Downloaded articles on disk: safe file names, YAML front matter, atomic writes, removal.

Saved pages live in ``<data>/articles/saved/`` and feed entries in
``<data>/articles/feeds/NAME/``, one Markdown file each. File names come from titles but can hold
no path separator, no ``..``, no reserved device name, no more than :data:`MAX_NAME_BYTES`
bytes, and never replace another article. The front matter is written by the YAML dumper from a
mapping of one-line strings, so a title cannot add fields. Each article gets a stable ``id``
when it is first written; rewriting it (the same URL saved again) keeps the file, the id, and
so its read state and bookmarks.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from linareader.core.article import Article
from linareader.core.atomic import atomic_write_text, locked
from linareader.core.errors import LinareaderError, NotRemovable
from linareader.core.frontmatter import parse_front_matter, split_front_matter
from linareader.core.i18n import _
from linareader.core.paths import Paths
from linareader.core.sanitize import clean_line, clean_text
from linareader.core.slug import slugify

__all__ = [
    "MAX_NAME_BYTES",
    "StoredArticle",
    "find_by_source",
    "folder_lock",
    "iso_time",
    "new_article_path",
    "remove_article",
    "render_article",
    "safe_stem",
    "write_article",
]

#: The longest file name stem, in UTF-8 bytes (file systems allow 255 for the whole name).
MAX_NAME_BYTES = 120
_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)
}
_FIELD_ORDER = ("id", "title", "author", "date", "lang", "site", "tags", "source", "fetched")
_HEAD = 70 * 1024


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article written to disk."""

    id: str
    path: Path
    title: str
    created: bool
    """False when an existing article was updated in place."""


def iso_time(moment: datetime) -> str:
    """Return *moment* as ``2024-07-10T08:30:00Z`` (UTC, whole seconds)."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def safe_stem(title: str, fallback: str = "article") -> str:
    """Return a file name stem for *title*: a lowercase slug, bounded, never special.

    The slug keeps letters, digits, ``-`` and ``_`` only, so it cannot name a folder (``/``,
    ``\\``) or a parent (``..``); it never starts with ``.`` or ``-`` and is never a Windows
    device name such as ``con`` or ``lpt1``.
    """
    stem = slugify(unicodedata.normalize("NFC", clean_line(title)))
    stem = "-".join(part for part in stem.split("-") if part)  # "a -- b" -> "a-b"
    encoded = stem.encode("utf-8")[:MAX_NAME_BYTES]
    stem = encoded.decode("utf-8", errors="ignore").strip("-_")
    if not stem:
        stem = fallback
    if stem.split(".")[0] in _RESERVED:
        stem = f"{stem}-article"
    return stem


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Serialise name choices in *folder* between processes (the lock file is hidden).

    Raises:
        LinareaderError: the folder or its lock file cannot be created (a read-only or full
            disk): one clear line, before anything was written.
    """
    with contextlib.ExitStack() as stack:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            stack.enter_context(locked(folder / ".linareader.lock"))
        except OSError as error:
            raise LinareaderError(
                _("Cannot write in {folder}: {value}; check the data folder.").format(
                    folder=folder, value=error.strerror or error
                )
            ) from error
        yield


def new_article_path(
    folder: Path, title: str, fallback: str = "article", *, counters: dict[str, int] | None = None
) -> Path:
    """Return an unused ``folder/<stem>.md`` for *title*; hold :func:`folder_lock` around it.

    *fallback* names the file when the title gives no usable letter or digit. *counters*,
    shared by the calls of one batch, remembers the last number each name got: a feed of
    thousands of entries all titled "Update" then costs one check per entry, not a count from
    ``-2`` every time (which was quadratic).
    """
    base = safe_stem(title, fallback=safe_stem(fallback))
    counter = counters.get(base, 1) if counters is not None else 1
    stem = base if counter == 1 else f"{base}-{counter}"
    while (folder / f"{stem}.md").exists():
        counter += 1
        stem = f"{base}-{counter}"
    if counters is not None:
        counters[base] = counter
    return folder / f"{stem}.md"


def render_article(fields: Mapping[str, object], body: str) -> str:
    """Return the file text: YAML front matter (non-empty fields, known order) and *body*."""
    ordered = {key: fields[key] for key in _FIELD_ORDER if fields.get(key)}
    ordered.update({key: value for key, value in fields.items() if key not in ordered and value})
    front = yaml.safe_dump(
        ordered, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000
    )
    body = clean_text(body).strip("\n")
    return f"---\n{front}---\n\n{body}\n"


def write_article(
    path: Path, fields: Mapping[str, object], body: str, *, sync_folder: bool = True
) -> None:
    """Write an article atomically (readers see the old or the new file, never a mix).

    A batch of new files may leave *sync_folder* off and sync the folder once at the end.

    Raises:
        LinareaderError: the file could not be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, render_article(fields, body), sync_folder=sync_folder)
    except OSError as error:
        raise LinareaderError(
            _("Cannot write {path}: {value}; check the data folder.").format(
                path=path, value=error.strerror or error
            )
        ) from error


def _front(path: Path) -> tuple[str, str]:
    """Return the ``(source, id)`` of an article file, reading only its first bytes."""
    try:
        with path.open("rb") as handle:
            data = handle.read(4096)
            if b"\n---" not in data[3:] and b"\n..." not in data[3:]:  # a long front matter
                data += handle.read(_HEAD - len(data))
    except OSError:
        return "", ""
    yaml_text, _body, _line = split_front_matter(data.decode("utf-8", errors="replace"))
    meta = parse_front_matter(yaml_text)
    return meta.source, meta.id


def find_by_source(folder: Path, urls: Iterable[str], id_prefix: str) -> tuple[Path, str] | None:
    """Return ``(path, id)`` of the article in *folder* whose ``source`` is one of *urls*."""
    wanted = {clean_line(url) for url in urls if url}
    try:
        candidates = sorted(folder.glob("*.md"))
    except OSError:
        return None
    for path in candidates:
        if path.name.startswith(".") or not path.is_file():
            continue
        source, article_id = _front(path)
        if source and source in wanted:
            return path, article_id or id_prefix + slugify(path.stem)
    return None


def remove_article(paths: Paths, article: Article) -> Path:
    """Delete the file of a saved page or a feed entry and return its path.

    A feed entry that was deleted is never downloaded again: the feed's bookkeeping keeps its id.

    Raises:
        NotRemovable: a bundled or local article, or a file outside linareader's data folders.
        LinareaderError: the file could not be deleted.
    """
    if article.origin == "bundled":
        raise NotRemovable(
            _("'{id}' is a bundled article and cannot be deleted; hide it in the app.").format(
                id=article.id
            )
        )
    if article.origin == "saved":
        root = paths.saved_dir
    elif article.origin.startswith("feed:"):
        root = paths.feeds_dir
    else:
        raise NotRemovable(
            _(
                "'{text}' is a local file, not a download; delete the file yourself if you mean to."
            ).format(text=clean_line(article.id))
        )
    try:
        target = article.path.resolve(strict=True)
        inside = target.is_relative_to(root.resolve(strict=True))
    except OSError:
        inside = False
    if not inside or target.suffix.lower() != ".md":
        raise NotRemovable(
            _("{path} is not a file of linareader's own; not deleted.").format(path=article.path)
        )
    try:
        article.path.unlink()
    except OSError as error:
        raise LinareaderError(
            _("Cannot delete {path}: {value}.").format(
                path=article.path, value=error.strerror or error
            )
        ) from error
    return article.path
