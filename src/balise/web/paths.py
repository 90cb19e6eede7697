"""Parameters of addresses that every area shares: the integer id of a record in a path.

Record ids are `INTEGER` columns: 32 bits on PostgreSQL (at most 2**31 - 1), 64 bits on SQLite.
A larger number in an address could not be looked up at all (the database driver refuses it, a
server error), yet it names a record as surely missing as any other: so an id outside
1 .. 2**31 - 1 is answered "not found" before any query, on both databases alike.

A route declares `thing_id: PathId` instead of `thing_id: int`; `tests/web/test_hardening_*`
finds any route that forgets.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message

MAX_PATH_ID = 2**31 - 1
"""The largest id an `INTEGER` column holds on PostgreSQL, the narrower of the two databases."""


def stored_id(value: int) -> int:
    """The id itself, or NotFound (a 404) when no row of the database can carry it.

    NotFound is not a ValueError, so pydantic lets it through to the app's handler instead of
    turning it into a 422 about the address.
    """
    if not 1 <= value <= MAX_PATH_ID:
        raise NotFound(Message(N_("This page does not exist.")))
    return value


PathId = Annotated[int, AfterValidator(stored_id)]
"""An integer record id in a path: a whole number from 1 to MAX_PATH_ID, else 404."""
