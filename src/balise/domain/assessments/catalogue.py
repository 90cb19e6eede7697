"""The assessment templates and the risk scale, read from versioned YAML in this package.

Templates: a FRIA (AI Act Art 27(1)(a)-(f)), a DPIA (GDPR Art 35(7)(a)-(d)) and an ethics
self-assessment on the seven requirements of the High-Level Expert Group on AI. Each question has
a stable id, a topic, an answer type, suggested roles, a life-cycle phase and the equivalent
questions of the other templates, so that an answer given once is offered again (Art 27(4)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.shared.i18n import LANGUAGES, LocalizedText

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
SCHEMA_VERSION = 1


class TemplateCode(StrEnum):
    FRIA = "fria"
    DPIA = "dpia"
    ETHICS = "ethics"


class AnswerType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    SCALE = "scale"
    EVIDENCE = "evidence"


class Phase(StrEnum):
    """Life-cycle phases in which a question is best answered."""

    ORGANISATION = "organisation"
    PROBLEM_ANALYSIS = "problem_analysis"
    DESIGN = "design"
    DEVELOPMENT = "development"
    VERIFICATION = "verification"
    DEPLOYMENT = "deployment"
    MONITORING = "monitoring"


SCALE = (1, 2, 3, 4)


@dataclass(frozen=True)
class Option:
    value: str
    label: LocalizedText


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    topic: str
    type: AnswerType
    mandatory: bool
    roles: tuple[str, ...]
    phase: Phase
    text: LocalizedText
    equivalents: tuple[str, ...] = ()
    choices: tuple[Option, ...] = ()
    prefill: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "topic": self.topic,
            "type": self.type.value,
            "mandatory": self.mandatory,
            "roles": list(self.roles),
            "phase": self.phase.value,
            "text": self.text.as_dict(),
            "equivalents": list(self.equivalents),
            "choices": [{"value": o.value, "label": o.label.as_dict()} for o in self.choices],
            "prefill": self.prefill,
        }


@dataclass(frozen=True)
class Section:
    id: str
    basis: str
    title: LocalizedText
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Template:
    code: TemplateCode
    version: str
    legal_basis: str
    title: LocalizedText
    sections: tuple[Section, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages every title and question text is written in."""
        texts = [self.title, *(s.title for s in self.sections), *(q.text for q in self.questions)]
        return tuple(lang.value for lang in LANGUAGES if all(getattr(t, lang.value) for t in texts))

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "code": self.code.value,
            "version": self.version,
            "legal_basis": self.legal_basis,
            "title": self.title.as_dict(),
            "languages": list(self.languages),
            "sections": [
                {"id": s.id, "basis": s.basis, "title": s.title.as_dict()} for s in self.sections
            ],
            "questions": [q.to_json() for q in self.questions],
        }


def _text(raw: Mapping[str, Any]) -> LocalizedText:
    return LocalizedText.from_mapping({key: str(value) for key, value in raw.items()})


def _question(section: str, raw: Mapping[str, Any]) -> Question:
    return Question(
        id=str(raw["id"]),
        section=section,
        topic=str(raw["topic"]),
        type=AnswerType(raw["type"]),
        mandatory=bool(raw.get("mandatory", False)),
        roles=tuple(str(role) for role in raw.get("roles", [])),
        phase=Phase(raw["phase"]),
        text=_text(raw["text"]),
        equivalents=tuple(str(other) for other in raw.get("equivalents", [])),
        choices=tuple(
            Option(str(option["value"]), _text(option["label"]))
            for option in raw.get("choices", [])
        ),
        prefill=raw.get("prefill"),
    )


def parse_template(raw: Mapping[str, Any]) -> Template:
    sections = tuple(
        Section(
            id=str(section["id"]),
            basis=str(section["basis"]),
            title=_text(section["title"]),
            questions=tuple(_question(str(section["id"]), q) for q in section["questions"]),
        )
        for section in raw["sections"]
    )
    return Template(
        code=TemplateCode(raw["code"]),
        version=str(raw["version"]),
        legal_basis=str(raw["legal_basis"]),
        title=_text(raw["title"]),
        sections=sections,
    )


@cache
def template(code: TemplateCode | str) -> Template:
    wanted = TemplateCode(code)
    with (TEMPLATES / f"{wanted.value}.yaml").open(encoding="utf-8") as source:
        return parse_template(yaml.safe_load(source))


def templates() -> tuple[Template, ...]:
    return tuple(template(code) for code in TemplateCode)


def all_questions() -> dict[str, Question]:
    return {q.id: q for t in templates() for q in t.questions}


# --- the risk scale --------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskScale:
    version: str
    likelihood: Mapping[int, LocalizedText]
    severity: Mapping[int, LocalizedText]
    thresholds: tuple[tuple[int, str], ...]  # (from score, level), ascending
    rights: Mapping[str, LocalizedText]

    def level(self, likelihood: int, severity: int) -> str:
        score = likelihood * severity
        found = self.thresholds[0][1]
        for start, level in self.thresholds:
            if score >= start:
                found = level
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "likelihood": {str(k): v.as_dict() for k, v in self.likelihood.items()},
            "severity": {str(k): v.as_dict() for k, v in self.severity.items()},
            "levels": [{"level": level, "from": start} for start, level in self.thresholds],
            "rights": {k: v.as_dict() for k, v in self.rights.items()},
        }


@cache
def risk_scale() -> RiskScale:
    with (HERE / "risk_scale.yaml").open(encoding="utf-8") as source:
        raw = yaml.safe_load(source)
    return RiskScale(
        version=str(raw["version"]),
        likelihood={int(k): _text(v) for k, v in raw["likelihood"].items()},
        severity={int(k): _text(v) for k, v in raw["severity"].items()},
        thresholds=tuple(sorted((int(item["from"]), str(item["level"])) for item in raw["levels"])),
        rights={str(k): _text(v) for k, v in raw["rights"].items()},
    )
