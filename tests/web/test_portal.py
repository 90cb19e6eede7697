"""The public portal: search page and its JSON twin, system pages, versions and comparisons."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from web_support import assert_problem, browser, html_lang

from balise.bootstrap import Container
from balise.services import register
from register_support import actor_of, create_published, draft, publish

CHILDCARE = {
    "name": {
        "nl": "Berekening van de toelage voor kinderopvang",
        "fr": "Calcul de l'allocation de garde d'enfants",
    },
    "description_short": {
        "nl": "Het systeem berekent de toelage per gezin.",
        "fr": "Le système calcule l'allocation par famille.",
    },
}


def published(container: Container, world: dict[str, Any], **changes: Any) -> str:
    return create_published(container, world, **{**CHILDCARE, **changes}).slug


def test_search_finds_a_system_by_a_stemmed_word_and_the_json_twin_agrees(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    slug = published(container, world)
    other = create_published(container, world).slug  # "Toekenning van studietoelagen"
    with browser(app) as client:
        page = client.get("/systems", params={"q": "toelagen"})
        assert page.status_code == 200
        assert f'href="/systems/{slug}"' in page.text
        assert f'href="/systems/{other}"' not in page.text
        assert "1 AI system found." in page.text
        twin = client.get("/systems.json", params={"q": "toelagen"}).json()
        assert [system["slug"] for system in twin["systems"]] == [slug]
        assert twin["total"] == 1
        assert twin["total_is_exact"]
        assert twin["systems"][0]["name"]["fr"].startswith("Calcul")

        everything = client.get("/systems")
        assert "2 AI systems found." in everything.text
        assert (
            client.get("/systems", params={"q": "allocations"}).text.count('href="/systems/') >= 1
        )


def test_filters_and_unknown_filter_values(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    slug = published(container, world, lifecycle_status="pilot", risk_category="high_risk")
    other = create_published(container, world).slug
    with browser(app) as client:
        twin = client.get(
            "/systems.json", params={"lifecycle_status": "pilot", "organisation": "alpha"}
        ).json()
        assert [system["slug"] for system in twin["systems"]] == [slug]
        assert twin["filters"] == {"lifecycle_status": "pilot", "organisation": "alpha"}
        assert client.get("/systems.json", params={"organisation": "beta"}).json()["total"] == 0
        assert client.get("/systems.json", params={"language": "de"}).json()["total"] == 0
        by_risk = client.get("/systems.json", params={"risk_category": "not_assessed"}).json()
        assert [system["slug"] for system in by_risk["systems"]] == [other]
        # An old bookmark with a value that no longer exists still works: the filter is dropped.
        page = client.get("/systems", params={"sector": "no-such-sector"})
        assert page.status_code == 200
        assert "2 AI systems found." in page.text
        # The form shows what was chosen.
        chosen = client.get("/systems", params={"lifecycle_status": "pilot"})
        assert re.search(r'<option value="pilot"\s+selected', chosen.text)


def test_results_are_paginated_without_javascript(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    slugs = {
        create_published(container, world, name={"nl": f"Dienst {number:02d}"}).slug
        for number in range(23)
    }
    with browser(app) as client:
        first = client.get("/systems")
        assert "23 AI systems found." in first.text
        assert 'href="/systems?page=2"' in first.text
        second = client.get("/systems?page=2")
        assert 'href="/systems"' in second.text  # back to page one
        seen = set()
        for number in (1, 2):
            twin = client.get(f"/systems.json?page={number}").json()
            seen |= {system["slug"] for system in twin["systems"]}
        assert twin["next"] is None
        assert seen == slugs


def test_a_system_page_shows_only_public_fields_in_the_readers_language(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    record = create_published(
        container,
        world,
        **CHILDCARE,
        goal={"nl": "Geheim beleidsdoel."},
        impact={"nl": "Gezinnen krijgen sneller hun toelage."},
    )
    with container.uow() as uow:  # the next version hides the goal from the public
        register.update_system(
            uow,
            actor=actor_of(world, "editor"),
            slug=record.slug,
            draft=register.Draft(
                values=draft(
                    **CHILDCARE,
                    goal={"nl": "Geheim beleidsdoel."},
                    impact={"nl": "Gezinnen krijgen sneller hun toelage."},
                ).values,
                visibility={"goal": "restricted"},
                default_language="nl",
                checked_languages=("fr",),
            ),
        )
        uow.commit()
    publish(container, world, record.slug)
    with browser(app, language="fr") as client:
        page = client.get(f"/systems/{record.slug}")
        assert page.status_code == 200
        assert html_lang(page) == "fr"
        assert "Calcul de l&#39;allocation de garde d&#39;enfants" in page.text
        for secret in ("Jan Peeters", "Geheim beleidsdoel"):
            assert secret not in page.text
        # The impact exists in Dutch only: shown in Dutch, marked as such.
        assert re.search(r'<div lang="nl"><p>Gezinnen krijgen sneller', page.text)
        assert 'class="fallback-note"' in page.text
        assert "https://alpha.example/uitleg" in page.text  # where to ask for an explanation
        twin = client.get(f"/systems/{record.slug}.json").json()
    assert twin["version"] == 2
    assert "contact_name" not in twin["fields"]
    assert "goal" not in twin["fields"]
    assert twin["fields"]["impact"] == {"nl": "Gezinnen krijgen sneller hun toelage."}
    assert twin["checked_languages"] == ["fr"]
    assert not twin["stale"]
    assert not twin["withdrawn"]
    with browser(app, language="nl") as client:
        page = client.get(f"/systems/{record.slug}")
        assert "Berekening van de toelage voor kinderopvang" in page.text
        assert re.search(r'<div lang="nl"><p>Gezinnen krijgen sneller', page.text)


def test_sensitive_annex_iii_records_keep_most_fields_off_the_portal(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    slug = published(container, world, annex_iii_point="6(d)", goal={"nl": "Opsporing van fraude."})
    with browser(app) as client:
        page = client.get(f"/systems/{slug}")
        twin = client.get(f"/systems/{slug}.json").json()
    assert "Opsporing" not in page.text
    assert "Dossierbeheerders" not in page.text
    assert "Art. 49(4)" in page.text
    assert "goal" not in twin["fields"]
    assert "intended_purpose" not in twin["fields"]
    assert twin["fields"]["objection_procedure"]["nl"].startswith("Bezwaar")


def test_stale_and_withdrawn_systems_are_marked(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    stale = published(container, world, revision_date="2020-01-31")
    gone = create_published(container, world).slug
    with container.uow() as uow:
        register.withdraw_system(
            uow, actor=actor_of(world, "reviewer"), slug=gone, reason="Replaced by a new system."
        )
        uow.commit()
    with browser(app) as client:
        listed = client.get("/systems")
        assert "Out of date" in listed.text
        assert f'href="/systems/{gone}"' not in listed.text
        with_withdrawn = client.get("/systems", params={"include_withdrawn": "1"})
        assert f'href="/systems/{gone}"' in with_withdrawn.text
        assert "Withdrawn" in with_withdrawn.text
        page = client.get(f"/systems/{stale}")
        assert "was due for review on January 31, 2020" in page.text
        withdrawn = client.get(f"/systems/{gone}")
        assert withdrawn.status_code == 200
        assert "Replaced by a new system." in withdrawn.text
        twin = client.get(f"/systems/{gone}.json").json()
        assert twin["withdrawn"]
        assert twin["withdrawal_reason"] == "Replaced by a new system."
        assert client.get(f"/systems/{stale}.json").json()["stale"]


def test_versions_and_the_comparison_show_what_the_reader_may_see(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    slug = published(container, world)
    with container.uow() as uow:
        register.update_system(
            uow,
            actor=actor_of(world, "editor"),
            slug=slug,
            draft=draft(
                **{**CHILDCARE, "name": {**CHILDCARE["name"], "nl": "Toelage kinderopvang"}},
                lifecycle_status="retired",
                contact_name="Someone Else",
            ),
        )
        uow.commit()
    publish(container, world, slug)
    with browser(app) as client:
        versions = client.get(f"/systems/{slug}/versions")
        assert versions.status_code == 200
        assert f'href="/systems/{slug}/compare?from=1&amp;to=2"' in versions.text
        compare = client.get(f"/systems/{slug}/compare", params={"from": 1, "to": 2})
        assert compare.status_code == 200
        assert "Life-cycle stage" in compare.text
        assert "Retired" in compare.text
        assert "Toelage kinderopvang" in compare.text
        assert "Someone Else" not in compare.text
        assert "Contact person" not in compare.text
        assert client.get(f"/systems/{slug}/compare").text == compare.text  # latest two
        assert client.get(f"/systems/{slug}/compare?from=1&to=9").status_code == 404
        assert client.get(f"/systems/{slug}/compare?from=x").status_code == 422


def test_unknown_and_unpublished_systems_do_not_exist_on_the_portal(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    with container.uow() as uow:
        record = register.create_system(
            uow,
            actor=actor_of(world, "editor"),
            organisation_id=world["organisations"]["alpha"].id,
            draft=draft(),
        )
        uow.commit()
    with browser(app) as client:
        for slug in ("no-such-system", record.slug):
            assert client.get(f"/systems/{slug}").status_code == 404
            assert_problem(client.get(f"/systems/{slug}.json"), 404)
            assert client.get(f"/systems/{slug}/versions").status_code == 404


def test_organisation_pages_list_their_published_systems(
    app: FastAPI, container: Container, world: dict[str, Any]
) -> None:
    slug = published(container, world)
    with browser(app) as client:
        alpha = client.get("/organisations/alpha")
        beta = client.get("/organisations/beta")
        home = client.get("/")
    assert f'href="/systems/{slug}"' in alpha.text
    assert 'href="/systems?organisation=alpha"' in alpha.text
    assert "/systems/" not in beta.text.replace('href="/systems"', "")
    assert 'href="/systems"' in home.text  # the site menu
