"""The authorization matrix: every route, every role, a real request each.

`ACCESS` below is the matrix itself: who each route admits, as its `Allow` declares it, and what
an admitted role gets. The tests check that the app has exactly these routes, that each route's
declaration says what the matrix says, and that a real request from each role is refused or
served accordingly. Object-level rules (an editor of another organisation, a job or a token that
is not yours) appear as explicit per-role expectations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiact_matrix_support import AIACT_FACTS, AIACT_SECTION, make_matrix_aiact
from assessments_support import MATRIX_RISK, make_matrix_assessments
from audit_support import MATRIX_UPLOAD, make_matrix_audits
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from guichet_support import (
    ASK_FORM,
    ASK_JSON,
    ESCALATE_FORM,
    FAQ_FORM,
    QUESTION_ANSWER_FORM,
    make_matrix_guichet,
)
from monitoring_support import (
    ANSWER_FORM,
    COMPLETE_FORM,
    EDITOR_ONLY,
    INCIDENT_FORM,
    INCIDENT_JSON,
    INCIDENT_READERS,
    INCIDENTS_WRITE,
    LETTER_FORM,
    REGULATOR_ONLY,
    REPORTERS,
    REQUEST_FORM,
    REQUEST_JSON,
    STAFF,
    make_matrix_monitoring,
)
from obligations_support import DUTY, DUTY_FORM, make_matrix_obligations
from panel_messages_support import (
    FOLLOW_UP_FORM,
    MESSAGE_FORM,
    MESSAGE_JSON,
    make_matrix_messages,
)
from panel_support import (
    COMMITMENTS,
    PUBLIC_SOURCE,
    PUBLIC_VALUE,
    SECRETS,
    TINY_PEOPLE,
    TINY_QUOTAS,
    make_matrix_panels,
)
from web_support import (
    PASSWORD,
    ROLES,
    assert_problem,
    bearer,
    csrf_of,
    html_lang,
    post_form,
    rows,
)

from audit_connections_support import make_matrix_connections, postgres_form
from balise.bootstrap import Container
from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.jobs.model import Job
from balise.web.access import Allow
from balise.web.app import check_every_route_declares_access, routes_of
from consultations_support import (
    CLOSE_FORM,
    CONSULTATION_ANSWER_FORM,
    CONTRIBUTION_FORM,
    CONTRIBUTION_JSON,
    MODERATE_FORM,
    NEW_CONSULTATION_FORM,
    make_matrix_consultations,
)
from eco_support import EMISSIONS_CSV, INFERENCE_FORM
from panel_members_support import make_matrix_registrations
from panel_survey_support import make_matrix_survey
from register_support import complete_values, create_published

SIGNED_IN = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})
OVERSIGHT = frozenset({Role.ADMIN, Role.REGULATOR})
EDITORS = frozenset({Role.ADMIN, Role.EDITOR})
EVERYONE = None  # public

ALPHA_FORM = {
    "slug": "alpha",
    "name_fr": "alpha FR",
    "name_nl": "alpha NL",
    "name_en": "Alpha",
    "kind": "public_body",
    "size_class": "large",
    "sector": "public_administration",
}
NEW_FORM = {
    "slug": "gamma",
    "name_fr": "Gamma",
    "kind": "company",
    "size_class": "small",
    "sector": "research",
}
NEW_JSON = {
    "slug": "delta",
    "name": {"nl": "Delta"},
    "kind": "non_profit",
    "size_class": "micro",
    "sector": "health",
}
CSV = "slug,name_fr,kind,size_class,sector\nepsilon,Epsilon,company,small,retail\n"
NOT_YOURS = {"regulator": 404, "editor": 404, "reviewer": 404}
AUDITORS = frozenset({Role.ADMIN, Role.EDITOR, Role.REVIEWER})
NOT_THE_UPLOADER = {"reviewer": 404}  # the upload is the editor's
FAIRNESS_FORM: dict[str, Any] = {"label": "label", "prediction": "decision", "sensitive": "sex"}
WRITERS = frozenset({Role.ADMIN, Role.EDITOR, Role.REVIEWER})
REVIEWERS = frozenset({Role.ADMIN, Role.REVIEWER})
RECORD_FORM = {
    "organisation": "alpha",
    "default_language": "fr",
    "name_fr": "Tri des demandes",
    "contact_email": "ai@alpha.example",
}

RECORD_SECTION = {"section": "data"}
SYSTEM_JSON = {"default_language": "nl", "fields": complete_values()}
SYSTEMS_WRITE = Scope.SYSTEMS_WRITE


ORGANISERS = frozenset({Role.ADMIN, Role.EDITOR, Role.REVIEWER})
NEW_PANEL = {
    "organisation": "alpha",
    "title_en": "Panel",
    "slug": "new-panel",
    "size": "2",
    "lottery_size": "100",
}
PANEL_FILES = {
    "people": ("people.csv", TINY_PEOPLE.encode(), "text/csv"),
    "quotas": ("quotas.csv", TINY_QUOTAS.encode(), "text/csv"),
}
INVITATION_FILES = {
    "addresses": ("addresses.csv", b"id,stratum\na1,North\na2,South\na3,South\n", "text/csv"),
    "strata": ("strata.csv", b"stratum,population\nNorth,100\nSouth,200\n", "text/csv"),
}
COMMITTED = {"slug": "alpha-committed"}
CONSULTED = {"slug": "matrix-open"}  # the consultations' rows
DRAWN = {"slug": "alpha-drawn"}
SECOND_TRY = {"editor": 409, "reviewer": 409}  # the administrator went first; it is done
SECOND_LEAVE = {"editor": 422, "reviewer": 422}  # p1 has left the drawn panel already
OBSERVED = {"code": "systems_published"}  # an observatory indicator
ECO_STATEMENT = {"why_ai": "Free text in three languages.", "language": "en"}
ECO_FILES = {"file": ("emissions.csv", EMISSIONS_CSV.encode(), "text/csv")}
ECO_SPEC = {"parts": {"inference": INFERENCE_FORM}}


@dataclass(frozen=True)
class Case:
    """One route of the matrix: who it admits, and what an admitted role receives."""

    roles: frozenset[Role] | None  # None: public
    ok: int
    scope: Scope | None = None
    expect: dict[str, int] = field(default_factory=dict)  # object-level rules, per role
    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    upload: bool = False
    files: dict[str, tuple[str, bytes, str]] | None = None  # multipart files beside the form
    params: dict[str, str] = field(default_factory=dict)  # path parameters for this route only


ACCESS: dict[tuple[str, str], Case] = {
    # JSON API
    ("GET", "/api/v1/organisations"): Case(EVERYONE, 200),
    ("GET", "/api/v1/organisations/{slug}"): Case(EVERYONE, 200),
    ("POST", "/api/v1/organisations"): Case(
        ADMIN, 201, scope=Scope.ORGANISATIONS_WRITE, json=NEW_JSON
    ),
    ("PATCH", "/api/v1/organisations/{slug}"): Case(
        EDITORS, 200, scope=Scope.ORGANISATIONS_WRITE, json={"name": {"en": "Alpha"}}
    ),
    ("GET", "/api/v1/organisations/{slug}/history"): Case(SIGNED_IN, 200),
    ("GET", "/api/v1/me"): Case(SIGNED_IN, 200),
    ("GET", "/api/v1/tokens"): Case(SIGNED_IN, 200),
    ("DELETE", "/api/v1/tokens/{token_id}"): Case(SIGNED_IN, 204, expect=NOT_YOURS),
    ("GET", "/api/v1/jobs/{job_id}"): Case(SIGNED_IN, 200, expect=NOT_YOURS),
    ("POST", "/api/v1/aiact/classify"): Case(EVERYONE, 200, json=AIACT_FACTS),
    ("GET", "/api/v1/aiact/timeline"): Case(EVERYONE, 200),
    ("GET", "/api/v1/aiact/schema"): Case(EVERYONE, 200),
    ("POST", "/api/v1/systems/{slug}/classifications"): Case(
        WRITERS, 201, scope=Scope.SYSTEMS_WRITE, json=AIACT_FACTS
    ),
    ("GET", "/api/v1/systems/{slug}/classifications"): Case(SIGNED_IN, 200),
    # The AI Act questionnaire: the setup's saved questionnaire is the administrator's; the
    # record "alpha" has no stored classification yet, so storing a re-run finds nothing.
    ("GET", "/aiact"): Case(EVERYONE, 200),
    ("POST", "/aiact/start"): Case(EVERYONE, 303),
    ("GET", "/aiact/questionnaire/{section_id}"): Case(EVERYONE, 200, params=AIACT_SECTION),
    ("POST", "/aiact/questionnaire/{section_id}"): Case(
        EVERYONE, 303, form={}, params=AIACT_SECTION
    ),
    ("GET", "/aiact/result"): Case(EVERYONE, 200),
    ("GET", "/aiact/result.json"): Case(EVERYONE, 200),
    ("GET", "/aiact/timeline"): Case(EVERYONE, 200),
    ("GET", "/aiact/saved"): Case(SIGNED_IN, 200),
    ("POST", "/aiact/saved"): Case(SIGNED_IN, 303, form={}),
    ("GET", "/aiact/saved/{questionnaire_id}/result"): Case(SIGNED_IN, 200, expect=NOT_YOURS),
    ("GET", "/aiact/saved/{questionnaire_id}/result.json"): Case(SIGNED_IN, 200, expect=NOT_YOURS),
    ("POST", "/aiact/saved/{questionnaire_id}/delete"): Case(SIGNED_IN, 303, expect=NOT_YOURS),
    ("GET", "/aiact/saved/{questionnaire_id}/{section_id}"): Case(
        SIGNED_IN, 200, expect=NOT_YOURS, params=AIACT_SECTION
    ),
    ("POST", "/aiact/saved/{questionnaire_id}/{section_id}"): Case(
        SIGNED_IN, 303, expect=NOT_YOURS, form={}, params=AIACT_SECTION
    ),
    # Without answers the result step names the missing facts: nothing is stored (422).
    ("POST", "/aiact/store"): Case(WRITERS, 422, form={"slug": "alpha"}),
    ("GET", "/register/{slug}/classification"): Case(SIGNED_IN, 200),
    ("GET", "/register/{slug}/classification.json"): Case(SIGNED_IN, 200),
    ("POST", "/register/{slug}/classification"): Case(WRITERS, 404),
    # Pages and their JSON twins
    ("GET", "/"): Case(EVERYONE, 200),
    ("GET", "/healthz"): Case(EVERYONE, 200),
    ("GET", "/about"): Case(EVERYONE, 200),
    ("GET", "/api/docs"): Case(EVERYONE, 200),
    ("GET", "/privacy"): Case(EVERYONE, 200),
    ("GET", "/accessibility"): Case(EVERYONE, 200),
    ("GET", "/contact"): Case(EVERYONE, 200),
    ("GET", "/my-work"): Case(SIGNED_IN, 200),
    ("POST", "/language"): Case(EVERYONE, 303, form={"language": "nl", "next": "/"}),
    ("GET", "/login"): Case(EVERYONE, 200),
    ("POST", "/login"): Case(
        EVERYONE, 303, form={"email": "regulator@balise.test", "password": PASSWORD}
    ),
    ("POST", "/logout"): Case(SIGNED_IN, 303),
    # Single sign-on is not configured here: it does not exist, for anyone.
    ("GET", "/auth/oidc/login"): Case(EVERYONE, 404),
    ("GET", "/auth/oidc/callback"): Case(EVERYONE, 404),
    ("GET", "/account"): Case(SIGNED_IN, 200),
    ("POST", "/account/password"): Case(
        SIGNED_IN,
        303,
        form={"current_password": PASSWORD, "new_password": "quite another long secret"},
    ),
    ("POST", "/account/tokens"): Case(
        SIGNED_IN, 200, form={"name": "matrix", "scopes": "read", "days": "30"}
    ),
    ("POST", "/account/tokens/{token_id}/revoke"): Case(SIGNED_IN, 303, expect=NOT_YOURS),
    ("GET", "/organisations"): Case(EVERYONE, 200),
    ("GET", "/organisations.json"): Case(EVERYONE, 200),
    ("GET", "/organisations/new"): Case(ADMIN, 200),
    ("POST", "/organisations/new"): Case(ADMIN, 303, form=NEW_FORM),
    ("GET", "/organisations/import"): Case(ADMIN, 200),
    ("POST", "/organisations/import"): Case(ADMIN, 303, upload=True),
    ("GET", "/organisations/{slug}.json"): Case(EVERYONE, 200),
    ("GET", "/organisations/{slug}"): Case(EVERYONE, 200),
    ("GET", "/organisations/{slug}/edit"): Case(EDITORS, 200),
    ("POST", "/organisations/{slug}/edit"): Case(EDITORS, 303, form=ALPHA_FORM),
    ("GET", "/organisations/{slug}/history.json"): Case(SIGNED_IN, 200),
    ("GET", "/organisations/{slug}/history"): Case(SIGNED_IN, 200),
    # The register: the setup's record "alpha" is published, so a step only a draft or a record
    # in review can take is refused as a conflict once access is granted.
    ("GET", "/register"): Case(SIGNED_IN, 200),
    ("GET", "/register/new"): Case(WRITERS, 200),
    ("POST", "/register/new"): Case(WRITERS, 303, form=RECORD_FORM),
    ("GET", "/register/{slug}"): Case(SIGNED_IN, 200),
    ("GET", "/register/{slug}/edit"): Case(WRITERS, 200),
    ("GET", "/register/{slug}/edit/{section}"): Case(WRITERS, 200, params=RECORD_SECTION),
    ("POST", "/register/{slug}/edit/{section}"): Case(
        WRITERS, 303, form={"data_summary_fr": "Données."}, params=RECORD_SECTION
    ),
    ("GET", "/register/{slug}/check"): Case(WRITERS, 200),
    ("POST", "/register/{slug}/submit"): Case(WRITERS, 409),
    ("POST", "/register/{slug}/approve"): Case(REVIEWERS, 409),
    ("POST", "/register/{slug}/send-back"): Case(REVIEWERS, 409),
    ("POST", "/register/{slug}/publish"): Case(WRITERS, 409),
    ("POST", "/register/{slug}/withdraw"): Case(
        REVIEWERS, 303, form={"reason": "Replaced."}, expect={"reviewer": 409}
    ),
    # The public portal and the register's API (the same published record "alpha").
    ("GET", "/systems"): Case(EVERYONE, 200),
    ("GET", "/systems.json"): Case(EVERYONE, 200),
    ("GET", "/systems/{slug}.json"): Case(EVERYONE, 200),
    ("GET", "/systems/{slug}"): Case(EVERYONE, 200),
    ("GET", "/systems/{slug}/versions"): Case(EVERYONE, 200),
    ("GET", "/systems/{slug}/compare"): Case(EVERYONE, 200),
    # Open data and the Annex VIII layout of the same published record "alpha".
    ("GET", "/open-data"): Case(EVERYONE, 200),
    ("GET", "/open-data/systems.json"): Case(EVERYONE, 200),
    ("GET", "/open-data/systems.csv"): Case(EVERYONE, 200),
    ("GET", "/open-data/catalog.jsonld"): Case(EVERYONE, 200),
    ("GET", "/systems/{slug}/annex-viii"): Case(EVERYONE, 200),
    ("GET", "/systems/{slug}/annex-viii.json"): Case(EVERYONE, 200),
    # Bulk import into alpha. The setup's job verifies the audit log: it is no import's job.
    ("GET", "/register/import"): Case(WRITERS, 200),
    ("POST", "/register/import"): Case(
        WRITERS, 303, upload=True, form={"organisation": "alpha", "dry_run": "1"}
    ),
    ("GET", "/register/import/jobs/{job_id}"): Case(SIGNED_IN, 404),
    ("GET", "/register/import/jobs/{job_id}/progress"): Case(SIGNED_IN, 404),
    ("GET", "/register/import/template.csv"): Case(EVERYONE, 200),
    ("GET", "/register/import/template.xlsx"): Case(EVERYONE, 200),
    ("GET", "/api/v1/systems"): Case(EVERYONE, 200),
    ("GET", "/api/v1/systems/{slug}"): Case(EVERYONE, 200),
    ("GET", "/api/v1/systems/{slug}/versions"): Case(EVERYONE, 200),
    ("GET", "/api/v1/systems/{slug}/versions/{number}"): Case(
        EVERYONE, 200, params={"number": "1"}
    ),
    ("POST", "/api/v1/systems"): Case(
        WRITERS, 201, scope=SYSTEMS_WRITE, json={**SYSTEM_JSON, "organisation": "alpha"}
    ),
    ("PUT", "/api/v1/systems/{slug}"): Case(WRITERS, 200, scope=SYSTEMS_WRITE, json=SYSTEM_JSON),
    ("POST", "/api/v1/systems/{slug}/submit"): Case(WRITERS, 409, scope=SYSTEMS_WRITE),
    ("POST", "/api/v1/systems/{slug}/approve"): Case(REVIEWERS, 409, scope=SYSTEMS_WRITE),
    ("POST", "/api/v1/systems/{slug}/send-back"): Case(
        REVIEWERS, 409, scope=SYSTEMS_WRITE, json={"note": "More detail."}
    ),
    ("POST", "/api/v1/systems/{slug}/publish"): Case(WRITERS, 409, scope=SYSTEMS_WRITE),
    ("POST", "/api/v1/systems/{slug}/withdraw"): Case(
        REVIEWERS, 200, scope=SYSTEMS_WRITE, json={"reason": "Replaced."}, expect={"reviewer": 409}
    ),
    ("GET", "/admin/users"): Case(ADMIN, 200),
    ("POST", "/admin/users"): Case(
        ADMIN,
        303,
        form={
            "email": "new@balise.test",
            "display_name": "New",
            "role": "regulator",
            "password": PASSWORD,
        },
    ),
    ("POST", "/admin/users/{user_id}/active"): Case(ADMIN, 303, form={"active": "0"}),
    ("GET", "/audit-log"): Case(OVERSIGHT, 200),
    ("POST", "/audit-log/verify"): Case(OVERSIGHT, 303),
    ("GET", "/audit-log/checkpoints"): Case(EVERYONE, 200),
    ("GET", "/audit-log/checkpoints.json"): Case(EVERYONE, 200),
    ("GET", "/jobs/{job_id}"): Case(SIGNED_IN, 200, expect=NOT_YOURS),
    ("GET", "/jobs/{job_id}/progress"): Case(SIGNED_IN, 200, expect=NOT_YOURS),
    # Audits: the setup's upload is the editor's (only they and administrators continue it);
    # its audit is finished. Regulators read audits and run none.
    ("GET", "/organisations/{slug}/audits"): Case(SIGNED_IN, 200),
    ("POST", "/organisations/{slug}/audits"): Case(AUDITORS, 303, upload=True),
    ("GET", "/register/{slug}/audits"): Case(SIGNED_IN, 200),
    ("POST", "/register/{slug}/audits"): Case(AUDITORS, 303, upload=True),
    ("GET", "/audits/uploads/{upload_id}"): Case(AUDITORS, 200, expect=NOT_THE_UPLOADER),
    ("POST", "/audits/uploads/{upload_id}/fairness"): Case(
        AUDITORS, 303, expect=NOT_THE_UPLOADER, form=FAIRNESS_FORM
    ),
    ("POST", "/audits/uploads/{upload_id}/representativeness"): Case(
        AUDITORS, 303, expect=NOT_THE_UPLOADER, form={"column_sex": "sex", "threshold": "0.8"}
    ),
    ("GET", "/audits/{audit_id}"): Case(SIGNED_IN, 200),
    ("GET", "/audits/{audit_id}/progress"): Case(SIGNED_IN, 200),
    ("GET", "/audits/{audit_id}.html"): Case(SIGNED_IN, 200),
    ("GET", "/audits/{audit_id}.pdf"): Case(SIGNED_IN, 200),
    ("POST", "/audits/{audit_id}/visibility"): Case(AUDITORS, 303, form={"visibility": "full"}),
    # Registered data connections: alpha's staff (and administrators) only. The setup's connection
    # points at a table that does not exist, so testing it fails (422). Administrators go first:
    # the name they register is taken by the time the editor tries (422), and the connection they
    # delete is gone for the editor and the reviewer (404).
    ("GET", "/organisations/{slug}/audits/connections"): Case(AUDITORS, 200),
    ("POST", "/organisations/{slug}/audits/connections"): Case(
        AUDITORS,
        303,
        form=postgres_form("decisions", name="New"),
        expect={"editor": 422, "reviewer": 422},
    ),
    ("GET", "/audits/connections/{connection_id}"): Case(AUDITORS, 200),
    ("POST", "/audits/connections/{connection_id}"): Case(
        AUDITORS, 303, form=postgres_form("decisions", name="Matrix")
    ),
    ("POST", "/audits/connections/{connection_id}/test"): Case(AUDITORS, 422),
    ("POST", "/audits/connections/{connection_id}/delete"): Case(
        AUDITORS, 303, expect={"editor": 404, "reviewer": 404}
    ),
    ("GET", "/audits/connections/{connection_id}/audit"): Case(AUDITORS, 200),
    ("POST", "/audits/connections/{connection_id}/fairness"): Case(
        AUDITORS, 303, form=FAIRNESS_FORM
    ),
    ("POST", "/audits/connections/{connection_id}/representativeness"): Case(
        AUDITORS, 303, form={"column_sex": "sex", "threshold": "0.8"}
    ),
    ("GET", "/api/v1/audit-connections"): Case(AUDITORS, 200),
    ("POST", "/api/v1/audit-connections"): Case(
        AUDITORS,
        201,
        scope=Scope.SYSTEMS_WRITE,
        json={"organisation": "alpha", "name": "New", "engine": "spark", "spark": "decisions"},
        expect={"editor": 422, "reviewer": 422},
    ),
    ("DELETE", "/api/v1/audit-connections/{connection_id}"): Case(
        AUDITORS, 204, scope=Scope.SYSTEMS_WRITE, expect={"editor": 404, "reviewer": 404}
    ),
    ("POST", "/api/v1/uploads"): Case(
        AUDITORS,
        201,
        scope=Scope.SYSTEMS_WRITE,
        json={"file_name": "log.csv", "size": 100, "organisation": "alpha"},
    ),
    ("GET", "/api/v1/uploads/{upload_id}"): Case(AUDITORS, 200, expect=NOT_THE_UPLOADER),
    # The upload is complete: a chunk is refused as a conflict once access is granted.
    ("PUT", "/api/v1/uploads/{upload_id}/chunks/{offset}"): Case(
        AUDITORS,
        409,
        scope=Scope.SYSTEMS_WRITE,
        expect=NOT_THE_UPLOADER,
        json={"a": 1},
        params={"offset": "0"},
    ),
    ("POST", "/api/v1/uploads/{upload_id}/finish"): Case(
        AUDITORS, 200, scope=Scope.SYSTEMS_WRITE, expect=NOT_THE_UPLOADER
    ),
    ("POST", "/api/v1/audits"): Case(
        AUDITORS,
        202,
        scope=Scope.SYSTEMS_WRITE,
        expect=NOT_THE_UPLOADER,
        json={"upload": MATRIX_UPLOAD, "kind": "fairness", **FAIRNESS_FORM, "sensitive": ["sex"]},
    ),
    ("GET", "/api/v1/audits/{audit_id}"): Case(SIGNED_IN, 200),
    # Citizens' panels: the administrator and the editors and reviewers of the organisation.
    ("GET", "/api/v1/panels"): Case(EVERYONE, 200),
    ("GET", "/api/v1/panels/{slug}"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/api/v1/panels/{slug}/composition"): Case(EVERYONE, 200, params=DRAWN),
    ("POST", "/api/v1/panels/{slug}/replacements"): Case(
        ORGANISERS,
        201,
        scope=Scope.PANELS_WRITE,
        json={"dropped": "p1"},
        params=DRAWN,
        expect=SECOND_LEAVE,
    ),
    ("GET", "/panels"): Case(EVERYONE, 200),
    ("GET", "/panels/new"): Case(ORGANISERS, 200),
    ("POST", "/panels/new"): Case(
        ORGANISERS, 303, form=NEW_PANEL, expect={"editor": 422, "reviewer": 422}
    ),
    ("GET", "/panels/{slug}/manage"): Case(ORGANISERS, 200),
    ("POST", "/panels/{slug}/invitations"): Case(
        ORGANISERS, 303, files=INVITATION_FILES, form={"letters": "2", "seed": "1"}
    ),
    ("GET", "/panels/{slug}/invitations.csv"): Case(ORGANISERS, 200),
    ("POST", "/panels/{slug}/pool"): Case(ORGANISERS, 303, files=PANEL_FILES),
    ("POST", "/panels/{slug}/select"): Case(ORGANISERS, 303),
    ("POST", "/panels/{slug}/relax"): Case(
        ORGANISERS, 303, params={"slug": "alpha-strict"}, expect=SECOND_TRY
    ),
    ("POST", "/panels/{slug}/commit"): Case(
        ORGANISERS,
        303,
        form={"party_commitments": "\n".join(COMMITMENTS), "public_source": PUBLIC_SOURCE},
        expect=SECOND_TRY,
    ),
    ("POST", "/panels/{slug}/draw"): Case(
        ORGANISERS,
        303,
        form={"secrets": "\n".join(SECRETS), "public_value": PUBLIC_VALUE},
        params=COMMITTED,
        expect=SECOND_TRY,
    ),
    ("POST", "/panels/{slug}/contacts/delete"): Case(ORGANISERS, 303, form={"person_id": "p1"}),
    ("POST", "/panels/{slug}/title"): Case(
        ORGANISERS, 303, form={"title_fr": "Panel", "title_nl": "Panel"}, params=DRAWN
    ),
    ("POST", "/panels/{slug}/replacements"): Case(
        ORGANISERS, 303, form={"dropped": "p1"}, params=DRAWN, expect=SECOND_LEAVE
    ),
    ("GET", "/panels/{slug}.json"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/files/{name}.json"): Case(
        EVERYONE, 200, params={**DRAWN, "name": "reveal"}
    ),
    ("GET", "/panels/{slug}"): Case(EVERYONE, 200, params=DRAWN),
    # The members' space of a drawn panel: public routes guarded by a member's sign-in. Nobody
    # here is a signed-in member, so member pages send every role to the member sign-in page.
    ("GET", "/panels/{slug}/space"): Case(EVERYONE, 303, params=DRAWN),
    ("GET", "/panels/{slug}/space/sign-in"): Case(EVERYONE, 200, params=DRAWN),
    ("POST", "/panels/{slug}/space/sign-in"): Case(
        EVERYONE, 422, form={"code": "AAAAA-AAAAA"}, params=DRAWN
    ),
    ("POST", "/panels/{slug}/space/link"): Case(
        EVERYONE, 303, form={"email": "nobody@example.test"}, params=DRAWN
    ),
    ("GET", "/panels/{slug}/space/link/{token}"): Case(
        EVERYONE, 200, params={**DRAWN, "token": "not-a-token"}
    ),
    ("POST", "/panels/{slug}/space/link/{token}"): Case(
        EVERYONE, 422, params={**DRAWN, "token": "not-a-token"}
    ),
    ("POST", "/panels/{slug}/space/sign-out"): Case(EVERYONE, 303, params=DRAWN),
    # Addresses that only take a form, opened directly: a redirect to the page holding the form.
    ("GET", "/panels/{slug}/space/link"): Case(EVERYONE, 303, params=DRAWN),
    ("GET", "/panels/{slug}/space/sign-out"): Case(EVERYONE, 303, params=DRAWN),
    ("GET", "/panels/{slug}/space/erasure"): Case(EVERYONE, 303, params=DRAWN),
    ("GET", "/panels/{slug}/space/votes/{message_id}"): Case(EVERYONE, 303, params=DRAWN),
    # Registration with an invitation code (alpha takes registrations), and the organisers' page.
    ("GET", "/panels/{slug}/register"): Case(EVERYONE, 200),
    ("POST", "/panels/{slug}/register"): Case(EVERYONE, 422, form={}),
    ("GET", "/panels/{slug}/registrations"): Case(ORGANISERS, 200),
    ("POST", "/panels/{slug}/registrations/settings"): Case(
        ORGANISERS, 303, form={"open": "yes", "exclusions": "party_staff"}
    ),
    ("POST", "/panels/{slug}/registrations/new"): Case(ORGANISERS, 422, form={"channel": "phone"}),
    ("POST", "/panels/{slug}/registrations/erase"): Case(
        ORGANISERS, 422, form={"person_id": "nobody"}
    ),
    ("POST", "/panels/{slug}/registrations/pool"): Case(ORGANISERS, 422),
    ("POST", "/panels/{slug}/registrations/erase-participation"): Case(
        ORGANISERS, 422, form={"member": "nobody"}
    ),
    ("POST", "/panels/{slug}/space/erasure"): Case(EVERYONE, 303, params=DRAWN),
    ("GET", "/api/v1/panels/{slug}/registration"): Case(EVERYONE, 200),
    ("POST", "/api/v1/panels/{slug}/registrations"): Case(EVERYONE, 422, json={}),
    ("GET", "/api/v1/panels/{slug}/registrations"): Case(ORGANISERS, 200),
    # Erasing a member's participation: the administrator erases p1's first; with nothing of
    # theirs left and no new request, the others are refused (409).
    ("GET", "/api/v1/panels/{slug}/erasure-requests"): Case(ORGANISERS, 200, params=DRAWN),
    ("POST", "/api/v1/panels/{slug}/members/{person_id}/erasure"): Case(
        ORGANISERS,
        200,
        scope=Scope.PANELS_WRITE,
        params={**DRAWN, "person_id": "p1"},
        expect=SECOND_TRY,
    ),
    ("POST", "/panels/{slug}/meetings"): Case(
        ORGANISERS,
        303,
        form={"title": "Weekend 1", "date": "2027-01-16", "time": "09:30", "place": "Namur"},
    ),
    ("POST", "/panels/{slug}/meetings/{meeting_id}/delete"): Case(
        ORGANISERS, 422, params={"meeting_id": "999999"}
    ),
    # The panels' messages (issue 14): the drawn panel has a closed, a draft and an open message.
    ("GET", "/api/v1/panels/{slug}/messages"): Case(EVERYONE, 200, params=DRAWN),
    ("POST", "/api/v1/panels/{slug}/messages"): Case(
        ORGANISERS, 201, scope=Scope.PANELS_WRITE, json=MESSAGE_JSON, params=DRAWN
    ),
    ("GET", "/panels/{slug}/messages/manage"): Case(ORGANISERS, 200, params=DRAWN),
    ("POST", "/panels/{slug}/messages/new"): Case(ORGANISERS, 303, form=MESSAGE_FORM),
    ("POST", "/panels/{slug}/messages/rule"): Case(ORGANISERS, 303, form={"threshold": "60"}),
    ("POST", "/panels/{slug}/messages/open"): Case(
        ORGANISERS, 303, params=DRAWN, expect=SECOND_TRY
    ),
    ("POST", "/panels/{slug}/messages/close"): Case(
        ORGANISERS, 303, params=DRAWN, expect=SECOND_TRY
    ),
    ("GET", "/panels/{slug}/messages/{message_id}/edit"): Case(ORGANISERS, 200, params=DRAWN),
    # The message in the path is closed: its text no longer changes.
    ("POST", "/panels/{slug}/messages/{message_id}/edit"): Case(
        ORGANISERS, 409, form={**MESSAGE_FORM, "position": "1"}, params=DRAWN
    ),
    ("POST", "/panels/{slug}/messages/{message_id}/follow-up"): Case(
        ORGANISERS, 303, form=FOLLOW_UP_FORM, params=DRAWN
    ),
    ("GET", "/panels/{slug}/messages"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/messages.json"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/messages/{message_id}"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/follow-up"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/space/votes"): Case(EVERYONE, 303, params=DRAWN),
    ("POST", "/panels/{slug}/space/votes/{message_id}"): Case(
        EVERYONE, 303, form={"choice": "for"}, params=DRAWN
    ),
    # The before/after questionnaire (issue 14): the drawn panel's is closed, so opening it again
    # is a conflict; the results are public; members answer in their space (nobody here is one).
    ("GET", "/api/v1/panels/{slug}/survey"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/survey/manage"): Case(ORGANISERS, 200, params=DRAWN),
    ("POST", "/panels/{slug}/survey/manage"): Case(
        ORGANISERS, 409, form={"action": "open_before"}, params=DRAWN
    ),
    ("POST", "/panels/{slug}/survey/erase"): Case(
        ORGANISERS, 303, form={"person_id": "p1"}, params=DRAWN
    ),
    ("GET", "/panels/{slug}/survey"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/survey.json"): Case(EVERYONE, 200, params=DRAWN),
    ("GET", "/panels/{slug}/space/questionnaire"): Case(EVERYONE, 303, params=DRAWN),
    ("POST", "/panels/{slug}/space/questionnaire"): Case(
        EVERYONE, 303, form={"item-ai_jobs": "3"}, params=DRAWN
    ),
    # Impact assessments: the setup's FRIA of alpha is a draft (missing answers) with no committee
    # yet, so only the deployer's steps succeed; the committee's are refused to everyone.
    ("GET", "/assessments"): Case(SIGNED_IN, 200),
    ("GET", "/assessments.json"): Case(SIGNED_IN, 200),
    ("GET", "/register/{slug}/assessments"): Case(SIGNED_IN, 200),
    ("POST", "/register/{slug}/assessments"): Case(
        WRITERS, 303, form={"template": "dpia"}, expect=SECOND_TRY
    ),
    ("POST", "/register/{slug}/fria-exemption"): Case(
        REVIEWERS, 303, form={"reason": "Only piloted, no decision is taken with it yet."}
    ),
    ("GET", "/assessments/{assessment_id}.json"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/sections/{section_id}"): Case(WRITERS, 200),
    ("POST", "/assessments/{assessment_id}/sections/{section_id}"): Case(WRITERS, 303, form={}),
    ("POST", "/assessments/{assessment_id}/summary"): Case(
        WRITERS, 303, form={"summary_en": "Summary"}
    ),
    ("POST", "/assessments/{assessment_id}/risks"): Case(WRITERS, 303, form=MATRIX_RISK),
    ("POST", "/assessments/{assessment_id}/submit"): Case(WRITERS, 422),
    ("POST", "/assessments/{assessment_id}/review"): Case(SIGNED_IN, 403),
    ("POST", "/assessments/{assessment_id}/vote"): Case(
        SIGNED_IN, 403, form={"choice": "for", "reason": "Fine."}
    ),
    ("POST", "/assessments/{assessment_id}/return"): Case(SIGNED_IN, 403),
    ("POST", "/assessments/{assessment_id}/opinion"): Case(SIGNED_IN, 403),
    ("POST", "/assessments/{assessment_id}/conditions/{key}/close"): Case(
        WRITERS, 409, form={"evidence": "https://alpha.example/audit"}
    ),
    ("POST", "/assessments/{assessment_id}/sign"): Case(REVIEWERS, 409),
    ("POST", "/assessments/{assessment_id}/notify"): Case(WRITERS, 409),
    ("POST", "/assessments/{assessment_id}/new-version"): Case(WRITERS, 409),
    ("GET", "/assessments/{assessment_id}/notification.json"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/report"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/compare"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/report.pdf"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/notification"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/notification.pdf"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/action-plan"): Case(SIGNED_IN, 200),
    ("GET", "/assessments/{assessment_id}/action-plan.json"): Case(SIGNED_IN, 200),
    # The setup's FRIA has no risk yet: the measure to update does not exist.
    ("POST", "/assessments/{assessment_id}/risks/{risk_key}/measures/{number}"): Case(
        WRITERS, 409, form={"status": "done"}
    ),
    ("GET", "/regulator/notifications"): Case(OVERSIGHT, 200),
    ("GET", "/committees"): Case(SIGNED_IN, 200),
    ("POST", "/committees"): Case(
        ADMIN, 303, form={"slug": "regional", "name_en": "Regional committee", "quorum": "3"}
    ),
    ("POST", "/committees/{slug}/members"): Case(
        ADMIN,
        303,
        form={"email": "editor@balise.test", "role": "member", "gender": "female"},
        params={"slug": "federal"},
    ),
    ("GET", "/api/v1/assessment-templates"): Case(EVERYONE, 200),
    ("GET", "/api/v1/assessments"): Case(SIGNED_IN, 200),
    ("POST", "/api/v1/assessments"): Case(
        WRITERS,
        201,
        scope=Scope.ASSESSMENTS_WRITE,
        json={"system": "alpha", "template": "dpia"},
        expect=SECOND_TRY,
    ),
    ("GET", "/api/v1/assessments/{assessment_id}"): Case(SIGNED_IN, 200),
    ("PUT", "/api/v1/assessments/{assessment_id}/answers"): Case(
        WRITERS,
        200,
        scope=Scope.ASSESSMENTS_WRITE,
        json={"answers": {"fria.period.frequency": "Every working day."}},
    ),
    ("POST", "/api/v1/assessments/{assessment_id}/submit"): Case(
        WRITERS, 422, scope=Scope.ASSESSMENTS_WRITE
    ),
    ("GET", "/api/v1/systems/{slug}/assessments"): Case(SIGNED_IN, 200),
    ("GET", "/api/v1/assessments/{assessment_id}/action-plan"): Case(SIGNED_IN, 200),
    ("PUT", "/api/v1/assessments/{assessment_id}/risks/{risk_key}/measures/{number}"): Case(
        WRITERS, 409, scope=Scope.ASSESSMENTS_WRITE, json={"status": "done"}
    ),
    ("POST", "/api/v1/assessments/{assessment_id}/opinion"): Case(
        SIGNED_IN,
        403,
        scope=Scope.ASSESSMENTS_WRITE,
        json={"kind": "favourable", "text": {"en": "Fine."}, "original_language": "en"},
    ),
    ("GET", "/api/v1/assessments/{assessment_id}/notification"): Case(SIGNED_IN, 200),
    ("GET", "/api/v1/assessments/{assessment_id}/notification.pdf"): Case(SIGNED_IN, 200),
    # Monitoring: the setup's request (no follow-up secret given: 404) and incident (reported by
    # alpha as provider of "alpha", received, not yet decided: publishing is a conflict).
    ("POST", "/api/v1/requests"): Case(EVERYONE, 201, json=REQUEST_JSON),
    ("GET", "/api/v1/requests/{reference}"): Case(EVERYONE, 404),
    ("GET", "/api/v1/incidents/public"): Case(EVERYONE, 200),
    ("GET", "/api/v1/incidents"): Case(INCIDENT_READERS, 200),
    ("POST", "/api/v1/incidents"): Case(
        REPORTERS, 201, scope=INCIDENTS_WRITE, json=INCIDENT_JSON, expect={"admin": 403}
    ),
    ("GET", "/api/v1/incidents/{incident_reference}"): Case(SIGNED_IN, 200),
    ("GET", "/requests/new"): Case(EVERYONE, 200),
    ("POST", "/requests/new"): Case(EVERYONE, 201, form=REQUEST_FORM),
    ("GET", "/requests/statistics"): Case(EVERYONE, 200),
    ("GET", "/requests/statistics.json"): Case(EVERYONE, 200),
    ("GET", "/requests/{reference}"): Case(EVERYONE, 404),
    ("POST", "/requests/{reference}/erase"): Case(EVERYONE, 404, form={"key": "wrong"}),
    ("GET", "/incidents"): Case(EVERYONE, 200),
    ("GET", "/incidents.json"): Case(EVERYONE, 200),
    ("GET", "/monitoring"): Case(STAFF, 200),
    ("GET", "/monitoring/regulator"): Case(REGULATOR_ONLY, 200),
    ("GET", "/regulator"): Case(REGULATOR_ONLY, 200),
    ("GET", "/monitoring/requests/new"): Case(STAFF, 200),
    ("POST", "/monitoring/requests/new"): Case(STAFF, 303, form=LETTER_FORM),
    ("GET", "/monitoring/requests/{reference}"): Case(STAFF, 200),
    ("POST", "/monitoring/requests/{reference}/assign"): Case(STAFF, 422, form={}),
    ("POST", "/monitoring/requests/{reference}/extend"): Case(
        STAFF, 303, form={"reason": "Complex."}, expect={"reviewer": 409}
    ),
    ("POST", "/monitoring/requests/{reference}/answer"): Case(STAFF, 409, form=ANSWER_FORM),
    ("POST", "/monitoring/requests/{reference}/erase"): Case(STAFF, 303),
    ("GET", "/monitoring/incidents/new"): Case(EDITOR_ONLY, 200),
    ("POST", "/monitoring/incidents/new"): Case(EDITOR_ONLY, 303, form=INCIDENT_FORM),
    ("GET", "/monitoring/incidents/{incident_reference}"): Case(SIGNED_IN, 200),
    ("POST", "/monitoring/incidents/{incident_reference}/complete"): Case(
        EDITOR_ONLY, 303, form=COMPLETE_FORM
    ),
    ("POST", "/monitoring/incidents/{incident_reference}/investigation"): Case(
        EDITOR_ONLY, 303, form={"investigation": "Cause found."}
    ),
    ("POST", "/monitoring/incidents/{incident_reference}/assess"): Case(
        REGULATOR_ONLY, 303, form={"state": "under_assessment"}
    ),
    ("POST", "/monitoring/incidents/{incident_reference}/publish"): Case(
        REGULATOR_ONLY, 409, form={"public_summary": "A wrong priority."}
    ),
    # The organisation's legal basis of its requests' deadlines: whoever may edit it.
    ("GET", "/monitoring/organisations/{slug}/request-basis"): Case(EDITORS, 200),
    ("POST", "/monitoring/organisations/{slug}/request-basis"): Case(
        EDITORS, 303, form={"basis": "publicity_1994"}
    ),
    # Observatory: public aggregates; a snapshot job for the regulator and administrators.
    # Guichet: guides and the FAQ are public; the shipped guides (as drafts), "fria" published
    # and one question asked online. The desk and the review of guides are the regulator's.
    ("GET", "/guides"): Case(EVERYONE, 200),
    ("GET", "/guides/{guide_code}"): Case(EVERYONE, 200),
    ("GET", "/faq"): Case(EVERYONE, 200),
    ("GET", "/questions/new"): Case(EVERYONE, 200),
    ("POST", "/questions/new"): Case(EVERYONE, 201, form=ASK_FORM),
    ("GET", "/questions/{question_reference}"): Case(EVERYONE, 404),
    ("POST", "/questions/{question_reference}/erase"): Case(EVERYONE, 404, form={"key": "x"}),
    ("GET", "/guichet"): Case(REGULATOR_ONLY, 200),
    ("GET", "/guichet.json"): Case(REGULATOR_ONLY, 200),
    ("GET", "/guichet/questions/{question_reference}"): Case(REGULATOR_ONLY, 200),
    ("POST", "/guichet/questions/{question_reference}/answer"): Case(
        REGULATOR_ONLY, 303, form=QUESTION_ANSWER_FORM
    ),
    ("POST", "/guichet/questions/{question_reference}/escalate"): Case(
        REGULATOR_ONLY, 303, form=ESCALATE_FORM
    ),
    # Publishing in the FAQ: the question is not answered yet.
    ("POST", "/guichet/questions/{question_reference}/faq"): Case(
        REGULATOR_ONLY, 409, form=FAQ_FORM
    ),
    ("GET", "/guichet/guides"): Case(OVERSIGHT, 200),
    ("POST", "/guichet/guides/load"): Case(OVERSIGHT, 303),
    ("POST", "/guichet/guides/{guide_code}/{version}/publish"): Case(
        REGULATOR_ONLY, 303, params={"guide_code": "ai-literacy"}
    ),
    ("GET", "/api/v1/guides"): Case(EVERYONE, 200),
    ("GET", "/api/v1/guides/{guide_code}"): Case(EVERYONE, 200),
    ("GET", "/api/v1/faq"): Case(EVERYONE, 200),
    ("POST", "/api/v1/questions"): Case(EVERYONE, 201, json=ASK_JSON),
    # Consultations: public once opened, anyone contributes; administrators and the regulator
    # create, moderate and answer. An open consultation with one published contribution and one
    # waiting; the administrator goes first, so the regulator finds the work done (409, 422).
    ("GET", "/consultations"): Case(EVERYONE, 200),
    ("GET", "/consultations/new"): Case(OVERSIGHT, 200),
    ("POST", "/consultations/new"): Case(
        OVERSIGHT, 303, form=NEW_CONSULTATION_FORM, expect={"regulator": 422}
    ),
    ("GET", "/consultations/{slug}"): Case(EVERYONE, 200, params=CONSULTED),
    ("GET", "/consultations/{slug}.json"): Case(EVERYONE, 200, params=CONSULTED),
    ("GET", "/consultations/{slug}/contributions.json"): Case(EVERYONE, 200, params=CONSULTED),
    ("GET", "/consultations/{slug}/contributions.csv"): Case(EVERYONE, 200, params=CONSULTED),
    ("GET", "/consultations/{slug}/sections/{section_id}"): Case(EVERYONE, 200, params=CONSULTED),
    ("POST", "/consultations/{slug}/sections/{section_id}/contributions"): Case(
        EVERYONE, 201, form=CONTRIBUTION_FORM, params=CONSULTED
    ),
    ("POST", "/consultations/{slug}/contributions/{contribution_id}/erase"): Case(
        EVERYONE, 404, form={"key": "x"}, params=CONSULTED
    ),
    ("GET", "/consultations/{slug}/moderation"): Case(OVERSIGHT, 200, params=CONSULTED),
    ("POST", "/consultations/{slug}/contributions/{contribution_id}/moderate"): Case(
        OVERSIGHT, 303, form=MODERATE_FORM, params=CONSULTED, expect={"regulator": 409}
    ),
    # Answering: the contribution still waits for moderation.
    ("POST", "/consultations/{slug}/contributions/{contribution_id}/answer"): Case(
        OVERSIGHT, 409, form=CONSULTATION_ANSWER_FORM, params=CONSULTED
    ),
    ("POST", "/consultations/{slug}/state"): Case(
        OVERSIGHT, 303, form=CLOSE_FORM, params=CONSULTED, expect={"regulator": 409}
    ),
    ("GET", "/api/v1/consultations"): Case(EVERYONE, 200),
    ("GET", "/api/v1/consultations/{slug}"): Case(EVERYONE, 200, params=CONSULTED),
    ("POST", "/api/v1/consultations/{slug}/sections/{section_id}/contributions"): Case(
        EVERYONE, 201, json=CONTRIBUTION_JSON, params=CONSULTED
    ),
    ("GET", "/observatory"): Case(EVERYONE, 200),
    ("GET", "/observatory.json"): Case(EVERYONE, 200),
    ("GET", "/observatory/indicators.csv"): Case(EVERYONE, 200),
    ("GET", "/observatory/history.csv"): Case(EVERYONE, 200),
    ("GET", "/observatory/history.json"): Case(EVERYONE, 200),
    ("GET", "/observatory/indicators/{code}"): Case(EVERYONE, 200, params=OBSERVED),
    ("GET", "/observatory/indicators/{code}.json"): Case(EVERYONE, 200, params=OBSERVED),
    ("GET", "/observatory/report"): Case(EVERYONE, 200),
    ("GET", "/observatory/report.json"): Case(EVERYONE, 200),
    ("GET", "/observatory/report.pdf"): Case(EVERYONE, 200),
    ("POST", "/observatory/snapshot"): Case(OVERSIGHT, 303),
    ("GET", "/api/v1/observatory/indicators"): Case(EVERYONE, 200),
    ("POST", "/api/v1/observatory/snapshots"): Case(OVERSIGHT, 202, json={}),
    # Eco: a record's footprint goes with the record (its readers, its writers); the guide and
    # the estimator are public. Removing a phase that has no figures is refused (422).
    ("GET", "/register/{slug}/footprint"): Case(SIGNED_IN, 200),
    ("GET", "/register/{slug}/footprint.json"): Case(SIGNED_IN, 200),
    ("POST", "/register/{slug}/footprint/statement"): Case(WRITERS, 303, form=ECO_STATEMENT),
    ("POST", "/register/{slug}/footprint/estimate"): Case(WRITERS, 303, form=INFERENCE_FORM),
    ("POST", "/register/{slug}/footprint/import"): Case(
        WRITERS, 303, form={"phase": "training"}, files=ECO_FILES
    ),
    ("POST", "/register/{slug}/footprint/remove"): Case(WRITERS, 422, form={"phase": "training"}),
    ("GET", "/register/{slug}/footprint/jobs/{job_id}"): Case(SIGNED_IN, 404),
    ("GET", "/register/{slug}/footprint/jobs/{job_id}/progress"): Case(SIGNED_IN, 404),
    ("GET", "/eco/label"): Case(EVERYONE, 200),
    ("GET", "/eco/label.json"): Case(EVERYONE, 200),
    ("GET", "/api/v1/systems/{slug}/footprint"): Case(SIGNED_IN, 200),
    ("PUT", "/api/v1/systems/{slug}/footprint/statement"): Case(
        WRITERS, 200, scope=SYSTEMS_WRITE, json=ECO_STATEMENT
    ),
    ("POST", "/api/v1/systems/{slug}/footprint/estimates"): Case(
        WRITERS, 200, scope=SYSTEMS_WRITE, json=INFERENCE_FORM
    ),
    ("POST", "/api/v1/systems/{slug}/footprint/imports"): Case(
        WRITERS, 200, scope=SYSTEMS_WRITE, json={"phase": "training", "csv": EMISSIONS_CSV}
    ),
    ("DELETE", "/api/v1/systems/{slug}/footprint/parts/{phase}"): Case(
        WRITERS, 422, scope=SYSTEMS_WRITE, params={"phase": "training"}
    ),
    ("GET", "/api/v1/eco/label-rule"): Case(EVERYONE, 200),
    ("POST", "/api/v1/eco/estimate"): Case(EVERYONE, 200, json=ECO_SPEC),
    # Obligations: a record's tracker goes with its working copy (its readers read, its writers
    # set a duty's status); alpha is classified for these rows only.
    ("GET", "/register/{slug}/obligations"): Case(SIGNED_IN, 200),
    ("GET", "/register/{slug}/obligations.json"): Case(SIGNED_IN, 200),
    ("GET", "/register/{slug}/obligations/{code}/{role}"): Case(WRITERS, 200, params=DUTY),
    ("POST", "/register/{slug}/obligations/{code}/{role}"): Case(
        WRITERS, 303, form=DUTY_FORM, params=DUTY
    ),
    ("GET", "/api/v1/systems/{slug}/obligations"): Case(SIGNED_IN, 200),
    ("PUT", "/api/v1/systems/{slug}/obligations/{code}/{role}"): Case(
        WRITERS, 200, scope=SYSTEMS_WRITE, json=DUTY_FORM, params=DUTY
    ),
}

API_ROUTES = [key for key in ACCESS if key[1].startswith("/api/")]
UNSAFE = {"POST", "PATCH", "PUT", "DELETE"}


def is_api(path: str) -> bool:
    return path.startswith("/api/") or path.endswith(".json")


def role_of(name: str) -> Role | None:
    return None if name == "anonymous" else Role(name)


def admits(case: Case, role: str) -> bool:
    return case.roles is None or role_of(role) in case.roles


def expected_status(case: Case, role: str) -> int:
    return case.expect.get(role, case.ok)


def route_table(app: FastAPI) -> dict[tuple[str, str], Allow | None]:
    return {
        (method, route.path): route.allow for route in routes_of(app) for method in route.methods
    }


@dataclass
class Setup:
    browsers: dict[str, TestClient]
    params: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def setup(
    browsers: dict[str, TestClient],
    world: dict[str, Any],
    issue_token: Callable[..., str],
    start_job: Callable[..., Job],
    container: Container,
    request: pytest.FixtureRequest,
) -> Setup:
    """The world, a job and a token of the administrator, and a token per signed-in role."""
    job = start_job("admin")
    issue_token("admin", Scope.READ, name="target")
    token_id = rows(container, "SELECT public_id FROM api_tokens WHERE name = 'target'")[0][0]
    params = {
        "slug": "alpha",
        "job_id": job.id,
        "token_id": str(token_id),
        "user_id": str(world["users"]["other-editor"].id),
    }
    tokens = {role: issue_token(role) for role in ROLES if role != "anonymous"}
    key = getattr(getattr(request.node, "callspec", None), "params", {}).get("key", ("", ""))
    if "/panels" in key[1]:  # the panels' rows only: making them costs a few solver runs
        make_matrix_panels(container, world)
        if any(word in key[1] for word in ("/messages", "/follow-up", "/votes")):
            params.update(make_matrix_messages(container, world, "alpha-drawn"))
        if "/survey" in key[1]:
            make_matrix_survey(container, world)
        if "/regist" in key[1]:  # panel registrations: alpha takes them
            make_matrix_registrations(container, world)
    create_published(container, world, slug="alpha")
    params.update(make_matrix_audits(container, world))
    if "connection" in key[1]:
        params.update(make_matrix_connections(container, world))
    params.update(make_matrix_aiact(container, world))
    if any(word in key[1] for word in ("assessment", "committee")):  # only where they are used
        params.update(make_matrix_assessments(container, world))
    params.update(make_matrix_monitoring(container, world))
    if any(word in key[1] for word in ("guide", "question", "guichet", "faq")):
        params.update(make_matrix_guichet(container, world))
    if "/consultations" in key[1]:
        params.update(make_matrix_consultations(container, world))
    if "/obligations" in key[1]:
        params.update(make_matrix_obligations(container, world))
    return Setup(browsers, params, tokens)


def send(
    client: TestClient,
    method: str,
    path: str,
    case: Case,
    params: dict[str, str],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """The request a browser or a program would make: CSRF proof and a minimal valid body."""
    url = path.format(**{**params, **case.params})
    headers = dict(headers or {})
    kwargs: dict[str, Any] = {}
    if method in UNSAFE:
        csrf = csrf_of(client)
        if case.json is not None:
            kwargs["json"] = case.json
        if case.upload:
            kwargs["files"] = {"file": ("organisations.csv", CSV.encode(), "text/csv")}
        if case.files:
            kwargs["files"] = case.files
        if path.startswith("/api/"):
            headers.setdefault("X-CSRF-Token", csrf)
        else:
            kwargs["data"] = {**(case.form or {}), "csrf_token": csrf}
    return client.request(method, url, headers=headers, follow_redirects=False, **kwargs)


def refusal_problems(response: httpx.Response, role: str, url: str) -> list[str]:
    """What is wrong with a response that should be the declaration's refusal."""
    status, problems = response.status_code, []
    if is_api(url):
        wanted = 401 if role == "anonymous" else 403
        if status != wanted:
            return [f"status {status}, wanted {wanted}"]
        try:
            assert_problem(response, wanted)
        except AssertionError as error:
            problems.append(f"not a problem document: {error}")
        if wanted == 401 and not response.headers.get("www-authenticate", "").startswith("Bearer"):
            problems.append("no WWW-Authenticate: Bearer")
    elif role == "anonymous":
        if status != 303 or response.headers.get("location") != f"/login?next={url}":
            problems.append(
                f"status {status} to {response.headers.get('location')}, "
                "wanted 303 to the sign-in page"
            )
    elif status != 403 or not response.headers["content-type"].startswith("text/html"):
        problems.append(f"status {status} ({response.headers['content-type']}), wanted a 403 page")
    elif html_lang(response) != "en":
        problems.append("the 403 page is not in the reader's language")
    return problems


