"""The pool of volunteers, the quotas, and the panels that meet them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

QUOTA_BROKEN = N_("%(count)s people with %(category)s = %(value)s, not %(min)s to %(max)s.")


@dataclass(frozen=True)
class Quota:
    """How many panel members must have `category = value`: between `minimum` and `maximum`.

    `min_flex`/`max_flex` (Sortition Foundation format) bound how far the quota may be relaxed.
    """

    category: str
    value: str
    minimum: int
    maximum: int
    min_flex: int | None = None
    max_flex: int | None = None

    def __post_init__(self) -> None:
        if self.minimum < 0 or self.maximum < self.minimum:
            raise ValidationError.single(
                f"{self.category}={self.value}",
                N_("The minimum must be at least 0 and at most the maximum."),
            )

    @property
    def key(self) -> tuple[str, str]:
        return (self.category, self.value)


@dataclass(frozen=True)
class Person:
    """A volunteer as the algorithms see them: a pseudonymous id and one value per category."""

    id: str
    features: Mapping[str, str]


@dataclass(frozen=True)
class Pool:
    """The volunteers, with their contact details kept apart (never published, never hashed)."""

    people: tuple[Person, ...]
    contacts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for person in self.people:
            if person.id in seen:
                raise ValidationError.single(
                    "id", N_("The id %(id)s appears more than once."), id=person.id
                )
            seen.add(person.id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(person.id for person in self.people)

    def __len__(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class Quotas:
    """All quotas of a selection, in file order, grouped by category."""

    quotas: tuple[Quota, ...]

    def __post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for quota in self.quotas:
            if quota.key in seen:
                raise ValidationError.single(
                    f"{quota.category}={quota.value}",
                    N_("The quota for %(category)s = %(value)s appears more than once."),
                    category=quota.category,
                    value=quota.value,
                )
            seen.add(quota.key)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(quota.category for quota in self.quotas))

    def in_category(self, category: str) -> tuple[Quota, ...]:
        return tuple(quota for quota in self.quotas if quota.category == category)


@dataclass(frozen=True)
class Instance:
    """What a selection needs: a pool, quotas and a panel size; people checked against quotas."""

    pool: Pool
    quotas: Quotas
    size: int

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ValidationError.single("size", N_("The panel size must be at least 1."))
        if self.size > len(self.pool):
            raise ValidationError.single(
                "size",
                N_("The panel size %(size)s is larger than the pool (%(pool)s people)."),
                size=self.size,
                pool=len(self.pool),
            )
        known = {quota.key for quota in self.quotas.quotas}
        for person in self.pool.people:
            for category in self.quotas.categories:
                value = person.features.get(category)
                if value is None or (category, value) not in known:
                    raise ValidationError.single(
                        f"person {person.id}, column {category}",
                        N_("The value %(value)s has no quota in category %(category)s."),
                        value=value or "",
                        category=category,
                    )

    def members(self, quota: Quota) -> list[int]:
        """Indices of the people who count towards `quota`."""
        return [
            index
            for index, person in enumerate(self.pool.people)
            if person.features.get(quota.category) == quota.value
        ]

    def violations(self, panel: Sequence[str]) -> list[Message]:
        """Why a panel (a list of ids) breaks the size or a quota; empty when it is valid."""
        problems: list[Message] = []
        if len(panel) != self.size or len(set(panel)) != len(panel):
            problems.append(
                Message(N_("The panel must have %(size)s distinct people."), {"size": self.size})
            )
        by_id = {person.id: person for person in self.pool.people}
        unknown = [pid for pid in panel if pid not in by_id]
        if unknown:
            problems.append(
                Message(N_("Unknown people on the panel: %(ids)s."), {"ids": ", ".join(unknown)})
            )
            return problems
        for quota in self.quotas.quotas:
            count = sum(
                1 for pid in panel if by_id[pid].features.get(quota.category) == quota.value
            )
            if not quota.minimum <= count <= quota.maximum:
                problems.append(
                    Message(
                        QUOTA_BROKEN,
                        {
                            "count": count,
                            "category": quota.category,
                            "value": quota.value,
                            "min": quota.minimum,
                            "max": quota.maximum,
                        },
                    )
                )
        return problems
