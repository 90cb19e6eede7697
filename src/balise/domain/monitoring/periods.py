"""Counting periods as Regulation (EEC, Euratom) No 1182/71 counts them.

- Art 3(1): when a period runs from an event, the day of the event does not count.
- Art 3(2)(b): a period in days ends at the end of its last day.
- Art 3(2)(c): a period in months ends on the day of the last month with the same date as the
  day of the event; if that month has no such date, on the last day of that month
  (31 January + one month = 28 or 29 February).
- Art 3(3): Saturdays, Sundays and public holidays count, unless the period is in working days.
- Art 3(4): a period (other than in hours) whose last day is a Saturday, a Sunday or a public
  holiday ends at the end of the next working day.
- Art 3(5): a period of two days or more includes at least two working days.

The functions take the test for working days as an argument so that they stay pure; the
Belgian calendar is in `calendar.py`.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Callable
from datetime import date, timedelta

WorkingDay = Callable[[date], bool]


def add_months(day: date, months: int) -> date:
    """The same date `months` later, or the last day of that month when it has no such date."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = gregorian.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def next_working_day(day: date, is_working_day: WorkingDay) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_between(first: date, last: date, is_working_day: WorkingDay) -> int:
    """Working days from `first` to `last`, both included."""
    count, day = 0, first
    while day <= last:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def period_end(event: date, *, days: int = 0, months: int = 0, is_working_day: WorkingDay) -> date:
    """The last day of a period of `months` and `days` that runs from `event`."""
    if days < 0 or months < 0 or (days == 0 and months == 0):
        raise ValueError("a period has a positive length")
    nominal = add_months(event, months) + timedelta(days=days)
    end = next_working_day(nominal, is_working_day)  # Art 3(4)
    first = event + timedelta(days=1)  # Art 3(1)
    if (nominal - event).days >= 2:  # Art 3(5)
        while working_days_between(first, end, is_working_day) < 2:
            end = next_working_day(end + timedelta(days=1), is_working_day)
    return end
