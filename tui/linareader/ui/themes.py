"""Themes as data: ``styles/themes/*.yaml`` files mapped to Textual ``Theme`` objects.

Colours live in data, not code, so a theme can be added without touching the program; the
stylesheet uses theme variables only, so every theme (and Textual's built-in ones) applies.
A broken theme file is skipped with a one-line warning.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from textual.color import Color, ColorParseError
from textual.theme import Theme

from linareader.core.i18n import _
from linareader.core.sanitize import clean_line

__all__ = ["DEFAULT_THEME", "MONO_THEME", "load_themes"]

DEFAULT_THEME = "linareader-dark"
MONO_THEME = "linareader-mono"
"""Used whenever ``NO_COLOR`` is set, whatever the configured theme."""
_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
log = logging.getLogger(__name__)


def load_themes(folder: Path) -> list[Theme]:
    """Read every ``*.yaml`` theme in *folder*, in name order."""
    themes: list[Theme] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("name"), str):
                raise ValueError(_("expected a mapping with a 'name'"))
            colours = {key: str(data[key]) for key in _FIELDS if key in data}
            for key, value in colours.items():
                try:
                    Color.parse(value)
                except ColorParseError:
                    raise ValueError(
                        _("'{key}' is not a colour: {value}").format(key=key, value=value)
                    ) from None
            variables = data.get("variables") or {}
            if not isinstance(variables, dict):
                raise ValueError(_("'variables' should be a mapping"))
            if "primary" not in colours:
                raise ValueError(_("'primary' is required"))
            themes.append(
                Theme(
                    name=data["name"],
                    primary=colours["primary"],
                    secondary=colours.get("secondary"),
                    warning=colours.get("warning"),
                    error=colours.get("error"),
                    success=colours.get("success"),
                    accent=colours.get("accent"),
                    foreground=colours.get("foreground"),
                    background=colours.get("background"),
                    surface=colours.get("surface"),
                    panel=colours.get("panel"),
                    boost=colours.get("boost"),
                    dark=bool(data.get("dark", True)),
                    variables={str(k): str(v) for k, v in variables.items()},
                )
            )
        except (OSError, ValueError, TypeError, yaml.YAMLError) as error:
            reason = clean_line(str(error).splitlines()[0]) if str(error) else _("unreadable")
            log.warning(_("Theme %s was skipped: %s."), path.name, reason)
    return themes
