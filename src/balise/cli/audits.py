"""`balise audit`: fairness and representativeness audits of a CSV or Parquet file, a PostgreSQL
table or view, or a Spark table.

The data is counted where it lives (DuckDB for a file, the organisation's PostgreSQL or Spark for
a table) and only the count table comes back; every number comes from it. JSON
output is the stable contract (docs/audits.md); text is for people; HTML is a self-contained
report. Exit codes: 0 success, 2 bad input (a missing column, a non-binary label, an unreadable
file...), with the reason on standard error.

NumPy, Ibis, DuckDB, psycopg, PySpark and the audit engine are imported inside the commands, so
that `balise --help` does not load them; the data is read through the audit source that the
composition root opens.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balise.cli.common import EXIT_BAD_INPUT, describe, fail, print_json, print_table
from balise.domain.shared.errors import DomainError

if TYPE_CHECKING:
    from balise.domain.audits.reports import FairnessReport, RepresentativenessReport
    from balise.domain.audits.sources import SourceAddress
    from balise.services.ports import AuditSource

# The rates of a fairness report, in their order (balise.domain.audits.fairness.RATE_NAMES,
# written out so that the help does not import NumPy; a test keeps them equal).
RATE_NAMES = ("base_rate", "selection_rate", "tpr", "fpr", "fnr", "tnr", "precision", "accuracy")

audit_app = typer.Typer(
    help="Fairness and representativeness audits of decision logs and datasets "
    "(CSV, Parquet, PostgreSQL, Spark).",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"


ReportFormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", help="text for people; json for programs (stable keys); html."),
]
DataArgument = Annotated[
    Path | None,
    typer.Argument(metavar="[DATA]", help="A .csv or .parquet file (may exceed memory)."),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="Where the data lives, instead of DATA: a file, "
        "postgresql://USER@HOST/DB?table=SCHEMA.TABLE or spark:TABLE_OR_PATH; "
        "only the count table leaves the engine.",
    ),
]
MemoryOption = Annotated[
    str, typer.Option("--memory-limit", help="DuckDB's memory limit; beyond it, it spills.")
]
ConnectionOption = Annotated[
    str | None,
    typer.Option(
        "--connection",
        help="A registered connection of --organisation, instead of DATA (needs --as).",
    ),
]
OrganisationOption = Annotated[
    str | None, typer.Option("--organisation", help="The organisation's address (slug).")
]
AsOption = Annotated[
    str | None,
    typer.Option("--as", metavar="EMAIL", help="The account using the connection (audit log)."),
]


def split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def source_address(
    data: Path | None, source: str | None, connection: Registered | None = None
) -> SourceAddress | Registered:
    """Where the data lives: the DATA file, the --source address or a registered --connection
    (one of them)."""
    from balise.domain.audits.sources import SourceAddress

    if [data, source, connection].count(None) != 2:
        fail(["Name the data once: a DATA file, --source or --connection."], EXIT_BAD_INPUT)
    if connection is not None:
        return connection
    try:
        return SourceAddress.parse(str(data) if data is not None else str(source))
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)


def audit_source(address: SourceAddress, memory_limit: str) -> AuditSource:
    """The engine holding the data, from the composition root (neither the settings nor the
    database are needed, nor imported)."""
    from balise.bootstrap import open_source_at

    return open_source_at(address, memory_limit=memory_limit)


@dataclass(frozen=True)
class Registered:
    """A registered connection named on the command line."""

    name: str
    organisation: str
    acting_as: str


def registered(
    connection: str | None, organisation: str | None, acting_as: str | None
) -> Registered | None:
    if connection is None:
        return None
    if not organisation or not acting_as:
        fail(["--connection needs --organisation SLUG and --as EMAIL."], EXIT_BAD_INPUT)
    return Registered(connection, organisation, acting_as)


def connection_source(found: Registered, kind: str, memory_limit: str) -> tuple[AuditSource, str]:
    """The engine behind a registered connection (its use recorded in the audit log), and its
    address without password."""
    from balise.cli.common import actor_for, open_container
    from balise.services.audit_connections import use_connection

    with open_container() as container:
        with container.uow() as uow:
            connection = use_connection(
                uow,
                actor=actor_for(uow, found.acting_as),
                organisation_slug=found.organisation,
                name=found.name,
                kind=kind,
            )
            uow.commit()
        return container.open_connection(connection, memory_limit=memory_limit), connection.address


@contextmanager
def opened(
    address: SourceAddress | Registered, memory_limit: str, kind: str = "fairness"
) -> Iterator[tuple[AuditSource, str]]:
    """The data as an audit source, and where it lives without password (for the report);
    unreadable data and invalid requests exit with 2."""
    from balise.domain.audits.errors import SourceError

    source: AuditSource | None = None
    try:
        if isinstance(address, Registered):
            source, where = connection_source(address, kind, memory_limit)
        else:
            source, where = audit_source(address, memory_limit), address.redacted
        yield source, where
    except SourceError as error:
        fail([f"Cannot read the data: {error}"], EXIT_BAD_INPUT)
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    finally:
        if source is not None:
            source.close()


@audit_app.command()
def fairness(
    label: Annotated[str, typer.Option(help="The true outcome column (binary).")],
    prediction: Annotated[str, typer.Option(help="The decision or prediction column (binary).")],
    sensitive: Annotated[
        str, typer.Option(help="Sensitive column(s), comma-separated; groups are intersections.")
    ],
    data: DataArgument = None,
    score: Annotated[
        str | None, typer.Option(help="A score in [0, 1]: adds calibration (ECE).")
    ] = None,
    positive: Annotated[
        str | None,
        typer.Option(help="The positive outcome; by default 1 (0/1, -1/1) or true (booleans)."),
    ] = None,
    min_group_size: Annotated[
        int, typer.Option(min=1, help="Smaller groups are reported as too small, never shown.")
    ] = 10,
    confidence: Annotated[float, typer.Option(min=0.5, max=0.999)] = 0.95,
    bootstrap: Annotated[
        int, typer.Option(min=0, help="Bootstrap replicates for the disparities' intervals.")
    ] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap: same seed, same report.")] = 0,
    four_fifths: Annotated[
        float,
        typer.Option(
            "--four-fifths", min=0.01, max=1.0, help="Screening threshold of selection-rate ratios."
        ),
    ] = 0.8,
    memory_limit: MemoryOption = "1GB",
    output: ReportFormatOption = ReportFormat.TEXT,
    source: SourceOption = None,
    connection: ConnectionOption = None,
    organisation: OrganisationOption = None,
    acting_as: AsOption = None,
) -> None:
    """Group fairness of a decision log: rates per group with Wilson intervals, disparities with
    bootstrap intervals (Fairlearn's definitions), the four-fifths screening ratio."""
    from balise.domain.audits.fairness import AuditParameters
    from balise.services.audits_files import run_fairness_audit

    parameters = AuditParameters(
        min_group_size=min_group_size,
        confidence=confidence,
        bootstrap=bootstrap,
        seed=seed,
        four_fifths_threshold=four_fifths,
    )
    address = source_address(data, source, registered(connection, organisation, acting_as))
    with opened(address, memory_limit, "fairness") as (opened_source, where):
        report = run_fairness_audit(
            opened_source,
            file_name=opened_source.name,
            address=where,
            label=label,
            prediction=prediction,
            sensitive=split(sensitive),
            score=score,
            positive=positive,
            parameters=parameters,
        )
    if output is ReportFormat.JSON:
        print_json(report.to_json())
    elif output is ReportFormat.HTML:
        typer.echo(fairness_html(report))
    else:
        print_fairness_text(report)


@audit_app.command()
def representativeness(
    columns: Annotated[
        str,
        typer.Option(
            help="Columns to compare, comma-separated; DATA_COLUMN:REFERENCE_COLUMN renames. "
            "The default reference has region, age_band and sex."
        ),
    ],
    data: DataArgument = None,
    reference: Annotated[
        Path | None,
        typer.Option(help="Reference CSV: one row per cell and a population or count column."),
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.01, max=1.0, help="Flag cells below this share ratio.")
    ] = 0.8,
    confidence: Annotated[float, typer.Option(min=0.5, max=0.999)] = 0.95,
    memory_limit: MemoryOption = "1GB",
    output: ReportFormatOption = ReportFormat.TEXT,
    source: SourceOption = None,
    connection: ConnectionOption = None,
    organisation: OrganisationOption = None,
    acting_as: AsOption = None,
) -> None:
    """Compare a dataset's distribution with a population (by default Belgium, 1 January 2025):
    shares, ratios, total variation distance, chi-square test, under-represented cells."""
    from balise.services.audits_files import run_representativeness

    address = source_address(data, source, registered(connection, organisation, acting_as))
    with opened(address, memory_limit, "representativeness") as (opened_source, where):
        report = run_representativeness(
            opened_source,
            file_name=opened_source.name,
            address=where,
            columns=split(columns),
            reference=reference,
            threshold=threshold,
            confidence=confidence,
        )
    if output is ReportFormat.JSON:
        print_json(report.to_json())
    elif output is ReportFormat.HTML:
        typer.echo(representativeness_html(report))
    else:
        print_representativeness_text(report)


