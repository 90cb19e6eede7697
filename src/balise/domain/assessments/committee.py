"""The ethics committee: members and their roles, quorum, conflicts of interest, composition."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from balise.domain.assessments.fields import SCHEMA_VERSION
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.domain.shared.votes import Voter


class MemberRole(StrEnum):
    CHAIR = "chair"
    RAPPORTEUR = "rapporteur"
    MEMBER = "member"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    role: MemberRole
    organisation_id: int | None
    gender: Gender = Gender.UNDISCLOSED
    conflicts: tuple[int, ...] = ()  # organisations the member declared a conflict with

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "name": self.name,
            "role": self.role.value,
            "organisation_id": self.organisation_id,
            "gender": self.gender.value,
            "conflicts": list(self.conflicts),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Member:
        return cls(
            user_id=int(data["user_id"]),
            name=str(data["name"]),
            role=MemberRole(data["role"]),
            organisation_id=data.get("organisation_id"),
            gender=Gender(data.get("gender", "undisclosed")),
            conflicts=tuple(int(o) for o in data.get("conflicts", [])),
        )


@dataclass(frozen=True)
class Committee:
    """An ethics committee: of one organisation, or shared (organisation_id None)."""

    slug: str
    name: LocalizedText
    organisation_id: int | None
    quorum: int
    max_gender_share: Fraction = Fraction(2, 3)
    members: tuple[Member, ...] = ()
    id: int | None = None

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if self.name.is_empty():
            errors["name_en"] = Message(N_("Give the committee a name."))
        if self.quorum < 1:
            errors["quorum"] = Message(N_("The quorum is at least one vote."))
        if not Fraction(1, 2) <= self.max_gender_share <= 1:
            errors["max_gender_share"] = Message(N_("The share is between one half and one."))
        if len({m.user_id for m in self.members}) != len(self.members):
            errors["members"] = Message(N_("A person is a member only once."))
        if errors:
            raise ValidationError(errors)

    def member(self, user_id: int | None) -> Member | None:
        return next((m for m in self.members if m.user_id == user_id), None)

    def leads(self, user_id: int | None) -> bool:
        """The chair and the rapporteur run the review and write the opinion."""
        member = self.member(user_id)
        return member is not None and member.role in {MemberRole.CHAIR, MemberRole.RAPPORTEUR}

    def composition_problems(self) -> list[Message]:
        """Why the committee may not issue opinions yet: no chair, quorum, gender balance."""
        problems: list[Message] = []
        if not any(m.role is MemberRole.CHAIR for m in self.members):
            problems.append(Message(N_("The committee has no chair.")))
        if len(self.members) < self.quorum:
            problems.append(
                Message(
                    N_("The committee has fewer members than its quorum of %(quorum)s."),
                    {"quorum": self.quorum},
                )
            )
        if self.members:
            for gender in (Gender.FEMALE, Gender.MALE, Gender.OTHER):
                count = sum(1 for m in self.members if m.gender is gender)
                if Fraction(count, len(self.members)) > self.max_gender_share:
                    problems.append(
                        Message(
                            N_(
                                "More than %(share)s of the members are of one gender "
                                "(%(count)s of %(total)s)."
                            ),
                            {
                                "share": str(self.max_gender_share),
                                "count": count,
                                "total": len(self.members),
                            },
                        )
                    )
        return problems

    def voters(self, assessed_organisation: int) -> list[Voter]:
        """Every member, with the reason a member from or conflicted with it may not vote."""
        voters = []
        for m in self.members:
            reason = None
            if m.organisation_id == assessed_organisation:
                reason = Message(
                    N_("A member from the assessed organisation cannot vote on its assessment.")
                )
            elif assessed_organisation in m.conflicts:
                reason = Message(N_("This member declared a conflict of interest."))
            voters.append(Voter(str(m.user_id), reason))
        return voters

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "name": self.name.as_dict(),
            "quorum": self.quorum,
            "max_gender_share": str(self.max_gender_share),
            "members": [m.to_json() for m in self.members],
        }

    @classmethod
    def from_json(
        cls,
        data: Mapping[str, Any],
        *,
        slug: str,
        organisation_id: int | None,
        id: int | None,
    ) -> Committee:
        return cls(
            slug=slug,
            name=LocalizedText.from_mapping(data["name"]),
            organisation_id=organisation_id,
            quorum=int(data["quorum"]),
            max_gender_share=Fraction(data.get("max_gender_share", "2/3")),
            members=tuple(Member.from_json(m) for m in data.get("members", [])),
            id=id,
        )
