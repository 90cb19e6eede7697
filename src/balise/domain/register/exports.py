"""Open data: published records as JSON and CSV, a DCAT-AP catalogue, and the Annex VIII layout.

Everything here starts from the portal's public document of a system (only the public fields of
its latest published version) and never from the working copy, so an export cannot leak a draft
or an internal field. Withdrawn systems stay in the exports, flagged `withdrawn` with the reason,
because their history remains public; their last published version is what is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from balise.domain.organisations.model import format_enterprise_number
from balise.domain.register.model import is_sensitive
from balise.domain.register.standard import FIELDS, Kind, Visibility
from balise.domain.shared.i18n import LANGUAGES

CC0 = "http://publications.europa.eu/resource/authority/licence/CC0"
CC0_PAGE = "https://creativecommons.org/publicdomain/zero/1.0/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LANGUAGE_CODES = {"fr": "FRA", "nl": "NLD", "de": "DEU", "en": "ENG"}


@dataclass(frozen=True)
class PublishedEntry:
    """One system as the portal publishes it."""

    system_id: int
    document: dict[str, Any]
    withdrawn: bool
    withdrawal_reason: str


# The fields the CSV has a column for: those the standard publishes unless an organisation hides
# them. A field an organisation chose to make public beyond these appears in the JSON only.
CSV_FIELDS = tuple(spec for spec in FIELDS if spec.visibility is Visibility.PUBLIC)


def system_url(base_url: str, slug: str) -> str:
    return f"{base_url.rstrip('/')}/systems/{slug}"


def csv_header() -> list[str]:
    header = [
        "uuid",
        "slug",
        "url",
        "version",
        "published_at",
        "standard_version",
        "default_language",
        "withdrawn",
        "withdrawal_reason",
        "organisation_slug",
        *(f"organisation_name_{language.value}" for language in LANGUAGES),
        "organisation_enterprise_number",
        "organisation_level",
        "organisation_sector",
    ]
    for spec in CSV_FIELDS:
        if spec.kind is Kind.I18N:
            header.extend(f"{spec.name}_{language.value}" for language in LANGUAGES)
        else:
            header.append(spec.name)
    return header


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def csv_row(entry: PublishedEntry, base_url: str) -> list[str]:
    document = entry.document
    organisation = document.get("organisation") or {}
    names = organisation.get("name") or {}
    fields = document.get("fields") or {}
    row = [
        _text(document.get("uuid")),
        _text(document.get("slug")),
        system_url(base_url, str(document.get("slug"))),
        _text(document.get("version")),
        _text(document.get("published_at")),
        _text(document.get("standard_version")),
        _text(document.get("default_language")),
        _text(entry.withdrawn),
        entry.withdrawal_reason if entry.withdrawn else "",
        _text(organisation.get("slug")),
        *(_text(names.get(language.value)) for language in LANGUAGES),
        _text(organisation.get("enterprise_number")),
        _text(organisation.get("level")),
        _text(organisation.get("sector")),
    ]
    for spec in CSV_FIELDS:
        value = fields.get(spec.name)
        if spec.kind is Kind.I18N:
            texts = value or {}
            row.extend(_text(texts.get(language.value)) for language in LANGUAGES)
        else:
            row.append(_text(value))
    return row


def json_item(entry: PublishedEntry, base_url: str) -> dict[str, Any]:
    document = entry.document
    return {
        **document,
        "url": system_url(base_url, str(document.get("slug"))),
        "withdrawn": entry.withdrawn,
        "withdrawal_reason": entry.withdrawal_reason if entry.withdrawn else "",
    }


def _in_languages(texts: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": code} for code, text in texts.items()]


CATALOG_TITLE = {
    "fr": "Registre des systèmes d'IA",
    "nl": "Register van AI-systemen",
    "de": "Register der KI-Systeme",
    "en": "Register of AI systems",
}
CATALOG_DESCRIPTION = {
    "fr": "Les systèmes d'IA que des administrations et des entreprises utilisent en Belgique, "
    "tels qu'elles les ont publiés : à quoi ils servent, qui les supervise et comment contester "
    "une décision.",
    "nl": "De AI-systemen die overheden en bedrijven in België gebruiken, zoals zij ze hebben "
    "gepubliceerd: waarvoor ze dienen, wie er toezicht op houdt en hoe je een beslissing "
    "aanvecht.",
    "de": "Die KI-Systeme, die Behörden und Unternehmen in Belgien einsetzen, so wie sie sie "
    "veröffentlicht haben: wozu sie dienen, wer sie beaufsichtigt und wie man eine Entscheidung "
    "anficht.",
    "en": "The AI systems that public bodies and companies use in Belgium, as they published "
    "them: what they are for, who oversees them and how to contest a decision.",
}
DISTRIBUTION_TITLE = {
    "json": {
        "fr": "Tous les systèmes publiés (JSON)",
        "nl": "Alle gepubliceerde systemen (JSON)",
        "de": "Alle veröffentlichten Systeme (JSON)",
        "en": "All published systems (JSON)",
    },
    "csv": {
        "fr": "Tous les systèmes publiés (CSV, une ligne par système)",
        "nl": "Alle gepubliceerde systemen (CSV, één rij per systeem)",
        "de": "Alle veröffentlichten Systeme (CSV, eine Zeile pro System)",
        "en": "All published systems (CSV, one row per system)",
    },
}


def dcat_catalog(
    base_url: str, *, publisher: str, modified: datetime | None, count: int
) -> dict[str, Any]:
    """A DCAT-AP description of the register's open data, as JSON-LD."""
    base = base_url.rstrip("/")
    languages = [{"@id": f"{EU_LANGUAGE}{code}"} for code in LANGUAGE_CODES.values()]
    licence = {"@id": CC0, "@type": "dct:LicenseDocument", "rdfs:seeAlso": {"@id": CC0_PAGE}}
    agent = {"@id": f"{base}/", "@type": "foaf:Agent", "foaf:name": publisher}
    when = {"@value": modified.isoformat(), "@type": "xsd:dateTime"} if modified else None

    def distribution(kind: str, media_type: str, file_type: str) -> dict[str, Any]:
        url = {"@id": f"{base}/open-data/systems.{kind}"}
        item: dict[str, Any] = {
            "@id": f"{base}/open-data/systems.{kind}#distribution",
            "@type": "dcat:Distribution",
            "dct:title": _in_languages(DISTRIBUTION_TITLE[kind]),
            "dcat:accessURL": url,
            "dcat:downloadURL": url,
            "dcat:mediaType": {"@id": f"http://www.iana.org/assignments/media-types/{media_type}"},
            "dct:format": {"@id": f"{EU_FILE_TYPE}{file_type}"},
            "dct:license": licence,
        }
        if when:
            item["dct:modified"] = when
        return item

    dataset: dict[str, Any] = {
        "@id": f"{base}/open-data#systems",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{base}/open-data#systems",
        "dct:title": _in_languages(CATALOG_TITLE),
        "dct:description": _in_languages(CATALOG_DESCRIPTION),
        "dct:publisher": agent,
        "dct:language": languages,
        "dct:license": licence,
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/country/BEL"},
        "dcat:theme": [{"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"}],
        "dcat:keyword": [
            {"@value": "AI Act", "@language": "en"},
            {"@value": "algoritmeregister", "@language": "nl"},
            {"@value": "intelligence artificielle", "@language": "fr"},
            {"@value": "künstliche Intelligenz", "@language": "de"},
        ],
        "dcat:landingPage": {"@id": f"{base}/systems"},
        "dcat:distribution": [
            distribution("json", "application/json", "JSON"),
            distribution("csv", "text/csv", "CSV"),
        ],
        "balise:records": count,
    }
    catalog: dict[str, Any] = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "balise": f"{base}/open-data/terms#",
        },
        "@id": f"{base}/open-data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _in_languages(CATALOG_TITLE),
        "dct:description": _in_languages(CATALOG_DESCRIPTION),
        "dct:publisher": agent,
        "dct:language": languages,
        "dct:license": licence,
        "foaf:homepage": {"@id": f"{base}/"},
        "dcat:dataset": [dataset],
    }
    if when:
        catalog["dct:modified"] = when
        dataset["dct:modified"] = when
    return catalog


