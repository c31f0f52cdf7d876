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

from linareader.core.i18n import LANGUAGES, N_, _, normalise_language
from linareader.core.sanitize import clean_line

__all__ = [
    "SETTINGS_KEYS",
    "Settings",
    "configured_language",
    "load_settings",
    "parse_settings",
]

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
    language: str | None = None
    """``language``: the interface language (``en``, ``fr``); otherwise the environment's."""


class _Invalid(ValueError):
    """A value that does not fit its key; the message says what is expected."""


def _width(value: object, _base: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 20 <= value <= 1000:
        raise _Invalid(_("a whole number of columns between 20 and 1000"))
    return value


def _keymap(value: object, _base: Path) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise _Invalid(_('a mapping of binding ids to keys, such as toggle-bookmark: "b"'))
    return {clean_line(k): clean_line(v) for k, v in value.items()}


def _dirs(value: object, base: Path) -> tuple[Path, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Invalid(_("a list of folders"))
    return tuple((base / Path(item).expanduser()).absolute() for item in value)


def _theme(value: object, _base: Path) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(_("a theme name"))
    return clean_line(value)


def _flag(value: object, _base: Path) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(_("true or false"))
    return value


def _language(value: object, _base: Path) -> str | None:
    found = normalise_language(value) if isinstance(value, str) else None
    if found is None:
        raise _Invalid(_("one of {choices}").format(choices=", ".join(LANGUAGES)))
    return found


def _bounded(low: int, high: int, expected: str) -> Callable[[object, Path], int]:
    """A whole number between *low* and *high*; *expected* (marked with ``N_``) says so."""

    def check(value: object, _base: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Invalid(_(expected).format(low=low, high=high))
        return value

    return check


# dotted key -> (Settings field, validator)
SETTINGS_KEYS: dict[str, tuple[str, Callable[[object, Path], Any]]] = {
    "reader.width": ("reader_width", _width),
    "reader.max_size": (
        "reader_max_size",
        _bounded(1, 64, N_("a whole number of megabytes between {low} and {high}")),
    ),
    "keymap": ("keymap", _keymap),
    "articles_dirs": ("articles_dirs", _dirs),
    "theme": ("theme", _theme),
    "feeds.refresh_on_start": ("feeds_refresh_on_start", _flag),
    "downloads.max_size": (
        "downloads_max_size",
        _bounded(1, 1000, N_("a whole number of megabytes between {low} and {high}")),
    ),
    "downloads.timeout": (
        "downloads_timeout",
        _bounded(1, 3600, N_("a whole number of seconds between {low} and {high}")),
    ),
    "language": ("language", _language),
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
        _warn(path, _("expected a mapping of settings; using the defaults"))
        return settings
    for key, value in _flatten(data).items():
        known = SETTINGS_KEYS.get(key)
        if known is None:
            close = difflib.get_close_matches(key, [*SETTINGS_KEYS, *_SECTIONS], n=1)
            hint = _(" (did you mean '{name}'?)").format(name=close[0]) if close else ""
            _warn(path, _("unknown setting '{key}'{hint}; ignored").format(key=key, hint=hint))
            continue
        name, validate = known
        try:
            settings = replace(settings, **{name: validate(value, path.parent)})
        except _Invalid as error:
            _warn(
                path,
                _("'{key}' should be {expected}; using the default").format(
                    key=key, expected=error
                ),
            )
    return settings


def load_settings(path: Path) -> Settings:
    """Read *path* (a missing file means defaults) and return the valid settings in it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_SIZE + 1)
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        _warn(
            path,
            _("cannot be read ({reason}); using the defaults").format(
                reason=error.strerror or error
            ),
        )
        return Settings()
    if len(raw) > MAX_CONFIG_SIZE:
        _warn(
            path,
            _("is larger than {size} KB; using the defaults").format(size=MAX_CONFIG_SIZE // 1024),
        )
        return Settings()
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = clean_line(str(error).splitlines()[0]) if str(error) else type(error).__name__
        _warn(path, _("is not valid YAML ({reason}); using the defaults").format(reason=reason))
        return Settings()
    return parse_settings(data, path)


def configured_language(path: Path) -> str | None:
    """The valid ``language:`` of the config file at *path*, or None, without any warning.

    The language is needed before anything is shown (``--help`` included), before logging is
    set up; :func:`load_settings` reads the file again later and warns about it in that
    language.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_SIZE + 1)
        data = yaml.safe_load(raw.decode("utf-8-sig")) if len(raw) <= MAX_CONFIG_SIZE else None
    except (OSError, yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    value = data.get("language") if isinstance(data, dict) else None
    return normalise_language(value) if isinstance(value, str) else None
