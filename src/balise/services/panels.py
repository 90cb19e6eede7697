"""Use cases for citizens' panels: load a pool, check quotas, select, commit to a draw, verify it.

The first functions take text and return plain results (the command line uses them); the second
part runs panels an organisation keeps in Balise: stored, audited, and published for anyone to
verify. The solver is always passed in by the entrypoint.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from balise import __version__
from balise.domain.accounts.model import Actor, Role
from balise.domain.jobs.model import Job
from balise.domain.panels.csvfiles import parse_people, parse_quotas
from balise.domain.panels.draw import (
    Check,
    Commitment,
    canonical,
    commit,
    draw_ticket,
    lottery_document,
    panel_for_ticket,
    pool_document,
    quotas_document,
    seeded_ticket,
    sha256_hex,
    verify,
)
from balise.domain.panels.fairness import fairness
from balise.domain.panels.feasibility import Feasibility, check_feasibility
from balise.domain.panels.invitations import draw_invitations, parse_addresses, parse_strata
from balise.domain.panels.legacy import legacy, legacy_draw
from balise.domain.panels.leximin import Distribution, OnProgress, Progress, leximin, maximin
from balise.domain.panels.lottery import DEFAULT_LOTTERY_SIZE, Lottery, make_lottery
from balise.domain.panels.model import Instance, Pool, Quotas
from balise.domain.panels.record import NEEDS, Panel, PanelState
from balise.domain.panels.solver import Solver
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services.audit_log import record_event
from balise.services.jobs import start_job
from balise.services.permissions import DENIED, require_role
from balise.services.ports import UnitOfWork

SOFTWARE = f"balise {__version__}"
DIGITS = 12


def _figures(probabilities: Mapping[str, float], size: int) -> dict[str, float]:
    return {
        name: round(value, DIGITS)
        for name, value in fairness(probabilities, size).as_dict().items()
    }


class Algorithm(StrEnum):
    LEXIMIN = "leximin"
    MAXIMIN = "maximin"
    LEGACY = "legacy"


def load_instance(
    *, respondents: str, categories: str, size: int, id_column: str | None = None
) -> Instance:
    """The instance from the two CSV texts; errors name the line and the column."""
    quotas = parse_quotas(categories)
    pool = parse_people(respondents, quotas.categories, id_column=id_column, quotas=quotas)
    return Instance(pool, quotas, size)


def check_quotas(instance: Instance, *, solver: Solver) -> Feasibility:
    return check_feasibility(instance, solver)


@dataclass(frozen=True)
class Selection:
    instance: Instance
    algorithm: Algorithm
    solver: str
    distribution: Distribution
    lottery: Lottery | None
    seed: int
    ticket: int | None
    panel: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        ids = self.instance.pool.ids
        size = self.instance.size
        probabilities = {
            ids[i]: round(p, DIGITS) for i, p in enumerate(self.distribution.probabilities)
        }
        document: dict[str, Any] = {
            "algorithm": self.algorithm.value,
            "software": SOFTWARE,
            "solver": self.solver,
            "size": size,
            "pool_size": len(ids),
            "probabilities": probabilities,
            "portfolio": [
                {"panel": sorted(ids[i] for i in panel), "probability": round(weight, DIGITS)}
                for panel, weight in zip(
                    self.distribution.panels, self.distribution.panel_probabilities, strict=True
                )
            ],
            "fairness": _figures(
                dict(zip(ids, self.distribution.probabilities, strict=True)), size
            ),
            "seed": self.seed,
            "ticket": self.ticket,
            "panel": sorted(ids[i] for i in self.panel),
            "lottery": None,
        }
        if self.lottery is not None:
            rounded = self.lottery.probabilities(len(ids))
            document["lottery"] = {
                "tickets": self.lottery.size,
                "table": lottery_document(self.lottery, self.instance.pool),
                "fairness": _figures(dict(zip(ids, rounded, strict=True)), size),
                "max_change": max(
                    abs(a - b)
                    for a, b in zip(rounded, self.distribution.probabilities, strict=True)
                ),
            }
        return document


def select_panel(
    instance: Instance,
    *,
    solver: Solver,
    algorithm: Algorithm = Algorithm.LEXIMIN,
    seed: int = 0,
    lottery_size: int = DEFAULT_LOTTERY_SIZE,
    legacy_draws: int = 1_000,
    progress: Progress | None = None,
    on_progress: OnProgress | None = None,
) -> Selection:
    """Selection probabilities, the portfolio, its lottery and the panel drawn with `seed`.

    `on_progress(done, total)`, when given, is called as the work advances (for a progress bar).
    """
    if algorithm is Algorithm.LEGACY:
        if on_progress is not None:
            on_progress(0, 1)
        distribution = legacy(instance, draws=legacy_draws, seed=seed)
        panel = legacy_draw(instance, random.Random(seed))  # noqa: S311 - reproducible by design
        if on_progress is not None:
            on_progress(1, 1)
        return Selection(instance, algorithm, "none", distribution, None, seed, None, panel)
    method = leximin if algorithm is Algorithm.LEXIMIN else maximin
    distribution = method(instance, solver, progress=progress, on_progress=on_progress)
    lottery = make_lottery(distribution, len(instance.pool), size=lottery_size)
    ticket = seeded_ticket(seed, lottery.size)
    panel = lottery.tickets()[ticket - 1]
    return Selection(instance, algorithm, solver.name, distribution, lottery, seed, ticket, panel)


def prepare_draw(
    selection: Selection, *, party_commitments: Sequence[str], public_source: str
) -> dict[str, Any]:
    """The files to publish before the draw: the commitment, the pool, the quotas, the lottery."""
    assert selection.lottery is not None
    instance = selection.instance
    commitment = commit(
        instance=instance,
        lottery=selection.lottery,
        algorithm=selection.algorithm.value,
        software=f"{SOFTWARE}; {selection.solver}",
        party_commitments=party_commitments,
        public_source=public_source,
    )
    return {
        "commitment": commitment.as_dict(),
        "commitment_sha256": commitment.sha256,
        "pool": pool_document(instance.pool),
        "quotas": quotas_document(instance.quotas),
        "lottery": lottery_document(selection.lottery, instance.pool),
    }


def verify_draw(
    published: Mapping[str, Any],
    *,
    secrets: Sequence[str],
    public_value: str,
    claimed_panel: Sequence[str] | None = None,
) -> tuple[bool, list[Check], Commitment]:
    """Every check of a draw from its published files; `True` when all pass."""
    checks = verify(
        commitment=published["commitment"],
        pool=published["pool"],
        quotas=published["quotas"],
        lottery=published["lottery"],
        secrets=secrets,
        public_value=public_value,
        claimed_panel=claimed_panel,
    )
    return all(check.ok for check in checks), checks, Commitment.from_dict(published["commitment"])


def draw_invitation_letters(
    *, addresses: str, strata: str, letters: int, seed: int
) -> dict[str, Any]:
    """Which addresses get a letter: stratified, proportional with over-sampling, seeded."""
    allocation, invited = draw_invitations(
        parse_strata(strata), parse_addresses(addresses), letters, seed
    )
    return {"letters": letters, "seed": seed, "allocation": allocation, "invited": invited}


# --- Panels an organisation runs in Balise: stored, audited, published --------------------------

ORGANISERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
NO_SUCH_PANEL = Message(N_("There is no such panel."))
SELECTION_JOB = "panels.select"
PUBLISHED_FILES = ("published", "reveal", "pool", "quotas", "lottery", "commitment")


def may_organise(actor: Actor, organisation_id: int) -> bool:
    """Administrators, and the editors and reviewers of the panel's organisation."""
    if actor.role is Role.ADMIN:
        return True
    return (
        actor.role in {Role.EDITOR, Role.REVIEWER}
        and actor.user is not None
        and actor.user.organisation_id == organisation_id
    )


