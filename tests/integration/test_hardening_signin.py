"""Sign-in throttling (issue 16, item 2): concurrent failures are counted one after the other,
and repeated failures make the next try wait longer instead of locking the account."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from balise.bootstrap import Container
from balise.domain.accounts import throttle
from balise.domain.accounts.model import Actor, Role, User
from balise.domain.shared.clock import FixedClock
from balise.domain.shared.errors import PermissionDenied, Throttled
from balise.services import accounts

PASSWORD = "a long enough test password"
NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


def frozen(container: Container, at: datetime) -> Container:
    return Container(container.settings.model_copy(), clock=FixedClock(at))


def make_admin(container: Container) -> None:
    root = Actor(user=User(email="root@balise.test", display_name="Root", role=Role.ADMIN, id=0))
    with container.uow() as uow:
        accounts.create_user(
            uow,
            actor=root,
            password=PASSWORD,
            user=User(email="admin@balise.test", display_name="Admin", role=Role.ADMIN),
        )
        uow.commit()


def try_password(container: Container, password: str, address: str = "192.0.2.1") -> str:
    with container.uow() as uow:
        try:
            accounts.authenticate(
                uow, email="admin@balise.test", password=password, address=address
            )
        except (PermissionDenied, Throttled) as refusal:
            uow.commit()
            return type(refusal).__name__
        uow.commit()
        return "signed in"


def evaluated(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(sa.text("SELECT count(*) FROM login_attempts")).scalar_one())


def test_twelve_concurrent_wrong_passwords_evaluate_only_the_free_ones(
    container: Container,
) -> None:
    make_admin(container)
    at_once = frozen(container, NOW)
    try:
        with ThreadPoolExecutor(max_workers=12) as pool:
            outcomes = list(pool.map(lambda _: try_password(at_once, "wrong"), range(12)))
    finally:
        at_once.dispose()

    assert evaluated(container) == throttle.PER_ACCOUNT.free
    assert outcomes.count("PermissionDenied") == throttle.PER_ACCOUNT.free
    assert outcomes.count("Throttled") == 12 - throttle.PER_ACCOUNT.free


def test_failures_make_the_administrator_wait_a_little_never_lock_them_out(
    container: Container,
) -> None:
    make_admin(container)
    seen = []
    for second in range(0, 200):
        at = frozen(container, NOW + timedelta(seconds=second))
        seen.append(try_password(at, "wrong"))
        at.dispose()
    # 5 free, then after 1, 2, 4, 8, 16, 32 seconds, then once a minute.
    assert seen.count("PermissionDenied") == 5 + 6 + 2
    later = frozen(container, NOW + timedelta(seconds=200 + 60))
    assert try_password(later, PASSWORD) == "signed in"
    # A success clears the account's count.
    assert try_password(later, "wrong") == "PermissionDenied"
    assert try_password(later, PASSWORD) == "signed in"
    later.dispose()


def test_a_stranger_cannot_keep_the_account_waiting_long(container: Container) -> None:
    make_admin(container)
    for minute in range(60):
        at = frozen(container, NOW + timedelta(minutes=minute))
        for _ in range(10):
            try_password(at, "wrong", address=f"198.51.100.{minute}")
        at.dispose()
    # Sixty minutes of tries from sixty addresses: the owner waits at most the ceiling.
    after = frozen(container, NOW + timedelta(minutes=59) + throttle.PER_ACCOUNT.ceiling)
    assert try_password(after, PASSWORD, address="203.0.113.9") == "signed in"
    after.dispose()
