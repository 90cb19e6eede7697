"""The registration form's questions and the parsing of its fields, shared by the registration
pages and the registration API."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from balise.domain.panels.model import Quotas
from balise.domain.panels.registrations import (
    Channel,
    ExclusionCriterion,
    RegistrationForm,
    answer_field,
)
from balise.domain.shared.errors import ValidationError
from balise.i18n import gettext
from balise.web.forms_flow import errors_of
from balise.web.labels import stratum_label


def questions_of(quotas: Quotas) -> list[dict[str, Any]]:
    """The stratification questions: one per category, its values as the answers offered."""
    return [
        {
            "name": f"answer-{index}",
            "category": category,
            "label": stratum_label(category),
            "options": [(q.value, stratum_label(q.value)) for q in quotas.in_category(category)],
        }
        for index, category in enumerate(quotas.categories)
    ]


def criteria_of(criteria: tuple[ExclusionCriterion, ...]) -> list[dict[str, str]]:
    return [
        {
            "id": c.id,
            "name": f"exclusion-{c.id}",
            "question": gettext(c.question),
            "label": gettext(c.label),
        }
        for c in criteria
    ]


def parse_registration(
    form: dict[str, str], quotas: Quotas, criteria: tuple[ExclusionCriterion, ...], channel: Channel
) -> RegistrationForm:
    return RegistrationForm(
        code=form.get("code", ""),
        answers={
            category: form.get(f"answer-{index}", "")
            for index, category in enumerate(quotas.categories)
        },
        exclusions={c.id: form.get(f"exclusion-{c.id}", "") for c in criteria},
        consent=form.get("consent") == "yes",
        email=form.get("email", ""),
        phone=form.get("phone", ""),
        channel=channel,
    )


def form_errors(request: Request, error: ValidationError, quotas: Quotas | None) -> dict[str, str]:
    """The domain's field names (`answer:<category>`) as the form's (`answer-<n>`)."""
    names = {
        answer_field(c): f"answer-{i}" for i, c in enumerate(quotas.categories if quotas else ())
    }
    errors = errors_of(request, error)
    renamed: dict[str, str] = {}
    for field, text in errors.items():
        if field.startswith("categories:"):
            where = field.removeprefix("categories:")
            earlier = renamed.get("categories")
            renamed["categories"] = f"{earlier} " if earlier else ""
            renamed["categories"] += f"{where}: {text}"
        elif field.startswith("exclusion:"):
            renamed[f"exclusion-{field.removeprefix('exclusion:')}"] = text
        else:
            renamed[names.get(field, field)] = text
    return renamed