def organiser_panel(uow: UnitOfWork, actor: Actor, slug: str) -> Panel:
    """The panel, for someone who may run it."""
    panel = uow.panels.find_by_slug(slug)
    if panel is None:
        raise NotFound(NO_SUCH_PANEL)
    if not may_organise(actor, panel.organisation_id):
        raise PermissionDenied(DENIED)
    return panel


def _panel_id(panel: Panel) -> int:
    assert panel.id is not None
    return panel.id


def panel_snapshot(panel: Panel) -> dict[str, Any]:
    return {
        "slug": panel.slug,
        "organisation_id": panel.organisation_id,
        "title": panel.title,
        "size": panel.size,
        "algorithm": panel.algorithm.value,
        "lottery_size": panel.lottery_size,
        "state": panel.state.value,
    }


def _move(uow: UnitOfWork, panel: Panel, state: PanelState) -> Panel:
    panel.require_move(state)
    uow.panels.set_state(_panel_id(panel), state, at=uow.clock.now())
    moved = uow.panels.get(_panel_id(panel))
    assert moved is not None
    return moved


def create_panel(uow: UnitOfWork, *, actor: Actor, panel: Panel) -> Panel:
    require_role(actor, *ORGANISERS)
    if uow.organisations.get(panel.organisation_id) is None:
        raise ValidationError.single("organisation", N_("There is no such organisation."))
    if not may_organise(actor, panel.organisation_id):
        raise PermissionDenied(DENIED)
    if uow.panels.find_by_slug(panel.slug) is not None:
        raise ValidationError.single("slug", N_("Another panel already uses this address."))
    created = uow.panels.add(replace(panel, state=PanelState.DRAFT), at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="panel.created",
        entity_type="panel",
        entity_id=created.id,
        after=panel_snapshot(created),
    )
    return created


