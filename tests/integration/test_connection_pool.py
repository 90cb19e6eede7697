"""The database connections a process keeps for its concurrent requests."""

from __future__ import annotations

from contextlib import ExitStack

from balise.bootstrap import Container


def test_twenty_requests_at_once_leave_their_twenty_connections_open_for_the_next(
    container: Container,
) -> None:
    with ExitStack() as requests:
        for _ in range(20):
            uow = requests.enter_context(container.uow(read_only=True))
            uow.organisations.list_all()
        assert container.engine.pool.checkedout() == 20  # type: ignore[attr-defined]
    # kept, not closed: the next requests find them open (their schema read, their cache warm)
    assert container.engine.pool.checkedin() == 20  # type: ignore[attr-defined]