# The AI Act's registration annex. Headings are short summaries in our own words, not the legal
# text; the numbering is the regulation's.

Texts = dict[str, str]


def _t(en: str, fr: str, nl: str, de: str) -> Texts:
    return {"en": en, "fr": fr, "nl": nl, "de": de}


@dataclass(frozen=True)
class AnnexSection:
    code: str
    title: Texts
    basis: str


@dataclass(frozen=True)
class AnnexPoint:
    section: str
    number: int
    heading: Texts

    @property
    def code(self) -> str:
        return f"{self.section}.{self.number}"


SECTIONS = (
    AnnexSection(
        "A",
        _t(
            "Provider of a high-risk AI system",
            "Fournisseur d'un système d'IA à haut risque",
            "Aanbieder van een AI-systeem met een hoog risico",
            "Anbieter eines Hochrisiko-KI-Systems",
        ),
        "Art. 49(1)",
    ),
    AnnexSection(
        "B",
        _t(
            "Provider of an Annex III system it considers not high-risk",
            "Fournisseur d'un système de l'annexe III qu'il estime ne pas être à haut risque",
            "Aanbieder van een systeem uit bijlage III dat hij niet als hoog risico beschouwt",
            "Anbieter eines Systems nach Anhang III, das er nicht als hochriskant einstuft",
        ),
        "Art. 6(3), Art. 49(2)",
    ),
    AnnexSection(
        "C",
        _t(
            "Deployer that is a public authority or acts on its behalf",
            "Déployeur qui est une autorité publique ou agit pour son compte",
            "Gebruiksverantwoordelijke die een overheidsinstantie is of namens haar optreedt",
            "Betreiber, der eine Behörde ist oder in ihrem Auftrag handelt",
        ),
        "Art. 49(3)",
    ),
)