def test_every_route_declares_access(app: FastAPI) -> None:
    table = route_table(app)
    assert table, "no route found: the enumeration is broken"
    assert all(isinstance(allow, Allow) for allow in table.values()), [
        key for key, allow in table.items() if allow is None
    ]


def test_the_matrix_covers_exactly_the_app_routes(app: FastAPI) -> None:
    """A new route must be added to ACCESS, with who may use it; a removed one taken out."""
    table = route_table(app)
    assert sorted(set(table) - set(ACCESS)) == [], "routes missing from the matrix"
    assert sorted(set(ACCESS) - set(table)) == [], "matrix rows without a route"


@pytest.mark.parametrize("key", list(ACCESS), ids=" ".join)
def test_declaration_matches_the_matrix(app: FastAPI, key: tuple[str, str]) -> None:
    allow = route_table(app)[key]
    case = ACCESS[key]
    assert allow is not None
    if case.roles is None:
        assert allow.public
    else:
        assert not allow.public
        assert allow.roles == case.roles
    assert allow.scope == case.scope
    for role in ROLES:
        assert allow.admits(role_of(role)) == admits(case, role), role


def test_an_undeclared_route_stops_the_app_from_starting() -> None:
    """Also inside nested routers, where `app.routes` alone does not show the route."""
    inner = APIRouter()

    @inner.get("/forgotten")
    async def forgotten() -> dict[str, str]:
        return {}

    outer = APIRouter(prefix="/outer")
    outer.include_router(inner)
    app = FastAPI()
    app.include_router(outer)
    with pytest.raises(RuntimeError, match="/outer/forgotten"):
        check_every_route_declares_access(app)

    declared = FastAPI()
    router = APIRouter()

    @router.get("/fine")
    async def fine(actor: Actor = Depends(Allow.everyone())) -> dict[str, str]:  # noqa: B008
        return {}

    declared.include_router(router)
    check_every_route_declares_access(declared)


