"""The obligation tracker's rows for the access matrix: a classification on the record alpha."""

from __future__ import annotations

from typing import Any

from assessment_fixtures import classify_high_risk
from balise.bootstrap import Container

DUTY = {"code": "ai_literacy", "role": "deployer"}
DUTY_FORM = {"status": "in_progress"}


def make_matrix_obligations(container: Container, world: dict[str, Any]) -> dict[str, str]:
    """Alpha (published by the matrix's setup) classified as a high-risk deployer's system."""
    classify_high_risk(container, world, "alpha")
    return {}
