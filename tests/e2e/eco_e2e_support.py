"""The emissions import's job pages for the accessibility sweep: queued, done and refused."""

from __future__ import annotations

import io

from e2e_support import LiveServer

from balise.domain.jobs.model import JobStatus
from balise.services import eco
from eco_support import EMISSIONS_CSV
from register_support import actor_of


def make_eco_jobs(server: LiveServer, system: str) -> dict[str, str]:
    """The editor's emissions imports into `system`: one left queued, one done, one refused."""
    container = server.container
    editor = actor_of(server.world, "editor")

    def start(text: str) -> str:
        key = container.storage.save(io.BytesIO(text.encode()), suffix=".csv", max_bytes=1 << 20)
        with container.uow() as uow:
            job = eco.start_emissions_import(
                uow, actor=editor, slug=system, phase="training", decisions="", file_key=key
            )
            uow.commit()
        return job.id

    queued = start(EMISSIONS_CSV)  # never handed to the queue
    done = start(EMISSIONS_CSV)
    failed = start(EMISSIONS_CSV.replace(",36000.0,1.38107,", ",36000.0,lots,"))
    assert container.run_job(done).status is JobStatus.SUCCEEDED
    assert container.run_job(failed).status is JobStatus.FAILED
    return {"eco_queued": queued, "eco_done": done, "eco_failed": failed}
