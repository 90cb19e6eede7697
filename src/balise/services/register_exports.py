"""Open data exports of the register, streamed in batches, and one record's Annex VIII layout."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from balise.domain.register.exports import (
    PublishedEntry,
    annex_viii,
    csv_header,
    csv_row,
    dcat_catalog,
    system_url,
)
from balise.domain.register.standard import STANDARD_VERSION
from balise.domain.shared.cells import csv_writer
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message
from balise.services.assessments import annex_viii_points
from balise.services.ports import UnitOfWork

BATCH_SIZE = 500
PUBLISHER = "Balise"

UnitOfWorkFactory = Callable[..., UnitOfWork]


def public_document(
    document: dict[str, Any],
    *,
    url: str,
    revision_date: date | None,
    today: date,
    withdrawn: bool,
    withdrawal_reason: str,
) -> dict[str, Any]:
    """A published system's public document with its status on the portal: the one shape of
    `/systems/<slug>.json`, `/api/v1/systems/<slug>` and each system of the JSON export."""
    return {
        **document,
        "url": url,
        "revision_date": revision_date.isoformat() if revision_date else None,
        "stale": revision_date is not None and revision_date < today,
        "withdrawn": withdrawn,
        "withdrawal_reason": withdrawal_reason or None,
    }


def export_item(entry: PublishedEntry, *, base_url: str, today: date) -> dict[str, Any]:
    """One system of the JSON export: its public document, at its absolute address."""
    revision = (entry.document.get("fields") or {}).get("revision_date")
    return public_document(
        entry.document,
        url=system_url(base_url, str(entry.document.get("slug"))),
        revision_date=date.fromisoformat(revision) if revision else None,
        today=today,
        withdrawn=entry.withdrawn,
        withdrawal_reason=entry.withdrawal_reason if entry.withdrawn else "",
    )


def published_entries(
    new_uow: UnitOfWorkFactory, *, batch_size: int = BATCH_SIZE
) -> Iterator[PublishedEntry]:
    """Every published system, read `batch_size` at a time, each batch in its own transaction.

    A large register is never held in memory at once; paging by the primary key keeps each batch
    as cheap as the first.
    """
    after = 0
    while True:
        with new_uow(read_only=True) as uow:
            batch = uow.published.batch(after=after, limit=batch_size)
        if not batch:
            return
        yield from batch
        after = batch[-1].system_id
        if len(batch) < batch_size:
            return


def json_chunks(
    new_uow: UnitOfWorkFactory, *, base_url: str, batch_size: int = BATCH_SIZE
) -> Iterator[str]:
    """The JSON export as text pieces: {"standard_version": ..., "systems": [ ... ]}."""
    yield f'{{"standard_version": {json.dumps(STANDARD_VERSION)}, "systems": ['
    with new_uow(read_only=True) as uow:
        today = uow.clock.now().date()
    first = True
    for entry in published_entries(new_uow, batch_size=batch_size):
        item = export_item(entry, base_url=base_url, today=today)
        yield ("" if first else ",\n") + json.dumps(item, ensure_ascii=False, sort_keys=True)
        first = False
    yield "]}\n"


def csv_chunks(
    new_uow: UnitOfWorkFactory, *, base_url: str, batch_size: int = BATCH_SIZE
) -> Iterator[str]:
    """The CSV export as text pieces: a header, then one row per system, a batch at a time.

    Texts that a spreadsheet would run as formulas are neutralised (`domain/shared/cells.py`).
    """
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_header())
    entries = published_entries(new_uow, batch_size=batch_size)
    for count, entry in enumerate(entries, start=1):
        writer.writerow(csv_row(entry, base_url))
        if count % batch_size == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def published_summary(uow: UnitOfWork) -> tuple[int, datetime | None]:
    """How many systems are published, and when the register last changed."""
    return uow.published.summary()


def catalog(uow: UnitOfWork, *, base_url: str) -> dict[str, Any]:
    count, modified = uow.published.summary()
    return dcat_catalog(base_url, publisher=PUBLISHER, modified=modified, count=count)


def annex_viii_of(uow: UnitOfWork, *, slug: str, base_url: str) -> dict[str, Any]:
    """A published record in the Annex VIII layout; only its public fields."""
    found = uow.published.find(slug)
    if found is None:
        raise NotFound(Message(N_("There is no such AI system.")))
    document = found.document
    organisation = uow.organisations.find_by_slug(str(document["organisation"]["slug"]))
    contact: dict[str, str] = {}
    if organisation is not None:
        contact = {
            "address": organisation.contact.address,
            "email": organisation.contact.email,
            "phone": organisation.contact.phone,
            "website": organisation.contact.website,
        }
    annex = annex_viii(
        document, contact, base_url=base_url, assessments=annex_viii_points(uow, found.system_id)
    )
    annex["withdrawn"] = found.withdrawn
    annex["withdrawal_reason"] = found.withdrawal_reason if found.withdrawn else ""
    return annex


def dump(chunks: Iterator[str]) -> str:
    return "".join(chunks)
