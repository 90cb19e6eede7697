"""Verifiable draws: commit to everything first, then reveal the randomness, then anyone can check.

1. Commitment (published before the draw): SHA-256 hashes of the pool snapshot (pseudonymous ids
   and features only), of the quotas and of the lottery table, with the algorithm, its version, the
   panel size, each party's commitment `sha256(secret)` and a description of the public value to
   come.
2. Reveal: each party publishes its secret; the public value (say, a national lottery result) is
   published by its owner.
3. The ticket: SHA-256 over the commitment hash, the secrets and the public value; rejection
   sampling turns the 256-bit digest into a ticket number in 1..M without bias.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from balise.domain.panels.model import Instance, Person, Pool, Quota, Quotas
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

if TYPE_CHECKING:
    from balise.domain.panels.lottery import Lottery

FORMAT = "balise-panel-draw/1"
DOMAIN_TAG = b"balise-panel-draw/1\n"


def canonical(document: Any) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pool_document(pool: Pool) -> list[dict[str, Any]]:
    """The published pool: pseudonymous ids and selection features; never contact details."""
    return [{"id": person.id, "features": dict(person.features)} for person in pool.people]


def quotas_document(quotas: Quotas) -> list[dict[str, Any]]:
    return [
        {"category": q.category, "value": q.value, "min": q.minimum, "max": q.maximum}
        for q in quotas.quotas
    ]


def lottery_document(lottery: Lottery, pool: Pool) -> list[dict[str, Any]]:
    """The table: each ticket range and its panel (sorted pseudonymous ids)."""
    rows: list[dict[str, Any]] = []
    first = 1
    for panel, count in zip(lottery.panels, lottery.counts, strict=True):
        rows.append(
            {
                "tickets": [first, first + count - 1],
                "panel": sorted(pool.people[index].id for index in panel),
            }
        )
        first += count
    return rows


def secret_commitment(secret: str) -> str:
    """What a party publishes in advance: the SHA-256 of its secret's UTF-8 text, in hex."""
    return sha256_hex(secret.encode())


