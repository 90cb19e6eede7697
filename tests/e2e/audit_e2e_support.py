"""Audits for the browser tests: a finished fairness and representativeness audit, one left
queued, an upload waiting for its columns; and the page states the axe sweep checks."""

from __future__ import annotations

import io

from e2e_support import LiveServer
from playwright.sync_api import Page, expect

from balise.domain.accounts.model import Actor
from balise.domain.audits.reports import AuditKind
from balise.domain.audits.uploads import FileFormat
from balise.services import audits
from balise.services import audits_uploads as uploads

FAIRNESS_LOG = (
    "sex,région,label,decision\n"
    + ("F,Wallonie,1,1\nF,Wallonie,0,0\nF,Bruxelles,1,0\nM,Wallonie,1,1\nM,Bruxelles,0,1\n" * 12)
    + "X,Wallonie,1,1\n" * 3
)
POPULATION_LOG = "region,sex\n" + "Flemish Region,F\n" * 40 + "Walloon Region,M\n" * 25


def make_audits(server: LiveServer) -> dict[str, str]:
    container = server.container
    editor = Actor(user=server.world["users"]["editor"])
    alpha = uploads.AuditTarget(server.world["organisations"]["alpha"].id)

    def upload(text: str) -> str:
        key = container.storage.save(io.BytesIO(text.encode()), suffix=".csv", max_bytes=1 << 20)
        with container.uow() as uow:
            made = uploads.add_stored_upload(
                uow,
                actor=editor,
                target=alpha,
                file_name="décisions.csv",
                file_format=FileFormat.CSV,
                storage_key=key,
                size=len(text.encode()),
                columns=dict.fromkeys(text.splitlines()[0].split(","), "VARCHAR"),
            )
            uow.commit()
        return made.id

    def start(upload_id: str, kind: AuditKind, parameters: dict[str, object]) -> tuple[int, str]:
        with container.uow() as uow:
            report, job = audits.start_audit(
                uow, actor=editor, upload_id=upload_id, kind=kind, parameters=parameters
            )
            uow.commit()
        assert report.id is not None
        return report.id, job.id

    fairness = upload(FAIRNESS_LOG)
    fairness_parameters = {
        "label": "label",
        "prediction": "decision",
        "sensitive": ["sex", "région"],
    }
    done, job = start(fairness, AuditKind.FAIRNESS, fairness_parameters)
    container.run_job(job)
    queued, _ = start(fairness, AuditKind.FAIRNESS, fairness_parameters)  # never enqueued
    population = upload(POPULATION_LOG)
    shares, job = start(
        population,
        AuditKind.REPRESENTATIVENESS,
        {"mapping": {"region": "region", "sex": "sex"}},
    )
    container.run_job(job)
    return {
        "audit_upload": fairness,
        "audit_report": str(done),
        "audit_queued": str(queued),
        "audit_shares": str(shares),
    }


def columns_refused(page: Page) -> None:
    """The fairness form without a sensitive column and with a group size of 0."""
    page.locator("#field-min_group_size").fill("0")
    form = page.locator("form[action$='/fairness']")
    with page.expect_response(lambda response: response.request.method == "POST"):
        form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary").first).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()


def upload_refused(page: Page) -> None:
    """The uploader refuses a file that is neither CSV nor Parquet, and says so."""
    page.locator("#field-file").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"a,b\n1,2\n"}]
    )
    page.locator("form[data-uploader] button[type=submit]").click()
    expect(page.locator(".upload-error")).to_be_visible()


def reference_refused(page: Page) -> None:
    """The representativeness form asked to use another population without its file."""
    form = page.locator("form[action$='/representativeness']")
    form.locator("#reference-file").check()
    form.locator("#field-pairs").fill("sex")
    with page.expect_response(lambda response: response.request.method == "POST"):
        form.locator("button[type=submit]").click()
    expect(page.locator(".error-summary").first).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
