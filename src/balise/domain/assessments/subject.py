"""What a list of assessments names on each row: the AI system assessed and its organisation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from balise.domain.shared.i18n import LANGUAGES, Language, Localized, LocalizedText


@dataclass(frozen=True)
class AssessedSystem:
    """The AI system an assessment is about, as its record names it, and the organisation that
    keeps the record. `published` says whether the portal has a page of the system."""

    system_id: int
    slug: str
    default_language: Language
    published: bool
    organisation_slug: str
    organisation_name: LocalizedText
    names: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, language: Language) -> Localized:
        """The system's name in `language`, else in its record's language, else in any; the
        record's address when it has no name."""
        for candidate in (language, self.default_language, *LANGUAGES):
            if text := str(self.names.get(candidate.value) or "").strip():
                return Localized(text, candidate, fallback=candidate is not language)
        return Localized(self.slug, language, fallback=False)
