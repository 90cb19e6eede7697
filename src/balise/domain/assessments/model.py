"""Assessments, their answers and risk register, the review workflow and the committee's opinion.

Workflow: draft -> submitted -> under_review -> opinion_issued -> signed. A committee in review
may return an assessment with comments per question (state `returned`, editable like a draft).
A new version starts from a signed (or returned-for-good) assessment when the system or the
template changes; answers are carried over and versions can be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from balise.domain.assessments.catalogue import (
    SCALE,
    AnswerType,
    Template,
    TemplateCode,
    risk_scale,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, LocalizedText, Message
from balise.domain.shared.votes import Ballot, Tally, Voter

SCHEMA_VERSION = 1
MAX_TEXT = 5000


class AssessmentState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    OPINION_ISSUED = "opinion_issued"
    SIGNED = "signed"


EDITABLE = frozenset({AssessmentState.DRAFT, AssessmentState.RETURNED})
# States in which the deployer has done its assessment (for the publication gate, Art 27).
SUBMITTED_STATES = frozenset(
    {
        AssessmentState.SUBMITTED,
        AssessmentState.UNDER_REVIEW,
        AssessmentState.OPINION_ISSUED,
        AssessmentState.SIGNED,
    }
)


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class OpinionKind(StrEnum):
    FAVOURABLE = "favourable"
    FAVOURABLE_WITH_CONDITIONS = "favourable_with_conditions"
    UNFAVOURABLE = "unfavourable"


class TranslationStatus(StrEnum):
    MISSING = "missing"
    MACHINE = "machine"
    REVIEWED = "reviewed"
    ORIGINAL = "original"


class MemberRole(StrEnum):
    CHAIR = "chair"
    RAPPORTEUR = "rapporteur"
    MEMBER = "member"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"


def _text(value: str, field_name: str, errors: dict[str, Message], *, required: bool) -> str:
    text = value.strip()
    if required and not text:
        errors[field_name] = Message(N_("Fill this in."))
    elif len(text) > MAX_TEXT:
        errors[field_name] = Message(N_("At most %(limit)s characters."), {"limit": MAX_TEXT})
    return text


def _date(raw: str | date | None) -> date | None:
    if raw is None or raw == "":
        return None
    return raw if isinstance(raw, date) else date.fromisoformat(raw)


# --- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One question's answer; `source` says where it came from (typed, prefill:..., reused:...)."""

    question_id: str
    value: str
    source: str = "typed"

    def to_json(self) -> dict[str, Any]:
        return {"question_id": self.question_id, "value": self.value, "source": self.source}


def parse_answers(template: Template, raw: Mapping[str, str]) -> dict[str, Answer]:
    """Check the answers given for a template's questions; errors per question, all at once."""
    answers: dict[str, Answer] = {}
    errors: dict[str, Message] = {}
    for question_id, given in raw.items():
        question = template.question(question_id)
        if question is None:
            errors[question_id] = Message(
                N_("There is no question called %(name)s."), {"name": question_id}
            )
            continue
        value = str(given or "").strip()
        if not value:
            continue
        if len(value) > MAX_TEXT:
            errors[question_id] = Message(N_("At most %(limit)s characters."), {"limit": MAX_TEXT})
        elif question.type is AnswerType.CHOICE and value not in {
            o.value for o in question.choices
        }:
            errors[question_id] = Message(N_("Choose from the list."))
        elif question.type is AnswerType.SCALE and value not in {str(n) for n in SCALE}:
            errors[question_id] = Message(N_("Choose a level from 1 to 4."))
        elif question.type is AnswerType.EVIDENCE and not value.startswith(
            ("https://", "http://", "/")
        ):
            errors[question_id] = Message(N_("A web address starts with https:// or http://."))
        else:
            answers[question_id] = Answer(question_id, value)
    if errors:
        raise ValidationError(errors)
    return answers


# --- risk register ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    description: str
    owner: str
    due: date | None
    status: MeasureStatus = MeasureStatus.PLANNED

    def overdue(self, today: date) -> bool:
        return self.status is not MeasureStatus.DONE and self.due is not None and self.due < today

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status.value,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Measure:
        return cls(
            str(data["description"]),
            str(data["owner"]),
            _date(data.get("due")),
            MeasureStatus(data["status"]),
        )