def number(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "undefined"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def group_label(group: dict[str, Any] | None) -> str:
    if not group:
        return "(all)"
    return ", ".join(f"{k}={'(missing)' if v is None else v}" for k, v in group.items())


TEXT_RATES = ("selection_rate", "tpr", "fpr", "precision", "accuracy")


def fairness_rows(document: dict[str, Any]) -> list[list[str]]:
    rows = []
    for entry in [document["overall"], *document["groups"]]:
        label = group_label(entry.get("group"))
        if entry["too_small"]:
            rows.append([label, "too small", *["-"] * len(TEXT_RATES), "-"])
            continue
        rates = [number(entry[name]) for name in TEXT_RATES]
        rows.append([label, str(entry["count"]), *rates, number(entry["ece"])])
    return rows


def pushdown_statement(data: dict[str, Any]) -> str:
    """What left the engine, as the report records it."""
    return (
        f"Only the count table ({data['count_rows']} rows) left {data['engine']}; "
        f"query sha256 {data['query_sha256']}."
    )


def print_fairness_text(report: FairnessReport) -> None:
    document = report.to_json()
    data = document["data"]
    fingerprint = f", sha256 {data['sha256']}" if data["sha256"] else ""
    typer.echo(f"Fairness audit of {data['file']} ({data['rows']} rows{fingerprint})")
    typer.echo(pushdown_statement(data))
    typer.echo("")
    print_table(["group", "count", *TEXT_RATES, "ece"], fairness_rows(document))
    typer.echo("")
    disparities = document["disparities"]
    for name in (
        "demographic_parity_difference",
        "demographic_parity_ratio",
        "equalized_odds_difference",
        "equalized_odds_ratio",
        "equal_opportunity_difference",
        "equal_opportunity_ratio",
    ):
        interval = disparities["ci"][name]
        ci = f" [{number(interval['low'])}, {number(interval['high'])}]" if interval else ""
        typer.echo(f"{name}: {number(disparities[name])}{ci}")
    four = document["four_fifths"]
    below = [group_label(g["group"]) for g in four["groups"] if g["below_threshold"]]
    typer.echo(
        f"Selection-rate ratio below {four['threshold']} (screening only, not a verdict): "
        + ("; ".join(below) if below else "none")
    )


def print_representativeness_text(report: RepresentativenessReport) -> None:
    document = report.to_json()
    source = document["reference"]["source"]
    typer.echo(f"Representativeness of {document['data']['file']} against {source}")
    typer.echo(pushdown_statement(document["data"]))
    typer.echo(f"{document['matched_rows']} of {document['rows']} rows matched the reference.")
    typer.echo("")
    rows = [
        [
            group_label(cell["cell"]),
            str(cell["observed"]),
            number(cell["observed_share"]),
            number(cell["reference_share"]),
            number(cell["ratio"], 2),
            "under" if cell["under_represented"] else "",
        ]
        for cell in document["cells"]
    ]
    print_table(["cell", "rows", "share", "population", "ratio", "flag"], rows)
    chi = document["chi_square"]
    typer.echo("")
    typer.echo(f"total variation distance: {number(document['total_variation_distance'])}")
    typer.echo(
        f"chi-square: {number(chi['statistic'], 2)}, df {chi['degrees_of_freedom']}, "
        f"p = {'undefined' if chi['p_value'] is None else format(chi['p_value'], '.3g')}"
    )


def _table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{html.escape(c)}</th>' if i == 0 else f"<td>{html.escape(c)}</td>")
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _page(title: str, sections: Sequence[str], data: dict[str, Any]) -> str:
    facts = _table(
        "Data and parameters",
        ["item", "value"],
        [
            ["file", str(data["file"])],
            ["source", str(data["source"])],
            ["SHA-256", str(data["sha256"])],
            ["rows", str(data["rows"])],
            ["engine", str(data["engine"])],
            ["query SHA-256", str(data["query_sha256"])],
            ["rows that left the engine (counts)", str(data["count_rows"])],
            *[[f"parameter {k}", str(v)] for k, v in data["parameters"].items()],
            *[[f"version {k}", str(v)] for k, v in data["versions"].items()],
        ],
    )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;margin:1rem 0}caption{text-align:left;font-weight:bold}"
        "th,td{border:1px solid #555;padding:.25rem .5rem;text-align:left}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(pushdown_statement(data))}</p>{''.join(sections)}"
        f"<h2>Data</h2>{facts}</main></body></html>"
    )


