"""The register's flat rows and open data shapes, without a database."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from balise.domain.register.exports import (
    POINTS,
    SECTIONS,
    PublishedEntry,
    applicable_sections,
    csv_header,
    csv_row,
    dcat_catalog,
    fields_for,
)
from balise.domain.register.rows import (
    FileFormat,
    check_rows,
    column_hint,
    parse_row,
    read_rows,
    template_columns,
)
from balise.domain.register.standard import FIELDS, Visibility
from balise.domain.shared.errors import ValidationError


def test_the_template_starts_with_the_identifier_and_covers_every_field() -> None:
    columns = template_columns()
    assert columns[:2] == ("source_id", "default_language")
    assert len(columns) == len(set(columns))
    for spec in FIELDS:
        assert spec.name in columns or f"{spec.name}_nl" in columns
    assert all(column_hint(column).key for column in columns)
    assert column_hint("decision_type").params["codes"].startswith("fully_automated")


def test_a_row_folds_language_columns_and_lists() -> None:
    row = parse_row(
        7,
        {
            "source_id": " S-1 ",
            "default_language": "FR",
            "name_fr": "Tri",
            "name_nl": "",
            "themes": "health, education",
            "personal_data": "oui",
            "explanation_days": 15.0,
            "visibility_goal": "Internal",
        },
    )
    assert (row.line, row.source_id, row.default_language.value) == (7, "S-1", "fr")
    assert row.values["name"] == {"fr": "Tri"}
    assert row.values["themes"] == ["health", "education"]
    assert row.values["personal_data"] is True
    assert row.values["explanation_days"] == 15
    assert row.visibility == {"goal": Visibility.INTERNAL}
    assert row.columns >= {"name_fr", "name_nl", "themes", "personal_data"}


def test_a_row_merges_over_a_record_language_by_language() -> None:
    row = parse_row(
        2, {"source_id": "S", "default_language": "nl", "name_nl": "Nieuw", "goal_fr": ""}
    )
    merged = row.merged_into(
        {
            "name": {"nl": "Oud", "fr": "Ancien"},
            "goal": {"fr": "But"},
            "tags": ["x"],
            "source_id": "S",
        },
        {"goal": Visibility.INTERNAL},
    )
    assert merged.values == {
        "name": {"nl": "Nieuw", "fr": "Ancien"},
        "tags": ["x"],
        "source_id": "S",
    }
    assert merged.visibility == {"goal": Visibility.INTERNAL}


def test_the_language_of_a_name_in_one_language_is_the_records() -> None:
    assert parse_row(2, {"source_id": "S", "name_de": "Name"}).default_language.value == "de"
    with pytest.raises(ValidationError):
        parse_row(2, {"source_id": "S", "name_de": "Name", "name_fr": "Nom"})


def test_every_wrong_column_of_a_row_is_named() -> None:
    with pytest.raises(ValidationError) as raised:
        parse_row(2, {"source_id": "", "default_language": "xx", "begin_date": "31/12/2026"})
    assert set(raised.value.errors) == {"source_id", "default_language", "begin_date"}


def test_a_json_document_may_nest_texts_and_visibility() -> None:
    text = (
        b'[{"source_id": "J", "default_language": "de", "name": {"de": "Pr\\u00fcfen"},'
        b' "visibility": {"goal": "restricted"}, "tags": ["a", "b"]}]'
    )
    good, problems = check_rows(read_rows(io.BytesIO(text), FileFormat.JSON))
    assert problems == {}
    assert good[0].values["name"] == {"de": "Prüfen"}
    assert good[0].visibility == {"goal": Visibility.RESTRICTED}


def test_the_csv_export_never_has_a_column_for_a_field_hidden_by_default() -> None:
    header = csv_header()
    assert "contact_name" not in header
    assert "source_id" not in header
    assert {"name_fr", "name_nl", "name_de", "name_en", "withdrawn"} <= set(header)
    entry = PublishedEntry(
        1,
        {"slug": "s", "fields": {"name": {"nl": "N"}, "tags": ["a", "b"], "personal_data": False}},
        withdrawn=True,
        withdrawal_reason="Weg.",
    )
    row = dict(zip(header, csv_row(entry, "https://b.example/"), strict=True))
    assert row["url"] == "https://b.example/systems/s"
    assert (row["name_nl"], row["tags"], row["personal_data"]) == ("N", "a, b", "false")
    assert (row["withdrawn"], row["withdrawal_reason"]) == ("true", "Weg.")


def test_annex_viii_points_come_from_the_standard() -> None:
    assert [section.code for section in SECTIONS] == ["A", "B", "C"]
    assert [p.number for p in POINTS if p.section == "A"] == list(range(1, 14))
    assert [p.number for p in POINTS if p.section == "B"] == list(range(1, 10))
    assert [p.number for p in POINTS if p.section == "C"] == list(range(1, 6))
    assert all(set(point.heading) == {"fr", "nl", "de", "en"} for point in POINTS)
    assert fields_for("A.4") == ("name", "trade_name", "system_reference")
    assert fields_for("C.3") == ("eu_database_url",)
    assert fields_for("A.13") == ("website",)
    tagged = {code for spec in FIELDS for code in spec.annex_viii}
    assert tagged <= {point.code for point in POINTS}


def test_which_sections_apply() -> None:
    high = {"risk_category": "high_risk", "operator_roles": ["provider", "deployer"]}
    assert applicable_sections(high, "local") == {"A", "C"}
    assert applicable_sections(high, "private") == {"A"}
    assert applicable_sections({"non_high_risk_justification": {"fr": "x"}}, "local") == {"B"}


def test_the_catalogue_names_its_distributions() -> None:
    when = datetime(2026, 11, 22, tzinfo=UTC)
    catalog = dcat_catalog("https://b.example/", publisher="Balise", modified=when, count=2)
    dataset = catalog["dcat:dataset"][0]
    assert [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]] == [
        "https://b.example/open-data/systems.json",
        "https://b.example/open-data/systems.csv",
    ]
    assert catalog["dct:modified"]["@value"] == "2026-11-22T00:00:00+00:00"