@dataclass(frozen=True)
class Risk:
    """A risk to a fundamental right: the Charter article, who is affected, how likely, how bad."""

    key: str
    right: str
    group: str
    description: str
    likelihood: int
    severity: int
    residual_likelihood: int
    residual_severity: int
    measures: tuple[Measure, ...] = ()
    evidence: str = ""

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if self.right not in risk_scale().rights:
            errors["right"] = Message(N_("Choose the right at stake from the list."))
        if not self.group.strip():
            errors["group"] = Message(N_("Name the group affected."))
        for name in ("likelihood", "severity", "residual_likelihood", "residual_severity"):
            if getattr(self, name) not in SCALE:
                errors[name] = Message(N_("Choose a level from 1 to 4."))
        if errors:
            raise ValidationError(errors)

    @property
    def level(self) -> str:
        return risk_scale().level(self.likelihood, self.severity)

    @property
    def residual_level(self) -> str:
        return risk_scale().level(self.residual_likelihood, self.residual_severity)

    def overdue(self, today: date) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.overdue(today))

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "right": self.right,
            "group": self.group,
            "description": self.description,
            "likelihood": self.likelihood,
            "severity": self.severity,
            "level": self.level,
            "residual_likelihood": self.residual_likelihood,
            "residual_severity": self.residual_severity,
            "residual_level": self.residual_level,
            "measures": [m.to_json() for m in self.measures],
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Risk:
        return cls(
            key=str(data["key"]),
            right=str(data["right"]),
            group=str(data["group"]),
            description=str(data.get("description", "")),
            likelihood=int(data["likelihood"]),
            severity=int(data["severity"]),
            residual_likelihood=int(data["residual_likelihood"]),
            residual_severity=int(data["residual_severity"]),
            measures=tuple(Measure.from_json(m) for m in data.get("measures", [])),
            evidence=str(data.get("evidence", "")),
        )


def parse_risk(key: str, raw: Mapping[str, str]) -> Risk:
    """A risk and its first measure from form fields; every error at once, per field."""
    errors: dict[str, Message] = {}

    def level(name: str) -> int:
        text = str(raw.get(name) or "").strip()
        if text not in {str(n) for n in SCALE}:
            errors[name] = Message(N_("Choose a level from 1 to 4."))
            return 1
        return int(text)

    likelihood, severity = level("likelihood"), level("severity")
    residual_likelihood, residual_severity = (
        level("residual_likelihood"),
        level("residual_severity"),
    )
    right = str(raw.get("right") or "")
    if right not in risk_scale().rights:
        errors["right"] = Message(N_("Choose the right at stake from the list."))
    group = _text(str(raw.get("group") or ""), "group", errors, required=True)
    description = _text(str(raw.get("description") or ""), "description", errors, required=True)
    measures: list[Measure] = []
    measure = str(raw.get("measure") or "").strip()
    if measure:
        owner = _text(str(raw.get("owner") or ""), "owner", errors, required=True)
        due: date | None = None
        try:
            due = _date(str(raw.get("due") or "").strip() or None)
        except ValueError:
            errors["due"] = Message(N_("Give a date as YYYY-MM-DD."))
        if due is None and "due" not in errors:
            errors["due"] = Message(N_("Give a due date."))
        measures.append(Measure(measure[:MAX_TEXT], owner, due))
    if errors:
        raise ValidationError(errors)
    return Risk(
        key=key,
        right=right,
        group=group,
        description=description,
        likelihood=likelihood,
        severity=severity,
        residual_likelihood=residual_likelihood,
        residual_severity=residual_severity,
        measures=tuple(measures),
        evidence=str(raw.get("evidence") or "").strip()[:500],
    )