_PROVIDER = _t(
    "Provider: name, address and contact details",
    "Fournisseur : nom, adresse et coordonnées",
    "Aanbieder: naam, adres en contactgegevens",
    "Anbieter: Name, Anschrift und Kontaktdaten",
)
_SUBMITTER = _t(
    "Who submits the information on the provider's or deployer's behalf",
    "Qui introduit les informations pour le fournisseur ou le déployeur",
    "Wie de gegevens indient namens de aanbieder of gebruiksverantwoordelijke",
    "Wer die Angaben für den Anbieter oder Betreiber übermittelt",
)
_REPRESENTATIVE = _t(
    "Authorised representative in the EU",
    "Mandataire établi dans l'UE",
    "Gemachtigde in de EU",
    "Bevollmächtigter in der EU",
)
_TRADE_NAME = _t(
    "Trade name and unambiguous reference",
    "Nom commercial et référence univoque",
    "Handelsnaam en eenduidige referentie",
    "Handelsname und eindeutige Referenz",
)
_PURPOSE = _t(
    "Intended purpose, components and functions",
    "Destination, composants et fonctions",
    "Beoogd doel, onderdelen en functies",
    "Zweckbestimmung, Komponenten und Funktionen",
)
_STATUS = _t("Market status", "Statut sur le marché", "Marktstatus", "Marktstatus")
_MEMBER_STATES = _t(
    "Member states where it is placed on the market or used",
    "États membres où il est mis sur le marché ou utilisé",
    "Lidstaten waar het in de handel is of wordt gebruikt",
    "Mitgliedstaaten, in denen es in Verkehr gebracht oder eingesetzt wird",
)

