"""`balise footprint`: estimate an AI system's footprint, import the runs CodeCarbon measured."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from balise.cli.common import EXIT_BAD_INPUT, Format, FormatOption, describe, fail, print_json

footprint_app = typer.Typer(
    help="Environmental footprint and eco-label of AI systems (docs/eco.md).",
    no_args_is_help=True,
)


def _summary_lines(document: dict[str, Any]) -> list[str]:
    lines = []
    for part in document["parts"]:
        carbon, energy = part["carbon_kg"], part["energy_kwh"]
        lines.append(
            f"{part['phase']} ({part['method']}): {energy['value']:.4g} kWh "
            f"[{energy['low']:.4g}-{energy['high']:.4g}], {carbon['value']:.4g} kg CO2e "
            f"[{carbon['low']:.4g}-{carbon['high']:.4g}], grid {part['grid']['country']} "
            f"{part['grid']['g_per_kwh']:.4g} g/kWh ({part['grid']['year'] or 'year unknown'})"
        )
    normalised = document["per_thousand"]
    if normalised is not None:
        carbon = normalised["carbon_g"]
        lines.append(
            f"per 1,000 decisions: {carbon['value']:.4g} g CO2e "
            f"[{carbon['low']:.4g}-{carbon['high']:.4g}]"
        )
    label = document["label"]
    if label is not None:
        lines.append(
            f"eco-label {label['letter']} (rule {label['rule_version']} of {label['rule_date']})"
        )
    else:
        lines.append("no eco-label: give inference figures (and expected decisions if trained)")
    return lines


@footprint_app.command("estimate")
def estimate(
    spec: Annotated[
        Path,
        typer.Argument(
            metavar="SPEC.yaml",
            exists=True,
            dir_okay=False,
            readable=True,
            help="The hardware, hours, PUE and country of each phase (see docs/eco.md).",
        ),
    ],
    output: FormatOption = Format.TEXT,
) -> None:
    """Estimate a footprint from a specification, Green-Algorithms style; nothing is stored.

    Bad input (an unknown processor, a negative number...) exits with 2, naming every field.
    """
    import datetime as dt

    import yaml

    from balise.domain.shared.errors import ValidationError
    from balise.services.eco import estimate_spec

    try:
        values = yaml.safe_load(spec.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        fail([f"{spec}: not a YAML file ({error.__class__.__name__})"], EXIT_BAD_INPUT)
    try:
        document = estimate_spec(values, today=dt.datetime.now(dt.UTC).date())
    except ValidationError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    if output is Format.JSON:
        print_json(document)
    else:
        for line in _summary_lines(document):
            typer.echo(line)


@footprint_app.command("import")
def import_runs(
    csv_file: Annotated[
        Path,
        typer.Argument(
            metavar="emissions.csv",
            exists=True,
            dir_okay=False,
            readable=True,
            help="The file CodeCarbon wrote (one line per run).",
        ),
    ],
    system: Annotated[
        str, typer.Option("--system", metavar="ID", help="The record's address (its slug).")
    ],
    acting_as: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="EMAIL",
            help="An editor or reviewer of the record's organisation, or an administrator; the "
            "audit log records the change under this account.",
        ),
    ],
    phase: Annotated[
        str, typer.Option("--phase", help="training, fine_tuning or inference.")
    ] = "training",
    decisions: Annotated[
        int | None,
        typer.Option("--decisions", help="Inference only: the decisions the runs cover."),
    ] = None,
    output: FormatOption = Format.TEXT,
) -> None:
    """Store the runs of a CodeCarbon emissions.csv as a phase's measured footprint.

    All or nothing: a file with any wrong line is refused (exit 2), naming every line and
    column; nothing is saved.
    """
    from balise.cli.common import actor_for, open_container
    from balise.services import eco

    data = csv_file.read_bytes()
    with open_container() as container, container.uow() as uow:
        footprint = eco.import_emissions(
            uow,
            actor=actor_for(uow, acting_as),
            slug=system,
            phase=phase,
            data=data,
            decisions=decisions,
        )
        uow.commit()
    document = {"system": system, **footprint.to_json()}
    if output is Format.JSON:
        print_json(document)
    else:
        for line in _summary_lines(document):
            typer.echo(line)
