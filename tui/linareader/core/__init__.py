"""UI-free heart of linareader: articles, library, state, settings and paths.

Nothing under ``linareader.core`` imports Textual or Rich; an import-linter contract and a
subprocess test hold that line, so the scripting commands stay fast and the logic stays testable
without an event loop.
"""

from __future__ import annotations