POINTS = (
    AnnexPoint("A", 1, _PROVIDER),
    AnnexPoint("A", 2, _SUBMITTER),
    AnnexPoint("A", 3, _REPRESENTATIVE),
    AnnexPoint("A", 4, _TRADE_NAME),
    AnnexPoint("A", 5, _PURPOSE),
    AnnexPoint(
        "A",
        6,
        _t(
            "Data used and operating logic, in short",
            "Données utilisées et logique de fonctionnement, en bref",
            "Gebruikte gegevens en werkingslogica, in het kort",
            "Verwendete Daten und Funktionslogik, kurz gefasst",
        ),
    ),
    AnnexPoint("A", 7, _STATUS),
    AnnexPoint(
        "A",
        8,
        _t(
            "Certificate of the notified body: type, number, expiry and body",
            "Certificat de l'organisme notifié : type, numéro, échéance et organisme",
            "Certificaat van de aangemelde instantie: soort, nummer, vervaldatum en instantie",
            "Bescheinigung der notifizierten Stelle: Art, Nummer, Ablauf und Stelle",
        ),
    ),
    AnnexPoint(
        "A",
        9,
        _t(
            "Copy of that certificate",
            "Copie de ce certificat",
            "Kopie van dat certificaat",
            "Kopie dieser Bescheinigung",
        ),
    ),
    AnnexPoint("A", 10, _MEMBER_STATES),
    AnnexPoint(
        "A",
        11,
        _t(
            "EU declaration of conformity",
            "Déclaration UE de conformité",
            "EU-conformiteitsverklaring",
            "EU-Konformitätserklärung",
        ),
    ),
    AnnexPoint(
        "A",
        12,
        _t(
            "Electronic instructions for use",
            "Notice d'utilisation électronique",
            "Elektronische gebruiksaanwijzing",
            "Elektronische Betriebsanleitung",
        ),
    ),
    AnnexPoint(
        "A",
        13,
        _t(
            "Web address with more information (optional)",
            "Adresse web pour plus d'informations (facultatif)",
            "Webadres met meer informatie (facultatief)",
            "Webadresse mit weiteren Informationen (freiwillig)",
        ),
    ),
    AnnexPoint("B", 1, _PROVIDER),
    AnnexPoint("B", 2, _SUBMITTER),
    AnnexPoint("B", 3, _REPRESENTATIVE),
    AnnexPoint("B", 4, _TRADE_NAME),
    AnnexPoint("B", 5, _PURPOSE),
    AnnexPoint(
        "B",
        6,
        _t(
            "Condition(s) of Art. 6(3) relied on",
            "Condition(s) de l'art. 6, § 3, invoquée(s)",
            "Ingeroepen voorwaarde(n) van art. 6, lid 3",
            "Herangezogene Bedingung(en) nach Art. 6 Abs. 3",
        ),
    ),
    AnnexPoint(
        "B",
        7,
        _t(
            "Why it is not high-risk, in short",
            "Pourquoi il n'est pas à haut risque, en bref",
            "Waarom het geen hoog risico inhoudt, in het kort",
            "Warum es nicht hochriskant ist, kurz gefasst",
        ),
    ),
    AnnexPoint("B", 8, _STATUS),
    AnnexPoint("B", 9, _MEMBER_STATES),
    AnnexPoint(
        "C",
        1,
        _t(
            "Deployer: name, address and contact details",
            "Déployeur : nom, adresse et coordonnées",
            "Gebruiksverantwoordelijke: naam, adres en contactgegevens",
            "Betreiber: Name, Anschrift und Kontaktdaten",
        ),
    ),
    AnnexPoint("C", 2, _SUBMITTER),
    AnnexPoint(
        "C",
        3,
        _t(
            "The provider's entry in the EU database",
            "La fiche du fournisseur dans la base de données de l'UE",
            "De registratie van de aanbieder in de EU-databank",
            "Der Eintrag des Anbieters in der EU-Datenbank",
        ),
    ),
    AnnexPoint(
        "C",
        4,
        _t(
            "Findings of the fundamental rights impact assessment, in short",
            "Conclusions de l'analyse d'impact sur les droits fondamentaux, en bref",
            "Bevindingen van de effectbeoordeling op de grondrechten, in het kort",
            "Ergebnisse der Grundrechte-Folgenabschätzung, kurz gefasst",
        ),
    ),
    AnnexPoint(
        "C",
        5,
        _t(
            "Data protection impact assessment, in short, where one is required",
            "Analyse d'impact relative à la protection des données, en bref, si elle est requise",
            "Gegevensbeschermingseffectbeoordeling, in het kort, als die vereist is",
            "Datenschutz-Folgenabschätzung, kurz gefasst, sofern erforderlich",
        ),
    ),
)

