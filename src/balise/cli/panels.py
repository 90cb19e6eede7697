"""`balise panel`: fair, verifiable selection of citizens' panels (most commands need no database).

The selection engine (NumPy, HiGHS through the container) is imported inside each command, so
that `balise --help` does not load it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from balise.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    ActingOrganiser,
    Format,
    FormatOption,
    PanelSlug,
    describe,
    english,
    fail,
    print_json,
    print_table,
)
from balise.domain.panels.record import DEFAULT_LOTTERY_SIZE, Algorithm
from balise.domain.shared.errors import DomainError

if TYPE_CHECKING:
    from balise.domain.panels.model import Instance
    from balise.domain.panels.solver import Solver

panel_app = typer.Typer(
    help="Citizens' panels: quotas, fair selection (LEXIMIN), lotteries and verifiable draws.",
    no_args_is_help=True,
)

Respondents = Annotated[
    Path,
    typer.Option(
        "--respondents",
        help="People CSV: an id column (or none: row numbers) and one column per category.",
    ),
]
Categories = Annotated[
    Path,
    typer.Option(
        "--categories",
        help="Quotas CSV: feature,value,min,max[,min_flex,max_flex] or category,feature,min,max.",
    ),
]
Size = Annotated[int, typer.Option("--size", help="The number of people on the panel (k).")]
IdColumn = Annotated[
    str | None, typer.Option("--id-column", help="The id column of the people file.")
]
AlgorithmOption = Annotated[
    Algorithm, typer.Option("--algorithm", help="leximin (fairest), maximin, or legacy (greedy).")
]
LotteryOption = Annotated[
    int, typer.Option("--lottery", help="The number M of numbered panels in the lottery.")
]


@contextmanager
def reported_errors() -> Iterator[None]:
    """Domain errors and unreadable files become English lines on standard error and exit 2."""
    try:
        yield
    except DomainError as error:
        fail(describe(error), EXIT_BAD_INPUT)
    except OSError as error:
        fail([f"Cannot read or write a file: {error}"], EXIT_BAD_INPUT)
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        fail([f"The published file is not in the expected format: {error}"], EXIT_BAD_INPUT)


def solver() -> Solver:
    """The selection solver, from the composition root (HiGHS is imported only now)."""
    from balise.bootstrap import build

    return build().solver()


def read_instance(
    respondents: Path, categories: Path, size: int, id_column: str | None
) -> Instance:
    from balise.domain.panels.selection import load_instance

    return load_instance(
        respondents=respondents.read_text(encoding="utf-8-sig"),
        categories=categories.read_text(encoding="utf-8-sig"),
        size=size,
        id_column=id_column,
    )


@panel_app.command()
def select(
    respondents: Respondents,
    categories: Categories,
    size: Size,
    algorithm: AlgorithmOption = Algorithm.LEXIMIN,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the trial draw.")] = 0,
    lottery: LotteryOption = DEFAULT_LOTTERY_SIZE,
    legacy_draws: Annotated[
        int, typer.Option("--legacy-draws", help="Draws that estimate LEGACY probabilities.")
    ] = 1_000,
    id_column: IdColumn = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Selection probabilities, the portfolio of panels, its lottery, and the panel for a seed."""
    from balise.domain.panels.selection import select_panel

    with reported_errors():
        instance = read_instance(respondents, categories, size, id_column)
        selection = select_panel(
            instance,
            solver=solver(),
            algorithm=algorithm,
            seed=seed,
            lottery_size=lottery,
            legacy_draws=legacy_draws,
        )
    document = selection.result().to_json()
    if output_format is Format.JSON:
        print_json(document)
        return
    fairness = document["fairness"]
    typer.echo(
        f"{document['algorithm']}: {document['pool_size']} people, panels of {document['size']}, "
        f"{len(document['portfolio'])} panels in the portfolio"
    )
    print_table(
        ["figure", "value"],
        [[name, f"{value:.6f}"] for name, value in sorted(fairness.items())],
    )
    if document["lottery"] is not None:
        typer.echo(
            f"lottery of {document['lottery']['tickets']} tickets: minimum probability "
            f"{document['lottery']['fairness']['min_probability']:.6f}; "
            f"the least served person loses "
            f"{document['lottery'].get('worst_loss_tickets', 0.0):.3f} tickets; "
            f"ticket {document['ticket']} for seed {document['seed']}"
        )
    typer.echo("panel: " + ", ".join(document["panel"]))


