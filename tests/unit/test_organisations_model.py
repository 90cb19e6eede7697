"""Organisations: enterprise numbers, self-validation, rows of text, names in several languages."""

from __future__ import annotations

from typing import Any

import pytest

from balise.domain.organisations.model import (
    Contact,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
    format_enterprise_number,
    parse_enterprise_number,
)
from balise.domain.organisations.rows import organisation_from_row
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import Language, Localized, LocalizedText


def organisation(**changes: Any) -> Organisation:
    fields: dict[str, Any] = {
        "slug": "stad-gent",
        "name": LocalizedText(nl="Stad Gent"),
        "kind": OrganisationKind.PUBLIC_BODY,
        "size_class": SizeClass.LARGE,
        "sector": Sector.PUBLIC_ADMINISTRATION,
    }
    return Organisation(**(fields | changes))


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("0203.201.340", "0203201340"),
        ("0671.516.647", "0671516647"),
        ("BE 0671 516 647", "0671516647"),
        ("be0671-516-647", "0671516647"),
        ("671516647", "0671516647"),
        ("1000.000.021", "1000000021"),
        ("0000.009.797", "0000009797"),
    ],
)
def test_valid_enterprise_numbers_are_normalised_to_ten_digits(raw: str, digits: str) -> None:
    assert parse_enterprise_number(raw) == digits


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0203.201.341", "This enterprise number's check digits are wrong."),
        ("0671.516.674", "This enterprise number's check digits are wrong."),
        ("0000.009.700", "This enterprise number's check digits are wrong."),
        ("2203.201.340", "An enterprise number has ten digits and starts with 0 or 1."),
        ("0203.201.3", "An enterprise number has ten digits and starts with 0 or 1."),
        ("0203.2O1.340", "An enterprise number has ten digits and starts with 0 or 1."),
        ("", "An enterprise number has ten digits and starts with 0 or 1."),
    ],
)
def test_invalid_enterprise_numbers_are_refused_with_the_reason(raw: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_enterprise_number(raw)

    assert list(refused.value.errors) == ["enterprise_number"]
    assert refused.value.errors["enterprise_number"].key == message


def test_enterprise_numbers_are_shown_in_the_official_grouping() -> None:
    assert format_enterprise_number("0671516647") == "0671.516.647"


def test_an_organisation_keeps_its_enterprise_number_normalised() -> None:
    assert organisation(enterprise_number="BE0203 201 340").enterprise_number == "0203201340"


def test_every_wrong_field_of_an_organisation_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as refused:
        organisation(
            slug="Stad Gent",
            name=LocalizedText(),
            enterprise_number="0203.201.341",
            contact=Contact(email="nobody", website="gent.be"),
        )

    assert set(refused.value.errors) == {
        "slug",
        "name",
        "enterprise_number",
        "contact_email",
        "contact_website",
    }


@pytest.mark.parametrize("slug", ["-gent", "gent-", "stad--gent", "Gent", "stad_gent", "a" * 81])
def test_a_slug_is_lower_case_words_joined_by_single_hyphens(slug: str) -> None:
    with pytest.raises(ValidationError) as refused:
        organisation(slug=slug)

    assert list(refused.value.errors) == ["slug"]


def test_a_name_has_at_most_200_characters_in_every_language() -> None:
    with pytest.raises(ValidationError) as refused:
        organisation(name=LocalizedText(nl="Stad Gent", fr="G" * 201))

    assert refused.value.errors["name"].key == "A name has at most 200 characters."


def test_only_micro_small_and_medium_enterprises_are_smes() -> None:
    assert {size for size in SizeClass if size.is_sme} == {
        SizeClass.MICRO,
        SizeClass.SMALL,
        SizeClass.MEDIUM,
    }


def test_a_row_of_text_becomes_an_organisation() -> None:
    built = organisation_from_row(
        {
            "slug": " smals ",
            "name_fr": "Smals",
            "name_nl": "Smals",
            "kind": "non_profit",
            "size_class": "large",
            "sector": "social_security",
            "enterprise_number": "0406.798.006",
        }
    )

    assert (built.slug, built.kind, built.enterprise_number) == (
        "smals",
        OrganisationKind.NON_PROFIT,
        "0406798006",
    )
    assert built.name.as_dict() == {"fr": "Smals", "nl": "Smals"}


def test_a_row_reports_every_wrong_cell_by_its_column() -> None:
    with pytest.raises(ValidationError) as refused:
        organisation_from_row(
            {
                "slug": "Bad Slug",
                "kind": "club",
                "size_class": "huge",
                "sector": "space",
                "contact_email": "nobody",
            }
        )

    errors = refused.value.errors
    assert set(errors) == {"slug", "name", "kind", "size_class", "sector", "contact_email"}
    assert errors["kind"].params == {"choices": "public_body, company, non_profit"}


def test_text_in_the_asked_language_is_not_a_fallback() -> None:
    name = LocalizedText(fr="Ville de Liège", nl="Stad Luik")

    assert name.in_language(Language.NL) == Localized("Stad Luik", Language.NL, fallback=False)


@pytest.mark.parametrize(
    ("name", "wanted", "shown"),
    [
        (
            LocalizedText(nl="Stad Leiebrugge", en="City of Leiebrugge"),
            "fr",
            Localized("Stad Leiebrugge", Language.NL, fallback=True),
        ),
        (
            LocalizedText(de="Brabanter Bank", en="Brabant Bank"),
            "nl",
            Localized("Brabanter Bank", Language.DE, fallback=True),
        ),
        (
            LocalizedText(en="TalentMatch"),
            "de",
            Localized("TalentMatch", Language.EN, fallback=True),
        ),
    ],
)
def test_missing_text_falls_back_to_fr_then_nl_de_en(
    name: LocalizedText, wanted: str, shown: Localized
) -> None:
    assert name.in_language(wanted) == shown


def test_text_in_no_language_has_nothing_to_show() -> None:
    assert LocalizedText(fr="   ").in_language("fr") is None
    assert LocalizedText(fr="   ").is_empty()


def test_localized_text_is_trimmed_and_keeps_only_the_languages_it_has() -> None:
    name = LocalizedText.from_mapping({"fr": "  CHU  ", "nl": None, "de": "", "xx": "ignored"})

    assert name.as_dict() == {"fr": "CHU"}
    assert name.languages() == (Language.FR,)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="xx"):
        LocalizedText(fr="CHU").in_language("xx")


def test_the_level_of_government_defaults_from_the_kind_and_can_be_given() -> None:
    row = {"slug": "gent", "name_nl": "Stad Gent", "size_class": "large", "sector": "other"}
    assert organisation_from_row({**row, "kind": "public_body"}).government_level.value == (
        "other_public"
    )
    assert organisation_from_row({**row, "kind": "company"}).government_level.value == "private"
    given = organisation_from_row({**row, "kind": "public_body", "level": "local"})
    assert given.government_level.value == "local"
    with pytest.raises(ValidationError) as raised:
        organisation_from_row({**row, "kind": "public_body", "level": "galactic"})
    assert set(raised.value.errors) == {"level"}
