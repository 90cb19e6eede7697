"""The facts a panel keeps and hands between layers, typed: JSON only at the repository and the API.

What the pool upload left (`PanelFacts`), the selection (`SelectionResult`, stored as
`StoredSelection`), the published files (`PublishedDraw`, stored as `StoredCommitment`), the draw
(`Reveal`, stored as `StoredDraw`) and the invitations. The documents Balise keeps for itself
carry `schema_version`; the files it publishes (the commitment, the pool, the quotas, the lottery
table and the reveal) are versioned by the commitment's `format` (`balise-panel-draw/1`)
instead, so that they stay byte for byte what `balise panel verify` reads and what was hashed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from balise.domain.organisations.model import Organisation
from balise.domain.panels.draw import (
    Commitment,
    lottery_document,
    pool_document,
    quotas_document,
)
from balise.domain.panels.feasibility import Feasibility
from balise.domain.panels.model import Person, Pool, Quota, Quotas
from balise.domain.panels.record import Panel

if TYPE_CHECKING:
    from balise.domain.panels.lottery import Lottery
    from balise.domain.panels.replacements import Replacement

SCHEMA_VERSION = 1


def _check_version(data: Mapping[str, Any], what: str) -> None:
    version = int(data.get("schema_version", SCHEMA_VERSION))
    if version != SCHEMA_VERSION:
        raise ValueError(f"{what} schema {version} is not {SCHEMA_VERSION}")


@dataclass(frozen=True)
class PanelFacts:
    """What the last pool upload and selection job left on the panel."""

    pool_sha256: str | None = None
    feasibility: Feasibility | None = None
    selection_job: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "pool_sha256": self.pool_sha256,
            "feasibility": self.feasibility.to_json() if self.feasibility else None,
            "selection_job": self.selection_job,
        }


# --- the lottery table and the selection ----------------------------------------------------------


@dataclass(frozen=True)
class LotteryRow:
    """Tickets `first`..`last` of the lottery, and the panel (sorted pseudonymous ids) they draw."""

    first: int
    last: int
    panel: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"tickets": [self.first, self.last], "panel": list(self.panel)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LotteryRow:
        first, last = (int(value) for value in data["tickets"])
        return cls(first, last, tuple(str(pid) for pid in data["panel"]))


def lottery_rows(lottery: Lottery, pool: Pool) -> tuple[LotteryRow, ...]:
    """The published table: each ticket range and its panel."""
    return tuple(LotteryRow.from_json(row) for row in lottery_document(lottery, pool))


def lottery_of(rows: Sequence[LotteryRow], pool: Pool) -> Lottery:
    """The lottery back from its table (panels as positions in the pool)."""
    from balise.domain.panels.lottery import Lottery  # NumPy, only when a lottery is rebuilt

    index = {person_id: position for position, person_id in enumerate(pool.ids)}
    return Lottery(
        tuple(tuple(sorted(index[pid] for pid in row.panel)) for row in rows),
        tuple(row.last - row.first + 1 for row in rows),
    )


@dataclass(frozen=True)
class PortfolioEntry:
    panel: tuple[str, ...]
    probability: float

    def to_json(self) -> dict[str, Any]:
        return {"panel": list(self.panel), "probability": self.probability}


@dataclass(frozen=True)
class LotteryResult:
    tickets: int
    table: tuple[LotteryRow, ...]
    fairness: Mapping[str, float]
    max_change: float
    # Tickets the least served person loses against the portfolio (None: stored before it was).
    worst_loss: float | None = None

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "tickets": self.tickets,
            "table": [row.to_json() for row in self.table],
            "fairness": dict(self.fairness),
            "max_change": self.max_change,
        }
        if self.worst_loss is not None:
            document["worst_loss_tickets"] = self.worst_loss
        return document

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LotteryResult:
        return cls(
            tickets=int(data["tickets"]),
            table=tuple(LotteryRow.from_json(row) for row in data["table"]),
            fairness={str(k): float(v) for k, v in data["fairness"].items()},
            max_change=float(data["max_change"]),
            worst_loss=(
                float(data["worst_loss_tickets"]) if "worst_loss_tickets" in data else None
            ),
        )


@dataclass(frozen=True)
class SelectionResult:
    """A selection as published by the command line and kept on the panel."""

    algorithm: str
    software: str
    solver: str
    size: int
    pool_size: int
    probabilities: Mapping[str, float]
    portfolio: tuple[PortfolioEntry, ...]
    fairness: Mapping[str, float]
    seed: int
    ticket: int | None
    panel: tuple[str, ...]
    lottery: LotteryResult | None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "algorithm": self.algorithm,
            "software": self.software,
            "solver": self.solver,
            "size": self.size,
            "pool_size": self.pool_size,
            "probabilities": dict(self.probabilities),
            "portfolio": [entry.to_json() for entry in self.portfolio],
            "fairness": dict(self.fairness),
            "seed": self.seed,
            "ticket": self.ticket,
            "panel": list(self.panel),
            "lottery": self.lottery.to_json() if self.lottery else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SelectionResult:
        _check_version(data, "selection")
        return cls(
            algorithm=str(data["algorithm"]),
            software=str(data["software"]),
            solver=str(data["solver"]),
            size=int(data["size"]),
            pool_size=int(data["pool_size"]),
            probabilities={str(k): float(v) for k, v in data["probabilities"].items()},
            portfolio=tuple(
                PortfolioEntry(tuple(str(p) for p in entry["panel"]), float(entry["probability"]))
                for entry in data["portfolio"]
            ),
            fairness={str(k): float(v) for k, v in data["fairness"].items()},
            seed=int(data["seed"]),
            ticket=None if data["ticket"] is None else int(data["ticket"]),
            panel=tuple(str(p) for p in data["panel"]),
            lottery=LotteryResult.from_json(data["lottery"]) if data["lottery"] else None,
        )


@dataclass(frozen=True)
class StoredSelection:
    pool_sha256: str
    result: SelectionResult
    computed_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "pool_sha256": self.pool_sha256,
            "result": self.result.to_json(),
            "computed_at": self.computed_at.isoformat(),
        }


# --- the published files, the commitment and the draw --------------------------------------------


@dataclass(frozen=True)
class PublishedDraw:
    """Everything published before the draw: what `balise panel verify` reads."""

    commitment: Commitment
    pool: Pool
    quotas: Quotas
    lottery: tuple[LotteryRow, ...]

    @property
    def commitment_sha256(self) -> str:
        return self.commitment.sha256

    def files(self) -> dict[str, Any]:
        """Each published file by name, as JSON."""
        return {
            "commitment": self.commitment.as_dict(),
            "pool": pool_document(self.pool),
            "quotas": quotas_document(self.quotas),
            "lottery": [row.to_json() for row in self.lottery],
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.files(), "commitment_sha256": self.commitment_sha256}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublishedDraw:
        return cls(
            commitment=Commitment.from_dict(data["commitment"]),
            pool=Pool(
                tuple(
                    Person(str(p["id"]), {str(k): str(v) for k, v in p["features"].items()})
                    for p in data["pool"]
                )
            ),
            quotas=Quotas(
                tuple(
                    Quota(str(q["category"]), str(q["value"]), int(q["min"]), int(q["max"]))
                    for q in data["quotas"]
                )
            ),
            lottery=tuple(LotteryRow.from_json(row) for row in data["lottery"]),
        )


@dataclass(frozen=True)
class StoredCommitment:
    published: PublishedDraw
    committed_at: datetime

    @property
    def commitment(self) -> Commitment:
        return self.published.commitment

    @property
    def commitment_sha256(self) -> str:
        return self.published.commitment_sha256


@dataclass(frozen=True)
class Reveal:
    """The draw, as published: the secrets, the public value, the ticket and its panel."""

    commitment_sha256: str
    secrets: tuple[str, ...]
    public_value: str
    ticket: int
    panel: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "commitment_sha256": self.commitment_sha256,
            "secrets": list(self.secrets),
            "public_value": self.public_value,
            "ticket": self.ticket,
            "panel": list(self.panel),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reveal:
        return cls(
            commitment_sha256=str(data["commitment_sha256"]),
            secrets=tuple(str(s) for s in data["secrets"]),
            public_value=str(data["public_value"]),
            ticket=int(data["ticket"]),
            panel=tuple(str(p) for p in data["panel"]),
        )


@dataclass(frozen=True)
class StoredDraw:
    reveal: Reveal
    drawn_at: datetime


@dataclass(frozen=True)
class Invitations:
    """The addresses drawn for letters, with every column of the uploaded list (organisers only)."""

    letters: int
    seed: int
    allocation: Mapping[str, int]
    columns: tuple[str, ...]
    invited: tuple[tuple[str, ...], ...]
    drawn_at: datetime


@dataclass(frozen=True)
class DrawnPerson:
    """A member of the drawn panel as their organisers see them (contact details may be gone)."""

    id: str
    features: Mapping[str, str]
    contact: Mapping[str, str]


def drawn_people(
    members: Sequence[str],
    people: Sequence[Person],
    contacts: Mapping[str, Mapping[str, str]],
) -> tuple[DrawnPerson, ...]:
    """The panel's members with what is left of their contact details."""
    by_id = {person.id: person for person in people}
    return tuple(
        DrawnPerson(
            id=person_id,
            features=dict(by_id[person_id].features),
            contact=dict(contacts.get(person_id, {})),
        )
        for person_id in members
    )


@dataclass(frozen=True)
class PanelOverview:
    """What the organisers' page shows at each step: contacts only as counts, and for the drawn."""

    panel: Panel
    organisation: Organisation | None
    facts: PanelFacts
    quotas: tuple[Quota, ...]
    people: int
    contacts: int
    selection: StoredSelection | None
    commitment: StoredCommitment | None
    draw: StoredDraw | None
    drawn_people: tuple[DrawnPerson, ...]
    invitations: Invitations | None
    replacements: tuple[Replacement, ...] = ()
