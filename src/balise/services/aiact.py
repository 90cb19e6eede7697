"""Use cases of the AI Act classifier: classify a facts document, publish the schema and dates.

Classification is a pure computation on the facts; no unit of work is needed, nothing is stored
(storing results on register records comes with the register).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from balise.domain.aiact.engine import classify
from balise.domain.aiact.facts import facts_schema, parse_facts
from balise.domain.aiact.result import Classification
from balise.domain.aiact.ruleset import LAW_IDS, load_rules
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message


def today_in_belgium() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Brussels")).date()


def classify_facts(
    document: Any, *, on: dt.date | None = None, law: str | None = None
) -> Classification:
    """Validate the facts and classify them on `on`, else the document's date, else today."""
    if law is not None and law not in LAW_IDS:
        raise ValidationError(
            {"law": Message(N_("Choose one of: %(allowed)s."), {"allowed": ", ".join(LAW_IDS)})}
        )
    facts = parse_facts(document)
    day = on or facts.evaluation_date or today_in_belgium()
    return classify(facts, on=day, law=law)


def schema() -> dict[str, Any]:
    return facts_schema()


def timeline() -> dict[str, Any]:
    """The dates of application of every law version, as data."""
    rules = load_rules()
    return {
        "laws": [
            {
                "law": version.id,
                "title": version.title,
                "in_force_from": version.in_force_from.isoformat(),
                "dates": [
                    {
                        "key": key,
                        "date": date.isoformat() if date else None,
                        "article": article,
                    }
                    for key, (date, article) in version.dates.items()
                ],
            }
            for version in rules.versions.values()
        ]
    }