def fairness_html(report: FairnessReport) -> str:
    document = report.to_json()
    groups = _table(
        "Rates per group (undefined: zero denominator; too small: below the minimum group size)",
        ["group", "count", *RATE_NAMES, "ece"],
        [
            [row[0], row[1], *(number(e.get(n)) for n in RATE_NAMES), row[-1]]
            if not e["too_small"]
            else [row[0], "too small", *["-"] * len(RATE_NAMES), "-"]
            for row, e in zip(
                fairness_rows(document), [document["overall"], *document["groups"]], strict=True
            )
        ],
    )
    disparities = document["disparities"]
    names = [name for name in disparities if name != "ci"]
    disparity_rows = []
    for name in names:
        interval = disparities["ci"][name]
        disparity_rows.append(
            [
                name,
                number(disparities[name]),
                number(interval["low"]) if interval else "-",
                number(interval["high"]) if interval else "-",
            ]
        )
    four = document["four_fifths"]
    four_rows = [
        [group_label(g["group"]), number(g["ratio"]), "yes" if g["below_threshold"] else "no"]
        for g in four["groups"]
    ]
    sections = [
        "<h2>Groups</h2>",
        groups,
        "<h2>Disparities</h2>",
        _table(
            "Disparities between groups, with bootstrap intervals",
            ["metric", "value", "low", "high"],
            disparity_rows,
        ),
        "<h2>Four-fifths screening</h2>",
        "<p>A ratio below the threshold is a signal to investigate, not a legal verdict.</p>",
        _table(
            f"Selection rate over the highest (threshold {four['threshold']})",
            ["group", "ratio", "below threshold"],
            four_rows,
        ),
    ]
    return _page(f"Fairness audit of {document['data']['file']}", sections, document["data"])