def organiser_panels(uow: UnitOfWork, *, actor: Actor) -> list[Panel]:
    """The panels the actor may run: all for administrators, else their organisation's."""
    if actor.role is Role.ADMIN:
        return uow.panels.list_for(None)
    user = actor.user
    if actor.role in {Role.EDITOR, Role.REVIEWER} and user and user.organisation_id is not None:
        return uow.panels.list_for(user.organisation_id)
    return []


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """The same errors, each field named after the uploaded file it comes from."""
    return ValidationError(
        {
            name if name in {"size", "letters", "seed"} else f"{prefix}:{name}": message
            for name, message in error.errors.items()
        }
    )


def message_document(message: Message) -> dict[str, Any]:
    return {"key": message.key, "params": dict(message.params)}


def feasibility_document(result: Feasibility) -> dict[str, Any]:
    return {
        "feasible": result.feasible,
        "conflicts": [message_document(message) for message in result.conflicts],
        "relaxations": [relaxation.as_dict() for relaxation in result.relaxations],
    }


def pool_sha256(pool: Pool) -> str:
    return sha256_hex(canonical(pool_document(pool)))


def load_pool(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    respondents: str,
    categories: str,
    solver: Solver,
    id_column: str | None = None,
) -> Panel:
    """Replace the panel's pool and quotas, check feasibility; contacts are stored apart.

    Errors name the file (`quotas:` or `people:`), the line and the column.
    """
    panel = organiser_panel(uow, actor, slug)
    panel.require_move(PanelState.POOL_LOADED)
    try:
        quotas = parse_quotas(categories)
    except ValidationError as error:
        raise _prefixed(error, "quotas") from None
    try:
        pool = parse_people(respondents, quotas.categories, id_column=id_column, quotas=quotas)
        instance = Instance(pool, quotas, panel.size)
    except ValidationError as error:
        raise _prefixed(error, "people") from None
    result = check_feasibility(instance, solver)
    digest = pool_sha256(pool)
    uow.panels.replace_pool(
        _panel_id(panel),
        people=pool.people,
        quotas=quotas,
        contacts=pool.contacts,
        pool_sha256=digest,
        feasibility=feasibility_document(result),
    )
    moved = _move(uow, panel, PanelState.POOL_LOADED)
    record_event(
        uow,
        actor=actor,
        event_type="panel.pool_loaded",
        entity_type="panel",
        entity_id=panel.id,
        before={"state": panel.state.value},
        after={
            "state": moved.state.value,
            "people": len(pool),
            "quotas": len(quotas.quotas),
            "people_with_contact_details": len(pool.contacts),
            "pool_sha256": digest,
            "feasible": result.feasible,
        },
    )
    return moved


