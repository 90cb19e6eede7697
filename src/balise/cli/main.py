"""The `balise` command.

It must start at once (`balise --help` in well under half a second, `benchmarks/cli_startup.py`):
every module imported here imports only Typer, the standard library and small domain modules;
each command imports what it needs (the container, SQLAlchemy, DuckDB, HiGHS...) when it runs.
Help is plain text (`rich_markup_mode=None`): Rich's help formatter alone costs more to import
than the rest of the command line.
"""

from __future__ import annotations

import typer

from balise.cli.aiact import aiact_app
from balise.cli.assess import assess_app
from balise.cli.audit_log import audit_log_app
from balise.cli.audits import audit_app
from balise.cli.backup import backup, restore
from balise.cli.common import open_container, print_json
from balise.cli.consultations import consultations_app
from balise.cli.db import db_app
from balise.cli.demo import demo_app
from balise.cli.eco import footprint_app
from balise.cli.jobs import jobs_app
from balise.cli.monitoring import monitor_app
from balise.cli.obligations import obligations_app
from balise.cli.observatory import observatory_app
from balise.cli.organisations import organisations_app
from balise.cli.panels import panel_app
from balise.cli.panels_survey import survey as panel_survey
from balise.cli.serve import serve, worker
from balise.cli.systems import systems_app
from balise.cli.users import users_app

app = typer.Typer(
    name="balise",
    help="Balise, the one-stop shop for trustworthy AI in Belgium.\n\n"
    "Settings come from BALISE_* environment variables (BALISE_DATA_DIR, "
    "BALISE_DATABASE_URL, ...). Exit codes: 0 success, 1 the work failed, 2 bad input.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command()(serve)
app.command()(worker)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(users_app, name="users")
app.add_typer(organisations_app, name="organisations")
app.add_typer(systems_app, name="systems")
app.add_typer(audit_log_app, name="audit-log")
app.add_typer(audit_app, name="audit")
panel_app.command("survey")(panel_survey)
app.add_typer(panel_app, name="panel")
app.add_typer(aiact_app, name="aiact")
app.add_typer(assess_app, name="assess")
app.add_typer(monitor_app, name="monitor")
app.add_typer(observatory_app, name="observatory")
app.add_typer(footprint_app, name="footprint")
app.add_typer(obligations_app, name="obligations")
app.add_typer(jobs_app, name="jobs")
app.add_typer(consultations_app, name="consultations")
app.command()(backup)
app.command()(restore)


@app.command()
def openapi() -> None:
    """Print the OpenAPI description of the JSON API."""
    from balise.web.app import create_app

    with open_container(require_current_schema=False) as container:
        print_json(create_app(container).openapi())