def representativeness_html(report: RepresentativenessReport) -> str:
    document = report.to_json()
    rows = [
        [
            group_label(c["cell"]),
            str(c["observed"]),
            number(c["observed_share"]),
            number(c["reference_share"]),
            number(c["ratio"], 2),
            "yes" if c["under_represented"] else "no",
        ]
        for c in document["cells"]
    ]
    chi = document["chi_square"]
    sections = [
        f"<p>Reference: {html.escape(document['reference']['source'])}. "
        f"{document['matched_rows']} of {document['rows']} rows matched it.</p>",
        "<h2>Cells</h2>",
        _table(
            "Share in the data and in the population",
            ["cell", "rows", "share", "population share", "ratio", "under-represented"],
            rows,
        ),
        "<h2>Summary</h2>",
        _table(
            "Distance and goodness of fit",
            ["measure", "value"],
            [
                ["total variation distance", number(document["total_variation_distance"])],
                ["chi-square", number(chi["statistic"], 2)],
                ["degrees of freedom", number(chi["degrees_of_freedom"])],
                ["p-value", "undefined" if chi["p_value"] is None else f"{chi['p_value']:.3g}"],
            ],
        ),
    ]
    title = f"Representativeness of {document['data']['file']}"
    return _page(title, sections, document["data"])


# --- Registered connections ----------------------------------------------------------------------

