"""Classifying a facts document: the pure computation every entrypoint shares.

Validate the facts (`parse_facts`), pick the evaluation date (asked, else the document's, else
today in Belgium) and the law version, and run the engine. Nothing here touches a database, so the
command line can classify without loading one (`balise aiact classify` starts at once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from balise.domain.aiact.engine import classify
from balise.domain.aiact.facts_schema import parse_facts, require_facts
from balise.domain.aiact.questionnaire import facts_document
from balise.domain.aiact.result import Classification
from balise.domain.aiact.ruleset import LAW_IDS, RULES_DIR, load_rules
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message


def today_in_belgium() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Brussels")).date()


def classify_facts(
    document: Any,
    *,
    on: dt.date | None = None,
    law: str | None = None,
    complete: bool = True,
) -> Classification:
    """Validate the facts and classify them on `on`, else the document's date, else today.

    Never concludes from missing facts: without the facts `REQUIRED_FACTS` names, it raises a
    ValidationError naming them (`complete=False` only re-reads facts stored before that rule).
    """
    if law is not None and law not in LAW_IDS:
        raise ValidationError(
            {"law": Message(N_("Choose one of: %(allowed)s."), {"allowed": ", ".join(LAW_IDS)})}
        )
    facts = parse_facts(document)
    if complete:
        require_facts(document)
    day = on or facts.evaluation_date or today_in_belgium()
    return classify(facts, on=day, law=law)


def classify_answers(
    answers: Mapping[str, Any], *, on: dt.date | None = None, law: str | None = None
) -> tuple[dict[str, Any], Classification]:
    """The facts document the questionnaire's relevant answers make, and its classification."""
    document = facts_document(answers)
    return document, classify_facts(document, on=on, law=law)


def ruleset_version() -> str:
    """A fingerprint of the rule files shipped: it changes whenever a rule, date or text does."""
    digest = hashlib.sha256()
    for path in sorted(RULES_DIR.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"sha256:{digest.hexdigest()[:16]}"


def timeline() -> dict[str, Any]:
    """The dates of application of every law version, as the published JSON document."""
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
