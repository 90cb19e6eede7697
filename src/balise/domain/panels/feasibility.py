"""Can the quotas be met? If not, which quotas conflict, and what is the smallest relaxation.

First the plain counting checks, which name the conflict in words (a category whose minimums add up
to more than the panel size, a minimum above the number of volunteers with that value). Then the
exact check: an integer program chooses k people and lets each quota's minimum go down and maximum
go up by whole numbers of seats, minimising the total number of seats relaxed. Zero means feasible;
otherwise the relaxed quotas are the conflict, and the relaxation is the smallest one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from balise.domain.panels.leximin import SolverFailed
from balise.domain.panels.model import Instance
from balise.domain.panels.solver import LinearModel, Solver, SolveStatus
from balise.domain.shared.i18n import N_, Message

FEASIBILITY_SCHEMA = 1


@dataclass(frozen=True)
class Relaxation:
    category: str
    value: str
    minimum: int
    maximum: int
    new_minimum: int
    new_maximum: int
    within_flex: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "value": self.value,
            "min": self.minimum,
            "max": self.maximum,
            "new_min": self.new_minimum,
            "new_max": self.new_maximum,
            "within_flex": self.within_flex,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Relaxation:
        return cls(
            category=str(data["category"]),
            value=str(data["value"]),
            minimum=int(data["min"]),
            maximum=int(data["max"]),
            new_minimum=int(data["new_min"]),
            new_maximum=int(data["new_max"]),
            within_flex=bool(data["within_flex"]),
        )


@dataclass(frozen=True)
class Feasibility:
    feasible: bool
    conflicts: tuple[Message, ...] = ()
    relaxations: tuple[Relaxation, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """As stored on the panel (with its schema version) and shown on the API."""
        return {
            "schema_version": FEASIBILITY_SCHEMA,
            "feasible": self.feasible,
            "conflicts": [
                {"key": message.key, "params": dict(message.params)} for message in self.conflicts
            ],
            "relaxations": [relaxation.as_dict() for relaxation in self.relaxations],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Feasibility:
        version = int(data.get("schema_version", FEASIBILITY_SCHEMA))
        if version != FEASIBILITY_SCHEMA:
            raise ValueError(f"feasibility schema {version} is not {FEASIBILITY_SCHEMA}")
        return cls(
            feasible=bool(data["feasible"]),
            conflicts=tuple(
                Message(str(item["key"]), dict(item.get("params") or {}))
                for item in data.get("conflicts", ())
            ),
            relaxations=tuple(Relaxation.from_json(item) for item in data.get("relaxations", ())),
        )


def counting_conflicts(instance: Instance) -> list[Message]:
    size = instance.size
    conflicts: list[Message] = []
    for category in instance.quotas.categories:
        quotas = instance.quotas.in_category(category)
        low = sum(q.minimum for q in quotas)
        high = sum(min(q.maximum, len(instance.members(q))) for q in quotas)
        if low > size:
            conflicts.append(
                Message(
                    N_("The minimums of %(category)s add up to %(total)s, more than %(size)s."),
                    {"category": category, "total": low, "size": size},
                )
            )
        if high < size:
            conflicts.append(
                Message(
                    N_(
                        "At most %(total)s people can be chosen in %(category)s "
                        "(maximums and volunteers), fewer than %(size)s."
                    ),
                    {"category": category, "total": high, "size": size},
                )
            )
        for quota in quotas:
            available = len(instance.members(quota))
            if quota.minimum > available:
                conflicts.append(
                    Message(
                        N_(
                            "%(category)s = %(value)s needs at least %(min)s people but only "
                            "%(available)s volunteered."
                        ),
                        {
                            "category": category,
                            "value": quota.value,
                            "min": quota.minimum,
                            "available": available,
                        },
                    )
                )
    return conflicts


def check_feasibility(instance: Instance, solver: Solver) -> Feasibility:
    model = LinearModel()
    people = len(instance.pool)
    xs = [model.add_variable(upper=1.0, integer=True) for _ in range(people)]
    model.add_row(xs, [1.0] * people, lower=instance.size, upper=instance.size)
    slacks: list[tuple[int, int]] = []
    for quota in instance.quotas.quotas:
        members = instance.members(quota)
        down = model.add_variable(cost=1.0, upper=quota.minimum, integer=True)
        up = model.add_variable(cost=1.0, integer=True)
        ones = [1.0] * len(members)
        model.add_row([*members, down], [*ones, 1.0], lower=quota.minimum)
        model.add_row([*members, up], [*ones, -1.0], upper=quota.maximum)
        slacks.append((down, up))
    solution = solver.solve(model)
    if solution.status != SolveStatus.OPTIMAL:
        raise SolverFailed(Message(N_("The solver could not check the quotas.")))
    relaxations = []
    for quota, (down, up) in zip(instance.quotas.quotas, slacks, strict=True):
        lower = round(solution.values[down])
        raise_by = round(solution.values[up])
        if lower or raise_by:
            new_min, new_max = quota.minimum - lower, quota.maximum + raise_by
            within = (quota.min_flex is None or new_min >= quota.min_flex) and (
                quota.max_flex is None or new_max <= quota.max_flex
            )
            relaxations.append(
                Relaxation(
                    quota.category,
                    quota.value,
                    quota.minimum,
                    quota.maximum,
                    new_min,
                    new_max,
                    within,
                )
            )
    conflicts = counting_conflicts(instance)
    if relaxations and not conflicts:
        conflicts = [
            Message(
                N_("These quotas cannot all be met together: %(quotas)s."),
                {"quotas": ", ".join(f"{r.category} = {r.value}" for r in relaxations)},
            )
        ]
    return Feasibility(not relaxations, tuple(conflicts), tuple(relaxations))
