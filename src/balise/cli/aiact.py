"""`balise aiact`: classify an AI system or model under the AI Act, and publish the facts schema.

Classifying is a pure computation (`domain/aiact/classifier.py`): the command loads the rule set,
the facts validator and nothing else. The database (SQLAlchemy, the services, the container) is
imported only by `--store`, which needs it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from balise.cli.common import EXIT_BAD_INPUT, Format, FormatOption, describe, fail, print_json
from balise.domain.shared.errors import DomainError

if TYPE_CHECKING:
    from balise.domain.aiact.result import Classification

aiact_app = typer.Typer(
    help="The AI Act classifier: risk categories, obligations and dates for a facts document.",
    no_args_is_help=True,
)


def read_document(path: Path) -> object:
    import yaml

    from balise.domain.aiact.ruleset import load_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        fail([f"Cannot read {path}: {error.strerror}"], EXIT_BAD_INPUT)
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        fail([f"{path} is not valid JSON or YAML: {error}"], EXIT_BAD_INPUT)


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail([f"--date: give a date as YYYY-MM-DD, not {value!r}"], EXIT_BAD_INPUT)


def print_text(result: Classification) -> None:
    echo = typer.echo
    echo(f"Law: {result.law_title} (evaluated on {result.evaluation_date.isoformat()})")
    echo(f"Roles: {', '.join(result.roles) or '-'}")
    echo(f"Categories: {', '.join(c.value for c in result.categories)}")
    echo(f"Legal basis: {'; '.join(result.legal_basis) or '-'}")
    echo(
        f"Fundamental-rights impact assessment required: {'yes' if result.fria_required else 'no'}"
    )
    of_deployer = {True: "yes", False: "no", None: "-"}[result.fria_required_of_deployer]
    echo(f"Fundamental-rights impact assessment required of the deployers: {of_deployer}")
    echo(f"Already applying on that date: {', '.join(result.regimes_applicable_on) or '-'}")
    for title, obligations in (
        ("Obligations", result.obligations),
        ("Obligations of other parties", result.other_party_obligations),
    ):
        echo(f"\n{title}:")
        if not obligations:
            echo("  none")
        for obligation in obligations:
            when = obligation.applies_from.isoformat() if obligation.applies_from else "-"
            state = "applies" if obligation.applies else "not yet"
            echo(
                f"  {obligation.code} ({obligation.role}, {obligation.article}): "
                f"from {when}, {state}"
            )
            if obligation.condition:
                echo(f"    {obligation.condition}")
    ceiling = result.penalty_ceiling
    if ceiling is not None:
        echo(
            f"\nPenalty ceiling: {ceiling.article}: EUR {ceiling.fixed_eur:,} or "
            f"{ceiling.turnover_percent}% of worldwide turnover, whichever is {ceiling.rule}"
        )
    echo("\nTrace:")
    for entry in result.trace:
        echo(f"  [{entry.outcome.value}] {entry.rule} ({entry.article}): {entry.reason}")


def note_conversion(document: object) -> None:
    """Tell on stderr that a version 1 facts document was read and converted (stdout unchanged)."""
    from balise.domain.aiact.facts_versions import upgrade_facts

    upgrade = upgrade_facts(document)
    for note in upgrade.notes if upgrade.converted else ():
        typer.echo(f"Note: {note.key % dict(note.params)}", err=True)  # English is the source
    if upgrade.converted and not upgrade.notes:
        typer.echo("Note: facts schema version 1 read and converted to version 2.", err=True)


@aiact_app.command("classify")
def classify_command(
    facts: Annotated[Path, typer.Argument(help="The facts document, JSON or YAML.")],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="Evaluation date (default: today)."),
    ] = None,
    law: Annotated[
        str | None,
        typer.Option(
            "--law", metavar="2024|2026", help="The law version (default: the one in force)."
        ),
    ] = None,
    output: FormatOption = Format.TEXT,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="SLUG",
            help="Also store the result, immutable, on this register record (needs --as).",
        ),
    ] = None,
    acting_as: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="EMAIL",
            help="With --store: an editor or reviewer of the record's organisation, or an "
            "administrator; the audit log records the change under this account.",
        ),
    ] = None,
) -> None:
    """Classify a system or model described by a facts document. Exit 2 on invalid facts.

    With --store SLUG --as EMAIL, the facts, the law and rule-set versions and the result are kept
    on the register record, and its risk category is updated.
    """
    from balise.domain.aiact.classifier import classify_facts

    document = read_document(facts)
    day = parse_day(date)
    if store is not None and not acting_as:
        fail(["--store needs --as EMAIL: the account the result is stored under."])
    try:
        result = classify_facts(document, on=day, law=law)
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    note_conversion(document)
    if store is not None and acting_as:
        if not isinstance(document, dict):
            fail(["The facts document must be an object."])
        from balise.cli.common import actor_for, open_container
        from balise.services import aiact

        with open_container() as container, container.uow() as uow:
            stored = aiact.store_classification(
                uow,
                actor=actor_for(uow, acting_as),
                slug=store,
                facts=document,
                on=day,
                law=law,
            )
            uow.commit()
        typer.echo(
            f"Stored on {store} as classification {stored.id} (rule set {stored.ruleset_version}).",
            err=True,
        )
    if output is Format.JSON:
        print_json(result.to_json())
    else:
        print_text(result)


@aiact_app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of facts documents."""
    from balise.domain.aiact.facts_schema import facts_schema

    print_json(facts_schema())


@aiact_app.command("timeline")
def timeline_command() -> None:
    """Print the dates of application of every law version, as JSON."""
    from balise.domain.aiact.classifier import timeline

    print_json(timeline())
