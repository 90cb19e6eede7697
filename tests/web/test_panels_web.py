"""Citizens' panels in the browser: an organiser's whole journey, the public page, privacy."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from panel_support import (
    COMMITMENTS,
    NATURE_PEOPLE,
    NATURE_QUOTAS,
    NATURE_SIZE,
    PUBLIC_SOURCE,
    PUBLIC_VALUE,
    SECRETS,
    SF_PEOPLE,
    SF_QUOTAS,
    SF_SIZE,
    TINY_PEOPLE,
    make_panel,
)
from web_support import actor_of, browser, post_form, rows, sign_in

from balise.bootstrap import Container
from balise.domain.panels.record import PanelState
from balise.domain.panels.selection import verify_draw

CSV = "text/csv"
# Every name, e-mail address and telephone number of the Sortition Foundation fixture.
CONTACT_VALUES = [
    value for line in SF_PEOPLE.splitlines()[1:] for value in line.split(",")[1:9] if value
]


def addresses_csv(count: int = 60) -> str:
    lines = ["id,stratum,name,street"]
    for number in range(count):
        stratum = ("Brussels", "Flanders", "Wallonia")[number % 3]
        lines.append(f"a{number:03d},{stratum},Resident {number},Rue {number}")
    return "\n".join(lines) + "\n"


STRATA = (
    "stratum,population,oversampling\n"
    "Brussels,1200000,1.5\nFlanders,6700000,1\nWallonia,3600000,1\n"
)


def upload(client: TestClient, path: str, files: dict[str, tuple[str, str]], **fields: str) -> Any:
    return post_form(
        client,
        path,
        fields,
        files={name: (filename, text.encode(), CSV) for name, (filename, text) in files.items()},
    )


def create(client: TestClient, world: dict[str, Any], slug: str, size: int) -> None:
    response = post_form(
        client,
        "/panels/new",
        {
            "organisation": "alpha",
            "title_en": "Panel on artificial intelligence",
            "title_fr": "Panel sur l’intelligence artificielle",
            "slug": slug,
            "size": str(size),
            "algorithm": "leximin",
            "lottery_size": "1000",
        },
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/panels/{slug}/manage"


def published_bytes(client: TestClient, slug: str) -> dict[str, bytes]:
    return {
        name: client.get(f"/panels/{slug}/files/{name}.json").content
        for name in ("published", "reveal", "pool", "quotas", "lottery", "commitment")
    }


def test_an_organiser_runs_a_panel_from_invitations_to_a_verified_draw(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    editor = browsers["editor"]
    create(editor, world, "ai-panel", SF_SIZE)
    assert editor.get("/panels").status_code == 200
    assert 'href="/panels/ai-panel/manage"' in editor.get("/panels").text

    # 1. Invitations: stratified, seeded, downloadable.
    invited = upload(
        editor,
        "/panels/ai-panel/invitations",
        {"addresses": ("addresses.csv", addresses_csv()), "strata": ("strata.csv", STRATA)},
        letters="30",
        seed="7",
    )
    assert invited.status_code == 303, invited.text
    letters = editor.get("/panels/ai-panel/invitations.csv")
    assert letters.status_code == 200
    assert letters.headers["content-type"].startswith("text/csv")
    lines = letters.text.splitlines()
    assert lines[0] == "id,stratum,name,street,registration_code"
    assert len(lines) == 31
    codes = [line.rsplit(",", 1)[1] for line in lines[1:]]
    assert all(re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code) for code in codes)
    again = upload(
        editor,
        "/panels/ai-panel/invitations",
        {"addresses": ("addresses.csv", addresses_csv()), "strata": ("strata.csv", STRATA)},
        letters="30",
        seed="7",
    )
    assert again.status_code == 303
    redrawn = editor.get("/panels/ai-panel/invitations.csv").text.splitlines()
    # The same seed draws the same letters; their codes are new, the old ones no longer register.
    assert [line.rsplit(",", 1)[0] for line in redrawn] == [
        line.rsplit(",", 1)[0] for line in lines
    ]
    assert not set(codes) & {line.rsplit(",", 1)[1] for line in redrawn[1:]}
    page = editor.get("/panels/ai-panel/manage")
    assert "Brussels" in page.text

    # 2. Pool and quotas; contact details kept apart.
    loaded = upload(
        editor,
        "/panels/ai-panel/pool",
        {"people": ("people.csv", SF_PEOPLE), "quotas": ("quotas.csv", SF_QUOTAS)},
    )
    assert loaded.status_code == 303, loaded.text
    page = editor.get("/panels/ai-panel/manage")
    assert "150 volunteers in the pool." in page.text
    assert "some panel of 22 people meets every quota" in page.text
    features = rows(container, "SELECT features FROM panel_people WHERE person_id = 'p0'")
    assert "email0" not in json.dumps(features[0].features)
    contacts = rows(container, "SELECT details FROM panel_contacts WHERE person_id = 'p0'")
    details = contacts[0].details
    assert (json.loads(details) if isinstance(details, str) else details)["email"] == "email0"
    assert editor.get("/panels/ai-panel").status_code == 404  # nothing public yet

    # 3. The selection runs as a job with a progress bar.
    started = post_form(editor, "/panels/ai-panel/select")
    assert started.status_code == 303
    job_id = started.headers["location"].removeprefix("/jobs/")
    assert "<progress" in editor.get(f"/jobs/{job_id}").text
    finished = container.run_job(job_id)
    assert finished.status.value == "succeeded", finished.error
    assert finished.done == finished.total == 150
    job_page = editor.get(f"/jobs/{job_id}")
    assert "Selecting a citizens" in job_page.text
    assert 'href="/panels/ai-panel/manage#selection"' in job_page.text
    page = editor.get("/panels/ai-panel/manage")
    assert "Fairness figures" in page.text

    # 4. The commitment, then the draw.
    committed = post_form(
        editor,
        "/panels/ai-panel/commit",
        {"party_commitments": "\n".join(COMMITMENTS), "public_source": PUBLIC_SOURCE},
    )
    assert committed.status_code == 303, committed.text
    public = browsers["anonymous"].get("/panels/ai-panel")
    assert public.status_code == 200
    assert "not drawn yet" in public.text
    assert (
        upload(
            editor,
            "/panels/ai-panel/pool",
            {"people": ("people.csv", SF_PEOPLE), "quotas": ("quotas.csv", SF_QUOTAS)},
        ).status_code
        == 409
    )

    wrong = post_form(
        editor,
        "/panels/ai-panel/draw",
        {"secrets": "not the secret\n" + SECRETS[1], "public_value": PUBLIC_VALUE},
    )
    assert wrong.status_code == 422
    assert 'id="error-secrets"' in wrong.text
    assert "Secret 1 does not match its commitment." in wrong.text
    drawn = post_form(
        editor,
        "/panels/ai-panel/draw",
        {"secrets": "\n".join(SECRETS), "public_value": PUBLIC_VALUE},
    )
    assert drawn.status_code == 303, drawn.text
    assert (
        post_form(
            editor,
            "/panels/ai-panel/draw",
            {"secrets": "\n".join(SECRETS), "public_value": PUBLIC_VALUE},
        ).status_code
        == 409
    )

    # 5. The public page, its JSON twin, and files that verify.
    anonymous = browsers["anonymous"]
    page = anonymous.get("/panels/ai-panel")
    assert page.status_code == 200
    assert '<svg viewBox="0 0 640 270" width="100%" role="img"' in page.text
    assert "Volunteers per range of chance" in page.text
    document = anonymous.get("/panels/ai-panel.json").json()
    assert document["state"] == "drawn"
    assert all(quota["met"] for quota in document["quotas"])
    assert sum(b["count"] for b in document["probability_histogram"]) == 150
    assert len(document["draw"]["panel"]) == SF_SIZE
    files = published_bytes(anonymous, "ai-panel")
    published = json.loads(files["published"])
    reveal = json.loads(files["reveal"])
    ok, checks, commitment = verify_draw(
        published,
        secrets=reveal["secrets"],
        public_value=reveal["public_value"],
        claimed_panel=reveal["panel"],
    )
    assert ok, checks
    assert commitment.sha256 == reveal["commitment_sha256"] == document["commitment_sha256"]
    assert json.loads(files["pool"]) == published["pool"]
    assert anonymous.get("/api/v1/panels/ai-panel").json() == document
    assert [p["slug"] for p in anonymous.get("/api/v1/panels").json()["panels"]] == ["ai-panel"]

    # 6. Privacy: no contact detail is ever published; deleting one changes nothing published.
    public_texts = [page.text, json.dumps(document), *(f.decode() for f in files.values())]
    for value in CONTACT_VALUES:
        for text in public_texts:
            assert not re.search(rf"\b{re.escape(value)}\b", text), value
    member = reveal["panel"][0]
    email = re.compile(rf"\bemail{member.removeprefix('p')}\b")
    assert email.search(editor.get("/panels/ai-panel/manage").text)  # organisers see it
    deleted = post_form(editor, "/panels/ai-panel/contacts/delete", {"person_id": member})
    assert deleted.status_code == 303
    assert rows(container, "SELECT * FROM panel_contacts WHERE person_id = :id", id=member) == []
    assert published_bytes(anonymous, "ai-panel") == files
    assert not email.search(editor.get("/panels/ai-panel/manage").text)
    unknown = post_form(editor, "/panels/ai-panel/contacts/delete", {"person_id": "nobody"})
    assert unknown.status_code == 422
    assert 'id="error-person_id"' in unknown.text

    events = [
        row.event_type
        for row in rows(
            container,
            "SELECT event_type FROM audit_events WHERE entity_type = 'panel' ORDER BY seq",
        )
    ]
    assert events == [
        "panel.created",
        "panel.invitations_drawn",
        "panel.invitation_codes_issued",
        "panel.invitations_drawn",
        "panel.invitation_codes_issued",
        "panel.pool_loaded",
        "panel.selection_started",
        "panel.selected",
        "panel.committed",
        "panel.drawn",
        "panel.contact_deleted",
    ]
    for row in rows(container, "SELECT after FROM audit_events WHERE entity_type = 'panel'"):
        text = row.after if isinstance(row.after, str) else json.dumps(row.after)
        assert not re.search(r"email|first_name|mobile_number", text)


def test_errors_in_an_uploaded_file_name_line_and_column_in_the_readers_language(
    app: Any, container: Container, world: dict[str, Any]
) -> None:
    bad_quotas = "feature,value,min,max\nGender,Female,nine,12\nGender,Male,10,11\n"
    with browser(app, language="fr") as client:
        sign_in(client, "editor@balise.test")
        create(client, world, "erreurs", SF_SIZE)
        response = upload(
            client,
            "/panels/erreurs/pool",
            {"people": ("people.csv", SF_PEOPLE), "quotas": ("quotas.csv", bad_quotas)},
        )
        assert response.status_code == 422
        assert 'lang="fr"' in response.text
        text = re.sub(r"[\u00a0\u202f]", " ", response.text)
        assert "Ligne 2, colonne min : nine n&#39;est pas un nombre entier." in text
        assert 'href="#field-quotas"' in response.text
        assert 'aria-invalid="true"' in response.text
        not_csv = post_form(
            client,
            "/panels/erreurs/pool",
            files={
                "people": ("people.txt", b"id,a\n", "text/plain"),
                "quotas": ("quotas.csv", SF_QUOTAS.encode(), CSV),
            },
        )
        assert not_csv.status_code == 422
        assert 'href="#field-people"' in not_csv.text
    with browser(app) as client:
        sign_in(client, "editor@balise.test")
        people = SF_PEOPLE.replace("p2,first_name2", "p1,first_name2")
        response = upload(
            client,
            "/panels/erreurs/pool",
            {"people": ("people.csv", people), "quotas": ("quotas.csv", SF_QUOTAS)},
        )
        assert response.status_code == 422
        assert "Line 4, column nationbuilder_id: The id p1 is already used on line 3." in (
            response.text.replace("&#39;", "'")
        )


def test_infeasible_quotas_show_the_conflict_and_the_smallest_relaxation(
    browsers: dict[str, TestClient], world: dict[str, Any]
) -> None:
    editor = browsers["editor"]
    create(editor, world, "too-strict", NATURE_SIZE)
    strict = NATURE_QUOTAS.replace("gender,female,9,20", "gender,female,12,20").replace(
        "gender,male,9,20", "gender,male,12,20"
    )
    loaded = upload(
        editor,
        "/panels/too-strict/pool",
        {"people": ("people.csv", NATURE_PEOPLE), "quotas": ("quotas.csv", strict)},
    )
    assert loaded.status_code == 303, loaded.text
    page = editor.get("/panels/too-strict/manage")
    assert "No: the quotas cannot all be met." in page.text
    assert "The minimums of gender add up to 24, more than 20." in page.text
    assert "The smallest relaxation that makes them feasible" in page.text
    refused = post_form(editor, "/panels/too-strict/select")
    assert refused.status_code == 409
    relaxed = post_form(editor, "/panels/too-strict/relax")
    assert relaxed.status_code == 303
    page = editor.get(relaxed.headers["location"])
    assert "The quotas were relaxed as proposed." in page.text
    assert "Yes: some panel of 20 people meets every quota." in page.text
    assert "200 volunteers in the pool." in page.text  # the people stay as they were
    minimums = re.findall(r"<td>gender</td><td>\w+</td><td>(\d+)</td>", page.text)
    assert sum(int(value) for value in minimums) == 20  # lowered by 4 seats in all, no more
    assert post_form(editor, "/panels/too-strict/relax").status_code == 409
    assert post_form(editor, "/panels/too-strict/select").status_code == 303


@pytest.mark.parametrize("role", ["other-editor", "regulator", "anonymous"])
def test_only_the_organisations_people_organise_its_panels(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any], role: str
) -> None:
    make_panel(
        container,
        actor_of(world, "editor"),
        slug="alpha-panel",
        organisation_id=world["organisations"]["alpha"].id,
        until=PanelState.POOL_LOADED,
    )
    client = browsers[role]
    assert client.get("/panels/alpha-panel/manage", follow_redirects=False).status_code in {
        303,
        403,
    }
    assert post_form(client, "/panels/alpha-panel/select").status_code in {303, 403}
    assert rows(container, "SELECT state FROM panels")[0].state == "pool_loaded"
    assert 'href="/panels/alpha-panel/manage"' not in client.get("/panels").text


def test_the_reviewer_and_the_admin_organise_too_and_contacts_stay_private(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    panel = make_panel(
        container,
        actor_of(world, "reviewer"),
        slug="tiny",
        organisation_id=world["organisations"]["alpha"].id,
        until=PanelState.DRAWN,
    )
    assert panel.state is PanelState.DRAWN
    for role in ("admin", "reviewer"):
        assert browsers[role].get("/panels/tiny/manage").status_code == 200
    anonymous = browsers["anonymous"]
    texts = [anonymous.get("/panels/tiny").text, anonymous.get("/panels/tiny.json").text]
    texts += [f.decode() for f in published_bytes(anonymous, "tiny").values()]
    for secret in ("Ann Peeters", "ann@example.test", "Dirk", "example.test"):
        assert all(secret not in text for text in texts)
    assert "Ann Peeters" in TINY_PEOPLE  # the people file had them


# --- Issue 14 (composition after the draw) and issue 18 (no hash by hand, plain words) ----------


def test_the_composition_of_a_drawn_panel_is_public_as_table_chart_and_api(
    app: Any, browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    alpha = world["organisations"]["alpha"].id
    editor = actor_of(world, "editor")
    make_panel(container, editor, slug="tiny", organisation_id=alpha, until=PanelState.DRAWN)
    make_panel(container, editor, slug="early", organisation_id=alpha, until=PanelState.COMMITTED)
    anonymous = browsers["anonymous"]
    # Quotas group a 1..1 and group b 1..1 on a panel of 2: target 50 %, one member each.
    document = anonymous.get("/api/v1/panels/tiny/composition").json()
    assert document["slug"] == "tiny"
    assert document["size"] == 2
    assert document["composition"] == [
        {
            "category": "group",
            "value": value,
            "min": 1,
            "max": 1,
            "target_share": 0.5,
            "target_range": [0.5, 0.5],
            "count": 1,
            "achieved_share": 0.5,
            "volunteers": volunteers,
            "met": True,
        }
        for value, volunteers in (("a", 3), ("b", 2))
    ]
    assert anonymous.get("/api/v1/panels/early/composition").status_code == 404
    assert anonymous.get("/api/v1/panels/nowhere/composition").status_code == 404
    page = anonymous.get("/panels/tiny").text
    assert "Composition of the drawn panel" in page
    assert 'id="composition-chart"' in page
    assert 'role="img"' in page
    assert 'aria-labelledby="composition-caption"' in page
    assert "Target share" in page
    assert "50%" in page
    assert "Composition of the drawn panel" not in anonymous.get("/panels/early").text
    with browser(app, language="fr") as client:
        french = client.get("/panels/tiny").text
    assert "Composition du panel tiré au sort" in french
    assert "Pourquoi le tirage est digne de confiance" in french


def test_balise_computes_the_fingerprints_of_the_secrets_and_explains_the_check(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    make_panel(
        container,
        actor_of(world, "editor"),
        slug="tiny",
        organisation_id=world["organisations"]["alpha"].id,
        until=PanelState.SELECTED,
    )
    client = browsers["editor"]
    manage = client.get("/panels/tiny/manage").text
    suggested = re.search(r'name="seeds"[^>]*>([^<]+)</textarea>', manage)
    assert suggested is not None
    assert re.fullmatch(r"([0-9a-f]{8}-){4}[0-9a-f]{8}", suggested[1])
    assert "Parties' commitments" not in manage
    # A fingerprint typed where a secret goes is refused, and nothing is published.
    wrong = post_form(
        client,
        "/panels/tiny/commit",
        {"seeds": COMMITMENTS[0], "public_source": PUBLIC_SOURCE},
    )
    assert wrong.status_code == 422
    assert "looks like a fingerprint" in wrong.text
    assert rows(container, "SELECT state FROM panels")[0].state == "selected"
    # The organiser types the secrets; Balise publishes their SHA-256, in order.
    done = post_form(
        client,
        "/panels/tiny/commit",
        {"seeds": "\n".join(SECRETS), "party_commitments": "", "public_source": PUBLIC_SOURCE},
    )
    assert done.status_code == 303, done.text
    published = client.get("/panels/tiny/files/commitment.json").json()
    assert published["party_commitments"] == COMMITMENTS
    assert all(secret not in client.get("/panels/tiny/manage").text for secret in SECRETS)
    drawn = post_form(
        client,
        "/panels/tiny/draw",
        {"secrets": "\n".join(SECRETS), "public_value": PUBLIC_VALUE},
    )
    assert drawn.status_code == 303, drawn.text
    public = browsers["anonymous"].get("/panels/tiny").text
    assert "Why the draw can be trusted" in public
    assert "balise panel verify --published tiny-published.json" in public
    assert "sha256sum" in public
    assert "Software used:" in public


def test_the_panels_page_says_what_panels_are_before_any_is_published(
    app: Any, browsers: dict[str, TestClient]
) -> None:
    page = browsers["anonymous"].get("/panels").text
    assert "No panel is published yet." in page
    assert "drawn by lot" in page
    with browser(app, language="nl") as client:
        dutch = client.get("/panels").text
    assert "Er is nog geen panel gepubliceerd." in dutch


def test_a_panel_is_titled_in_each_language_and_retitled_at_any_step(
    app: Any, browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    editor = browsers["editor"]
    refused = post_form(
        editor,
        "/panels/new",
        {"organisation": "nowhere", "slug": "titled", "size": "2", "title_de": "x" * 201},
    )
    assert refused.status_code == 422
    for name in ("organisation", "title_de"):  # every error at once, the organisation's too
        assert f'href="#field-{name}"' in refused.text, name
    alpha = world["organisations"]["alpha"].id
    panel = make_panel(  # titled "Panel titled", in English only
        container,
        actor_of(world, "editor"),
        slug="titled",
        organisation_id=alpha,
        until=PanelState.DRAWN,
    )
    manage = editor.get("/panels/titled/manage").text
    assert 'name="title_en" type="text" value="Panel titled"' in manage
    empty = post_form(editor, "/panels/titled/title", {"title_fr": " "})
    assert empty.status_code == 422
    assert 'href="#field-title"' in empty.text
    assert '<details id="title" open>' in empty.text
    saved = post_form(
        editor,
        "/panels/titled/title",
        {"title_fr": "Panel citoyen sur l'IA", "title_nl": "Burgerpanel over AI"},
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == "/panels/titled/manage?done=title#title"
    assert '<details id="title" open>' in editor.get(saved.headers["location"]).text
    with browser(app, language="nl") as client:
        dutch = client.get("/panels/titled").text
    assert "<h1>Burgerpanel over AI</h1>" in dutch
    with browser(app, language="de") as client:
        german = client.get("/panels/titled").text
    # no German title: the first given, marked as French, without claiming to be German
    assert '<h1><span lang="fr">Panel citoyen sur l&#39;IA</span></h1>' in german
    assert "<title>Panel citoyen sur l&#39;IA · Balise</title>" in german
    document = browsers["anonymous"].get("/api/v1/panels/titled").json()
    assert document["title"] == {"fr": "Panel citoyen sur l'IA", "nl": "Burgerpanel over AI"}
    listed = browsers["anonymous"].get("/api/v1/panels").json()["panels"]
    assert listed[0]["title"] == document["title"]
    with container.uow(read_only=True) as uow:
        history = uow.audit_log.history("panel", str(panel.id))
    events = [event for event in history if event.event_type == "panel.retitled"]
    assert [(e.before, e.after) for e in events] == [
        (
            {"title": {"en": "Panel titled"}},
            {"title": {"fr": "Panel citoyen sur l'IA", "nl": "Burgerpanel over AI"}},
        )
    ]