@panel_app.command()
def feasibility(
    respondents: Respondents,
    categories: Categories,
    size: Size,
    id_column: IdColumn = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Whether the quotas can be met; if not, which conflict and the smallest relaxation."""
    from balise.domain.panels.selection import check_quotas

    with reported_errors():
        instance = read_instance(respondents, categories, size, id_column)
        result = check_quotas(instance, solver=solver())
    document: dict[str, Any] = {
        "feasible": result.feasible,
        "conflicts": [english(message) for message in result.conflicts],
        "relaxations": [relaxation.as_dict() for relaxation in result.relaxations],
    }
    if output_format is Format.JSON:
        print_json(document)
    elif result.feasible:
        typer.echo("The quotas can be met.")
    else:
        typer.echo("The quotas cannot be met.")
        for line in document["conflicts"]:
            typer.echo(f"- {line}")
        typer.echo("Smallest relaxation:")
        print_table(
            ["category", "value", "min", "max", "new min", "new max", "within flex"],
            [
                [
                    r.category,
                    r.value,
                    str(r.minimum),
                    str(r.maximum),
                    str(r.new_minimum),
                    str(r.new_maximum),
                    "yes" if r.within_flex else "no",
                ]
                for r in result.relaxations
            ],
        )
    if not result.feasible:
        raise typer.Exit(EXIT_FAILED)


@panel_app.command()
def commit(
    respondents: Respondents,
    categories: Categories,
    size: Size,
    out: Annotated[Path, typer.Option("--out", help="Where to write the file to publish.")],
    public_source: Annotated[
        str,
        typer.Option(
            "--public-source", help="The public value to come, e.g. a named lottery result."
        ),
    ],
    party_commitment: Annotated[
        list[str] | None,
        typer.Option(
            "--party-commitment",
            help="SHA-256 (hex) of another party's secret; repeat for each party.",
        ),
    ] = None,
    secret: Annotated[
        list[str] | None,
        typer.Option(
            "--secret",
            help="Your own secret: Balise publishes its SHA-256 (before the other parties').",
        ),
    ] = None,
    generate_secret: Annotated[
        bool,
        typer.Option(
            "--generate-secret", help="Let Balise generate a random secret and print it once."
        ),
    ] = False,
    algorithm: AlgorithmOption = Algorithm.LEXIMIN,
    lottery: LotteryOption = DEFAULT_LOTTERY_SIZE,
    id_column: IdColumn = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Compute the lottery and write the commitment to publish before the draw."""
    from balise.domain.panels.draw import secret_commitment
    from balise.domain.panels.seeds import new_seed
    from balise.domain.panels.selection import prepare_draw, select_panel

    secrets = list(secret or []) + ([new_seed()] if generate_secret else [])
    hashes = [secret_commitment(text) for text in secrets] + list(party_commitment or [])
    with reported_errors():
        if algorithm is Algorithm.LEGACY:
            fail(["A committed draw needs a lottery: use leximin or maximin."])
        if not hashes:
            fail(["Give --secret, --generate-secret or --party-commitment at least once."])
        instance = read_instance(respondents, categories, size, id_column)
        selection = select_panel(
            instance, solver=solver(), algorithm=algorithm, lottery_size=lottery
        )
        published = prepare_draw(selection, party_commitments=hashes, public_source=public_source)
        document = published.to_json()
        out.write_text(json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False))
    summary: dict[str, Any] = {"commitment_sha256": published.commitment_sha256, "file": str(out)}
    if generate_secret:
        summary["generated_secret"] = secrets[-1]
    if output_format is Format.JSON:
        print_json(summary)
    else:
        typer.echo(f"Publish {out}; commitment {summary['commitment_sha256']}")
        if generate_secret:
            typer.echo(f"Keep this secret private until the draw (--secret at draw): {secrets[-1]}")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@panel_app.command()
