"""`balise serve` and `balise worker`: the web application and the job consumers."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from balise.cli.common import open_container
from balise.cli.demo import print_credentials

if TYPE_CHECKING:
    from fastapi import FastAPI

    from balise.bootstrap import Container
    from balise.services.demo import DemoCredential

PACKAGE = Path(__file__).resolve().parent.parent


def prepare(container: Container, *, demo: bool | None) -> list[DemoCredential]:
    """Bring the schema up to date and load the demo when asked; returns the credentials to show.

    Without a choice, the demo is loaded into a database that has no accounts yet, and its
    credentials are shown again as long as it is there.
    """
    from balise.services.accounts import any_account
    from balise.services.demo import DEMO_CREDENTIALS, demo_loaded, load_demo

    container.migrate()
    with container.uow() as uow:
        if demo is None:
            demo = demo_loaded(uow) or not any_account(uow)
        if not demo:
            return []
        load_demo(
            uow,
            solver=container.solver(),
            progress=lambda step: typer.echo(f"Loading the demo: {step}..."),
        )
        uow.commit()
    return list(DEMO_CREDENTIALS)


@contextmanager
def embedded_consumer(container: Container) -> Iterator[None]:
    """Run the job consumer in this process when the queue is embedded; stop it gracefully.

    Huey installs its own signal handlers when it starts; they are put back at once, so that the
    signals reach the web server, which shuts down first.
    """
    if container.settings.job_backend != "embedded":
        yield
        return
    consumer = container.job_consumer()
    handlers = {
        number: signal.getsignal(number)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    consumer.start()
    for number, handler in handlers.items():
        signal.signal(number, handler)
    try:
        yield
    finally:
        consumer.stop(graceful=True)


RELOAD_TEMPLATES = "BALISE_RELOAD_TEMPLATES"


def app_from_environment() -> FastAPI:
    """The application factory `--reload` hands to uvicorn, which runs it in a child process."""
    from balise.bootstrap import build
    from balise.web.app import create_app
    from balise.web.rendering import ENVIRONMENT

    # uvicorn restarts on Python changes only: under --reload, templates are read again too.
    ENVIRONMENT.auto_reload = os.environ.get(RELOAD_TEMPLATES) == "1"
    return create_app(build())


def run_web(container: Container, *, host: str, port: int, reload: bool) -> None:
    import uvicorn

    if reload:
        os.environ[RELOAD_TEMPLATES] = "1"
        uvicorn.run(
            f"{__name__}:app_from_environment",
            factory=True,
            host=host,
            port=port,
            reload=True,
            reload_dirs=[str(PACKAGE)],
            proxy_headers=False,
        )
        return
    from balise.web.app import create_app

    # The app reads X-Forwarded-For itself, only from BALISE_FORWARDED_ALLOW_IPS (web/proxies.py);
    # uvicorn would otherwise believe it from any process on the loopback address.
    uvicorn.run(create_app(container), host=host, port=port, proxy_headers=False)


def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8000,
    demo: Annotated[
        bool | None,
        typer.Option(
            "--demo/--no-demo",
            help="Load the demo organisations and accounts, and print their credentials. "
            "Default: on when the database has no accounts yet.",
            show_default=False,
        ),
    ] = None,
    reload: Annotated[
        bool, typer.Option(help="Restart when the code changes (development only).")
    ] = False,
) -> None:
    """Run Balise on this machine: upgrade the database, then serve the web application.

    With the embedded job queue (BALISE_JOB_BACKEND=embedded, the default) the background jobs
    run inside this process too. The data lives in BALISE_DATA_DIR, or in BALISE_DATABASE_URL.
    """
    with open_container(require_current_schema=False) as container, container.database_lock():
        credentials = prepare(container, demo=demo)
        if credentials:
            typer.echo("Demo accounts:")
            print_credentials(credentials)
        with embedded_consumer(container), container.housekeeper():
            run_web(container, host=host, port=port, reload=reload)


def worker(
    workers: Annotated[int, typer.Option(help="How many jobs to run at once.", min=1)] = 2,
) -> None:
    """Run background jobs in the foreground until interrupted (production, with Redis).

    Start one or more beside the web servers when BALISE_JOB_BACKEND=redis. Ctrl-C (SIGINT)
    finishes the running jobs first; SIGTERM stops at once. A job interrupted so (or killed) is
    marked failed once its lease (BALISE_JOB_LEASE_SECONDS) lapses, by any running worker or
    server, or by `balise jobs reap`.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    with open_container() as container, container.database_lock(), container.housekeeper():
        container.job_consumer(workers=workers).run()
