"""AI Act classifier: the documents its pages, their JSON twins and the API render.

One function per page document: `result_document` (the result page, `/aiact/result.json` and the
API's classify answer), `record_document` (a record's stored classifications, its `.json` twin
and the API's list), `timeline_document`, `section_document`, `saved_document`. Labels are
translated here, at the edge; the domain keeps codes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from balise.domain.aiact.facts_schema import missing_facts
from balise.domain.aiact.labels import trace_label
from balise.domain.aiact.questionnaire import (
    Question,
    Section,
    current_value,
    facts_document,
    load_questionnaire,
    previous_section,
    relevant_sections,
    visible_options,
    visible_questions,
)
from balise.domain.aiact.questionnaire_records import SavedQuestionnaire, StoredClassification
from balise.domain.aiact.result import Classification, Obligation
from balise.domain.aiact.ruleset import load_rules
from balise.domain.guichet.guides import obligation_guides_path, obligations_with_shipped_guides
from balise.domain.register.model import SystemRecord
from balise.domain.shared.i18n import N_
from balise.i18n import gettext
from balise.services import aiact
from balise.web.aiact.citations import cite
from balise.web.aiact.forms import RESULT, Flow

CATEGORY_LABELS = {
    "out_of_scope": N_("Outside the AI Act"),
    "prohibited": N_("Prohibited practice"),
    "high_risk": N_("High risk"),
    "transparency_only": N_("Transparency duties only"),
    "minimal": N_("Minimal risk"),
    "gpai": N_("General-purpose AI model"),
    "gpai_systemic_risk": N_("General-purpose AI model with systemic risk"),
}
ROLE_LABELS = {
    "provider": N_("Provider"),
    "deployer": N_("Deployer"),
    "importer": N_("Importer"),
    "distributor": N_("Distributor"),
    "authorised_representative": N_("Authorised representative"),
    "product_manufacturer": N_("Product manufacturer"),
    "initial_provider": N_("Initial provider"),
    "everyone": N_("Everyone"),
    "any": N_("Every operator"),
}
LAW_TITLES = {
    "2024": N_("The AI Act (Regulation (EU) 2024/1689) as adopted in 2024"),
    "2026": N_("The AI Act (Regulation (EU) 2024/1689) as amended by Regulation (EU) 2026/1744"),
}
# The conditions the engine attaches to an obligation (result documents keep the English).
CONDITIONS = (
    N_("Only if the system's design changes significantly after %(date)s (Art. 111(2))."),
    N_(
        "If the deployer is a body governed by public law or a private entity providing public "
        "services (Art. 27(1))."
    ),
    N_("If the deployer is a public authority (Art. 49(3))."),
)
CONDITION_PATTERNS = tuple(
    (re.compile(re.escape(msgid).replace(re.escape("%(date)s"), r"(\S+)")), msgid)
    for msgid in CONDITIONS
)
OUTCOME_LABELS = {
    "fired": N_("applies"),
    "excepted": N_("excepted"),
    "not_met": N_("not met"),
    "superseded": N_("superseded"),
    "not_in_law": N_("not in this version"),
}
DATE_LABELS = {
    "entry_into_force": N_("Entry into force"),
    "chapters_i_ii": N_("General provisions, AI literacy and prohibitions (Chapters I and II)"),
    "new_prohibitions": N_("Prohibitions added in 2026 (Art. 5(1)(ba) and (bb))"),
    "gpai": N_("General-purpose AI models (Chapter V)"),
    "gpai_legacy": N_("General-purpose AI models already on the market before 2 August 2025"),
    "penalties": N_("Penalties (Chapter XII)"),
    "gpai_fines": N_("Fines for providers of general-purpose AI models (Art. 101)"),
    "transparency": N_("Transparency duties (Art. 50)"),
    "transparency_marking_legacy": N_(
        "Marking of synthetic content by systems already on the market"
    ),
    "high_risk_annex_iii": N_("High-risk systems of Annex III"),
    "high_risk_annex_i": N_("High-risk systems in products of Annex I"),
    "registration": N_("Registration in the EU database (Art. 49)"),
    "post_market": N_("Post-market monitoring and incident reporting (Chapter IX)"),
    "public_authority_legacy": N_(
        "High-risk systems used by public authorities, already on the market"
    ),
}
LAW_CHOICES = (
    ("", N_("The text in force on the evaluation date")),
    ("2024", N_("The 2024 text as first adopted")),
    ("2026", N_("The text as amended in 2026")),
)


def _(text: str) -> str:
    return gettext(text)


def _label(labels: Mapping[str, str], key: str) -> str:
    return _(labels[key]) if key in labels else key


def condition_text(condition: str | None, lang: str) -> str | None:
    """An obligation's condition in the reader's language."""
    if condition is None:
        return None
    for pattern, msgid in CONDITION_PATTERNS:
        found = pattern.fullmatch(condition)
        if found:
            return cite(_(msgid) % ({"date": found.group(1)} if found.groups() else {}), lang)
    return condition


def law_title(law: str, fallback: str) -> str:
    return _(LAW_TITLES[law]) if law in LAW_TITLES else fallback


def date_article(article: str) -> str:
    """The article that sets a date, in the reader's language ("Art. 113(a) as amended")."""
    cited, amended, _rest = article.partition(" as amended")
    return _("%(article)s as amended") % {"article": cited} if amended else article


