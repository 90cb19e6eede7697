"""Assessments, their answers and risk register, the review workflow and the committee's opinion.

The model lives in cohesive modules; this one gathers their public names so that
`balise.domain.assessments.model` stays the one import for the other layers:

* `answers`: answers to a template's questions;
* `risks`: the risk register and the action plan (measures, overdue);
* `opinions`: reviewers' comments, the committee's opinion and its conditions;
* `assessment`: the assessment and its workflow (draft -> submitted -> under_review ->
  opinion_issued -> signed, or returned), versions and their comparison;
* `committee`: the ethics committee, its members and composition rule;
* `gate`: the publication gate of AI Act Art 27 (the FRIA duty, exemptions).
"""

from __future__ import annotations

from balise.domain.assessments.answers import Answer, parse_answers
from balise.domain.assessments.assessment import (
    EDITABLE,
    SUBMITTED_STATES,
    AnswerChange,
    Assessment,
    AssessmentState,
    compare_answers,
    reusable_answers,
)
from balise.domain.assessments.committee import Committee, Gender, Member, MemberRole
from balise.domain.assessments.fields import MAX_TEXT, SCHEMA_VERSION
from balise.domain.assessments.gate import NO_DUTY, Exemption, FriaDuty, GateStatus, gate_status
from balise.domain.assessments.opinions import (
    MAX_CONDITIONS,
    Comment,
    Condition,
    Opinion,
    OpinionKind,
    TranslationStatus,
    draft_opinion,
    translation_statuses,
)
from balise.domain.assessments.risks import (
    Measure,
    MeasureStatus,
    PlanItem,
    Risk,
    action_plan,
    parse_risk,
)
from balise.domain.assessments.subject import AssessedSystem

__all__ = [
    "EDITABLE",
    "MAX_CONDITIONS",
    "MAX_TEXT",
    "NO_DUTY",
    "SCHEMA_VERSION",
    "SUBMITTED_STATES",
    "Answer",
    "AnswerChange",
    "AssessedSystem",
    "Assessment",
    "AssessmentState",
    "Comment",
    "Committee",
    "Condition",
    "Exemption",
    "FriaDuty",
    "GateStatus",
    "Gender",
    "Measure",
    "MeasureStatus",
    "Member",
    "MemberRole",
    "Opinion",
    "OpinionKind",
    "PlanItem",
    "Risk",
    "TranslationStatus",
    "action_plan",
    "compare_answers",
    "draft_opinion",
    "gate_status",
    "parse_answers",
    "parse_risk",
    "reusable_answers",
    "translation_statuses",
]