@pytest.mark.parametrize("key", list(ACCESS), ids=" ".join)
def test_each_role_is_refused_or_served(setup: Setup, key: tuple[str, str]) -> None:
    method, path = key
    case = ACCESS[key]
    url = path.format(**{**setup.params, **case.params})
    failures = []
    for role in ROLES:
        response = send(setup.browsers[role], method, path, case, setup.params)
        if admits(case, role):
            wanted = expected_status(case, role)
            if response.status_code != wanted:
                failures.append(
                    f"{role}: {response.status_code}, wanted {wanted}: {response.text[:300]}"
                )
            elif wanted in {401, 403, 404} and is_api(url):
                assert_problem(response, wanted)
        else:
            failures.extend(f"{role}: {p}" for p in refusal_problems(response, role, url))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", API_ROUTES, ids=" ".join)
def test_api_tokens_get_what_their_users_get(setup: Setup, key: tuple[str, str]) -> None:
    """A token with all its user's scopes is admitted or refused exactly like a session."""
    method, path = key
    case = ACCESS[key]
    url = path.format(**{**setup.params, **case.params})
    client = setup.browsers["anonymous"]
    failures = []
    for role in ROLES:
        if role == "anonymous":
            response = send(
                client,
                method,
                path,
                case,
                setup.params,
                headers=bearer("bal_000000000000_not-a-real-secret"),
            )
            if response.status_code != 401:
                failures.append(f"an unknown token got {response.status_code}, wanted 401")
            continue
        # No CSRF proof: a program with a token has no cookie to forge a request with.
        response = send(
            client,
            method,
            path,
            case,
            setup.params,
            headers={**bearer(setup.tokens[role]), "X-CSRF-Token": ""},
        )
        if admits(case, role):
            wanted = expected_status(case, role)
            if response.status_code != wanted:
                failures.append(
                    f"{role}: {response.status_code}, wanted {wanted}: {response.text[:300]}"
                )
        else:
            failures.extend(f"{role}: {p}" for p in refusal_problems(response, role, url))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "key", [key for key in API_ROUTES if ACCESS[key].scope is not None], ids=" ".join
)
def test_a_token_without_the_declared_scope_is_refused(
    setup: Setup, issue_token: Callable[..., str], key: tuple[str, str]
) -> None:
    method, path = key
    case = ACCESS[key]
    read_only = issue_token("admin", Scope.READ, name="read only")
    response = send(
        setup.browsers["anonymous"], method, path, case, setup.params, headers=bearer(read_only)
    )
    body = assert_problem(response, 403)
    assert str(case.scope) in body["title"]


