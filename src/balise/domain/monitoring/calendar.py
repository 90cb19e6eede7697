"""The Belgian calendar of public holidays, and nothing else.

This is the one domain module allowed to import the `holidays` library (see ADR 0013): deadlines
need to know which days are Belgian public holidays, and the library keeps the ten legal
holidays (1 January, Easter Monday, 1 May, Ascension, Whit Monday, 21 July, 15 August,
1 November, 11 November, 25 December) computed for every year, Easter included.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays


@cache
def _belgian_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("BE", years=year).keys())


def is_belgian_public_holiday(day: date) -> bool:
    return day in _belgian_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a Belgian public holiday (Regulation 1182/71, Art 2(2))."""
    return day.weekday() < 5 and not is_belgian_public_holiday(day)
