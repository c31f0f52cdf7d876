"""``config.yaml``: the user's settings, validated key by key.

The file belongs to the user: linareader never moves or rewrites it. A missing file means
defaults; an unknown key or a bad value is a one-line warning naming the key (and the nearest
valid key, for typos) and that setting keeps its default, so one mistake never costs the rest.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from linareader.core.sanitize import clean_line

__all__ = ["SETTINGS_KEYS", "Settings", "load_settings", "parse_settings"]

log = logging.getLogger(__name__)

MAX_CONFIG_SIZE = 256 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, with its default."""

    reader_width: int = 88
    """``reader.width``: the widest line of text, in columns (a comfortable measure)."""
    reader_max_size: int = 16
    """``reader.max_size``: the largest article the reader renders as Markdown, in MB; a larger
    one is shown as plain text. Up to 64, the largest file the library reads."""
    keymap: Mapping[str, str] = field(default_factory=dict)
    """``keymap``: binding id -> keys, e.g. ``toggle-bookmark: "b,ctrl+b"``."""
    articles_dirs: tuple[Path, ...] = ()
    """``articles_dirs``: extra folders of Markdown articles (origin ``local``)."""
    theme: str | None = None
    """``theme``: force a theme; otherwise the one chosen in the app is remembered."""
    feeds_refresh_on_start: bool = False
    """``feeds.refresh_on_start``: refresh every feed when the app starts."""
    downloads_max_size: int = 10
    """``downloads.max_size``: the largest page or feed downloaded, in MB (decoded)."""
    downloads_timeout: int = 60
    """``downloads.timeout``: seconds one download may take in all, redirects included."""


class _Invalid(ValueError):
    """A value that does not fit its key; the message says what is expected."""


def _width(value: object, _base: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 20 <= value <= 1000:
        raise _Invalid("a whole number of columns between 20 and 1000")
    return value


def _keymap(value: object, _base: Path) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise _Invalid('a mapping of binding ids to keys, such as toggle-bookmark: "b"')
    return {clean_line(k): clean_line(v) for k, v in value.items()}


def _dirs(value: object, base: Path) -> tuple[Path, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Invalid("a list of folders")
    return tuple((base / Path(item).expanduser()).absolute() for item in value)


def _theme(value: object, _base: Path) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("a theme name")
    return clean_line(value)


def _flag(value: object, _base: Path) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("true or false")
    return value


def _bounded(low: int, high: int, unit: str) -> Callable[[object, Path], int]:
    def check(value: object, _base: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Invalid(f"a whole number of {unit} between {low} and {high}")
        return value

    return check


# dotted key -> (Settings field, validator)
SETTINGS_KEYS: dict[str, tuple[str, Callable[[object, Path], Any]]] = {
    "reader.width": ("reader_width", _width),
    "reader.max_size": ("reader_max_size", _bounded(1, 64, "megabytes")),
    "keymap": ("keymap", _keymap),
    "articles_dirs": ("articles_dirs", _dirs),
    "theme": ("theme", _theme),
    "feeds.refresh_on_start": ("feeds_refresh_on_start", _flag),
    "downloads.max_size": ("downloads_max_size", _bounded(1, 1000, "megabytes")),
    "downloads.timeout": ("downloads_timeout", _bounded(1, 3600, "seconds")),
}
_SECTIONS = {key.split(".")[0] for key in SETTINGS_KEYS if "." in key}


def _flatten(data: Mapping[Any, Any], prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in data.items():
        name = f"{prefix}{clean_line(str(key))}"
        if not prefix and name in _SECTIONS and isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _warn(path: Path, message: str) -> None:
    log.warning("%s: %s", path, message)


def parse_settings(data: object, path: Path) -> Settings:
    """Validate a loaded YAML document; relative folders are taken from *path*'s folder."""
    settings = Settings()
    if data is None:
        return settings
    if not isinstance(data, dict):
        _warn(path, "expected a mapping of settings; using the defaults")
        return settings
    for key, value in _flatten(data).items():
        known = SETTINGS_KEYS.get(key)
        if known is None:
            close = difflib.get_close_matches(key, [*SETTINGS_KEYS, *_SECTIONS], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            _warn(path, f"unknown setting '{key}'{hint}; ignored")
            continue
        name, validate = known
        try:
            settings = replace(settings, **{name: validate(value, path.parent)})
        except _Invalid as error:
            _warn(path, f"'{key}' should be {error}; using the default")
    return settings


def load_settings(path: Path) -> Settings:
    """Read *path* (a missing file means defaults) and return the valid settings in it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_SIZE + 1)
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        _warn(path, f"cannot be read ({error.strerror or error}); using the defaults")
        return Settings()
    if len(raw) > MAX_CONFIG_SIZE:
        _warn(path, f"is larger than {MAX_CONFIG_SIZE // 1024} KB; using the defaults")
        return Settings()
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = clean_line(str(error).splitlines()[0]) if str(error) else type(error).__name__
        _warn(path, f"is not valid YAML ({reason}); using the defaults")
        return Settings()
    return parse_settings(data, path)