def apply_relaxation(uow: UnitOfWork, *, actor: Actor, slug: str, solver: Solver) -> Panel:
    """Relax the quotas as the feasibility check proposed, and check them again.

    The people and their contact details stay as they are; only the quotas change.
    """
    panel = organiser_panel(uow, actor, slug)
    panel.require_move(PanelState.POOL_LOADED)
    panel_id = _panel_id(panel)
    facts = uow.panels.facts(panel_id)
    quotas = uow.panels.quotas(panel_id)
    proposed = (facts["feasibility"] or {}).get("relaxations") or []
    if quotas is None or not proposed:
        raise Conflict(Message(N_("There is no relaxation to apply: the quotas can be met.")))
    changes = {(r["category"], r["value"]): (r["new_min"], r["new_max"]) for r in proposed}
    relaxed = Quotas(
        tuple(
            replace(
                quota,
                minimum=changes.get(quota.key, (quota.minimum, quota.maximum))[0],
                maximum=changes.get(quota.key, (quota.minimum, quota.maximum))[1],
            )
            for quota in quotas.quotas
        )
    )
    pool = Pool(uow.panels.people(panel_id), uow.panels.contacts(panel_id))
    result = check_feasibility(Instance(pool, relaxed, panel.size), solver)
    uow.panels.replace_pool(
        panel_id,
        people=pool.people,
        quotas=relaxed,
        contacts=pool.contacts,
        pool_sha256=str(facts["pool_sha256"]),
        feasibility=feasibility_document(result),
    )
    moved = _move(uow, panel, PanelState.POOL_LOADED)
    record_event(
        uow,
        actor=actor,
        event_type="panel.quotas_relaxed",
        entity_type="panel",
        entity_id=panel.id,
        before={"state": panel.state.value},
        after={"state": moved.state.value, "relaxations": proposed, "feasible": result.feasible},
    )
    return moved


def stored_instance(uow: UnitOfWork, panel: Panel) -> Instance:
    quotas = uow.panels.quotas(_panel_id(panel))
    if quotas is None:
        raise Conflict(Message(NEEDS[PanelState.SELECTED]))
    return Instance(Pool(uow.panels.people(_panel_id(panel))), quotas, panel.size)


def start_selection(uow: UnitOfWork, *, actor: Actor, slug: str) -> Job:
    """Queue the selection job; the caller hands it to the queue once this commits."""
    panel = organiser_panel(uow, actor, slug)
    panel.require_move(PanelState.SELECTED)
    facts = uow.panels.facts(_panel_id(panel))
    if not (facts["feasibility"] or {}).get("feasible"):
        raise Conflict(
            Message(N_("The quotas cannot be met: change them and upload them again first."))
        )
    job = start_job(
        uow,
        actor=actor,
        kind=SELECTION_JOB,
        params={"panel": panel.id, "pool_sha256": facts["pool_sha256"]},
    )
    uow.panels.set_selection_job(_panel_id(panel), job.id)
    record_event(
        uow,
        actor=actor,
        event_type="panel.selection_started",
        entity_type="panel",
        entity_id=panel.id,
        after={"job": job.id, "algorithm": panel.algorithm.value},
    )
    return job