# Object-level rules: the declaration admits editors, the organisation decides which ones.


def test_other_editor_cannot_edit_alpha(
    setup: Setup, container: Container, issue_token: Callable[..., str]
) -> None:
    other = setup.browsers["other-editor"]
    before = rows(container, "SELECT name, updated_at FROM organisations WHERE slug = 'alpha'")
    events = rows(container, "SELECT count(*) AS n FROM audit_events")[0].n

    page = other.get("/organisations/alpha/edit", follow_redirects=False)
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    posted = post_form(other, "/organisations/alpha/edit", {**ALPHA_FORM, "name_en": "Taken"})
    assert posted.status_code == 403
    patched = other.patch(
        "/api/v1/organisations/alpha",
        json={"name": {"en": "Taken"}},
        headers={"X-CSRF-Token": csrf_of(other)},
    )
    assert_problem(patched, 403)
    token = issue_token("other-editor")
    by_token = other.patch(
        "/api/v1/organisations/alpha", json={"name": {"en": "Taken"}}, headers=bearer(token)
    )
    assert_problem(by_token, 403)
    history = other.get("/api/v1/organisations/alpha/history")
    assert_problem(history, 403)
    assert other.get("/organisations/alpha/history").status_code == 403

    # Its own organisation, it may edit.
    own = other.patch(
        "/api/v1/organisations/beta", json={"name": {"en": "Beta"}}, headers=bearer(token)
    )
    assert own.status_code == 200, own.text

    assert (
        rows(container, "SELECT name, updated_at FROM organisations WHERE slug = 'alpha'") == before
    )
    after = rows(container, "SELECT count(*) AS n FROM audit_events")[0].n
    assert after == events + 2  # the token issued and beta's update; nothing on alpha
    page = other.get("/organisations/alpha")
    assert page.status_code == 200
    assert 'href="/organisations/alpha/edit"' not in page.text


