"""The AI Act classifier on the API: classify (public), and store results on register records.

The documents are those of the pages (`views.py`); the query is read as the pages read theirs
(`forms.py`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request

from balise.domain.accounts.model import Actor, Scope
from balise.i18n import translate
from balise.services import aiact
from balise.services.permissions import CLASSIFICATION_STORERS
from balise.web.access import Allow
from balise.web.aiact import views
from balise.web.aiact.forms import parse_options
from balise.web.common import in_uow

router = APIRouter(tags=["aiact"])
FactsBody = Annotated[
    dict[str, Any],
    Body(description="A facts document; its JSON Schema is `balise aiact schema`."),
]
DateQuery = Annotated[
    str | None, Query(description="Evaluation date, YYYY-MM-DD (default: today).")
]
LawQuery = Annotated[
    str | None, Query(description="Law version: 2024 (as adopted) or 2026 (as amended).")
]


@router.post("/aiact/classify")
async def classify(
    actor: Annotated[Actor, Depends(Allow.everyone())],
    facts: FactsBody,
    date: DateQuery = None,
    law: LawQuery = None,
) -> dict[str, Any]:
    """Classify a system or model under the AI Act: categories, obligations, dates and trace."""
    day, version = parse_options(date, law)
    return with_conversion(facts, aiact.classify_facts(facts, on=day, law=version).to_json())


def with_conversion(facts: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The answer, with a note when the facts were written in an older version of the schema."""
    upgrade = aiact.upgrade_facts(facts)
    if not upgrade.converted:
        return document
    return {
        **document,
        "facts_converted": {
            "from": upgrade.read_as,
            "to": aiact.FACTS_SCHEMA_VERSION,
            "notes": [translate(note) for note in upgrade.notes],
            "facts": upgrade.document,
        },
    }


@router.get("/aiact/timeline")
async def timeline(actor: Annotated[Actor, Depends(Allow.everyone())]) -> dict[str, Any]:
    """The dates of application of each version of the AI Act, with the article that sets them."""
    return aiact.timeline()


@router.get("/aiact/schema")
async def schema(actor: Annotated[Actor, Depends(Allow.everyone())]) -> dict[str, Any]:
    """The JSON Schema of facts documents."""
    return aiact.schema()


@router.post("/systems/{slug}/classifications", status_code=201)
async def store_classification(
    request: Request,
    slug: str,
    actor: Annotated[
        Actor, Depends(Allow.only(*CLASSIFICATION_STORERS, scope=Scope.SYSTEMS_WRITE))
    ],
    facts: FactsBody,
    date: DateQuery = None,
    law: LawQuery = None,
) -> dict[str, Any]:
    """Classify the facts and store the result, immutable, on a register record."""
    day, version = parse_options(date, law)
    stored = await in_uow(
        request,
        lambda uow: aiact.store_classification(
            uow, actor=actor, slug=slug, facts=facts, on=day, law=version
        ),
    )
    return with_conversion(facts, stored.to_json())


@router.get("/systems/{slug}/classifications")
async def list_classifications(
    request: Request, slug: str, actor: Annotated[Actor, Depends(Allow.signed_in())]
) -> dict[str, Any]:
    """The classifications stored on a record, the most recent first, with what a re-run with
    the current rules would change in the latest one."""
    found = await in_uow(
        request, lambda uow: aiact.list_classifications(uow, actor=actor, slug=slug), commit=False
    )
    return views.record_document(found, rerun=True).to_json()