@dataclass(frozen=True)
class SelectionWork:
    """What the selection job needs, read in one short transaction."""

    panel: Panel
    instance: Instance
    pool_sha256: str


def selection_work(uow: UnitOfWork, *, actor: Actor, panel_id: int) -> SelectionWork:
    panel = uow.panels.get(panel_id)
    if panel is None:
        raise NotFound(NO_SUCH_PANEL)
    panel = organiser_panel(uow, actor, panel.slug)
    panel.require_move(PanelState.SELECTED)
    facts = uow.panels.facts(panel_id)
    return SelectionWork(panel, stored_instance(uow, panel), str(facts["pool_sha256"]))


def run_selection(
    work: SelectionWork, *, solver: Solver, on_progress: OnProgress | None = None
) -> Selection:
    """The selection itself, outside any transaction (it may take minutes)."""
    return select_panel(
        work.instance,
        solver=solver,
        algorithm=Algorithm(work.panel.algorithm.value),
        lottery_size=work.panel.lottery_size,
        on_progress=on_progress,
    )


def store_selection(
    uow: UnitOfWork, *, actor: Actor, panel_id: int, selection: Selection, pool_sha256: str
) -> Panel:
    panel = uow.panels.get(panel_id)
    if panel is None:
        raise NotFound(NO_SUCH_PANEL)
    panel = organiser_panel(uow, actor, panel.slug)
    panel.require_move(PanelState.SELECTED)
    if uow.panels.facts(panel_id)["pool_sha256"] != pool_sha256:
        raise Conflict(
            Message(N_("The pool changed while the selection ran: run the selection again."))
        )
    result = selection.as_dict()
    uow.panels.save(
        panel_id,
        "selection",
        {"pool_sha256": pool_sha256, "result": result, "computed_at": uow.clock.now()},
    )
    moved = _move(uow, panel, PanelState.SELECTED)
    record_event(
        uow,
        actor=actor,
        event_type="panel.selected",
        entity_type="panel",
        entity_id=panel_id,
        before={"state": panel.state.value},
        after={
            "state": moved.state.value,
            "algorithm": result["algorithm"],
            "solver": result["solver"],
            "fairness": result["fairness"],
            "portfolio": len(result["portfolio"]),
            "tickets": result["lottery"]["tickets"] if result["lottery"] else None,
        },
    )
    return moved


def _lottery_of(table: Sequence[Mapping[str, Any]], pool: Pool) -> Lottery:
    """The lottery back from its published table (panels as person indices)."""
    index = {person_id: position for position, person_id in enumerate(pool.ids)}
    return Lottery(
        tuple(tuple(sorted(index[str(pid)] for pid in row["panel"])) for row in table),
        tuple(int(row["tickets"][1]) - int(row["tickets"][0]) + 1 for row in table),
    )


def _lines(values: Sequence[str]) -> list[str]:
    return [value.strip() for value in values if value.strip()]


