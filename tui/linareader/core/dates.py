"""Article dates that may be partial: ``2024``, ``2024-07`` or ``2024-07-10``.

Authors often know only the month of a post (the OSPOs article: July 2024). YAML reads the three
forms as an int, a string and a date, so every form is normalised to :class:`PartialDate`, which
keeps the precision for display and sorts all three together (a month sorts before its days).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["PartialDate", "parse_date"]

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day (0 = unknown part)."""

    year: int
    month: int = 0
    day: int = 0

    def isoformat(self) -> str:
        """Return ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as precise as the date is."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()


def parse_date(value: object) -> PartialDate | None:
    """Return *value* (int, str, date or datetime from YAML) as a date, or None if invalid.

    Invalid dates such as ``2024-13-45`` are None rather than errors: the caller warns and the
    article still opens.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        return PartialDate(value) if 1 <= value <= 9999 else None
    if not isinstance(value, str):
        return None
    match = _DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = (int(part) if part else 0 for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)
