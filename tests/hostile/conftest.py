"""The hostile suite drives the installed command like the CLI tests do."""

from __future__ import annotations

from ..cli.conftest import run

__all__ = ["run"]