connections_app = typer.Typer(
    help="Registered data connections of an organisation (PostgreSQL, Spark), used with "
    "--connection; their addresses and passwords are stored encrypted.",
    no_args_is_help=True,
)
audit_app.add_typer(connections_app, name="connections")
OrganisationRequired = Annotated[
    str, typer.Option("--organisation", help="The organisation's address (slug).")
]
ActingAs = Annotated[
    str, typer.Option("--as", metavar="EMAIL", help="The account making the change.")
]


def connection_document(connection: Any) -> dict[str, Any]:
    """What may be shown of a connection: never the password nor the sealed address."""
    return {
        "id": connection.id,
        "name": connection.name,
        "engine": connection.engine.value,
        "address": connection.address,
        "has_password": connection.has_password,
        "columns": connection.columns,
        "tested_at": connection.tested_at.isoformat() if connection.tested_at else None,
    }


@connections_app.command("list")
def list_connections(
    organisation: OrganisationRequired,
    acting_as: Annotated[
        str | None, typer.Option("--as", metavar="EMAIL", help="Read as this account.")
    ] = None,
    output: Annotated[
        ReportFormat, typer.Option("--format", help="text for people; json for programs.")
    ] = ReportFormat.TEXT,
) -> None:
    """The organisation's registered connections, without their passwords."""
    from balise.cli.common import OPERATOR, actor_for, open_container
    from balise.services import audit_connections

    with open_container() as container, container.uow(read_only=True) as uow:
        actor = actor_for(uow, acting_as) if acting_as else OPERATOR
        organisation_id = audit_connections.organisation_id_of(uow, actor=actor, slug=organisation)
        found = audit_connections.list_connections(
            uow, actor=actor, organisation_id=organisation_id
        )
    documents = [connection_document(item) for item in found]
    if output is ReportFormat.JSON:
        print_json({"organisation": organisation, "connections": documents})
        return
    rows = [
        [d["name"], d["engine"], d["address"], "yes" if d["has_password"] else "no"]
        for d in documents
    ]
    print_table(["name", "engine", "address", "password stored"], rows)


@connections_app.command("add")
def add_connection(
    name: Annotated[str, typer.Argument(help="A name, unique within the organisation.")],
    organisation: OrganisationRequired,
    source: Annotated[
        str,
        typer.Option(
            "--source",
            help="postgresql://USER@HOST/DB?table=SCHEMA.TABLE or spark:TABLE_OR_PATH.",
        ),
    ],
    acting_as: ActingAs,
    ask_password: Annotated[
        bool,
        typer.Option("--ask-password", help="Ask for the PostgreSQL password (not echoed)."),
    ] = False,
) -> None:
    """Register a connection; the address and the password are stored encrypted."""
    from balise.cli.common import actor_for, open_container
    from balise.services import audit_connections

    values: dict[str, object] = {"name": name}
    if source.strip().lower().startswith("spark:"):
        values |= {"engine": "spark", "spark": source}
    else:
        values |= {"engine": "postgresql", "url": source}
        if ask_password:
            password = typer.prompt("Password", hide_input=True)
            values["url"] = with_password(source, password)
    with open_container() as container, container.uow() as uow:
        actor = actor_for(uow, acting_as)
        organisation_id = audit_connections.organisation_id_of(uow, actor=actor, slug=organisation)
        created = audit_connections.create_connection(
            uow,
            actor=actor,
            box=container.connection_box,
            organisation_id=organisation_id,
            values=values,
        )
        uow.commit()
    typer.echo(f"Registered {created.name}: {created.address}")


def with_password(url: str, password: str) -> str:
    """`url` with `password` set in its user part."""
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


@connections_app.command("remove")
def remove_connection(
    name: Annotated[str, typer.Argument(help="The connection's name.")],
    organisation: OrganisationRequired,
    acting_as: ActingAs,
) -> None:
    """Delete a connection and its encrypted address; reports made from it stay."""
    from balise.cli.common import actor_for, open_container
    from balise.services import audit_connections

    with open_container() as container, container.uow() as uow:
        actor = actor_for(uow, acting_as)
        organisation_id = audit_connections.organisation_id_of(uow, actor=actor, slug=organisation)
        found = audit_connections.find_connection(
            uow, actor=actor, organisation_id=organisation_id, name=name
        )
        assert found.id is not None
        audit_connections.remove_connection(uow, actor=actor, connection_id=found.id)
        uow.commit()
    typer.echo(f"Removed {name}.")
