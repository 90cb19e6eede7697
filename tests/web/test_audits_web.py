"""The audit journey on the web and the API, on SQLite and PostgreSQL: uploading a decision log
(one form post, or in chunks with a resume), choosing its columns, the job, the report page in
two languages, its HTML and PDF downloads, and what the public portal may show."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from web_support import assert_problem, bearer, csrf_of, html_lang, post_form, rows

from balise.bootstrap import Container
from balise.domain.accounts.model import Scope
from balise.domain.audits.reports import PortalVisibility
from balise.domain.shared.i18n import Language
from balise.i18n import using
from balise.services import audits
from balise.web.rendering import ENVIRONMENT
from register_support import create, publish


def decision_log() -> str:
    """Two large groups, one small group (3 rows) that must be withheld, one non-ASCII name."""
    lines = ["applicant,sex,region,label,decision"]
    n = 0
    for sex, region, count, selected in (
        ("F", "Wallonië", 40, 12),
        ("M", "Wallonië", 40, 24),
        ("X", "Wallonië", 3, 1),
    ):
        for i in range(count):
            n += 1
            label = 1 if i % 2 == 0 else 0
            lines.append(f"{n},{sex},{region},{label},{1 if i < selected else 0}")
    return "\n".join(lines) + "\n"


LOG = decision_log().encode()


def upload_form(client: TestClient, path: str, content: bytes, name: str) -> httpx.Response:
    return client.post(
        path,
        data={"csrf_token": csrf_of(client)},
        files={"file": (name, content, "text/csv")},
        follow_redirects=False,
    )


def start_fairness(client: TestClient, upload_id: str, **changes: Any) -> httpx.Response:
    form: dict[str, Any] = {
        "label": "label",
        "prediction": "decision",
        "sensitive": ["sex"],
        "min_group_size": "10",
        "four_fifths_threshold": "0.8",
        **changes,
    }
    return post_form(client, f"/audits/uploads/{upload_id}/fairness", form)


def run_audit(container: Container, audit_id: int) -> None:
    job_id = rows(container, "SELECT job_id FROM audit_reports WHERE id = :id", id=audit_id)[0][0]
    container.run_job(job_id)


def audit_through_the_form(
    client: TestClient, container: Container, path: str = "/organisations/alpha/audits"
) -> int:
    posted = upload_form(client, path, LOG, "decisions 2026.csv")
    assert posted.status_code == 303, posted.text
    columns_page = posted.headers["location"]
    assert re.fullmatch(r"/audits/uploads/[0-9a-f]{32}", columns_page)
    page = client.get(columns_page)
    assert page.status_code == 200
    for column in ("applicant", "sex", "region", "label", "decision"):
        assert f'value="{column}"' in page.text
    started = start_fairness(client, columns_page.rsplit("/", 1)[1])
    assert started.status_code == 303, started.text
    audit_id = int(started.headers["location"].rsplit("/", 1)[1])
    waiting = client.get(f"/audits/{audit_id}")
    assert waiting.status_code == 200
    assert "<progress" in waiting.text
    run_audit(container, audit_id)
    return audit_id


def test_form_upload_job_and_report_in_two_languages(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    audit_id = audit_through_the_form(editor, container)

    # The stored file has a random name, not the one the person gave.
    key = rows(container, "SELECT storage_key FROM audit_uploads")[0].storage_key
    assert re.fullmatch(r"[0-9a-f]{32}\.csv", key)
    assert container.storage.path(key).read_bytes() == LOG

    report = editor.get(f"/audits/{audit_id}")
    assert report.status_code == 200
    assert html_lang(report) == "en"
    text = report.text
    assert "sex = F" in text
    assert "sex = M" in text
    assert "withheld" in text
    # The headline first: F selected 12/40 against M 24/40.
    headline = text.index('class="headline"')
    assert headline < text.index('class="findings"')
    assert "The group selected least often, sex = F, was selected at a rate of 0.300" in text
    assert "sex = M, at 0.600" in text
    assert "The first rate is 0.50 of the second." in text
    assert "sex = F: ratio 0.50" in text
    assert "not a legal verdict" in text
    assert "Minimum group size" in text  # parameters named, their keys as secondary text
    assert 'role="img"' in text
    assert "<svg" in text
    assert "<caption" in text

    editor.cookies.set("balise_lang", "fr")
    french = editor.get(f"/audits/{audit_id}")
    assert html_lang(french) == "fr"
    assert "0,50" in french.text  # numbers in French
    editor.cookies.delete("balise_lang")

    events = [
        r.event_type
        for r in rows(container, "SELECT event_type FROM audit_events ORDER BY seq")
        if r.event_type.startswith("audit")
    ]
    assert events == ["audit_upload.completed", "audit.started", "audit.completed"]


def test_downloads_html_and_pdf(browsers: dict[str, TestClient], container: Container) -> None:
    editor = browsers["editor"]
    audit_id = audit_through_the_form(editor, container)
    html = editor.get(f"/audits/{audit_id}.html")
    assert html.status_code == 200
    assert html.headers["content-disposition"].startswith("attachment")
    assert "<style>" in html.text
    assert "sex = F" in html.text

    pdf = editor.get(f"/audits/{audit_id}.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "sex = F" in text
    assert "sex = M" in text
    assert "Wallonië" not in text  # the region was not a sensitive column
    assert "sex = X" in text  # named, as withheld, in the organisation's own report
    assert "Organisation" in text
    assert "Date of the report" in text


def test_the_pdf_names_the_system_and_its_organisation(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    editor = browsers["editor"]
    record = create(container, world)
    audit_id = audit_through_the_form(editor, container, f"/register/{record.slug}/audits")
    pdf = editor.get(f"/audits/{audit_id}.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "AI system" in text
    assert "Toekenning van studietoelagen" in text  # the record's name (in Dutch only)


def test_the_columns_page_suggests_columns_by_name_never_the_row_id(
    browsers: dict[str, TestClient],
) -> None:
    editor = browsers["editor"]
    posted = upload_form(editor, "/organisations/alpha/audits", LOG, "log.csv")
    page = editor.get(posted.headers["location"]).text
    label = page[
        page.index('id="field-label"') : page.index("</select>", page.index('id="field-label"'))
    ]
    assert 'value="label" selected' in label
    prediction_start = page.index('id="field-prediction"')
    prediction = page[prediction_start : page.index("</select>", prediction_start)]
    assert 'value="decision" selected' in prediction
    assert 'value="applicant" selected' not in page
    assert 'id="sensitive-2" name="sensitive" value="sex" checked' in page


def test_a_ragged_csv_is_refused_naming_its_line(browsers: dict[str, TestClient]) -> None:
    editor = browsers["editor"]
    ragged = b"applicant;sex;label;decision\n1;F;1;0\n2;M;1\n"
    refused = upload_form(editor, "/organisations/alpha/audits", ragged, "ragged.csv")
    assert refused.status_code == 422
    assert "Line 3 has 3 fields where the header has 4." in refused.text
    editor.cookies.set("balise_lang", "nl")
    dutch = upload_form(editor, "/organisations/alpha/audits", ragged, "ragged.csv")
    assert "Regel 3 heeft 3 velden, terwijl de kopregel er 4 heeft." in dutch.text


def test_chunked_upload_resumes_and_the_api_runs_the_audit(
    browsers: dict[str, TestClient], container: Container, issue_token: Any
) -> None:
    token = issue_token("editor")
    client = browsers["anonymous"]
    auth = bearer(token)
    created = client.post(
        "/api/v1/uploads",
        json={"file_name": "C:\\exports\\log.csv", "size": len(LOG), "organisation": "alpha"},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    upload = created.json()
    assert upload["offset"] == 0
    assert upload["file_name"] == "log.csv"
    url = f"/api/v1/uploads/{upload['id']}"

    first = client.put(f"{url}/chunks/0", content=LOG[:500], headers=auth)
    assert first.status_code == 200, first.text
    assert first.json()["offset"] == 500

    # The connection dropped after the server wrote the next chunk: the client sends it again
    # from where it thought it was, and is told where to go on.
    client.put(f"{url}/chunks/500", content=LOG[500:1000], headers=auth)
    again = client.put(f"{url}/chunks/500", content=LOG[500:1000], headers=auth)
    body = assert_problem(again, 409)
    assert body["offset"] == 1000
    assert again.headers["upload-offset"] == "1000"
    assert client.get(url, headers=auth).json()["offset"] == 1000

    unfinished = client.post(f"{url}/finish", headers=auth)
    assert_problem(unfinished, 422)

    rest = client.put(f"{url}/chunks/1000", content=LOG[1000:], headers=auth)
    assert rest.json()["offset"] == len(LOG)
    finished = client.post(f"{url}/finish", headers=auth)
    assert finished.status_code == 200, finished.text
    assert list(finished.json()["columns"]) == ["applicant", "sex", "region", "label", "decision"]

    started = client.post(
        "/api/v1/audits",
        json={
            "upload": upload["id"],
            "kind": "fairness",
            "label": "label",
            "prediction": "decision",
            "sensitive": ["sex", "region"],
        },
        headers=auth,
    )
    assert started.status_code == 202, started.text
    audit = started.json()["audit"]
    assert audit["status"] == "queued"
    assert started.json()["job"]["status"] == "queued"
    run_audit(container, audit["id"])
    done = client.get(f"/api/v1/audits/{audit['id']}", headers=auth).json()
    assert done["status"] == "succeeded"
    result = done["result"]
    assert result["kind"] == "fairness"
    assert result["data"]["rows"] == 83
    assert result["data"]["file"] == "log.csv"
    groups = {(g["group"]["sex"], g["group"]["region"]): g for g in result["groups"]}
    assert groups[("F", "Wallonië")]["selection_rate"] == pytest.approx(12 / 40)
    assert groups[("X", "Wallonië")]["too_small"] is True
    assert groups[("X", "Wallonië")]["count"] is None
    page = browsers["editor"].get(f"/audits/{audit['id']}")
    assert "Rates by sex alone" in page.text
    assert "Rates by region alone" in page.text


def test_a_score_adds_calibration(browsers: dict[str, TestClient], container: Container) -> None:
    editor = browsers["editor"]
    text = "sex,label,decision,score\n" + "F,1,1,0.9\nF,0,0,0.2\nM,1,0,0.4\nM,0,1,0.7\n" * 10
    posted = upload_form(editor, "/organisations/alpha/audits", text.encode(), "scored.csv")
    upload_id = posted.headers["location"].rsplit("/", 1)[1]
    started = start_fairness(editor, upload_id, score="score")
    audit_id = int(started.headers["location"].rsplit("/", 1)[1])
    run_audit(container, audit_id)
    page = editor.get(f"/audits/{audit_id}")
    assert "Calibration error (ECE)" in page.text


def test_representativeness_through_the_form(
    browsers: dict[str, TestClient], container: Container
) -> None:
    editor = browsers["editor"]
    lines = ["region,sex"] + ["Flemish Region,F"] * 30 + ["Walloon Region,M"] * 30
    posted = upload_form(
        editor, "/organisations/alpha/audits", ("\n".join(lines) + "\n").encode(), "d.csv"
    )
    upload_id = posted.headers["location"].rsplit("/", 1)[1]
    started = post_form(
        editor,
        f"/audits/uploads/{upload_id}/representativeness",
        {"column_region": "region", "column_sex": "sex", "column_age_band": "", "threshold": "0.8"},
    )
    assert started.status_code == 303, started.text
    audit_id = int(started.headers["location"].rsplit("/", 1)[1])
    run_audit(container, audit_id)
    page = editor.get(f"/audits/{audit_id}")
    assert "region = Brussels-Capital Region, sex = F" in page.text
    assert "is under-represented" in page.text


def test_wrong_files_and_fields_are_refused(
    browsers: dict[str, TestClient], container: Container, issue_token: Any
) -> None:
    editor = browsers["editor"]
    not_csv = upload_form(editor, "/organisations/alpha/audits", b"\x00\x01\x02binary", "x.csv")
    assert not_csv.status_code == 422
    assert "not a UTF-8 CSV file" in not_csv.text
    fake_parquet = upload_form(editor, "/organisations/alpha/audits", LOG, "x.parquet")
    assert fake_parquet.status_code == 422
    assert "not a Parquet file" in fake_parquet.text
    other = upload_form(editor, "/organisations/alpha/audits", LOG, "x.xlsx")
    assert other.status_code == 422
    assert rows(container, "SELECT count(*) AS n FROM audit_uploads")[0].n == 0
    assert list(container.storage.root.iterdir()) == []

    auth = bearer(issue_token("editor"))
    huge = editor.post(
        "/api/v1/uploads",
        json={"file_name": "log.csv", "size": 10**15, "organisation": "alpha"},
        headers=auth,
    )
    assert_problem(huge, 422)
    created = editor.post(
        "/api/v1/uploads",
        json={"file_name": "log.parquet", "size": 100, "organisation": "alpha"},
        headers=auth,
    ).json()
    wrong = editor.put(
        f"/api/v1/uploads/{created['id']}/chunks/0", content=b"a,b\n1,2\n", headers=auth
    )
    assert_problem(wrong, 422)
    assert editor.get(f"/api/v1/uploads/{created['id']}", headers=auth).json()["offset"] == 0

    posted = upload_form(editor, "/organisations/alpha/audits", LOG, "log.csv")
    upload_id = posted.headers["location"].rsplit("/", 1)[1]
    refused = start_fairness(
        editor, upload_id, label="nope", prediction="nope", sensitive=[], min_group_size="0"
    )
    assert refused.status_code == 422
    for message in (
        "There is no column nope in the file.",
        "Name at least one sensitive column.",
        "Give a whole number of at least 1.",
    ):
        assert message in refused.text
    assert 'aria-invalid="true"' in refused.text


def test_who_sees_and_runs_audits(browsers: dict[str, TestClient], container: Container) -> None:
    audit_id = audit_through_the_form(browsers["reviewer"], container)
    for role in ("admin", "regulator", "editor", "reviewer"):
        assert browsers[role].get(f"/audits/{audit_id}").status_code == 200, role
        assert browsers[role].get("/organisations/alpha/audits").status_code == 200, role
    other = browsers["other-editor"]
    assert other.get(f"/audits/{audit_id}").status_code == 404
    assert other.get(f"/audits/{audit_id}.pdf").status_code == 404
    assert other.get("/organisations/alpha/audits").status_code == 403
    assert upload_form(other, "/organisations/alpha/audits", LOG, "l.csv").status_code == 403
    regulator = browsers["regulator"]
    assert upload_form(regulator, "/organisations/alpha/audits", LOG, "l.csv").status_code == 403
    page = regulator.get(f"/audits/{audit_id}")
    assert 'name="visibility"' not in page.text
    assert (
        post_form(regulator, f"/audits/{audit_id}/visibility", {"visibility": "full"}).status_code
        == 403
    )


def test_a_token_without_the_write_scope_cannot_upload(
    browsers: dict[str, TestClient], issue_token: Any
) -> None:
    token = issue_token("editor", Scope.READ)
    refused = browsers["anonymous"].post(
        "/api/v1/uploads",
        json={"file_name": "log.csv", "size": 10, "organisation": "alpha"},
        headers=bearer(token),
    )
    assert_problem(refused, 403)


def test_the_portal_shows_what_the_organisation_chose_never_withheld_groups(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    record = create(container, world)
    assert record.id is not None
    editor = browsers["editor"]
    page = editor.get(f"/register/{record.slug}/audits")
    assert page.status_code == 200
    assert "data-uploader" in page.text
    assert "{&#34;system&#34;: &#34;" in page.text  # the uploader attaches uploads to the record
    opened = editor.post(
        "/api/v1/uploads",
        json={"file_name": "log.csv", "size": 10, "system": record.slug},
        headers={"X-CSRF-Token": csrf_of(editor)},
    )
    assert opened.status_code == 201, opened.text
    attached = rows(
        container, "SELECT system_id FROM audit_uploads WHERE id = :id", id=opened.json()["id"]
    )
    assert attached[0].system_id == record.id
    audit_id = audit_through_the_form(editor, container, f"/register/{record.slug}/audits")
    assert rows(container, "SELECT system_id FROM audit_reports")[0].system_id == record.id

    def public() -> list[audits.PublicReport]:
        with container.uow(read_only=True) as uow:
            return audits.public_reports_for_system(uow, record.id)  # type: ignore[arg-type]

    def portal_html() -> str:
        with using(Language.EN):
            return ENVIRONMENT.get_template("audits/_portal_section.html").render(
                audit_reports=public(), language=Language.EN
            )

    assert public() == []
    assert "Audits of this system" not in portal_html()

    saved = post_form(editor, f"/audits/{audit_id}/visibility", {"visibility": "summary"})
    assert saved.status_code == 303
    [summary] = public()
    assert summary.visibility is PortalVisibility.SUMMARY
    assert summary.document is None
    shown = portal_html()
    assert "screening signal, not a legal verdict" in shown
    assert "sex = X" not in shown
    assert "1 group has fewer than 10 rows" in shown
    publish(container, world, record.slug)
    system_page = browsers["anonymous"].get(f"/systems/{record.slug}").text
    assert "Audits of this system" in system_page
    assert "sex = X" not in system_page

    post_form(editor, f"/audits/{audit_id}/visibility", {"visibility": "full"})
    [full] = public()
    assert full.document is not None
    assert [g["group"]["sex"] for g in full.document["groups"]] == ["F", "M"]
    # Nothing lets the withheld group be worked out by subtraction from the totals.
    assert full.document["overall"]["count"] is None
    assert full.document["overall"]["selection_rate"] is None
    assert full.document["data"]["rows"] is None
    assert all(g["share"] is None for g in full.document["groups"])
    shown = portal_html()
    assert "sex = F" in shown
    assert "sex = X" not in shown
    assert "<svg" in shown

    post_form(editor, f"/audits/{audit_id}/visibility", {"visibility": "nothing"})
    assert public() == []
    changes = rows(
        container,
        "SELECT count(*) AS n FROM audit_events WHERE event_type = :t",
        t="audit.visibility_changed",
    )
    assert changes[0].n == 3


REFERENCE = "province,gender,population\nNamur,F,250000\nNamur,M,245000\nLiège,F,560000\n"


def test_representativeness_against_another_population(
    browsers: dict[str, TestClient], container: Container, issue_token: Any
) -> None:
    editor = browsers["editor"]
    data = "prov,sex\n" + "Namur,F\n" * 30 + "Namur,M\n" * 30 + "Liège,F\n" * 5
    posted = upload_form(editor, "/organisations/alpha/audits", data.encode(), "people.csv")
    upload_id = posted.headers["location"].rsplit("/", 1)[1]
    url = f"/audits/uploads/{upload_id}/representativeness"

    wrong = editor.post(
        url,
        data={
            "csrf_token": csrf_of(editor),
            "reference_kind": "file",
            "pairs": "prov:province,sex:nope",
            "threshold": "0.8",
        },
        files={"reference": ("population.csv", REFERENCE.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert wrong.status_code == 422
    assert "The reference population has no column nope." in wrong.text
    missing = post_form(editor, url, {"reference_kind": "file", "pairs": "prov:province"})
    assert missing.status_code == 422
    assert "Choose the reference population&#39;s CSV file." in missing.text
    assert rows(container, "SELECT count(*) AS n FROM audit_uploads")[0].n == 1

    started = editor.post(
        url,
        data={
            "csrf_token": csrf_of(editor),
            "reference_kind": "file",
            "pairs": "prov:province, sex:gender",
            "threshold": "0.8",
        },
        files={"reference": ("population.csv", REFERENCE.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    audit_id = int(started.headers["location"].rsplit("/", 1)[1])
    run_audit(container, audit_id)
    document = editor.get(f"/api/v1/audits/{audit_id}").json()["result"]
    assert document["reference"]["source"] == "population.csv"
    assert document["columns"] == ["prov", "sex"]
    shares = {(c["cell"]["prov"], c["cell"]["sex"]): c for c in document["cells"]}
    assert shares[("Liège", "F")]["under_represented"] is True
    page = editor.get(f"/audits/{audit_id}")
    assert "Reference population: population.csv." in page.text

    # The same through the API, the reference sent as an upload of its own.
    auth = bearer(issue_token("editor"))
    created = editor.post(
        "/api/v1/uploads",
        json={"file_name": "ref.csv", "size": len(REFERENCE.encode()), "organisation": "alpha"},
        headers=auth,
    ).json()
    editor.put(
        f"/api/v1/uploads/{created['id']}/chunks/0", content=REFERENCE.encode(), headers=auth
    )
    assert editor.post(f"/api/v1/uploads/{created['id']}/finish", headers=auth).status_code == 200
    by_api = editor.post(
        "/api/v1/audits",
        json={
            "upload": upload_id,
            "kind": "representativeness",
            "reference_upload": created["id"],
            "pairs": ["prov:province", "sex:gender"],
        },
        headers=auth,
    )
    assert by_api.status_code == 202, by_api.text
    assert by_api.json()["audit"]["parameters"]["reference_name"] == "ref.csv"
