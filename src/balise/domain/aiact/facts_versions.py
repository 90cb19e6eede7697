"""Versions of the facts document, and the converter from version 1 to version 2 (ADR 0016).

Version 1 (no `schema_version`, or `schema_version: 1`) could not state several Annex III points,
several Art 5(1)(h) objectives, a system in use whose date is unknown, an open-weights release
without a free licence, or an employer's use apart from employment decisions. Version 2 can.
`upgrade_facts()` turns a version 1 document into the version 2 document that says the same
thing, and names every field it rewrote; it is pure and never refuses a document (validation
comes after, on the version 2 document).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from balise.domain.shared.i18n import N_, Message

FACTS_SCHEMA_VERSION = 2
CONVERTED = N_("Facts schema version 1 read and converted to version 2: %(old)s is now %(new)s.")


@dataclass(frozen=True)
class FactsUpgrade:
    """A facts document in the current version, the version it was read as, and what changed."""

    document: Any
    read_as: int
    notes: tuple[Message, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (version 2 path, version 1 path)

    @property
    def converted(self) -> bool:
        return self.read_as != FACTS_SCHEMA_VERSION

    def original_path(self, path: str) -> str:
        """The field a version 1 document named, for an error found at `path` after conversion."""
        for new, old in self.renamed:
            if path == new or path.startswith(new + "."):
                return old
        return path


def facts_version(document: Any) -> int | None:
    """The version a document declares (1 when it declares none), None when it is not a number."""
    if not isinstance(document, Mapping):
        return None
    version = document.get("schema_version", 1)
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def upgrade_facts(document: Any) -> FactsUpgrade:
    """The document in version 2. Anything but a version 1 object is returned as it is."""
    if facts_version(document) != 1:
        return FactsUpgrade(document, facts_version(document) or FACTS_SCHEMA_VERSION)
    assert isinstance(document, Mapping)
    upgraded = {key: dict(value) if isinstance(value, Mapping) else value
                for key, value in document.items()}  # fmt: skip
    upgraded.pop("schema_version", None)
    notes: list[Message] = []
    renamed: list[tuple[str, str]] = []

    def move(group: str, old: str, new: str, convert: Any) -> None:
        section = upgraded.get(group)
        if not isinstance(section, dict) or old not in section:
            return
        value = convert(section.pop(old))
        if value is not None and new not in section:  # a version 2 answer beside it wins
            section[new] = value
        notes.append(Message(CONVERTED, {"old": f"{group}.{old}", "new": f"{group}.{new}"}))
        renamed.append((f"{group}.{new}", f"{group}.{old}"))

    move("actor", "employer_workplace_use", "employer_use_on_workers", _same)
    move("annex_iii", "point", "points", _listed)
    move("annex_iii", "exclusion", "exclusions", _listed)
    move("biometrics", "rbi_exception", "rbi_objectives", _objectives)
    move("gpai", "open_release", "release", _release)
    system = upgraded.get("system")
    if isinstance(system, dict) and "placed_on_market" in system and not system["placed_on_market"]:
        # Version 1 said "null if not yet"; version 2 says it in its own field.
        move("system", "placed_on_market", "market_status", lambda _: "not_yet")
    document = {"schema_version": FACTS_SCHEMA_VERSION, **upgraded}
    return FactsUpgrade(document, 1, tuple(notes), tuple(renamed))


def _same(value: Any) -> Any:
    return value


def _listed(value: Any) -> Any:
    return None if value is None else [value]


def _objectives(value: Any) -> Any:
    return [] if value in (None, "none") else [value]


def _release(value: Any) -> Any:
    if isinstance(value, bool):
        return "open_source" if value else "closed"
    return value  # not a boolean: left for the validator to name


def upgrade_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """A questionnaire's flat answers (`annex_iii.point`: …) in version 2."""
    document: dict[str, Any] = {}
    for path, value in answers.items():
        *groups, name = path.split(".")
        node = document
        for group in groups:
            node = node.setdefault(group, {})
        node[name] = value
    upgraded = dict(upgrade_facts(document).document)
    upgraded.pop("schema_version", None)
    return _flatten(upgraded)


def _flatten(document: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in document.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
