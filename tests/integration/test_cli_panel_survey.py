"""`balise panel survey SLUG`: a closed questionnaire's results as JSON and as a table."""

from __future__ import annotations

import json
from typing import Any

from balise.bootstrap import Container
from balise.cli.testing import CommandLine
from balise.domain.panels.survey import SurveyStage
from panel_survey_support import make_survey_panel


def test_the_results_of_a_closed_questionnaire(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    make_survey_panel(container, world, slug="six", until=SurveyStage.CLOSED)
    result = balise("panel", "survey", "six", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    items = {item["code"]: item for item in document["items"]}
    assert items["ai_daily_life"]["n"] == 6
    assert items["ai_daily_life"]["before_mean"] == 2.5
    assert items["ai_jobs"]["withheld"]
    text = balise("panel", "survey", "six")
    assert text.exit_code == 0, text.output
    assert "ai_daily_life" in text.stdout
    assert "withheld" in text.stdout


def test_an_open_questionnaire_has_no_results_yet(
    container: Container, world: dict[str, Any], balise: CommandLine
) -> None:
    make_survey_panel(container, world, slug="six", until=SurveyStage.AFTER_OPEN)
    result = balise("panel", "survey", "six", "--format", "json")
    assert result.exit_code == 2
    assert "after" in result.stderr