# Points the standard's fields do not answer: the organisation keeping the record does.
FROM_ORGANISATION = {"A.2", "B.2", "C.1", "C.2"}
# Points answered by fields that the standard does not tag with that point.
EXTRA_FIELDS = {"A.13": ("website",), "C.1": ("contact_email",)}


def fields_for(code: str) -> tuple[str, ...]:
    """The standard's fields that answer one Annex VIII point, in the standard's order."""
    tagged = tuple(spec.name for spec in FIELDS if code in spec.annex_viii)
    extra = tuple(name for name in EXTRA_FIELDS.get(code, ()) if name not in tagged)
    return tagged + extra


def applicable_sections(fields: Mapping[str, Any], level: str) -> set[str]:
    """The sections that apply to the record, as far as its public fields tell."""
    roles = set(fields.get("operator_roles") or ())
    applies: set[str] = set()
    if "provider" in roles and fields.get("risk_category") == "high_risk":
        applies.add("A")
    if fields.get("non_high_risk_justification"):
        applies.add("B")
    if "deployer" in roles and fields.get("risk_category") == "high_risk" and level != "private":
        applies.add("C")
    return applies


def annex_viii(
    document: Mapping[str, Any],
    organisation_contact: Mapping[str, str],
    *,
    base_url: str,
    assessments: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """One published record in the layout of Annex VIII: sections A, B and C with their points.

    Only public fields appear; a point without a public answer says so (`fields` is empty). The
    points answered by the organisation itself (who submits, the deployer) carry its name and
    public contact details.
    """
    fields = document.get("fields") or {}
    organisation = document.get("organisation") or {}
    applies = applicable_sections(fields, str(organisation.get("level") or ""))
    sections = []
    for section in SECTIONS:
        points = []
        for point in (p for p in POINTS if p.section == section.code):
            answers = [
                {"field": name, "value": fields[name]}
                for name in fields_for(point.code)
                if fields.get(name) not in (None, "", [], {})
            ]
            item: dict[str, Any] = {
                "point": point.code,
                "number": point.number,
                "heading": point.heading,
                "fields": answers,
            }
            if assessments and point.code in assessments:  # C.4 FRIA, C.5 DPIA summaries
                item["assessment"] = dict(assessments[point.code])
            if point.code in FROM_ORGANISATION:
                number = organisation.get("enterprise_number")
                item["organisation"] = {
                    "name": organisation.get("name") or {},
                    "enterprise_number": format_enterprise_number(number) if number else None,
                    **{key: value for key, value in organisation_contact.items() if value},
                }
            points.append(item)
        sections.append(
            {
                "section": section.code,
                "title": section.title,
                "legal_basis": section.basis,
                "applies": section.code in applies,
                "points": points,
            }
        )
    return {
        "system": {
            "uuid": document.get("uuid"),
            "slug": document.get("slug"),
            "url": system_url(base_url, str(document.get("slug"))),
            "version": document.get("version"),
            "published_at": document.get("published_at"),
            "default_language": document.get("default_language"),
            "name": fields.get("name") or {},
        },
        "organisation": organisation,
        "sensitive": is_sensitive(fields),
        "sections": sections,
    }
