"""What the assessments' web tests and the access matrix need: a committee and a FRIA."""

from __future__ import annotations

from typing import Any

from assessment_fixtures import (
    HIGH_RISK_FACTS,
    PASSWORD,
    classify_high_risk,
    fria_answers,
    make_committee,
    make_reviewed_fria,
    make_voted_fria,
)
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, User
from balise.services import assessments

__all__ = [
    "HIGH_RISK_FACTS",
    "MATRIX_RISK",
    "PASSWORD",
    "classify_high_risk",
    "fria_answers",
    "make_committee",
    "make_matrix_assessments",
    "make_reviewed_fria",
    "make_voted_fria",
]


def make_matrix_assessments(container: Container, world: dict[str, Any]) -> dict[str, str]:
    """The committee, and a FRIA of the published record alpha that the editor started."""
    make_committee(container, world)
    editor: User = world["users"]["editor"]
    with container.uow() as uow:
        fria = assessments.start_assessment(
            uow, actor=Actor(user=editor), slug="alpha", code="fria"
        )
        uow.commit()
    return {
        "assessment_id": str(fria.id),
        "section_id": "process",
        "key": "c1",
        "risk_key": "r1",
        "number": "1",
    }


MATRIX_RISK = {
    "right": "art21",
    "group": "Applicants",
    "description": "Indirect discrimination",
    "likelihood": "2",
    "severity": "3",
    "residual_likelihood": "1",
    "residual_severity": "3",
}