def test_reviewer_cannot_edit_but_reads_history(setup: Setup) -> None:
    reviewer = setup.browsers["reviewer"]
    assert reviewer.get("/organisations/alpha/edit", follow_redirects=False).status_code == 403
    assert post_form(reviewer, "/organisations/alpha/edit", ALPHA_FORM).status_code == 403
    assert_problem(
        reviewer.patch(
            "/api/v1/organisations/alpha",
            json={"name": {"en": "X"}},
            headers={"X-CSRF-Token": csrf_of(reviewer)},
        ),
        403,
    )
    assert reviewer.get("/api/v1/organisations/alpha/history").status_code == 200
    assert_problem(reviewer.get("/api/v1/organisations/beta/history"), 403)
    page = reviewer.get("/organisations/alpha")
    assert 'href="/organisations/alpha/edit"' not in page.text
    assert 'href="/organisations/alpha/history"' in page.text


def test_regulator_reads_history_but_cannot_edit(setup: Setup) -> None:
    regulator = setup.browsers["regulator"]
    for slug in ("alpha", "beta"):
        history = regulator.get(f"/api/v1/organisations/{slug}/history")
        assert history.status_code == 200
        assert [event["event_type"] for event in history.json()["events"]] == [
            "organisation.created"
        ]
        assert regulator.get(f"/organisations/{slug}/history").status_code == 200
        assert regulator.get(f"/organisations/{slug}/history.json").json() == history.json()
    assert regulator.get("/organisations/alpha/edit", follow_redirects=False).status_code == 403
    assert post_form(regulator, "/organisations/alpha/edit", ALPHA_FORM).status_code == 403
    assert_problem(
        regulator.patch(
            "/api/v1/organisations/alpha",
            json={"name": {"en": "X"}},
            headers={"X-CSRF-Token": csrf_of(regulator)},
        ),
        403,
    )
    page = regulator.get("/organisations/alpha")
    assert 'href="/organisations/alpha/edit"' not in page.text
    assert 'href="/organisations/alpha/history"' in page.text