def law_choices() -> list[tuple[str, str]]:
    return [(value, _(label)) for value, label in LAW_CHOICES]


# --- The questionnaire ------------------------------------------------------------------------


def question_view(question: Question, answers: Mapping[str, Any], lang: str) -> dict[str, Any]:
    return {
        "name": question.name,
        "field": question.field,
        "kind": question.kind.value,
        "label": question.label[lang],
        "help": question.help[lang],
        "value": current_value(question, answers),
        "default": question.default,
        "options": [
            (option.value, option.label[lang]) for option in visible_options(question, answers)
        ],
    }


def section_document(
    flow: Flow, section: Section, lang: str, *, errors: Mapping[str, str], more: bool
) -> dict[str, Any]:
    """A section of the questionnaire, as its page shows it."""
    sections = relevant_sections(flow.answers)
    ids = [s.id for s in sections]
    back = previous_section(flow.answers, section.id)
    return {
        "flow": flow,
        "section": section,
        "title": section.title[lang],
        "intro": section.intro[lang],
        "questions": [
            question_view(q, flow.answers, lang) for q in visible_questions(section, flow.answers)
        ],
        "position": ids.index(section.id) + 1 if section.id in ids else 1,
        "count": len(sections),
        "back_url": flow.url(back.id) if back else "/aiact",
        "action": flow.url(section.id) if flow.saved is not None else f"{flow.base}/{section.id}",
        "errors": errors,
        "more": more,
        "law_choices": law_choices(),
        "law": flow.law or "",
        "steps": [(s.id, s.title[lang], flow.url(s.id)) for s in sections],
    }


def saved_document(found: Sequence[SavedQuestionnaire], lang: str) -> list[dict[str, Any]]:
    """The actor's saved questionnaires, with where each one was left."""
    questionnaire = load_questionnaire()
    items = []
    for q in found:
        section = questionnaire.section(q.section)
        items.append(
            {
                "id": q.id,
                "name": q.name,
                "updated_at": q.updated_at,
                "section": section.title[lang] if section is not None else "",
                "url": f"/aiact/saved/{q.id}/{q.section}" if section is not None else "",
                "result_url": f"/aiact/saved/{q.id}/result",
            }
        )
    return items


# --- A classification ---------------------------------------------------------------------------


def obligation_view(obligation: Obligation, lang: str, day: dt.date) -> dict[str, Any]:
    return {
        "code": obligation.code,
        "article": obligation.article,
        "article_label": cite(obligation.article, lang),
        "role": obligation.role,
        "role_label": _label(ROLE_LABELS, obligation.role),
        "applies_from": obligation.applies_from,
        "applies": obligation.applies,
        "explanation": obligation.explanation.get(lang) or obligation.explanation.get("en", ""),
        "basis": obligation.basis,
        "condition": obligation.condition,
        "condition_text": condition_text(obligation.condition, lang),
        "days_left": (obligation.applies_from - day).days
        if obligation.applies_from and obligation.applies_from > day
        else None,
        # "How to comply": the guichet's guides of this obligation, when the set has one.
        "guide_url": obligation_guides_path(obligation.code)
        if obligation.code in obligations_with_shipped_guides()
        else None,
    }