def draw(
    published: Annotated[Path, typer.Option("--published", help="The committed file.")],
    secret: Annotated[
        list[str], typer.Option("--secret", help="A party's revealed secret, in commitment order.")
    ],
    public_value: Annotated[str, typer.Option("--public-value", help="The public value.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the reveal file.")],
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Draw the panel once the secrets and the public value are known; write the reveal file."""
    from balise.domain.panels.draw import Commitment, draw_ticket, panel_for_ticket

    with reported_errors():
        document = read_json(published)
        commitment = Commitment.from_dict(document["commitment"])
        ticket = draw_ticket(commitment, secret, public_value)
        panel = panel_for_ticket(document["lottery"], ticket)
        reveal = {
            "commitment_sha256": commitment.sha256,
            "secrets": list(secret),
            "public_value": public_value,
            "ticket": ticket,
            "panel": panel,
        }
        out.write_text(json.dumps(reveal, indent=1, sort_keys=True, ensure_ascii=False))
    if output_format is Format.JSON:
        print_json(reveal)
    else:
        typer.echo(f"ticket {ticket}: " + ", ".join(panel))


@panel_app.command()
def verify(
    published: Annotated[Path, typer.Option("--published", help="The committed file.")],
    reveal: Annotated[Path, typer.Option("--reveal", help="The reveal file of the draw.")],
    replacements: Annotated[
        Path | None,
        typer.Option("--replacements", help="The replacements file, when members were replaced."),
    ] = None,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Recompute every hash, every panel, the drawn ticket and each replacement; exit 1 when
    anything is off."""
    from balise.domain.panels.documents import Reveal
    from balise.domain.panels.draw import instance_from_documents
    from balise.domain.panels.replacements import Replacement, check_replacements, randomness
    from balise.domain.panels.selection import verify_draw

    with reported_errors():
        document = read_json(published)
        revealed = read_json(reveal)
        ok, checks, commitment = verify_draw(
            document,
            secrets=[str(s) for s in revealed["secrets"]],
            public_value=str(revealed["public_value"]),
            claimed_panel=[str(p) for p in revealed["panel"]],
        )
        same_commitment = revealed.get("commitment_sha256") == commitment.sha256
        extra = [{"name": "reveal names this commitment", "ok": same_commitment, "detail": ""}]
        if replacements is not None:
            wrong = check_replacements(
                instance_from_documents(document["pool"], document["quotas"], commitment.size),
                material=randomness(Reveal.from_json(revealed)),
                drawn=[str(p) for p in revealed["panel"]],
                replacements=[Replacement.from_json(r) for r in read_json(replacements)],
            )
            extra.append(
                {
                    "name": "each replacement follows the rule",
                    "ok": not wrong,
                    "detail": "; ".join(wrong),
                }
            )
    ok = ok and all(check["ok"] for check in extra)
    result: dict[str, Any] = {
        "ok": ok,
        "commitment_sha256": commitment.sha256,
        "checks": [{"name": check.name, "ok": check.ok, "detail": check.detail} for check in checks]
        + extra,
    }
    if output_format is Format.JSON:
        print_json(result)
    else:
        for check in result["checks"]:
            typer.echo(f"{'ok  ' if check['ok'] else 'FAIL'} {check['name']} {check['detail']}")
        typer.echo("The drawn panel is the right one." if ok else "The draw does NOT verify.")
    if not ok:
        raise typer.Exit(EXIT_FAILED)


@panel_app.command()
def invite(
    addresses: Annotated[
        Path, typer.Option("--addresses", help="Addresses CSV with the columns id and stratum.")
    ],
    strata: Annotated[
        Path,
        typer.Option("--strata", help="Strata CSV: stratum,population[,oversampling]."),
    ],
    letters: Annotated[int, typer.Option("--letters", help="How many letters to send.")],
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draw.")] = 0,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Draw the addresses to invite, stratified in proportion to population, with over-sampling."""
    from balise.domain.panels.selection import draw_invitation_letters

    with reported_errors():
        result = draw_invitation_letters(
            addresses=addresses.read_text(encoding="utf-8-sig"),
            strata=strata.read_text(encoding="utf-8-sig"),
            letters=letters,
            seed=seed,
        )
    if output_format is Format.JSON:
        print_json(result)
        return
    print_table(
        ["stratum", "letters"], [[name, str(count)] for name, count in result["allocation"].items()]
    )
    for address in result["invited"]:
        typer.echo(address)


@panel_app.command()
def composition(
    slug: PanelSlug,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """A drawn panel's composition: per criterion and value, target share, achieved share, count."""
    from balise.cli.common import open_container
    from balise.domain.accounts.model import Actor
    from balise.services.panels_composition import panel_composition

    with reported_errors(), open_container() as container, container.uow() as uow:
        found = panel_composition(uow, actor=Actor(), slug=slug)
    if output_format is Format.JSON:
        print_json(found.to_json())
        return
    print_table(
        ["criterion", "value", "target", "range", "achieved", "count"],
        [
            [
                row.category,
                row.value,
                f"{row.target_share:.1%}",
                f"{row.target_low:.1%}-{row.target_high:.1%}",
                f"{row.achieved_share:.1%}",
                str(row.count),
            ]
            for row in found.rows
        ],
    )


@panel_app.command()
def replace(
    slug: PanelSlug,
    dropped: Annotated[str, typer.Argument(help="The pseudonymous id of the member who leaves.")],
    acting_as: ActingOrganiser,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Replace a member who leaves a drawn panel, keeping every quota met where the pool allows.

    The replacement is the first volunteer, in an order computed from the draw's revealed
    secrets and public value, with whom every quota is still met; anyone can recompute it.
    """
    from balise.cli.common import actor_for, open_container
    from balise.services.panels_replacements import replace_member

    with reported_errors(), open_container() as container, container.uow() as uow:
        found = replace_member(uow, actor=actor_for(uow, acting_as), slug=slug, dropped=dropped)
        uow.commit()
    if output_format is Format.JSON:
        print_json({"slug": slug, **found.to_json()})
        return
    kept = "every quota is still met" if found.quotas_kept else "the quotas are NOT all met"
    typer.echo(
        f"{dropped} leaves; replaced by {found.chosen or 'nobody (pool exhausted)'}: {kept}."
    )


# `balise panel messages` lives beside its area's other modules (issue 14).
from balise.cli.panels_messages import messages  # noqa: E402

panel_app.command(name="messages")(messages)

# `balise panel registrations` (issue 14): counts of registrations, no personal data.
from balise.cli.panels_members import erase, erasure_requests, registrations  # noqa: E402

panel_app.command(name="registrations")(registrations)
# `balise panel erasure-requests` and `balise panel erase` (issue 14): a member's participation.
panel_app.command(name="erasure-requests")(erasure_requests)
panel_app.command(name="erase")(erase)
