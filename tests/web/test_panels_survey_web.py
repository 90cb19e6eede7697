"""The panels' before/after questionnaire on the web: organisers, members, the public, the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from web_support import assert_problem, post_form

from balise.bootstrap import Container
from balise.domain.panels.survey import SurveyStage
from panel_members_support import sign_in_member
from panel_survey_support import make_survey_panel

KEYS = {
    "code",
    "theme",
    "text",
    "n",
    "withheld",
    "before_mean",
    "after_mean",
    "difference",
    "ci_low",
    "ci_high",
    "before_distribution",
    "after_distribution",
}


def test_the_api_gives_paired_results_once_closed(
    container: Container, world: dict[str, Any], client: TestClient
) -> None:
    make_survey_panel(container, world, slug="six", until=SurveyStage.CLOSED)
    response = client.get("/api/v1/panels/six/survey")
    assert response.status_code == 200
    document = response.json()
    assert document["respondents"] == {"before": 6, "after": 6, "both": 6}
    assert document["min_paired"] == 5
    items = {item["code"]: item for item in document["items"]}
    assert all(set(item) == KEYS for item in items.values())
    daily = items["ai_daily_life"]
    assert (daily["n"], daily["before_mean"], daily["after_mean"]) == (6, 2.5, 3.3333)
    assert daily["difference"] == 0.8333
    assert daily["ci_low"] < daily["difference"] < daily["ci_high"]
    assert set(daily["text"]) == {"fr", "nl", "de", "en"}
    assert daily["before_distribution"] == {"1": 1, "2": 2, "3": 2, "4": 1, "5": 0, "none": 0}
    withheld = items["ai_jobs"]
    assert withheld["withheld"]
    assert withheld["n"] == 4
    assert withheld["before_mean"] is None
    assert withheld["before_distribution"] is None
    assert client.get("/panels/six/survey.json").json() == document
    page = client.get("/panels/six/survey", headers={"Accept-Language": "fr"})
    assert page.status_code == 200
    assert "<svg" in page.text
    assert "Dans l&#39;ensemble, l&#39;intelligence artificielle" in page.text


def test_nothing_is_public_before_the_after_phase_closes(
    container: Container, world: dict[str, Any], client: TestClient
) -> None:
    make_survey_panel(container, world, slug="six", until=SurveyStage.AFTER_OPEN)
    assert_problem(client.get("/api/v1/panels/six/survey"), 404)
    assert client.get("/panels/six/survey.json").status_code == 404
    page = client.get("/panels/six/survey")
    assert page.status_code == 200
    assert "<svg" not in page.text
    assert "once the" in page.text


def test_organisers_open_the_phases_and_a_member_answers(
    container: Container, world: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    members = make_survey_panel(container, world, slug="six", until=None)
    admin = browsers["admin"]
    assert admin.get("/panels/six/survey/manage").status_code == 200
    refused = post_form(
        admin, "/panels/six/survey/manage", {"action": "open_before", "items": ["x"]}
    )
    assert refused.status_code == 422
    assert "Unknown items" in refused.text
    opened = post_form(
        admin,
        "/panels/six/survey/manage",
        {"action": "open_before", "items": ["ai_jobs", "ai_daily_life"]},
    )
    assert opened.status_code == 303
    assert browsers["other-editor"].get("/panels/six/survey/manage").status_code == 403

    member = browsers["anonymous"]
    assert member.get("/panels/six/space/questionnaire", follow_redirects=False).status_code == 303
    sign_in_member(member, container, "six", members[0].person_id)
    page = member.get("/panels/six/space/questionnaire")
    assert page.status_code == 200
    assert 'name="item-ai_jobs"' in page.text
    assert 'name="item-trust_panel_influence"' not in page.text
    wrong = post_form(
        member,
        "/panels/six/space/questionnaire",
        {"item-ai_jobs": "7", "item-ai_daily_life": "zero"},
    )
    assert wrong.status_code == 422
    assert wrong.text.count('class="error"') == 2
    saved = post_form(member, "/panels/six/space/questionnaire", {"item-ai_jobs": "4"})
    assert saved.status_code == 303
    again = member.get("/panels/six/space/questionnaire")
    assert 'id="item-ai_jobs-4" name="item-ai_jobs" value="4" checked' in again.text
    assert 'id="item-ai_daily_life-none" name="item-ai_daily_life" value="" checked' in again.text
    closed = post_form(admin, "/panels/six/survey/manage", {"action": "close_before"})
    assert closed.status_code == 303
    late = post_form(member, "/panels/six/space/questionnaire", {"item-ai_jobs": "2"})
    assert late.status_code == 409
