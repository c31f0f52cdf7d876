"""The interface language: which one, its translations, and dates and reading times in it.

English is the source language; other languages are gettext catalogues in
``linareader/locale/<lang>/LC_MESSAGES/linareader.mo``. The language follows ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (gettext's order) unless ``language:`` in config.yaml
names one; :func:`install` is called once at start, before the UI modules are imported, because
Textual binding descriptions are class attributes evaluated at import time.

The active translation is the one piece of module state in the core. It is what gettext's own
``install()`` would put in ``builtins``; keeping it here instead keeps ``_`` an ordinary, typed
import, and :func:`install` is its only writer. Only the standard library is used, so choosing
and loading a language costs a file read on the way to the first screen (no Babel at run time).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from pathlib import Path

from linareader.core.dates import PartialDate

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "_",
    "choose_language",
    "current_language",
    "format_date",
    "install",
    "language_from_env",
    "ngettext",
    "normalise_language",
    "pgettext",
    "reading_time",
]

DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "fr")
"""The interface languages: English (the source) and those with a catalogue."""
DOMAIN = "linareader"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def normalise_language(value: str) -> str | None:
    """Return the interface language *value* names (``fr_FR.UTF-8`` -> ``fr``), or None.

    ``C`` and ``POSIX`` are English, as for gettext.
    """
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if code in ("c", "posix"):
        return DEFAULT_LANGUAGE
    base = code.split("_")[0]
    return base if base in LANGUAGES else None


def language_from_env(env: Mapping[str, str]) -> str:
    """The language the environment asks for, in gettext's order (the first variable set wins;
    ``LANGUAGE`` may list several, ``fr:en``); English when none is available."""
    for variable in _ENV_VARIABLES:
        value = env.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            found = normalise_language(item) if item else None
            if found is not None:
                return found
        return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def choose_language(env: Mapping[str, str], configured: str | None) -> str:
    """``language:`` from config.yaml when set, else the environment's language."""
    return configured or language_from_env(env)


def install(language: str) -> None:
    """Make *language* the interface language of this process (English if it has no catalogue)."""
    global _active, _language
    if language == DEFAULT_LANGUAGE:
        _active, _language = _gettext.NullTranslations(), DEFAULT_LANGUAGE
        return
    found = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _active = found
    _language = language if isinstance(found, _gettext.GNUTranslations) else DEFAULT_LANGUAGE


def current_language() -> str:
    """The code of the interface language (``en``, ``fr``)."""
    return _language


def _(message: str) -> str:
    """*message* in the interface language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for *count*, in the interface language."""
    return _active.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """*message* in the interface language, where *context* tells two meanings apart."""
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Mark *message* for the catalogue without translating it (translated where it is shown)."""
    return message


_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def format_date(date: PartialDate) -> str:
    """*date* in words as precise as it is known: ``12 July 2024``, ``July 2024``, ``2024``."""
    if not date.month:
        return str(date.year)
    month = _(_MONTHS[date.month - 1])
    if not date.day:
        return _("{month} {year}").format(month=month, year=date.year)
    if date.day == 1:  # French writes the first of the month "1er juillet"
        return pgettext("first day of a month", "1 {month} {year}").format(
            month=month, year=date.year
        )
    return _("{day} {month} {year}").format(day=date.day, month=month, year=date.year)


def reading_time(minutes: int) -> str:
    """A reading-time estimate: ``5 min read``."""
    return _("{minutes} min read").format(minutes=minutes)
