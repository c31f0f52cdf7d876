"""Partial dates (2024, 2024-07, 2024-07-10) normalise and sort together."""

from __future__ import annotations

import datetime as dt

import pytest

from linareader.core.dates import PartialDate, parse_date


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        (2024, "2024"),
        ("2024", "2024"),
        ("2024-07", "2024-07"),
        ("2024-7", "2024-07"),
        ("2024-07-10", "2024-07-10"),
        (dt.date(2024, 7, 10), "2024-07-10"),
        (dt.datetime(2024, 7, 10, 12, 30), "2024-07-10"),
        ("2024-07-10T12:30:00Z", "2024-07-10"),
        (" 2024-07-10 ", "2024-07-10"),
    ],
)
def test_valid_dates_normalise(raw: object, iso: str) -> None:
    date = parse_date(raw)
    assert date is not None
    assert date.isoformat() == iso


@pytest.mark.parametrize(
    "raw", ["2024-13-45", "2024-02-30", "July 2024", "", "24", True, None, 3.5, [2024], 0, 10000]
)
def test_invalid_dates_are_none_not_errors(raw: object) -> None:
    assert parse_date(raw) is None


def test_partial_dates_sort_together() -> None:
    dates = [PartialDate(2024, 7, 10), PartialDate(2023), PartialDate(2024, 7), PartialDate(2024)]
    assert [d.isoformat() for d in sorted(dates)] == ["2023", "2024", "2024-07", "2024-07-10"]