# --- comments, opinion, conditions -----------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    """A reviewer's request for more information on one question."""

    question_id: str
    text: str
    by: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "text": self.text,
            "by": self.by,
            "at": self.at.isoformat(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comment:
        return cls(
            str(data["question_id"]),
            str(data["text"]),
            str(data["by"]),
            datetime.fromisoformat(data["at"]),
        )


@dataclass(frozen=True)
class Condition:
    """A condition of a favourable opinion, tracked to closure with evidence."""

    key: str
    text: LocalizedText
    due: date
    closed_at: datetime | None = None
    evidence: str = ""

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def overdue(self, today: date) -> bool:
        return not self.closed and self.due < today

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text.as_dict(),
            "due": self.due.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "evidence": self.evidence,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Condition:
        closed = data.get("closed_at")
        return cls(
            key=str(data["key"]),
            text=LocalizedText.from_mapping(data["text"]),
            due=date.fromisoformat(data["due"]),
            closed_at=datetime.fromisoformat(closed) if closed else None,
            evidence=str(data.get("evidence", "")),
        )


@dataclass(frozen=True)
class Opinion:
    kind: OpinionKind
    text: LocalizedText
    translations: Mapping[str, TranslationStatus]
    conditions: tuple[Condition, ...]
    tally: Mapping[str, Any]
    issued_at: datetime
    issued_by: str

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if self.text.is_empty():
            errors["text_en"] = Message(N_("Write the opinion in at least one language."))
        if self.kind is OpinionKind.FAVOURABLE_WITH_CONDITIONS and not self.conditions:
            errors["conditions"] = Message(N_("Give at least one condition."))
        if self.kind is not OpinionKind.FAVOURABLE_WITH_CONDITIONS and self.conditions:
            errors["conditions"] = Message(
                N_("Only a favourable opinion with conditions has them.")
            )
        if errors:
            raise ValidationError(errors)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "text": self.text.as_dict(),
            "translations": {k: v.value for k, v in self.translations.items()},
            "conditions": [c.to_json() for c in self.conditions],
            "tally": dict(self.tally),
            "issued_at": self.issued_at.isoformat(),
            "issued_by": self.issued_by,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Opinion:
        return cls(
            kind=OpinionKind(data["kind"]),
            text=LocalizedText.from_mapping(data["text"]),
            translations={k: TranslationStatus(v) for k, v in data["translations"].items()},
            conditions=tuple(Condition.from_json(c) for c in data.get("conditions", [])),
            tally=dict(data.get("tally") or {}),
            issued_at=datetime.fromisoformat(data["issued_at"]),
            issued_by=str(data["issued_by"]),
        )


def translation_statuses(
    text: LocalizedText, original: Language, machine: Iterable[str] = ()
) -> dict[str, TranslationStatus]:
    """Per language: the original, a reviewed or machine translation, or missing."""
    marked = set(machine)
    result = {}
    for language in LANGUAGES:
        if not getattr(text, language.value):
            result[language.value] = TranslationStatus.MISSING
        elif language is original:
            result[language.value] = TranslationStatus.ORIGINAL
        elif language.value in marked:
            result[language.value] = TranslationStatus.MACHINE
        else:
            result[language.value] = TranslationStatus.REVIEWED
    return result


# --- the assessment --------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    system_id: int
    organisation_id: int
    template: TemplateCode
    template_version: str
    number: int = 1
    state: AssessmentState = AssessmentState.DRAFT
    answers: Mapping[str, Answer] = field(default_factory=dict)
    risks: tuple[Risk, ...] = ()
    comments: tuple[Comment, ...] = ()
    record_version: int = 0
    committee_id: int | None = None
    ballot: Ballot | None = None
    opinion: Opinion | None = None
    signatories: tuple[Mapping[str, str], ...] = ()
    summary: LocalizedText = field(default_factory=LocalizedText)
    notified_at: datetime | None = None
    submitted_at: datetime | None = None
    previous_id: int | None = None
    created_by: str = ""
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def missing(self, template: Template) -> dict[str, Message]:
        """The mandatory questions without an answer, by question id, in the template's order."""
        return {
            q.id: Message(N_("This question must be answered before submission."))
            for q in template.questions
            if q.mandatory and not (self.answers.get(q.id) and self.answers[q.id].value.strip())
        }

    def overdue(self, today: date) -> list[Measure]:
        return [m for risk in self.risks for m in risk.overdue(today)]

    def _editable(self) -> None:
        if self.state not in EDITABLE:
            raise Conflict(Message(N_("Only a draft or a returned assessment can be changed.")))

    def answered(self, answers: Mapping[str, Answer]) -> Assessment:
        self._editable()
        merged = {**self.answers, **answers}
        return replace(self, answers={k: v for k, v in merged.items() if v.value.strip()})

    def with_summary(self, summary: LocalizedText) -> Assessment:
        self._editable()
        return replace(self, summary=summary)

    def with_risk(self, risk: Risk) -> Assessment:
        self._editable()
        others = tuple(r for r in self.risks if r.key != risk.key)
        return replace(self, risks=(*others, risk))

    def with_measure_status(self, risk_key: str, index: int, status: MeasureStatus) -> Assessment:
        risk = next((r for r in self.risks if r.key == risk_key), None)
        if risk is None or not 0 <= index < len(risk.measures):
            raise Conflict(Message(N_("There is no such measure.")))
        measures = list(risk.measures)
        measures[index] = replace(measures[index], status=status)
        changed = replace(risk, measures=tuple(measures))
        return replace(self, risks=tuple(changed if r.key == risk_key else r for r in self.risks))

    def submitted(
        self, template: Template, *, committee_id: int | None, at: datetime
    ) -> Assessment:
        self._editable()
        if missing := self.missing(template):
            raise ValidationError(missing)
        return replace(
            self,
            state=AssessmentState.SUBMITTED,
            committee_id=committee_id,
            submitted_at=at,
            ballot=None,
        )

    def taken_for_review(self, ballot: Ballot) -> Assessment:
        if self.state is not AssessmentState.SUBMITTED:
            raise Conflict(Message(N_("Only a submitted assessment can be taken for review.")))
        return replace(self, state=AssessmentState.UNDER_REVIEW, ballot=ballot)

    def returned(self, comments: Sequence[Comment]) -> Assessment:
        if self.state not in {AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW}:
            raise Conflict(Message(N_("Only an assessment in review can be returned.")))
        if not comments:
            raise ValidationError.single("comments", N_("Say, per question, what is missing."))
        return replace(
            self,
            state=AssessmentState.RETURNED,
            comments=(*self.comments, *comments),
            ballot=None,
        )

    def voted(self, ballot: Ballot) -> Assessment:
        if self.state is not AssessmentState.UNDER_REVIEW or self.ballot is None:
            raise Conflict(Message(N_("This assessment is not being voted on.")))
        return replace(self, ballot=ballot)

    def with_opinion(self, opinion: Opinion) -> Assessment:
        if self.state is not AssessmentState.UNDER_REVIEW or self.ballot is None:
            raise Conflict(Message(N_("Only an assessment under review can receive an opinion.")))
        tally = self.ballot.tally()
        closed = self.ballot.close()  # refuses when the quorum is not reached
        if tally.votes_for <= tally.against and opinion.kind is not OpinionKind.UNFAVOURABLE:
            raise ValidationError.single(
                "kind", N_("The committee voted against: the opinion can only be unfavourable.")
            )
        if tally.votes_for > tally.against and opinion.kind is OpinionKind.UNFAVOURABLE:
            raise ValidationError.single(
                "kind", N_("The committee voted for: the opinion cannot be unfavourable.")
            )
        return replace(
            self,
            state=AssessmentState.OPINION_ISSUED,
            ballot=closed,
            opinion=replace(opinion, tally=tally.to_json()),
        )

    def with_condition_closed(self, key: str, evidence: str, *, at: datetime) -> Assessment:
        if self.opinion is None:
            raise Conflict(Message(N_("There is no such condition.")))
        if not evidence.strip():
            raise ValidationError.single("evidence", N_("Give the evidence that it is met."))
        found = False
        conditions = []
        for condition in self.opinion.conditions:
            if condition.key == key and not condition.closed:
                conditions.append(replace(condition, closed_at=at, evidence=evidence.strip()[:500]))
                found = True
            else:
                conditions.append(condition)
        if not found:
            raise Conflict(Message(N_("There is no such condition.")))
        return replace(self, opinion=replace(self.opinion, conditions=tuple(conditions)))

    def signed(self, *, name: str, role: str, at: datetime) -> Assessment:
        if self.state is not AssessmentState.OPINION_ISSUED:
            raise Conflict(Message(N_("Only an assessment with an opinion can be signed.")))
        signature = {"name": name, "role": role, "at": at.isoformat()}
        return replace(
            self, state=AssessmentState.SIGNED, signatories=(*self.signatories, signature)
        )

    def notified(self, *, at: datetime) -> Assessment:
        if self.template is not TemplateCode.FRIA or self.state not in SUBMITTED_STATES:
            raise Conflict(Message(N_("Only a submitted FRIA can be notified.")))
        if self.notified_at is not None:
            raise Conflict(Message(N_("This assessment was already notified.")))
        return replace(self, notified_at=at)

    def next_version(self, *, template: Template, record_version: int, by: str) -> Assessment:
        if self.state not in {AssessmentState.SIGNED, AssessmentState.OPINION_ISSUED}:
            raise Conflict(Message(N_("A new version starts from an assessment with an opinion.")))
        known = {q.id for q in template.questions}
        return Assessment(
            system_id=self.system_id,
            organisation_id=self.organisation_id,
            template=self.template,
            template_version=template.version,
            number=self.number + 1,
            answers={k: v for k, v in self.answers.items() if k in known},
            risks=self.risks,
            record_version=record_version,
            summary=self.summary,
            previous_id=self.id,
            created_by=by,
        )

    def tally(self) -> Tally | None:
        return self.ballot.tally() if self.ballot is not None else None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "template": self.template.value,
            "template_version": self.template_version,
            "number": self.number,
            "state": self.state.value,
            "answers": [a.to_json() for a in self.answers.values()],
            "risks": [r.to_json() for r in self.risks],
            "comments": [c.to_json() for c in self.comments],
            "record_version": self.record_version,
            "ballot": self.ballot.to_json() if self.ballot else None,
            "opinion": self.opinion.to_json() if self.opinion else None,
            "signatories": [dict(s) for s in self.signatories],
            "summary": self.summary.as_dict(),
            "notified_at": self.notified_at.isoformat() if self.notified_at else None,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "previous_id": self.previous_id,
            "created_by": self.created_by,
        }

    @classmethod
    def from_json(
        cls,
        data: Mapping[str, Any],
        *,
        system_id: int,
        organisation_id: int,
        committee_id: int | None,
        id: int | None,
        created_at: datetime | None,
        updated_at: datetime | None,
    ) -> Assessment:
        def moment(name: str) -> datetime | None:
            value = data.get(name)
            return datetime.fromisoformat(value) if value else None

        return cls(
            system_id=system_id,
            organisation_id=organisation_id,
            template=TemplateCode(data["template"]),
            template_version=str(data["template_version"]),
            number=int(data["number"]),
            state=AssessmentState(data["state"]),
            answers={
                a["question_id"]: Answer(a["question_id"], a["value"], a.get("source", "typed"))
                for a in data.get("answers", [])
            },
            risks=tuple(Risk.from_json(r) for r in data.get("risks", [])),
            comments=tuple(Comment.from_json(c) for c in data.get("comments", [])),
            record_version=int(data.get("record_version", 0)),
            committee_id=committee_id,
            ballot=Ballot.from_json(data["ballot"]) if data.get("ballot") else None,
            opinion=Opinion.from_json(data["opinion"]) if data.get("opinion") else None,
            signatories=tuple(dict(s) for s in data.get("signatories", [])),
            summary=LocalizedText.from_mapping(data.get("summary") or {}),
            notified_at=moment("notified_at"),
            submitted_at=moment("submitted_at"),
            previous_id=data.get("previous_id"),
            created_by=str(data.get("created_by", "")),
            id=id,
            created_at=created_at,
            updated_at=updated_at,
        )


