"""Deadline rules of the monitoring area, on examples computed by hand.

Calendar notes used below: 2026-02-28 is a Saturday; 2028 is a leap year and 2028-02-29 a
Tuesday; Easter Monday falls on 2026-04-06 and 2027-03-29; 2026-12-25 is a Friday, 2027-01-01 a
Friday; 2028-11-11 is a Saturday.
"""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from balise.cli.monitoring import monitor_app
from balise.domain.monitoring.calendar import is_belgian_public_holiday, is_working_day
from balise.domain.monitoring.deadlines import (
    IncidentClock,
    RequestBasis,
    earliest_incident_deadline,
    extended_deadline,
    extension_notice_until,
    incident_deadline,
    request_deadline,
)
from balise.domain.monitoring.periods import add_months, period_end


def always(_: date) -> bool:
    return True


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
    ],
)
def test_months_end_on_the_same_date_or_the_last_day_of_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected
    assert period_end(start, months=months, is_working_day=always) == expected


def test_the_day_of_the_event_does_not_count() -> None:
    # Aware on Monday 2 March 2026: day 1 is Tuesday 3 March, day 15 is Tuesday 17 March.
    assert incident_deadline(date(2026, 3, 2), IncidentClock.OTHER).due_on == date(2026, 3, 17)


def test_belgian_calendar() -> None:
    assert is_belgian_public_holiday(date(2026, 4, 6))  # Easter Monday
    assert is_belgian_public_holiday(date(2026, 11, 11))  # Armistice
    assert is_belgian_public_holiday(date(2026, 7, 21))  # National day
    assert not is_working_day(date(2026, 12, 5))  # Saturday
    assert is_working_day(date(2026, 12, 7))


def test_a_month_ending_on_a_saturday_rolls_to_monday() -> None:
    # 31 Jan 2026 + 1 month = Saturday 28 Feb 2026 → Monday 2 March.
    assert request_deadline(date(2026, 1, 31), RequestBasis.GDPR).due_on == date(2026, 3, 2)


def test_leap_year_month_end_on_a_working_day() -> None:
    deadline = request_deadline(date(2028, 1, 31), RequestBasis.GDPR)
    assert deadline.due_on == date(2028, 2, 29)
    assert deadline.article == "Regulation (EU) 2016/679 (GDPR), Art 12(3)"


def test_easter_monday_is_skipped() -> None:
    # 6 March 2026 + 1 month = Monday 6 April 2026, Easter Monday → Tuesday 7 April.
    assert request_deadline(date(2026, 3, 6), RequestBasis.GDPR).due_on == date(2026, 4, 7)
    # Aware on Sunday 14 March 2027: +15 days = Monday 29 March 2027, Easter Monday → 30 March.
    assert incident_deadline(date(2027, 3, 14), IncidentClock.OTHER).due_on == date(2027, 3, 30)


def test_christmas_and_new_year() -> None:
    # Aware on 15 Dec 2026 (death, 10 days) → Friday 25 Dec, Christmas → Monday 28 Dec.
    assert incident_deadline(date(2026, 12, 15), IncidentClock.DEATH).due_on == date(2026, 12, 28)
    # Received 1 Dec 2026 + 1 month = Friday 1 Jan 2027, New Year → Monday 4 Jan 2027.
    assert request_deadline(date(2026, 12, 1), RequestBasis.GDPR).due_on == date(2027, 1, 4)


def test_armistice_day() -> None:
    # Aware on 9 Nov 2026 (Monday), 2 days → Wednesday 11 Nov, Armistice → Thursday 12 Nov.
    assert incident_deadline(date(2026, 11, 9), IncidentClock.WIDESPREAD).due_on == date(
        2026, 11, 12
    )
    # 11 Oct 2028 + 1 month = Saturday 11 Nov 2028 (also Armistice) → Monday 13 Nov.
    assert request_deadline(date(2028, 10, 11), RequestBasis.GDPR).due_on == date(2028, 11, 13)


def test_weekend_roll_over_and_two_working_days() -> None:
    # Aware on Wednesday 2 Dec 2026, death: +10 = Saturday 12 Dec → Monday 14 Dec.
    death = incident_deadline(date(2026, 12, 2), IncidentClock.DEATH)
    assert death.due_on == date(2026, 12, 14)
    assert death.article == "Regulation (EU) 2024/1689, Art 73(4)"
    # Aware on Friday 4 Dec 2026, 2 days: Sunday 6 → Monday 7 has one working day only; a period
    # of two days or more includes two working days (1182/71 Art 3(5)) → Tuesday 8 Dec.
    assert incident_deadline(date(2026, 12, 4), IncidentClock.CRITICAL_INFRASTRUCTURE).due_on == (
        date(2026, 12, 8)
    )
    # Aware on Monday 7 Dec 2026, 2 days → Wednesday 9 Dec.
    assert incident_deadline(date(2026, 12, 7), IncidentClock.WIDESPREAD).due_on == date(
        2026, 12, 9
    )


def test_the_shortest_clock_wins() -> None:
    both = earliest_incident_deadline(
        date(2026, 12, 7), [IncidentClock.OTHER, IncidentClock.DEATH, IncidentClock.WIDESPREAD]
    )
    assert both.due_on == date(2026, 12, 9)
    assert "73(3)" in both.article


def test_gdpr_extension_and_notice() -> None:
    # 31 Jan 2026 + 3 months = Thursday 30 April 2026.
    assert extended_deadline(date(2026, 1, 31), RequestBasis.GDPR).due_on == date(2026, 4, 30)
    assert extension_notice_until(date(2026, 1, 31), RequestBasis.GDPR) == date(2026, 3, 2)


def test_publicity_law_counts_thirty_days_plus_fifteen() -> None:
    # Received Tuesday 1 Dec 2026: +30 = Thursday 31 Dec; +45 = Friday 15 Jan 2027.
    assert request_deadline(date(2026, 12, 1), RequestBasis.PUBLICITY_1994).due_on == date(
        2026, 12, 31
    )
    assert extended_deadline(date(2026, 12, 1), RequestBasis.PUBLICITY_1994).due_on == date(
        2027, 1, 15
    )


def test_cli_incident_deadline_json() -> None:
    result = CliRunner().invoke(
        monitor_app,
        ["incident-deadline", "--aware-on", "2026-12-02", "--kind", "death", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert '"due_on": "2026-12-14"' in result.stdout
    assert "Art 73(4)" in result.stdout


def test_cli_request_deadline_json() -> None:
    result = CliRunner().invoke(
        monitor_app,
        ["request-deadline", "--received-on", "2028-01-31", "--basis", "gdpr", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    assert '"due_on": "2028-02-29"' in result.stdout


@pytest.mark.parametrize(
    "arguments",
    [
        ["incident-deadline", "--aware-on", "yesterday"],
        ["incident-deadline", "--aware-on", "2026-12-02", "--kind", "meteor"],
        ["request-deadline", "--received-on", "2026-12-02", "--basis", "whim"],
    ],
)
def test_cli_bad_input_exits_2(arguments: list[str]) -> None:
    result = CliRunner().invoke(monitor_app, arguments)
    assert result.exit_code == 2
