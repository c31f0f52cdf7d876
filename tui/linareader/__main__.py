"""Allow ``python -m linareader``."""

from __future__ import annotations

from linareader.cli import main

raise SystemExit(main())
