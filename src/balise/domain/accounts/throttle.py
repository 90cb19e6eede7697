"""Sign-in throttling: growing delays after failed passwords, per account and per address.

Why delays and not a lock. A hard lock after a few failures (the rule Balise had: 5 failures lock
the account for 15 minutes) lets anyone who knows an e-mail address keep its owner out, the
administrator included. The OWASP Authentication Cheat Sheet ("Login Throttling", "Account
Lockout") recommends throttling that grows with the failures instead, and OWASP ASVS 4.0.3
requirement 2.2.1 asks that no more than 100 failed attempts per hour be possible on one account.
So after a few free failures each further try waits twice as long as the one before (1 s, 2 s,
4 s...), up to a ceiling:

- per account: 5 free failures, then at most one try a minute (at most 65 failures an hour, under
  ASVS's 100), and the right password works again within a minute, whoever mistyped it before;
- per client address: 20 free failures (an office behind one address), then up to 15 minutes,
  which slows down one machine guessing many accounts.

Failures older than the window are forgotten; a successful sign-in clears the account's count
(never the address's: an attacker could otherwise clear it with an account of their own).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Backoff:
    """`free` failures cost nothing; the n-th beyond waits 2^(n-1) seconds, up to `ceiling`."""

    free: int
    ceiling: timedelta

    def delay_after(self, failures: int) -> timedelta:
        """How long to wait after the last of `failures` consecutive failures."""
        beyond = failures - self.free
        if beyond < 0:
            return timedelta(0)
        ceiling = self.ceiling.total_seconds()
        # 2**beyond grows past any ceiling long before it overflows a float.
        seconds = ceiling if beyond > math.log2(ceiling or 1) else min(ceiling, 2.0**beyond)
        return timedelta(seconds=seconds)

    def wait(self, *, failures: int, last_failure: datetime | None, now: datetime) -> timedelta:
        """What is left to wait at `now` before the next try (zero when it may go ahead)."""
        if last_failure is None:
            return timedelta(0)
        return max(timedelta(0), last_failure + self.delay_after(failures) - now)


WINDOW = timedelta(minutes=15)
"""Failures older than this are not counted."""

PER_ACCOUNT = Backoff(free=5, ceiling=timedelta(minutes=1))
PER_ADDRESS = Backoff(free=20, ceiling=timedelta(minutes=15))


def seconds_to_wait(wait: timedelta) -> int:
    """Whole seconds, rounded up, so that trying again after them succeeds."""
    return max(1, math.ceil(wait.total_seconds()))
