"""Replacing a member who drops out after the draw, in a way anyone can check.

The order in which volunteers are considered comes from the draw itself: each volunteer not on
the panel gets the SHA-256 of the draw's revealed material (commitment, secrets, public value),
the replacement's rank and their pseudonymous id; the lowest digest comes first. Nobody could
know this order before the draw, and everybody can recompute it from the published files.

The replacement is the first volunteer in that order with whom the panel still meets every
quota. When nobody in the pool allows that, it is the first of those who break the quotas the
least (the total distance of the counts to their ranges), and the replacement says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from balise.domain.panels.documents import Reveal
from balise.domain.panels.draw import canonical
from balise.domain.panels.model import Instance, Person
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

DOMAIN_TAG = b"balise-panel-replacement/1\n"


@dataclass(frozen=True)
class Replacement:
    """The n-th replacement of a drawn panel: who left, who came in, whether quotas still hold."""

    position: int
    dropped: str
    chosen: str | None
    quotas_kept: bool
    replaced_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "dropped": self.dropped,
            "chosen": self.chosen,
            "quotas_kept": self.quotas_kept,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Replacement:
        chosen = data.get("chosen")
        return cls(
            position=int(data["position"]),
            dropped=str(data["dropped"]),
            chosen=None if chosen is None else str(chosen),
            quotas_kept=bool(data["quotas_kept"]),
        )


def current_members(drawn: Sequence[str], replacements: Sequence[Replacement]) -> list[str]:
    """The panel as it stands: the drawn members, each replacement applied in its order."""
    members = list(drawn)
    for replacement in replacements:
        members.remove(replacement.dropped)
        if replacement.chosen is not None:
            members.append(replacement.chosen)
    return members


def randomness(reveal: Reveal) -> bytes:
    """The material every replacement's order is computed from: the draw's revealed inputs."""
    return canonical(
        {
            "commitment": reveal.commitment_sha256,
            "secrets": list(reveal.secrets),
            "public_value": reveal.public_value,
        }
    )


def candidate_order(material: bytes, position: int, candidates: Sequence[str]) -> list[str]:
    """The volunteers in the order the `position`-th replacement considers them."""

    def digest(person_id: str) -> bytes:
        return hashlib.sha256(
            DOMAIN_TAG + material + f"\n{position}\n{person_id}".encode()
        ).digest()

    return sorted(candidates, key=lambda person_id: (digest(person_id), person_id))


def quota_distance(instance: Instance, members: Sequence[str]) -> int:
    """How far a panel is from its quotas: the sum, over quotas, of the count's distance to its
    range (0 when every quota is met)."""
    by_id: dict[str, Person] = {person.id: person for person in instance.pool.people}
    distance = 0
    for quota in instance.quotas.quotas:
        count = sum(1 for pid in members if by_id[pid].features.get(quota.category) == quota.value)
        distance += max(0, quota.minimum - count, count - quota.maximum)
    return distance


def choose_replacement(
    instance: Instance,
    *,
    material: bytes,
    drawn: Sequence[str],
    earlier: Sequence[Replacement],
    dropped: str,
) -> Replacement:
    """Who replaces `dropped`: see the module's description. Nobody has been on the panel
    before (the drawn, earlier replacements and those who left are never considered again)."""
    members = current_members(drawn, earlier)
    if dropped not in members:
        raise ValidationError.single(
            "dropped", N_("%(id)s is not a member of the panel."), id=dropped
        )
    position = len(earlier) + 1
    been_members = set(drawn) | {r.chosen for r in earlier if r.chosen is not None}
    candidates = [pid for pid in instance.pool.ids if pid not in been_members]
    staying = [pid for pid in members if pid != dropped]
    best: tuple[int, str] | None = None
    for candidate in candidate_order(material, position, candidates):
        distance = quota_distance(instance, [*staying, candidate])
        if distance == 0:
            return Replacement(position, dropped, candidate, quotas_kept=True)
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return Replacement(position, dropped, best[1] if best else None, quotas_kept=False)


def check_replacements(
    instance: Instance,
    *,
    material: bytes,
    drawn: Sequence[str],
    replacements: Sequence[Replacement],
) -> list[str]:
    """Recompute every published replacement; the positions where the published one differs."""
    wrong: list[str] = []
    for index, published in enumerate(replacements):
        expected = choose_replacement(
            instance,
            material=material,
            drawn=drawn,
            earlier=replacements[:index],
            dropped=published.dropped,
        )
        if (expected.chosen, expected.quotas_kept) != (published.chosen, published.quotas_kept):
            wrong.append(f"replacement {published.position}: expected {expected.chosen}")
    return wrong