def categories_view(categories: Sequence[str]) -> list[tuple[str, str]]:
    return [(category, _label(CATEGORY_LABELS, category)) for category in categories]


def result_view(result: Classification, lang: str) -> dict[str, Any]:
    """A classification as the result page (and a record's latest result) shows it."""
    day = result.evaluation_date
    return {
        "law": result.law,
        "law_title": law_title(result.law, result.law_title),
        "evaluation_date": day,
        "roles": [_label(ROLE_LABELS, role) for role in result.roles],
        "categories": categories_view([category.value for category in result.categories]),
        "regimes_applicable_on": categories_view(list(result.regimes_applicable_on)),
        "legal_basis": [cite(basis, lang) for basis in result.legal_basis],
        "fria_required": result.fria_required,
        "fria_required_of_deployer": result.fria_required_of_deployer,
        "obligations": [obligation_view(o, lang, day) for o in result.obligations],
        "other_party_obligations": [
            obligation_view(o, lang, day) for o in result.other_party_obligations
        ],
        "penalty": result.penalty_ceiling,
        "penalty_article": cite(result.penalty_ceiling.article, lang)
        if result.penalty_ceiling
        else None,
        "trace": [
            {
                **entry.to_json(),
                "label": trace_label(entry.rule, lang) or entry.rule,
                "article_label": cite(entry.article, lang),
                "outcome_label": _(OUTCOME_LABELS[entry.outcome.value]),
            }
            for entry in result.trace
        ],
    }


