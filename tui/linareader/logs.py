"""Where warnings go: one clean line for the user, the full story in a log file.

Core modules log warnings with the standard :mod:`logging` module. The CLI shows them on stderr
as ``linareader: warning: ...`` (the app turns them into notifications); every record, with its
traceback, also goes to ``linareader.log`` in the cache folder for bug reports. A user never sees
a traceback unless they ask with ``--debug``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

from linareader.core.i18n import _
from linareader.core.sanitize import clean_line

__all__ = ["LazyFileHandler", "UserFormatter", "setup_logging"]

LOGGER = "linareader"


class UserFormatter(logging.Formatter):
    """One sanitised line per record; tracebacks only in debug mode."""

    def __init__(self, *, debug: bool = False) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        """Return ``linareader: warning: message`` (plus the traceback in debug mode)."""
        if record.levelno >= logging.ERROR:
            template = _("linareader: error: {message}")
        else:
            template = _("linareader: warning: {message}")
        line = template.format(message=clean_line(record.getMessage()))
        if self.debug and record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class LazyFileHandler(logging.Handler):
    """Append to the log file, creating its folder on the first record only.

    Commands that warn about nothing never create the cache folder; a log file that cannot be
    written is silently given up, since the user already saw the message on screen.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self.path = path
        self._broken = False
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        """Write *record* with its traceback, if the log file can be written."""
        if self._broken:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(self.format(record) + "\n")
        except OSError:
            self._broken = True


def setup_logging(log_file: Path, *, debug: bool, stream: TextIO | None = None) -> logging.Logger:
    """Send linareader's records to *stream* (stderr by default) and to *log_file*."""
    logger = logging.getLogger(LOGGER)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    user = logging.StreamHandler(stream or sys.stderr)
    user.setLevel(logging.DEBUG if debug else logging.WARNING)
    user.setFormatter(UserFormatter(debug=debug))
    logger.addHandler(user)
    logger.addHandler(LazyFileHandler(log_file))
    return logger