@dataclass(frozen=True)
class AnswerChange:
    question_id: str
    before: str | None
    after: str | None


def compare_answers(before: Assessment, after: Assessment) -> list[AnswerChange]:
    """The answers that differ between two versions, by question id."""
    keys = list(dict.fromkeys([*before.answers, *after.answers]))
    changes = []
    for key in keys:
        was = before.answers[key].value if key in before.answers else None
        now = after.answers[key].value if key in after.answers else None
        if was != now:
            changes.append(AnswerChange(key, was, now))
    return changes


def reusable_answers(template: Template, others: Iterable[Assessment]) -> dict[str, Answer]:
    """Answers of equivalent questions in the system's other assessments (Art 27(4))."""
    found: dict[str, Answer] = {}
    given = {qid: a for other in others for qid, a in other.answers.items()}
    for question in template.questions:
        for equivalent in question.equivalents:
            if equivalent in given and question.id not in found:
                found[question.id] = Answer(
                    question.id, given[equivalent].value, f"reused:{equivalent}"
                )
    return found


# --- the committee ---------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Exemption:
    """A reasoned exemption from the FRIA before publication (kept in the audit log too)."""

    system_id: int
    reason: str
    by: str
    at: datetime
    id: int | None = None

    def __post_init__(self) -> None:
        if len(self.reason.strip()) < 20:
            raise ValidationError.single(
                "reason", N_("Give the reason for the exemption (at least 20 characters).")
            )