def axis(obligations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Obligations grouped by the date they apply from, in order; undated ones last."""
    dated: dict[dt.date, list[Mapping[str, Any]]] = {}
    undated: list[Mapping[str, Any]] = []
    for obligation in obligations:
        when = obligation["applies_from"]
        if when is None:
            undated.append(obligation)
        else:
            dated.setdefault(when, []).append(obligation)
    groups: list[dict[str, Any]] = [
        {"date": day, "obligations": dated[day]} for day in sorted(dated)
    ]
    if undated:
        groups.append({"date": None, "obligations": undated})
    return groups


@dataclass(frozen=True)
class ResultDocument:
    """The questionnaire's facts and their classification."""

    facts: dict[str, Any]
    result: Classification

    def to_json(self) -> dict[str, Any]:
        return {"facts": self.facts, **self.result.to_json()}


@dataclass(frozen=True)
class MissingDocument:
    """Answers that still lack facts needed to classify: the questions to answer, no category."""

    facts: dict[str, Any]
    missing: list[dict[str, str]]

    def to_json(self) -> dict[str, Any]:
        return {"facts": self.facts, "missing": [item["field"] for item in self.missing]}


def missing_document(flow: Flow, lang: str) -> MissingDocument | None:
    """The unanswered questions the result needs, each with its section's address; None when
    the answers are enough to classify."""
    facts = facts_document(flow.answers)
    missing = missing_facts(facts)
    if not missing:
        return None
    questionnaire = load_questionnaire()
    items = []
    for path in missing:
        section = next(
            s for s in questionnaire.sections if any(q.field == path for q in s.questions)
        )
        question = questionnaire.question(path)
        assert question is not None
        items.append(
            {
                "field": path,
                "label": question.label[lang],
                "section": section.title[lang],
                "url": flow.url(section.id) + f"#field-{question.name}",
            }
        )
    return MissingDocument(facts, items)


def result_document(flow: Flow, *, on: dt.date | None, law: str | None) -> ResultDocument:
    """Classify the flow's answers on a date and under a law (else the flow's own law)."""
    facts, result = aiact.classify_answers(flow.answers, on=on, law=law or flow.law)
    return ResultDocument(facts, result)


def timeline_url(flow: Flow, date: str, law: str) -> str:
    if flow.saved is not None:
        params = {"saved": str(flow.saved.id), "date": date, "law": law}
        return "/aiact/timeline?" + urlencode({k: v for k, v in params.items() if v})
    return "/aiact/timeline" + flow.query(date=date, law=law)


def result_page(
    document: ResultDocument,
    flow: Flow,
    lang: str,
    *,
    date: str,
    law: str,
    can_store: bool,
    records: Sequence[tuple[str, str]],
) -> dict[str, Any]:
    """The result page's context: the document, and the links and forms around it."""
    return {
        "flow": flow,
        "facts": document.facts,
        "view": result_view(document.result, lang),
        "json_url": flow.json_url(date=date, law=law),
        "timeline_url": timeline_url(flow, date, law),
        "edit_url": flow.url(load_questionnaire().sections[0].id),
        "date": date,
        "law": law,
        "law_choices": law_choices(),
        "can_store": can_store,
        "records": list(records),
    }


# --- The timeline -------------------------------------------------------------------------------


def timeline_document(
    document: ResultDocument | None, flow: Flow | None, lang: str, *, date: str, law: str
) -> dict[str, Any]:
    """Every law version's dates of application; with a classification, its obligations on the
    same axis."""
    versions = list(load_rules().versions.values())
    rows = [
        {
            "key": key,
            "label": _label(DATE_LABELS, key),
            "dates": [
                {"date": v.dates[key][0], "article": date_article(v.dates[key][1]), "law": v.id}
                for v in versions
            ],
            "changed": len({v.dates[key][0] for v in versions}) > 1,
        }
        for key in versions[0].dates
    ]
    classified = None
    if document is not None and flow is not None:
        view = result_view(document.result, lang)
        classified = {
            "view": view,
            "groups": axis(view["obligations"]),
            "result_url": flow.url(RESULT, date=date, law=law),
        }
    return {
        "versions": versions,
        "version_titles": {v.id: law_title(v.id, v.title) for v in versions},
        "rows": rows,
        "classified": classified,
    }


# --- Classifications stored on register records ---------------------------------------------


@dataclass(frozen=True)
class RecordDocument:
    """A record's stored classifications, newest first, and optionally a re-run of the latest."""

    record: SystemRecord
    classifications: Sequence[StoredClassification]
    rerun: aiact.Rerun | None = None

    @property
    def latest(self) -> StoredClassification | None:
        return self.classifications[0] if self.classifications else None

    def to_json(self) -> dict[str, Any]:
        """The record's `classification.json` twin and the API's list: the stored results, and
        what a re-run of the latest with the current rules would change (when it was run)."""
        return {
            "system": self.record.slug,
            "classifications": [stored.to_json() for stored in self.classifications],
            "rerun_changes": self.rerun.changes.to_json() if self.rerun is not None else None,
        }


def record_document(
    found: tuple[SystemRecord, list[StoredClassification]], *, rerun: bool
) -> RecordDocument:
    record, classifications = found
    again = None
    if rerun and classifications:
        again = aiact.rerun_classification(classifications[0])
    return RecordDocument(record, classifications, again)


def stored_view(stored: StoredClassification) -> dict[str, Any]:
    return {
        "id": stored.id,
        "law": stored.law,
        "law_requested": stored.law_requested,
        "ruleset_version": stored.ruleset_version,
        "evaluation_date": stored.evaluation_date,
        "categories": categories_view(stored.categories),
        "created_by": stored.created_by_label,
        "created_at": stored.created_at,
    }


def record_page(document: RecordDocument, lang: str) -> dict[str, Any]:
    """The record's classification page: the latest result, the re-run, every stored one."""
    latest = document.latest
    rerun = None
    if document.rerun is not None:
        rerun = {
            "changes": document.rerun.changes,
            "ruleset_version": document.rerun.ruleset_version,
            "view": result_view(document.rerun.result, lang),
        }
    return {
        "record": document.record,
        "items": [stored_view(s) for s in document.classifications],
        "latest": {**stored_view(latest), "result": result_view(latest.result, lang)}
        if latest is not None
        else None,
        "rerun": rerun,
        "category_labels": {key: _(label) for key, label in CATEGORY_LABELS.items()},
        "role_labels": {key: _(label) for key, label in ROLE_LABELS.items()},
    }
