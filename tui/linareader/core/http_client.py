"""httpx, imported without its command-line tool.

``import httpx`` also imports ``httpx._main``, its ``httpx`` console command, which imports
rich, click and pygments whenever they are installed (rich always is, through Textual): 33 ms of
the 84 ms an import takes here, and the UI library in a core that must not load one. Marking
that one submodule as absent makes httpx fall back to its stub ``main``; nothing linareader uses
is lost. Core modules import httpx from here, never directly.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx  # noqa: E402  (must come after the line above)

__all__ = ["httpx"]
