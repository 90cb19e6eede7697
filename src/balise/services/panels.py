"""Use cases for the citizens' panels an organisation runs in Balise: stored, audited, published.

Each step is one function `verb_noun(uow, *, actor, ...)`: it asks `services.permissions`, moves the
panel through its steps, records the audit event and never commits. The actor-aware reads that
pages, the API and the command line show live in `panels_reads` and are re-exported here, so
callers import `balise.services.panels` alone. The computation itself is pure and lives
in `domain.panels` (`selection`, `documents`, `histograms`); the solver is passed in by the
entrypoint, which has it from the composition root.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from balise.domain.accounts.model import Actor
from balise.domain.jobs.model import Job
from balise.domain.panels.csvfiles import parse_people, parse_quotas
from balise.domain.panels.documents import (
    Invitations,
    Reveal,
    StoredCommitment,
    StoredDraw,
    StoredSelection,
    lottery_of,
)
from balise.domain.panels.draw import (
    canonical,
    draw_ticket,
    panel_for_ticket,
    pool_document,
    secret_commitment,
    sha256_hex,
)
from balise.domain.panels.feasibility import check_feasibility
from balise.domain.panels.invitations import (
    address_rows,
    draw_invitations,
    parse_addresses,
    parse_strata,
)
from balise.domain.panels.leximin import OnProgress
from balise.domain.panels.model import Instance, Pool, Quotas
from balise.domain.panels.record import NEEDS, Algorithm, Panel, PanelState
from balise.domain.panels.seeds import SEED_LOOKS_LIKE_HASH, looks_like_sha256
from balise.domain.panels.selection import Selection, publish_draw, select_panel, verify_draw
from balise.domain.panels.solver import Solver
from balise.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.services.audit_log import record_event
from balise.services.jobs import start_job
from balise.services.panels_reads import (
    PanelList,
    get_invitations,
    get_public_panel,
    list_panels,
    list_published_panels,
    organiser_overview,
    organiser_panels,
    panel_organisations,
    published_file,
)
from balise.services.panels_reads import panel_id_of as _panel_id
from balise.services.permissions import (
    DENIED,
    NO_SUCH_PANEL,
    access_panel,
    can_organise_panel,
    can_organise_panels,
    require,
)
from balise.services.ports import UnitOfWork

__all__ = [
    "SELECTION_JOB",
    "PanelList",
    "SelectionWork",
    "apply_relaxation",
    "commit_panel",
    "create_panel",
    "delete_contact",
    "draw_panel",
    "draw_panel_invitations",
    "get_invitations",
    "get_public_panel",
    "list_panels",
    "list_published_panels",
    "load_pool",
    "organiser_overview",
    "organiser_panels",
    "panel_organisations",
    "published_file",
    "retitle_panel",
    "run_selection",
    "selection_work",
    "start_selection",
    "store_selection",
    "stored_instance",
]

SELECTION_JOB = "panels.select"


def _move(uow: UnitOfWork, panel: Panel, state: PanelState) -> Panel:
    panel.require_move(state)
    uow.panels.set_state(_panel_id(panel), state, at=uow.clock.now())
    moved = uow.panels.get(_panel_id(panel))
    assert moved is not None
    return moved


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """The same errors, each field named after the uploaded file it comes from."""
    return ValidationError(
        {
            name if name in {"size", "letters", "seed"} else f"{prefix}:{name}": message
            for name, message in error.errors.items()
        }
    )


def _lines(values: Sequence[str]) -> list[str]:
    return [value.strip() for value in values if value.strip()]


def stored_instance(uow: UnitOfWork, panel: Panel) -> Instance:
    quotas = uow.panels.quotas(_panel_id(panel))
    if quotas is None:
        raise Conflict(Message(NEEDS[PanelState.SELECTED]))
    return Instance(Pool(uow.panels.people(_panel_id(panel))), quotas, panel.size)


# --- Use cases -----------------------------------------------------------------------------------


def create_panel(uow: UnitOfWork, *, actor: Actor, panel: Panel) -> Panel:
    require(can_organise_panels(actor))
    if uow.organisations.get(panel.organisation_id) is None:
        raise ValidationError.single("organisation", N_("There is no such organisation."))
    if not can_organise_panel(actor, panel.organisation_id):
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
        after=created.snapshot(),
    )
    return created


def retitle_panel(uow: UnitOfWork, *, actor: Actor, slug: str, title: LocalizedText) -> Panel:
    """Write the panel's title anew, in up to four languages: at any step, since neither the
    commitment nor the draw covers it."""
    panel = access_panel(uow, actor, slug, for_="organise")
    retitled = replace(panel, title=title)  # checked as a new panel's
    uow.panels.set_title(_panel_id(panel), title, at=uow.clock.now())
    record_event(
        uow,
        actor=actor,
        event_type="panel.retitled",
        entity_type="panel",
        entity_id=panel.id,
        before={"title": panel.title.as_dict()},
        after={"title": retitled.title.as_dict()},
    )
    return retitled


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
    panel = access_panel(uow, actor, slug, for_="organise")
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
    digest = sha256_hex(canonical(pool_document(pool)))
    uow.panels.replace_pool(
        _panel_id(panel),
        people=pool.people,
        quotas=quotas,
        contacts=pool.contacts,
        pool_sha256=digest,
        feasibility=result,
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
    panel = access_panel(uow, actor, slug, for_="organise")
    panel.require_move(PanelState.POOL_LOADED)
    panel_id = _panel_id(panel)
    facts = uow.panels.facts(panel_id)
    quotas = uow.panels.quotas(panel_id)
    proposed = facts.feasibility.relaxations if facts.feasibility else ()
    if quotas is None or not proposed or facts.pool_sha256 is None:
        raise Conflict(Message(N_("There is no relaxation to apply: the quotas can be met.")))
    changes = {(r.category, r.value): (r.new_minimum, r.new_maximum) for r in proposed}
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
        pool_sha256=facts.pool_sha256,
        feasibility=result,
    )
    moved = _move(uow, panel, PanelState.POOL_LOADED)
    record_event(
        uow,
        actor=actor,
        event_type="panel.quotas_relaxed",
        entity_type="panel",
        entity_id=panel.id,
        before={"state": panel.state.value},
        after={
            "state": moved.state.value,
            "relaxations": [r.as_dict() for r in proposed],
            "feasible": result.feasible,
        },
    )
    return moved


def start_selection(uow: UnitOfWork, *, actor: Actor, slug: str) -> Job:
    """Queue the selection job; the caller hands it to the queue once this commits."""
    panel = access_panel(uow, actor, slug, for_="organise")
    panel.require_move(PanelState.SELECTED)
    facts = uow.panels.facts(_panel_id(panel))
    if not (facts.feasibility and facts.feasibility.feasible):
        raise Conflict(
            Message(N_("The quotas cannot be met: change them and upload them again first."))
        )
    job = start_job(
        uow,
        actor=actor,
        kind=SELECTION_JOB,
        params={"panel": panel.id, "pool_sha256": facts.pool_sha256},
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


def _organised_by_id(uow: UnitOfWork, actor: Actor, panel_id: int) -> Panel:
    panel = uow.panels.get(panel_id)
    if panel is None:
        raise NotFound(NO_SUCH_PANEL)
    return access_panel(uow, actor, panel.slug, for_="organise")


def selection_work(uow: UnitOfWork, *, actor: Actor, panel_id: int) -> SelectionWork:
    panel = _organised_by_id(uow, actor, panel_id)
    panel.require_move(PanelState.SELECTED)
    facts = uow.panels.facts(panel_id)
    return SelectionWork(panel, stored_instance(uow, panel), str(facts.pool_sha256))


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
    panel = _organised_by_id(uow, actor, panel_id)
    panel.require_move(PanelState.SELECTED)
    if uow.panels.facts(panel_id).pool_sha256 != pool_sha256:
        raise Conflict(
            Message(N_("The pool changed while the selection ran: run the selection again."))
        )
    result = selection.result()
    uow.panels.save_selection(
        panel_id, StoredSelection(pool_sha256, result, computed_at=uow.clock.now())
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
            "algorithm": result.algorithm,
            "solver": result.solver,
            "fairness": dict(result.fairness),
            "portfolio": len(result.portfolio),
            "tickets": result.lottery.tickets if result.lottery else None,
        },
    )
    return moved


def commit_panel(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    party_commitments: Sequence[str],
    public_source: str,
    seeds: Sequence[str] = (),
) -> Panel:
    """Freeze the pool, quotas and lottery, and publish their hashes with the parties' ones.

    `seeds` are secrets the organisers typed or had Balise generate: Balise computes their
    SHA-256 (they come first, in order) and never stores them; `party_commitments` are the
    SHA-256 other parties gave.
    """
    panel = access_panel(uow, actor, slug, for_="organise")
    panel.require_move(PanelState.COMMITTED)
    errors: dict[str, Message] = {}
    given = _lines(seeds)
    if any(looks_like_sha256(seed) for seed in given):
        errors["seeds"] = Message(SEED_LOOKS_LIKE_HASH)
    hashes = [secret_commitment(seed) for seed in given]
    hashes += [value.lower() for value in _lines(party_commitments)]
    if not hashes:
        errors["seeds"] = Message(
            N_("Give at least one secret (or let Balise generate one), or a party's fingerprint.")
        )
    if not public_source.strip():
        errors["public_source"] = Message(
            N_("Say which public value will be used, and when it will be known.")
        )
    if errors:
        raise ValidationError(errors)
    stored = uow.panels.selection(_panel_id(panel))
    assert stored is not None
    assert stored.result.lottery is not None
    result = stored.result
    instance = stored_instance(uow, panel)
    published = publish_draw(
        instance=instance,
        lottery=lottery_of(stored.result.lottery.table, instance.pool),
        algorithm=result.algorithm,
        software=f"{result.software}; {result.solver}",
        party_commitments=hashes,
        public_source=public_source.strip(),
    )
    uow.panels.save_commitment(_panel_id(panel), StoredCommitment(published, uow.clock.now()))
    moved = _move(uow, panel, PanelState.COMMITTED)
    commitment = published.commitment
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
    panel = access_panel(uow, actor, slug, for_="organise")
    panel.require_move(PanelState.DRAWN)
    if not public_value.strip():
        raise ValidationError.single("public_value", N_("Give the public value."))
    stored = uow.panels.commitment(_panel_id(panel))
    assert stored is not None
    files = stored.published.to_json()
    revealed = _lines(secrets)
    commitment = stored.commitment
    try:
        ticket = draw_ticket(commitment, revealed, public_value.strip())
    except ValidationError as error:
        raise ValidationError({"secrets": error.message}) from None
    drawn = panel_for_ticket(files["lottery"], ticket)
    ok, _, _ = verify_draw(
        files, secrets=revealed, public_value=public_value.strip(), claimed_panel=drawn
    )
    if not ok:
        raise Conflict(Message(N_("The draw does not verify; nothing was recorded.")))
    reveal = Reveal(
        commitment_sha256=commitment.sha256,
        secrets=tuple(revealed),
        public_value=public_value.strip(),
        ticket=ticket,
        panel=tuple(drawn),
    )
    uow.panels.save_draw(_panel_id(panel), StoredDraw(reveal, uow.clock.now()))
    moved = _move(uow, panel, PanelState.DRAWN)
    record_event(
        uow,
        actor=actor,
        event_type="panel.drawn",
        entity_type="panel",
        entity_id=panel.id,
        before={"state": panel.state.value},
        after={"state": moved.state.value, **reveal.to_json()},
    )
    return moved


def delete_contact(uow: UnitOfWork, *, actor: Actor, slug: str, person_id: str) -> bool:
    """Forget a volunteer's name and contact details; the pool and any result stay as they are.

    True when there were details to delete.
    """
    panel = access_panel(uow, actor, slug, for_="organise")
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


def draw_panel_invitations(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    addresses: str,
    strata: str,
    letters: int,
    seed: int,
) -> Invitations:
    """Draw the addresses to invite and keep them (with their columns) for the organisers."""
    panel = access_panel(uow, actor, slug, for_="organise")
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
    header, by_id = address_rows(addresses)
    invitations = Invitations(
        letters=letters,
        seed=seed,
        allocation=allocation,
        columns=tuple(header),
        invited=tuple(tuple(by_id[address]) for address in invited),
        drawn_at=uow.clock.now(),
    )
    uow.panels.save_invitations(_panel_id(panel), invitations)
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
    return invitations
