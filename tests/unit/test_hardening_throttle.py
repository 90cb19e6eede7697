"""Sign-in delays (issue 16, item 2), on hand-computed examples: 5 free failures per account,
then 1, 2, 4... seconds up to a minute; 20 per address, then up to 15 minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from balise.domain.accounts import throttle

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (10, 32), (11, 60), (400, 60)],
)
def test_account_delays_double_up_to_a_minute(failures: int, seconds: int) -> None:
    assert throttle.PER_ACCOUNT.delay_after(failures) == timedelta(seconds=seconds)


def test_address_delays_reach_fifteen_minutes() -> None:
    assert throttle.PER_ADDRESS.delay_after(19) == timedelta(0)
    assert throttle.PER_ADDRESS.delay_after(20) == timedelta(seconds=1)
    assert throttle.PER_ADDRESS.delay_after(29) == timedelta(seconds=512)
    assert throttle.PER_ADDRESS.delay_after(30) == timedelta(minutes=15)


def test_wait_counts_from_the_last_failure() -> None:
    last = NOW
    assert throttle.PER_ACCOUNT.wait(
        failures=7, last_failure=last, now=NOW + timedelta(seconds=1)
    ) == timedelta(seconds=3)
    assert throttle.PER_ACCOUNT.wait(
        failures=7, last_failure=last, now=NOW + timedelta(seconds=5)
    ) == timedelta(0)
    assert throttle.PER_ACCOUNT.wait(failures=9, last_failure=None, now=NOW) == timedelta(0)
