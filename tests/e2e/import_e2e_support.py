"""The bulk import's pages for the accessibility sweep: a job in each state, a refused upload."""

from __future__ import annotations

import io

from e2e_support import LiveServer
from playwright.sync_api import Page, expect

from balise.domain.jobs.model import JobStatus
from balise.services import jobs, register_import
from import_support import THREE, csv_text
from register_support import actor_of


def make_import_jobs(server: LiveServer) -> dict[str, str]:
    """The editor's import jobs: one left queued, a dry run that succeeded, one refused."""
    container = server.container
    editor = actor_of(server.world, "editor")

    def start(text: str, *, dry_run: bool) -> str:
        key = container.storage.save(io.BytesIO(text.encode()), suffix=".csv", max_bytes=1 << 20)
        with container.uow() as uow:
            job = jobs.start_job(
                uow,
                actor=editor,
                kind=register_import.IMPORT_JOB,
                params={"file": key, "format": "csv", "organisation": "alpha", "dry_run": dry_run},
            )
            uow.commit()
        return job.id

    queued = start(csv_text(THREE), dry_run=True)  # never handed to the queue
    done = start(csv_text(THREE), dry_run=True)
    failed = start(
        csv_text([{**THREE[0], "contact_email": "nope", "source_id": ""}]), dry_run=False
    )
    assert container.run_job(done).status is JobStatus.SUCCEEDED
    assert container.run_job(failed).status is JobStatus.FAILED
    return {"import_queued": queued, "import_done": done, "import_failed": failed}


def register_import_refused(page: Page) -> None:
    page.locator("#field-file").set_input_files(
        files=[{"name": "inventory.txt", "mimeType": "text/plain", "buffer": b"source_id\n"}]
    )
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
