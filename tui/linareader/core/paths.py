"""Every location linareader reads or writes, owned by one module.

platformdirs gives the per-user folders for "linareader"; ``LINAREADER_CONFIG_DIR``,
``LINAREADER_DATA_DIR`` and ``LINAREADER_CACHE_DIR`` override them (tests and portable setups),
and the CLI flags override those. Nothing else in the program builds a user path, so a test that
sets the three variables can never touch the real home.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["Paths", "bundled_dir", "resolve_paths"]

APP = "linareader"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Paths:
    """The three per-user folders and the files linareader keeps in them."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        """The user's ``config.yaml``: read, validated, never written."""
        return self.config_dir / "config.yaml"

    @property
    def state_file(self) -> Path:
        """Read state, positions and bookmarks (the design card: in the config dir)."""
        return self.config_dir / "state.json"

    @property
    def saved_dir(self) -> Path:
        """Web pages saved by URL, as Markdown."""
        return self.data_dir / "articles" / "saved"

    @property
    def feeds_dir(self) -> Path:
        """One folder of Markdown entries per subscribed feed."""
        return self.data_dir / "articles" / "feeds"

    @property
    def feeds_file(self) -> Path:
        """The user's feed subscriptions (``feeds.yaml``, hand-editable)."""
        return self.config_dir / "feeds.yaml"

    @property
    def feed_state_dir(self) -> Path:
        """Per-feed bookkeeping: validators for conditional GET, entries seen or deleted."""
        return self.data_dir / "feed-state"

    @property
    def log_file(self) -> Path:
        """Warnings with tracebacks, for bug reports; users never see tracebacks otherwise."""
        return self.cache_dir / "linareader.log"


def resolve_paths(
    env: Mapping[str, str] | None = None,
    *,
    config_dir: Path | None = None,
    data_dir: Path | None = None,
    cache_dir: Path | None = None,
) -> Paths:
    """Return the folders to use: explicit arguments, else environment, else platformdirs."""
    env = os.environ if env is None else env

    def pick(explicit: Path | None, variable: str, default: str) -> Path:
        if explicit is not None:
            return explicit.expanduser().absolute()
        value = env.get(variable, "")
        return Path(value).expanduser().absolute() if value else Path(default)

    return Paths(
        config_dir=pick(config_dir, "LINAREADER_CONFIG_DIR", platformdirs.user_config_dir(APP)),
        data_dir=pick(data_dir, "LINAREADER_DATA_DIR", platformdirs.user_data_dir(APP)),
        cache_dir=pick(cache_dir, "LINAREADER_CACHE_DIR", platformdirs.user_cache_dir(APP)),
    )


def bundled_dir(name: str) -> Path:
    """Return the folder of bundled data *name* (``articles`` or ``styles``).

    A built wheel carries them inside the package (``linareader/_data/``); an editable install or
    a source checkout finds them at the top of the repository, two levels above the package.
    This is the only function that knows both layouts.
    """
    packaged = _PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent.parent / name
