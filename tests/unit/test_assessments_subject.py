"""The name a list row gives the assessed system: the reader's language, else the record's own,
else any, else the record's address."""

from __future__ import annotations

from balise.domain.assessments.subject import AssessedSystem
from balise.domain.shared.i18n import Language, Localized, LocalizedText


def subject(names: dict[str, str]) -> AssessedSystem:
    return AssessedSystem(
        system_id=1,
        slug="childcare",
        default_language=Language.NL,
        published=False,
        organisation_slug="ghent",
        organisation_name=LocalizedText(nl="Stad Gent"),
        names=names,
    )


def test_the_name_in_the_readers_language_then_the_records_then_any() -> None:
    both = subject({"nl": "Kinderopvang", "fr": "Garde d'enfants"})
    assert both.name_in(Language.FR) == Localized("Garde d'enfants", Language.FR, fallback=False)
    assert both.name_in(Language.DE) == Localized("Kinderopvang", Language.NL, fallback=True)
    german = subject({"de": "Kinderbetreuung", "nl": " "})
    assert german.name_in(Language.FR) == Localized("Kinderbetreuung", Language.DE, fallback=True)


def test_a_system_without_a_name_is_named_by_its_address() -> None:
    assert subject({}).name_in(Language.EN) == Localized("childcare", Language.EN, fallback=False)