@dataclass(frozen=True)
class Commitment:
    algorithm: str
    software: str
    size: int
    pool_sha256: str
    quotas_sha256: str
    lottery_sha256: str
    tickets: int
    party_commitments: tuple[str, ...]
    public_source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "algorithm": self.algorithm,
            "software": self.software,
            "size": self.size,
            "pool_sha256": self.pool_sha256,
            "quotas_sha256": self.quotas_sha256,
            "lottery_sha256": self.lottery_sha256,
            "tickets": self.tickets,
            "party_commitments": list(self.party_commitments),
            "public_source": self.public_source,
        }

    @property
    def sha256(self) -> str:
        return sha256_hex(canonical(self.as_dict()))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Commitment:
        try:
            return cls(
                algorithm=str(data["algorithm"]),
                software=str(data["software"]),
                size=int(data["size"]),
                pool_sha256=str(data["pool_sha256"]),
                quotas_sha256=str(data["quotas_sha256"]),
                lottery_sha256=str(data["lottery_sha256"]),
                tickets=int(data["tickets"]),
                party_commitments=tuple(str(c) for c in data["party_commitments"]),
                public_source=str(data["public_source"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError.single(
                "commitment", N_("The commitment is incomplete: %(problem)s."), problem=str(error)
            ) from error


def commit(
    *,
    instance: Instance,
    lottery: Lottery,
    algorithm: str,
    software: str,
    party_commitments: Sequence[str],
    public_source: str,
) -> Commitment:
    for value in party_commitments:
        if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
            raise ValidationError.single(
                "party_commitments",
                N_("%(value)s is not a SHA-256 hash in lowercase hex."),
                value=value,
            )
    return Commitment(
        algorithm=algorithm,
        software=software,
        size=instance.size,
        pool_sha256=sha256_hex(canonical(pool_document(instance.pool))),
        quotas_sha256=sha256_hex(canonical(quotas_document(instance.quotas))),
        lottery_sha256=sha256_hex(canonical(lottery_document(lottery, instance.pool))),
        tickets=lottery.size,
        party_commitments=tuple(party_commitments),
        public_source=public_source,
    )


def ticket_from_bytes(material: bytes, tickets: int) -> int:
    """A ticket in 1..tickets from SHA-256 by rejection sampling (no modulo bias)."""
    if tickets < 1:
        raise ValidationError.single("tickets", N_("The lottery needs at least one ticket."))
    space = 1 << 256
    limit = space - space % tickets
    counter = 0
    while True:
        digest = hashlib.sha256(DOMAIN_TAG + material + counter.to_bytes(8, "big")).digest()
        number = int.from_bytes(digest, "big")
        if number < limit:
            return number % tickets + 1
        counter += 1


def draw_ticket(commitment: Commitment, secrets: Sequence[str], public_value: str) -> int:
    """The ticket drawn once the secrets and the public value are revealed."""
    if len(secrets) != len(commitment.party_commitments):
        raise ValidationError.single(
            "secrets",
            N_("%(expected)s secrets were committed, %(found)s revealed."),
            expected=len(commitment.party_commitments),
            found=len(secrets),
        )
    for position, (secret, committed) in enumerate(
        zip(secrets, commitment.party_commitments, strict=True), start=1
    ):
        if secret_commitment(secret) != committed:
            raise ValidationError.single(
                f"secrets[{position}]",
                N_("Secret %(position)s does not match its commitment."),
                position=position,
            )
    material = canonical(
        {"commitment": commitment.sha256, "secrets": list(secrets), "public_value": public_value}
    )
    return ticket_from_bytes(material, commitment.tickets)


def seeded_ticket(seed: int | str, tickets: int) -> int:
    """A ticket from a plain seed (for trials; a public draw uses `draw_ticket`)."""
    return ticket_from_bytes(canonical({"seed": str(seed)}), tickets)


def panel_for_ticket(table: Sequence[Mapping[str, Any]], ticket: int) -> list[str]:
    for row in table:
        first, last = row["tickets"]
        if int(first) <= ticket <= int(last):
            return [str(pid) for pid in row["panel"]]
    raise ValidationError.single("lottery", N_("No panel holds ticket %(ticket)s."), ticket=ticket)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def instance_from_documents(
    pool: Sequence[Mapping[str, Any]], quotas: Sequence[Mapping[str, Any]], size: int
) -> Instance:
    return Instance(
        Pool(tuple(Person(str(p["id"]), dict(p["features"])) for p in pool)),
        Quotas(
            tuple(
                Quota(str(q["category"]), str(q["value"]), int(q["min"]), int(q["max"]))
                for q in quotas
            )
        ),
        size,
    )


def verify(
    *,
    commitment: Mapping[str, Any],
    pool: Sequence[Mapping[str, Any]],
    quotas: Sequence[Mapping[str, Any]],
    lottery: Sequence[Mapping[str, Any]],
    secrets: Sequence[str],
    public_value: str,
    claimed_panel: Sequence[str] | None,
) -> list[Check]:
    """Recompute every hash, every panel's validity and the drawn ticket from published files."""
    checks: list[Check] = []
    parsed = Commitment.from_dict(commitment)
    for name, document, expected in (
        ("pool", pool, parsed.pool_sha256),
        ("quotas", quotas, parsed.quotas_sha256),
        ("lottery", lottery, parsed.lottery_sha256),
    ):
        actual = sha256_hex(canonical(list(document)))
        checks.append(Check(f"{name} hash", actual == expected, actual))
    instance = instance_from_documents(pool, quotas, parsed.size)
    problems: list[str] = []
    next_ticket = 1
    for row in lottery:
        first, last = (int(v) for v in row["tickets"])
        if first != next_ticket or last < first:
            problems.append(f"tickets {first}-{last} do not follow on")
        next_ticket = last + 1
        for message in instance.violations([str(pid) for pid in row["panel"]]):
            problems.append(f"tickets {first}-{last}: {_text(message)}")
    if next_ticket - 1 != parsed.tickets:
        problems.append(f"the table has {next_ticket - 1} tickets, not {parsed.tickets}")
    checks.append(Check("every lottery panel meets the quotas", not problems, "; ".join(problems)))
    try:
        ticket = draw_ticket(parsed, secrets, public_value)
    except ValidationError as error:
        checks.append(Check("secrets match their commitments", False, _text(error.message)))
        return checks
    checks.append(Check("secrets match their commitments", True))
    panel = panel_for_ticket(lottery, ticket)
    checks.append(Check("ticket", True, str(ticket)))
    if claimed_panel is not None:
        same = sorted(claimed_panel) == sorted(panel)
        checks.append(Check("the announced panel is the drawn one", same, ", ".join(panel)))
    return checks


def _text(message: Message) -> str:
    return message.key % dict(message.params) if message.params else message.key
