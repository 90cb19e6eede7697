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
from typing import Any

from balise.domain.assessments.answers import Answer
from balise.domain.assessments.catalogue import Template, TemplateCode
from balise.domain.assessments.fields import SCHEMA_VERSION
from balise.domain.assessments.opinions import Comment, Opinion, OpinionKind
from balise.domain.assessments.risks import Measure, MeasureStatus, Risk
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.domain.shared.votes import Ballot, Tally


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
