"""Relative dates in the demo's data files, counted from the day the demo is loaded."""

from __future__ import annotations

from datetime import date

from balise.data.demo import resolve_dates


def test_relative_dates_are_counted_from_today_across_month_and_leap_day() -> None:
    today = date(2028, 2, 28)
    document = {"fresh": "today+400d", "stale": ["today-60d", "today+1d"], "kept": "2025-01-01"}
    assert resolve_dates(document, today) == {
        "fresh": "2029-04-03",  # 2028 is a leap year: 29 Feb counts
        "stale": ["2027-12-30", "2028-02-29"],
        "kept": "2025-01-01",
    }
    assert resolve_dates("today", today) == "today"  # only the +/-Nd form is a date