def test_editor_edits_own_organisation(setup: Setup, container: Container) -> None:
    editor = setup.browsers["editor"]
    page = editor.get("/organisations/alpha")
    assert 'href="/organisations/alpha/edit"' in page.text
    form = editor.get("/organisations/alpha/edit")
    assert form.status_code == 200
    assert 'value="alpha FR"' in form.text

    saved = post_form(
        editor,
        "/organisations/alpha/edit",
        {**ALPHA_FORM, "name_de": "Alpha DE", "contact_phone": "+32 2 000 00 00"},
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == "/organisations/alpha?saved=1"
    shown = editor.get("/organisations/alpha.json").json()
    assert shown["name"] == {"fr": "alpha FR", "nl": "alpha NL", "de": "Alpha DE", "en": "Alpha"}
    assert shown["contact"]["phone"] == "+32 2 000 00 00"

    patched = editor.patch(
        "/api/v1/organisations/alpha",
        json={"sector": "education"},
        headers={"X-CSRF-Token": csrf_of(editor)},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["sector"] == "education"

    history = editor.get("/api/v1/organisations/alpha/history").json()["events"]
    assert [(e["event_type"], e["actor"]) for e in history] == [  # newest first
        ("organisation.updated", "editor@balise.test"),
        ("organisation.updated", "editor@balise.test"),
        ("organisation.created", "admin@balise.test"),
    ]

    invalid = post_form(editor, "/organisations/alpha/edit", {**ALPHA_FORM, "slug": "Not A Slug"})
    assert invalid.status_code == 422
    assert 'id="error-slug"' in invalid.text
    assert rows(container, "SELECT slug FROM organisations ORDER BY slug") == [
        ("alpha",),
        ("beta",),
    ]