def commit_panel(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    party_commitments: Sequence[str],
    public_source: str,
) -> Panel:
    """Freeze the pool, quotas and lottery, and publish their hashes with the parties' ones."""
    panel = organiser_panel(uow, actor, slug)
    panel.require_move(PanelState.COMMITTED)
    errors: dict[str, Message] = {}
    hashes = [value.lower() for value in _lines(party_commitments)]
    if not hashes:
        errors["party_commitments"] = Message(
            N_("Give at least one party's commitment (the SHA-256 of its secret).")
        )
    if not public_source.strip():
        errors["public_source"] = Message(
            N_("Say which public value will be used, and when it will be known.")
        )
    if errors:
        raise ValidationError(errors)
    stored = uow.panels.load(_panel_id(panel), "selection")
    assert stored is not None
    result = stored["result"]
    instance = stored_instance(uow, panel)
    lottery = _lottery_of(result["lottery"]["table"], instance.pool)
    commitment = commit(
        instance=instance,
        lottery=lottery,
        algorithm=result["algorithm"],
        software=f"{result['software']}; {result['solver']}",
        party_commitments=hashes,
        public_source=public_source.strip(),
    )
    published = {
        "commitment": commitment.as_dict(),
        "commitment_sha256": commitment.sha256,
        "pool": pool_document(instance.pool),
        "quotas": quotas_document(instance.quotas),
        "lottery": lottery_document(lottery, instance.pool),
    }
    uow.panels.save(
        _panel_id(panel),
        "commitment",
        {
            "commitment_sha256": commitment.sha256,
            "published": published,
            "committed_at": uow.clock.now(),
        },
    )
    moved = _move(uow, panel, PanelState.COMMITTED)
    record_event(
        uow,
        actor=actor,
        event_type="panel.committed",
        entity_type="panel",
        entity_id=panel.id,
        before={"state": panel.state.value},
        after={"state": moved.state.value, **commitment.as_dict(), "sha256": commitment.sha256},
    )
    return moved


def draw_panel(
    uow: UnitOfWork, *, actor: Actor, slug: str, secrets: Sequence[str], public_value: str
) -> Panel:
    """Draw the ticket from the revealed secrets and public value; it must verify."""
    panel = organiser_panel(uow, actor, slug)
    panel.require_move(PanelState.DRAWN)
    if not public_value.strip():
        raise ValidationError.single("public_value", N_("Give the public value."))
    stored = uow.panels.load(_panel_id(panel), "commitment")
    assert stored is not None
    published = stored["published"]
    revealed = _lines(secrets)
    commitment = Commitment.from_dict(published["commitment"])
    try:
        ticket = draw_ticket(commitment, revealed, public_value.strip())
    except ValidationError as error:
        raise ValidationError({"secrets": error.message}) from None
    drawn = panel_for_ticket(published["lottery"], ticket)
    ok, _, _ = verify_draw(
        published, secrets=revealed, public_value=public_value.strip(), claimed_panel=drawn
    )
    if not ok:
        raise Conflict(Message(N_("The draw does not verify; nothing was recorded.")))
    reveal = {
        "commitment_sha256": commitment.sha256,
        "secrets": revealed,
        "public_value": public_value.strip(),
        "ticket": ticket,
        "panel": drawn,
    }
    uow.panels.save(_panel_id(panel), "draw", {"reveal": reveal, "drawn_at": uow.clock.now()})
    moved = _move(uow, panel, PanelState.DRAWN)
    record_event(
        uow,
        actor=actor,
        event_type="panel.drawn",
        entity_type="panel",
        entity_id=panel.id,
        before={"state": panel.state.value},
        after={"state": moved.state.value, **reveal},
    )
    return moved


def delete_contact(uow: UnitOfWork, *, actor: Actor, slug: str, person_id: str) -> bool:
    """Forget a volunteer's name and contact details; the pool and any result stay as they are.

    True when there were details to delete.
    """
    panel = organiser_panel(uow, actor, slug)
    person_id = person_id.strip()
    if not uow.panels.has_person(_panel_id(panel), person_id):
        raise ValidationError.single(
            "person_id", N_("There is no volunteer with this id in the pool.")
        )
    deleted = uow.panels.delete_contact(_panel_id(panel), person_id)
    record_event(
        uow,
        actor=actor,
        event_type="panel.contact_deleted",
        entity_type="panel",
        entity_id=panel.id,
        after={"person_id": person_id, "had_contact_details": deleted},
    )
    return deleted


