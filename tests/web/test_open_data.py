"""Open data: JSON, CSV and DCAT-AP exports of published records, and the Annex VIII layout."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.testclient import TestClient

from balise.bootstrap import Container
from balise.services import register, register_exports
from register_support import actor_of, create, create_published

INTERNAL = ("contact_name", "source_id")


def published_world(container: Container, world: dict[str, Any]) -> dict[str, str]:
    """Three published records (one then withdrawn, one sensitive) and a draft."""
    plain = create_published(
        container,
        world,
        source_id="A-1",
        operator_roles=["provider", "deployer"],
        risk_category="high_risk",
        trade_name="StudieScan",
        provider_name="Alpha",
        member_states=["BE"],
    )
    sensitive = create_published(
        container,
        world,
        name={"nl": "Risico op recidive", "fr": "Risque de récidive"},
        annex_iii_point="6(d)",
        goal={"nl": "Geheim doel."},
    )
    withdrawn = create_published(
        container, world, name={"nl": "Oud systeem", "fr": "Ancien système"}
    )
    with container.uow() as uow:
        register.withdraw_system(
            uow, actor=actor_of(world, "reviewer"), slug=withdrawn.slug, reason="Niet meer nodig."
        )
        uow.commit()
    draft = create(container, world, name={"nl": "Nog een ontwerp", "fr": "Un brouillon"})
    return {
        "plain": plain.slug,
        "sensitive": sensitive.slug,
        "withdrawn": withdrawn.slug,
        "draft": draft.slug,
    }


def test_the_json_export_holds_published_public_fields_only(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    slugs = published_world(container, world)

    response = client.get("/open-data/systems.json")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    systems = {item["slug"]: item for item in response.json()["systems"]}
    assert set(systems) == {slugs["plain"], slugs["sensitive"], slugs["withdrawn"]}
    for item in systems.values():
        assert not set(item["fields"]) & set(INTERNAL)
    assert systems[slugs["withdrawn"]]["withdrawn"] is True
    assert systems[slugs["withdrawn"]]["withdrawal_reason"] == "Niet meer nodig."
    assert systems[slugs["plain"]]["withdrawn"] is False
    assert "goal" not in systems[slugs["sensitive"]]["fields"]  # Annex III point 6
    assert systems[slugs["plain"]]["url"].endswith(f"/systems/{slugs['plain']}")


def test_the_csv_export_has_one_row_per_system_and_columns_per_language(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    slugs = published_world(container, world)

    response = client.get("/open-data/systems.csv")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["slug"] for row in rows} == {slugs["plain"], slugs["sensitive"], slugs["withdrawn"]}
    header = set(rows[0])
    assert {"name_nl", "name_fr", "name_de", "name_en", "organisation_name_nl"} <= header
    assert not header & set(INTERNAL)
    plain = next(row for row in rows if row["slug"] == slugs["plain"])
    assert plain["name_nl"] == "Toekenning van studietoelagen"
    assert plain["tags"] == "beurs, onderwijs"
    assert "Jan Peeters" not in response.text


def test_exports_stream_in_batches_without_losing_or_repeating_a_record(
    container: Container, world: dict[str, Any]
) -> None:
    slugs = published_world(container, world)
    text = "".join(
        register_exports.json_chunks(container.uow, base_url="https://x.example", batch_size=1)
    )
    found = [item["slug"] for item in json.loads(text)["systems"]]
    assert sorted(found) == sorted([slugs["plain"], slugs["sensitive"], slugs["withdrawn"]])
    rows = "".join(
        register_exports.csv_chunks(container.uow, base_url="https://x.example", batch_size=2)
    )
    assert len(list(csv.DictReader(io.StringIO(rows)))) == 3


def test_the_dcat_catalogue_is_json_ld_with_the_expected_types(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    published_world(container, world)

    response = client.get("/open-data/catalog.jsonld")

    assert response.headers["content-type"].startswith("application/ld+json")
    catalog = json.loads(response.text)
    assert catalog["@type"] == "dcat:Catalog"
    dataset = catalog["dcat:dataset"][0]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["balise:records"] == 3
    distributions = dataset["dcat:distribution"]
    assert {item["@type"] for item in distributions} == {"dcat:Distribution"}
    assert {item["dcat:downloadURL"]["@id"].rsplit(".", 1)[1] for item in distributions} == {
        "json",
        "csv",
    }
    assert catalog["dct:license"]["@id"].endswith("/CC0")
    assert {item["@language"] for item in catalog["dct:title"]} == {"fr", "nl", "de", "en"}
    assert len(catalog["dct:language"]) == 4
    assert catalog["dct:modified"]["@type"] == "xsd:dateTime"


def test_an_empty_register_exports_valid_empty_documents(client: TestClient) -> None:
    assert client.get("/open-data/systems.json").json()["systems"] == []
    assert len(list(csv.reader(io.StringIO(client.get("/open-data/systems.csv").text)))) == 1
    assert "dct:modified" not in client.get("/open-data/catalog.jsonld").json()
    assert client.get("/open-data").status_code == 200


def test_a_record_in_the_annex_viii_layout(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    slugs = published_world(container, world)

    document = client.get(f"/systems/{slugs['plain']}/annex-viii.json").json()

    assert [section["section"] for section in document["sections"]] == ["A", "B", "C"]
    by_code = {p["point"]: p for s in document["sections"] for p in s["points"]}
    assert len(by_code) == 13 + 9 + 5
    assert {section["section"]: section["applies"] for section in document["sections"]} == {
        "A": True,
        "B": False,
        "C": True,
    }
    assert {a["field"] for a in by_code["A.4"]["fields"]} == {"name", "trade_name"}
    assert by_code["A.10"]["fields"] == [{"field": "member_states", "value": ["BE"]}]
    assert by_code["C.1"]["organisation"]["name"] == {"fr": "alpha FR", "nl": "alpha NL"}
    assert set(by_code["A.1"]["heading"]) == {"fr", "nl", "de", "en"}
    assert "contact_name" not in json.dumps(document)

    client.headers["Accept-Language"] = "nl"
    page = client.get(f"/systems/{slugs['plain']}/annex-viii")
    assert page.status_code == 200
    assert "Handelsnaam en eenduidige referentie" in page.text
    assert "StudieScan" in page.text


def test_a_sensitive_record_says_so_and_a_draft_has_no_annex(
    client: TestClient, container: Container, world: dict[str, Any]
) -> None:
    slugs = published_world(container, world)
    assert client.get(f"/systems/{slugs['sensitive']}/annex-viii.json").json()["sensitive"]
    assert client.get(f"/systems/{slugs['draft']}/annex-viii.json").status_code == 404
    assert client.get(f"/systems/{slugs['draft']}/annex-viii").status_code == 404
    withdrawn = client.get(f"/systems/{slugs['withdrawn']}/annex-viii.json").json()
    assert withdrawn["withdrawn"] is True
