"""Loads the rule set (law versions, rules, obligation catalogue) from the YAML files beside it.

Reading package data with a YAML parser is the only input this module does; see ADR 0009 for why
the loader lives in the domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent / "rules"
LAW_IDS = ("2024", "2026")
LANGUAGES = ("fr", "nl", "de", "en")


@dataclass(frozen=True)
class Penalty:
    tier: str
    article: str
    fixed_eur: int
    turnover_percent: int


@dataclass(frozen=True)
class Rule:
    id: str
    article: str
    laws: tuple[str, ...]
    when: Any
    effect: str
    unless: Any = None
    date: str | None = None
    obligation: str | None = None
    because: str = ""
    exception_effect: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class ObligationSpec:
    code: str
    article: str
    role: str
    explanation: Mapping[str, str]


@dataclass(frozen=True)
class LawVersion:
    id: str
    title: str
    in_force_from: dt.date
    dates: Mapping[str, tuple[dt.date | None, str]]
    legacy_cutoff: Mapping[str, str]
    annex_i: Mapping[str, Mapping[str, str]]
    safety_component_narrowing: bool
    penalties: Mapping[str, Penalty]
    lower_for_sme: frozenset[str]
    lower_for_small_mid_cap: frozenset[str]
    rules: tuple[Rule, ...]
    obligations: Mapping[str, ObligationSpec] = field(repr=False)

    def date(self, key: str) -> dt.date | None:
        return self.dates[key][0]

    def date_article(self, key: str) -> str:
        return self.dates[key][1]

    def annex_i_section(self, legislation: str) -> tuple[str, str] | None:
        """('A' or 'B', the point's label) for a piece of Annex I legislation in this version."""
        for section, entries in self.annex_i.items():
            if legislation in entries:
                return ("A" if section == "section_a" else "B", entries[legislation])
        return None

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


@dataclass(frozen=True)
class RuleSet:
    versions: Mapping[str, LawVersion]
    all_rules: tuple[Rule, ...]

    def version(self, law: str) -> LawVersion:
        return self.versions[law]

    def version_on(self, day: dt.date) -> LawVersion:
        """The version in force on `day` (the first version before any was in force)."""
        in_force = [v for v in self.versions.values() if v.in_force_from <= day]
        if not in_force:
            return self.versions[LAW_IDS[0]]
        return max(in_force, key=lambda version: version.in_force_from)


# libyaml's safe loader when PyYAML was built with it: the same documents, read ten times faster
# (the rule files are read on every `balise aiact classify`).
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Read a YAML document with a safe loader (no Python objects)."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - SAFE_LOADER is a safe loader


def _read(name: str) -> Any:
    return load_yaml((RULES_DIR / name).read_text(encoding="utf-8"))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _obligations(raw: Mapping[str, Any], law: str) -> dict[str, ObligationSpec]:
    catalogue = {}
    for code, entry in raw.items():
        merged = {**entry, **entry.get("versions", {}).get(law, {})}
        explanation = merged["explanation"]
        missing = [lang for lang in LANGUAGES if not explanation.get(lang)]
        if missing:
            raise ValueError(f"obligation {code} lacks an explanation in {missing}")
        catalogue[code] = ObligationSpec(
            code=code,
            article=merged["article"],
            role=merged["role"],
            explanation={lang: " ".join(explanation[lang].split()) for lang in LANGUAGES},
        )
    return catalogue


def _rule(raw: Mapping[str, Any]) -> Rule:
    return Rule(
        id=raw["id"],
        article=raw["article"],
        laws=tuple(raw["laws"]),
        when=raw["when"],
        effect=raw["effect"],
        unless=raw.get("unless"),
        date=raw.get("date"),
        obligation=raw.get("obligation"),
        because=raw.get("because", ""),
        exception_effect=raw.get("exception_effect"),
        value=raw.get("value"),
    )


@cache
def load_rules() -> RuleSet:
    """The rule set shipped with Balise, read once."""
    rules = tuple(_rule(raw) for raw in _read("rules.yaml"))
    raw_obligations = _read("obligations.yaml")
    versions = {}
    for law in LAW_IDS:
        raw = _read(f"law-{law}.yaml")
        penalties = raw["penalties"]
        version_rules = tuple(rule for rule in rules if law in rule.laws)
        obligations = _obligations(raw_obligations, law)
        for rule in version_rules:
            if rule.date is not None and rule.date not in raw["dates"]:
                raise ValueError(f"rule {rule.id} names an unknown date {rule.date}")
            if rule.obligation is not None and rule.obligation not in obligations:
                raise ValueError(f"rule {rule.id} names an unknown obligation")
        versions[law] = LawVersion(
            id=str(raw["id"]),
            title=raw["title"],
            in_force_from=_date(raw["in_force_from"]) or dt.date.min,
            dates={key: (_date(value[0]), str(value[1])) for key, value in raw["dates"].items()},
            legacy_cutoff=raw["legacy_cutoff"],
            annex_i=raw["annex_i"],
            safety_component_narrowing=bool(raw["safety_component_narrowing"]),
            penalties={
                tier: Penalty(tier, entry["article"], int(entry["eur"]), int(entry["percent"]))
                for tier, entry in penalties.items()
                if isinstance(entry, dict)
            },
            lower_for_sme=frozenset(penalties["lower_for_sme"]),
            lower_for_small_mid_cap=frozenset(penalties["lower_for_small_mid_cap"]),
            rules=version_rules,
            obligations=obligations,
        )
    return RuleSet(versions=versions, all_rules=rules)