def _address_rows(text: str) -> tuple[list[str], dict[str, list[str]]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header = [cell.strip() for cell in rows[0]] if rows else []
    lowered = [cell.lower() for cell in header]
    by_id: dict[str, list[str]] = {}
    if "id" in lowered:
        position = lowered.index("id")
        for row in rows[1:]:
            if len(row) == len(header):
                by_id[row[position].strip()] = [cell.strip() for cell in row]
    return header, by_id


def draw_panel_invitations(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    addresses: str,
    strata: str,
    letters: int,
    seed: int,
) -> dict[str, Any]:
    """Draw the addresses to invite and keep them (with their columns) for the organisers."""
    panel = organiser_panel(uow, actor, slug)
    if letters < 1:
        raise ValidationError.single("letters", N_("Send at least one letter."))
    try:
        parsed_strata = parse_strata(strata)
    except ValidationError as error:
        raise _prefixed(error, "strata") from None
    try:
        parsed_addresses = parse_addresses(addresses)
    except ValidationError as error:
        raise _prefixed(error, "addresses") from None
    allocation, invited = draw_invitations(parsed_strata, parsed_addresses, letters, seed)
    header, by_id = _address_rows(addresses)
    values = {
        "letters": letters,
        "seed": seed,
        "allocation": allocation,
        "columns": header,
        "invited": [by_id[address] for address in invited],
        "drawn_at": uow.clock.now(),
    }
    uow.panels.save(_panel_id(panel), "invitations", values)
    record_event(
        uow,
        actor=actor,
        event_type="panel.invitations_drawn",
        entity_type="panel",
        entity_id=panel.id,
        after={
            "letters": letters,
            "seed": seed,
            "allocation": allocation,
            "addresses_sha256": sha256_hex(addresses.encode()),
            "strata_sha256": sha256_hex(strata.encode()),
        },
    )
    return values


# --- What pages show -----------------------------------------------------------------------------


def lottery_probabilities(
    table: Sequence[Mapping[str, Any]], ids: Sequence[str], tickets: int
) -> dict[str, float]:
    """Each person's chance under the published lottery: their tickets out of all."""
    counts = dict.fromkeys(ids, 0)
    for row in table:
        first, last = (int(value) for value in row["tickets"])
        for person_id in row["panel"]:
            counts[str(person_id)] += last - first + 1
    return {person_id: count / tickets for person_id, count in counts.items()}


def quota_rows(
    quotas: Sequence[Mapping[str, Any]],
    pool: Sequence[Mapping[str, Any]],
    drawn: Sequence[str] | None,
) -> list[dict[str, Any]]:
    """Each quota with its volunteers and, once drawn, how many of the panel have the value."""
    chosen = set(drawn or ())
    rows = []
    for quota in quotas:
        members = [p for p in pool if p["features"].get(quota["category"]) == quota["value"]]
        selected = sum(1 for p in members if p["id"] in chosen) if drawn is not None else None
        rows.append(
            {
                **quota,
                "volunteers": len(members),
                "selected": selected,
                "met": selected is None or quota["min"] <= selected <= quota["max"],
            }
        )
    return rows


def histogram(values: Sequence[float], *, bins: int = 10) -> list[dict[str, Any]]:
    """Counts of probabilities in equal bins from 0 to the largest (rounded up to 1 %)."""
    top = max(values, default=0.0)
    upper = max(0.01, math.ceil(top * 100 - 1e-9) / 100)
    width = upper / bins
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, int(value / width + 1e-9))] += 1
    return [
        {"low": width * i, "high": width * (i + 1), "count": count}
        for i, count in enumerate(counts)
    ]


def public_panel(uow: UnitOfWork, *, slug: str) -> dict[str, Any]:
    """Everything the public page shows about a committed or drawn panel; never contacts."""
    panel = uow.panels.find_by_slug(slug)
    if panel is None or not panel.state.published:
        raise NotFound(NO_SUCH_PANEL)
    panel_id = _panel_id(panel)
    stored = uow.panels.load(panel_id, "commitment")
    selection = uow.panels.load(panel_id, "selection")
    draw = uow.panels.load(panel_id, "draw")
    organisation = uow.organisations.get(panel.organisation_id)
    assert stored is not None
    assert selection is not None
    assert organisation is not None
    published = stored["published"]
    commitment = published["commitment"]
    ids = [str(person["id"]) for person in published["pool"]]
    chances = lottery_probabilities(published["lottery"], ids, int(commitment["tickets"]))
    reveal = draw["reveal"] if draw else None
    result = selection["result"]
    return {
        "panel": panel,
        "organisation": organisation,
        "commitment": commitment,
        "commitment_sha256": published["commitment_sha256"],
        "committed_at": stored["committed_at"],
        "drawn_at": draw["drawn_at"] if draw else None,
        "reveal": reveal,
        "pool_size": len(ids),
        "quotas": quota_rows(published["quotas"], published["pool"], reveal and reveal["panel"]),
        "fairness": result["fairness"],
        "lottery_fairness": _figures(chances, panel.size),
        "histogram": histogram(sorted(chances.values())),
        "k_over_n": panel.size / len(ids),
        "files": [name for name in PUBLISHED_FILES if name != "reveal" or reveal is not None],
    }


def published_file(uow: UnitOfWork, *, slug: str, name: str) -> Any:
    """One of the files `balise panel verify` reads: pseudonymous ids and features only."""
    panel = uow.panels.find_by_slug(slug)
    if panel is None or not panel.state.published or name not in PUBLISHED_FILES:
        raise NotFound(NO_SUCH_PANEL)
    stored = uow.panels.load(_panel_id(panel), "commitment")
    assert stored is not None
    published = stored["published"]
    if name == "published":
        return published
    if name == "reveal":
        draw = uow.panels.load(_panel_id(panel), "draw")
        if draw is None:
            raise NotFound(NO_SUCH_PANEL)
        return draw["reveal"]
    return published[name]


def organiser_overview(uow: UnitOfWork, *, actor: Actor, slug: str) -> dict[str, Any]:
    """What the organiser's page shows at each step (contacts only as counts, and for the drawn)."""
    panel = organiser_panel(uow, actor, slug)
    panel_id = _panel_id(panel)
    facts = uow.panels.facts(panel_id)
    quotas = uow.panels.quotas(panel_id)
    people = uow.panels.people(panel_id)
    contacts = uow.panels.contacts(panel_id)
    selection = uow.panels.load(panel_id, "selection")
    commitment = uow.panels.load(panel_id, "commitment")
    draw = uow.panels.load(panel_id, "draw")
    invitations = uow.panels.load(panel_id, "invitations")
    drawn_people = []
    if draw is not None:
        by_id = {person.id: person for person in people}
        drawn_people = [
            {
                "id": person_id,
                "features": dict(by_id[person_id].features),
                "contact": contacts.get(person_id, {}),
            }
            for person_id in draw["reveal"]["panel"]
        ]
    return {
        "panel": panel,
        "organisation": uow.organisations.get(panel.organisation_id),
        "feasibility": facts["feasibility"],
        "pool_sha256": facts["pool_sha256"],
        "selection_job": facts["selection_job"],
        "quotas": list(quotas.quotas) if quotas else [],
        "people": len(people),
        "contacts": len(contacts),
        "selection": selection["result"] if selection else None,
        "commitment": commitment,
        "draw": draw,
        "drawn_people": drawn_people,
        "invitations": invitations,
    }


def invitations_csv(uow: UnitOfWork, *, actor: Actor, slug: str) -> str:
    """The invited addresses with every column of the uploaded list, for the mail merge."""
    panel = organiser_panel(uow, actor, slug)
    invitations = uow.panels.load(_panel_id(panel), "invitations")
    if invitations is None:
        raise NotFound(Message(N_("No invitations have been drawn for this panel yet.")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(invitations["columns"])
    writer.writerows(invitations["invited"])
    return out.getvalue()
