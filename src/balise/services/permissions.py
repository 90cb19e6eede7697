"""Who may see or change what: the one module every service, page, API route and command asks.

Predicates (`can_<verb>_<thing>(actor, ...) -> bool`) answer the question without side effects,
so pages can hide a button the service would refuse. Chokepoints (`access_<thing>(uow, actor,
id, for_=...)`) load the object and raise `NotFound` or `PermissionDenied`. Route-level roles are
declared with `web.access.Allow`; this module decides per object.
"""

from __future__ import annotations

from typing import Literal

from balise.domain.accounts.model import Actor, Role, Scope
from balise.domain.aiact.questionnaire_records import SavedQuestionnaire
from balise.domain.assessments.model import Assessment, Committee
from balise.domain.consultations.model import Consultation
from balise.domain.guichet.questions import Question
from balise.domain.monitoring.incidents import Incident, ReporterRole
from balise.domain.monitoring.requests import CitizenRequest
from balise.domain.organisations.model import Organisation
from balise.domain.panels.record import Panel
from balise.domain.register.model import SystemRecord
from balise.domain.register.standard import Visibility
from balise.domain.shared.errors import NotFound, PermissionDenied
from balise.domain.shared.i18n import N_, Message
from balise.services.ports import UnitOfWork

DENIED = Message(N_("You are not allowed to do this."))
OVERSIGHT = frozenset({Role.ADMIN, Role.REGULATOR})


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise PermissionDenied(DENIED)


def require_scope(actor: Actor, scope: Scope) -> None:
    """A token acts only within its scopes; a browser session has every scope of its user."""
    if actor.scopes is not None and scope not in actor.scopes:
        raise PermissionDenied(
            Message(N_("This API token lacks the scope %(scope)s."), {"scope": scope.value})
        )


def require(allowed: bool) -> None:
    """Turn a predicate's answer into a refusal."""
    if not allowed:
        raise PermissionDenied(DENIED)


def is_member(actor: Actor, organisation_id: int | None) -> bool:
    """Whether the actor belongs to the organisation; administrators and regulators do not."""
    return (
        organisation_id is not None
        and actor.user is not None
        and actor.user.organisation_id == organisation_id
    )


def has_oversight(actor: Actor) -> bool:
    """Administrators and the regulator see every organisation's work."""
    return actor.role in OVERSIGHT


# --- organisations -----------------------------------------------------------------------------


def can_edit_organisation(actor: Actor, organisation_id: int | None) -> bool:
    return actor.role is Role.ADMIN or (
        actor.role is Role.EDITOR and is_member(actor, organisation_id)
    )


def can_see_organisation_history(actor: Actor, organisation_id: int | None) -> bool:
    return has_oversight(actor) or is_member(actor, organisation_id)


def access_organisation(
    uow: UnitOfWork,
    actor: Actor,
    organisation_id: int,
    *,
    for_: Literal["view", "edit", "history"],
) -> Organisation:
    organisation = uow.organisations.get(organisation_id)
    if organisation is None:
        raise NotFound(Message(N_("There is no such organisation.")))
    if for_ == "view":
        return organisation
    if for_ == "edit":
        require_scope(actor, Scope.ORGANISATIONS_WRITE)
        require(can_edit_organisation(actor, organisation_id))
    if for_ == "history":
        require(can_see_organisation_history(actor, organisation_id))
    return organisation


# --- register ----------------------------------------------------------------------------------

RECORD_WRITERS = frozenset({Role.ADMIN, Role.EDITOR, Role.REVIEWER})
NO_SUCH_RECORD = Message(N_("There is no such AI system."))


def record_clearance(actor: Actor, organisation_id: int | None) -> Visibility:
    """The most confidential fields of an organisation's records that the actor may read."""
    if has_oversight(actor) or is_member(actor, organisation_id):
        return Visibility.RESTRICTED
    if actor.user is not None:
        return Visibility.INTERNAL
    return Visibility.PUBLIC


def can_read_working_copy(actor: Actor, organisation_id: int | None) -> bool:
    """The unpublished record: its organisation, the regulator and administrators."""
    return record_clearance(actor, organisation_id) is Visibility.RESTRICTED


def can_create_records(actor: Actor) -> bool:
    """Whether the actor may register systems at all (for an organisation they may edit)."""
    return actor.role in RECORD_WRITERS


def can_edit_record(actor: Actor, organisation_id: int | None) -> bool:
    """Edit, submit and publish an organisation's records: its writers, and administrators."""
    return actor.role is Role.ADMIN or (
        actor.role in RECORD_WRITERS and is_member(actor, organisation_id)
    )


def can_review_record(actor: Actor, organisation_id: int | None) -> bool:
    """Approve, send back and withdraw: the organisation's reviewers, and administrators."""
    return actor.role is Role.ADMIN or (
        actor.role is Role.REVIEWER and is_member(actor, organisation_id)
    )


def can_see_record_history(actor: Actor, organisation_id: int | None, *, published: bool) -> bool:
    """Published versions are for everyone; a record never published only for its readers."""
    return published or can_read_working_copy(actor, organisation_id)


def access_record(
    uow: UnitOfWork, actor: Actor, slug: str, *, for_: Literal["read", "edit", "review"]
) -> SystemRecord:
    """A record's working copy; hidden (not found) from those who may not read it."""
    record = uow.systems.find_by_slug(slug)
    if record is None or not can_read_working_copy(actor, record.organisation_id):
        raise NotFound(NO_SUCH_RECORD)
    if for_ in ("edit", "review"):
        require_scope(actor, Scope.SYSTEMS_WRITE)
        require(can_edit_record(actor, record.organisation_id))
    if for_ == "review":
        require(can_review_record(actor, record.organisation_id))
    return record


# --- aiact -------------------------------------------------------------------------------------

CLASSIFICATION_STORERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
NO_SUCH_QUESTIONNAIRE = Message(N_("There is no such questionnaire."))


def can_store_classifications(actor: Actor) -> bool:
    """Whether the actor's role may attach classifications to records at all."""
    return actor.role in CLASSIFICATION_STORERS


def can_store_classification(actor: Actor, organisation_id: int | None) -> bool:
    """Attach a classification to an organisation's record: its editors and reviewers, and
    administrators. The regulator reads the results; it does not classify others' systems."""
    return actor.role is Role.ADMIN or (
        can_store_classifications(actor) and is_member(actor, organisation_id)
    )


def can_read_classifications(actor: Actor, organisation_id: int | None) -> bool:
    """Stored classifications go with the record's working copy: its organisation, oversight."""
    return has_oversight(actor) or is_member(actor, organisation_id)


def can_see_questionnaire(actor: Actor, questionnaire: SavedQuestionnaire) -> bool:
    """A saved questionnaire is its owner's notebook: no one else sees it, not even oversight."""
    return (
        actor.user is not None
        and actor.user.id is not None
        and actor.user.id == questionnaire.owner_id
    )


def access_questionnaire(
    uow: UnitOfWork, actor: Actor, questionnaire_id: int
) -> SavedQuestionnaire:
    """A saved questionnaire, for its owner; everyone else is told it does not exist."""
    found = uow.aiact_questionnaires.get(questionnaire_id)
    if found is None or not can_see_questionnaire(actor, found):
        raise NotFound(NO_SUCH_QUESTIONNAIRE)
    return found


# --- audits ------------------------------------------------------------------------------------


def can_run_audit(actor: Actor, organisation_id: int | None) -> bool:
    """Administrators, and the editors and reviewers of the organisation, run its audits
    (upload files, start audits, choose what the portal shows)."""
    return actor.role is Role.ADMIN or (
        actor.role in {Role.EDITOR, Role.REVIEWER} and is_member(actor, organisation_id)
    )


def can_read_audit(actor: Actor, organisation_id: int | None) -> bool:
    """Those who may run them, and the regulator, read an organisation's audits."""
    return has_oversight(actor) or can_run_audit(actor, organisation_id)


# --- panels ------------------------------------------------------------------------------------

PANEL_ORGANISERS = (Role.ADMIN, Role.EDITOR, Role.REVIEWER)
NO_SUCH_PANEL = Message(N_("There is no such panel."))


def can_organise_panels(actor: Actor) -> bool:
    """Whether the actor may create panels at all (for an organisation they may organise for)."""
    return actor.role in PANEL_ORGANISERS


def can_organise_panel(actor: Actor, organisation_id: int | None) -> bool:
    """Administrators, and the editors and reviewers of the panel's organisation."""
    return actor.role is Role.ADMIN or (
        actor.role in PANEL_ORGANISERS and is_member(actor, organisation_id)
    )


def can_see_panel(actor: Actor, panel: Panel) -> bool:
    """A panel is public once its commitment is published; before, only its organisers see it."""
    return panel.state.published or can_organise_panel(actor, panel.organisation_id)


def access_panel(
    uow: UnitOfWork, actor: Actor, slug: str, *, for_: Literal["view", "organise"]
) -> Panel:
    """The panel by its address; a panel the actor may not see does not exist for them."""
    panel = uow.panels.find_by_slug(slug)
    if panel is None:
        raise NotFound(NO_SUCH_PANEL)
    if for_ == "view" and not can_see_panel(actor, panel):
        raise NotFound(NO_SUCH_PANEL)
    if for_ == "organise":
        require(can_organise_panel(actor, panel.organisation_id))
        require_scope(actor, Scope.PANELS_WRITE)
    return panel


# --- assessments -------------------------------------------------------------------------------


ASSESSMENT_WRITERS = frozenset({Role.ADMIN, Role.EDITOR, Role.REVIEWER})


def can_edit_assessment(actor: Actor, organisation_id: int) -> bool:
    """The deployer's editors and reviewers, and administrators, fill and submit assessments."""
    return actor.role is Role.ADMIN or (
        actor.role in ASSESSMENT_WRITERS and is_member(actor, organisation_id)
    )


def can_sign_assessment(actor: Actor, organisation_id: int) -> bool:
    """A reviewer of the deployer (or an administrator) signs, and may record an exemption."""
    return actor.role is Role.ADMIN or (
        actor.role is Role.REVIEWER and is_member(actor, organisation_id)
    )


def can_read_assessment(actor: Actor, organisation_id: int, committee: Committee | None) -> bool:
    """The deployer, the oversight roles and the members of the reviewing committee."""
    return (
        has_oversight(actor)
        or is_member(actor, organisation_id)
        or (committee is not None and is_committee_member(actor, committee))
    )


def is_committee_member(actor: Actor, committee: Committee) -> bool:
    return actor.user is not None and committee.member(actor.user.id) is not None


def can_lead_review(actor: Actor, committee: Committee | None) -> bool:
    """The chair and the rapporteur take an assessment for review, return it, write the opinion."""
    return committee is not None and actor.user is not None and committee.leads(actor.user.id)


def can_manage_committees(actor: Actor) -> bool:
    return actor.role is Role.ADMIN


def can_see_notifications(actor: Actor) -> bool:
    """The market-surveillance authority (regulator) receives Art 27(3) notifications."""
    return has_oversight(actor)


def access_assessment(
    uow: UnitOfWork,
    actor: Actor,
    assessment_id: int,
    *,
    for_: Literal["view", "edit", "sign", "review", "vote"],
) -> Assessment:
    assessment = uow.assessments.get(assessment_id)
    if assessment is None:
        raise NotFound(Message(N_("There is no such assessment.")))
    committee = (
        uow.committees.get(assessment.committee_id) if assessment.committee_id is not None else None
    )
    if not can_read_assessment(actor, assessment.organisation_id, committee):
        raise NotFound(Message(N_("There is no such assessment.")))
    if for_ != "view":
        require_scope(actor, Scope.ASSESSMENTS_WRITE)
    if for_ == "edit":
        require(can_edit_assessment(actor, assessment.organisation_id))
    elif for_ == "sign":
        require(can_sign_assessment(actor, assessment.organisation_id))
    elif for_ == "review":
        require(can_lead_review(actor, committee))
    elif for_ == "vote":
        require(committee is not None and is_committee_member(actor, committee))
    return assessment


# --- monitoring --------------------------------------------------------------------------------


def can_report_incident(actor: Actor, organisation_id: int | None) -> bool:
    """Editors report serious incidents for their organisation, as provider or deployer."""
    return actor.role is Role.EDITOR and is_member(actor, organisation_id)


def can_see_incident(actor: Actor, incident: Incident) -> bool:
    return (
        has_oversight(actor)
        or is_member(actor, incident.organisation_id)
        or is_member(actor, incident.provider_organisation_id)
    )


def can_complete_incident(actor: Actor, incident: Incident) -> bool:
    return can_report_incident(actor, incident.organisation_id)


def can_investigate_incident(actor: Actor, incident: Incident) -> bool:
    """The provider records its investigation (Art 73(6))."""
    provider = incident.provider_organisation_id or (
        incident.organisation_id if incident.reporter_role is ReporterRole.PROVIDER else None
    )
    return actor.role is Role.EDITOR and is_member(actor, provider)


def can_assess_incident(actor: Actor) -> bool:
    """The market-surveillance authority assesses reports and requests measures."""
    return actor.role is Role.REGULATOR


def can_handle_requests(actor: Actor, organisation_id: int | None) -> bool:
    """Editors and reviewers of the organisation handle its citizens' requests."""
    return actor.role in {Role.EDITOR, Role.REVIEWER} and is_member(actor, organisation_id)


def access_incident(
    uow: UnitOfWork,
    actor: Actor,
    reference: str,
    *,
    for_: Literal["view", "complete", "investigate", "assess"],
) -> Incident:
    incident = uow.incidents.find_by_reference(reference)
    if incident is None or not can_see_incident(actor, incident):
        raise NotFound(Message(N_("There is no such incident.")))
    if for_ != "view":
        require_scope(actor, Scope.INCIDENTS_WRITE)
    if for_ == "complete":
        require(can_complete_incident(actor, incident))
    if for_ == "investigate":
        require(can_investigate_incident(actor, incident))
    if for_ == "assess":
        require(can_assess_incident(actor))
    return incident


def access_request(
    uow: UnitOfWork, actor: Actor, reference: str, *, for_: Literal["view", "handle"]
) -> CitizenRequest:
    """Staff access to a request; personal data stays within the organisation."""
    found = uow.citizen_requests.find_by_reference(reference)
    if found is None or not can_handle_requests(actor, found.organisation_id):
        raise NotFound(Message(N_("There is no such request.")))
    if for_ == "handle":
        require_scope(actor, Scope.REQUESTS_WRITE)
    return found


# --- observatory -------------------------------------------------------------------------------
# The indicators are aggregates over published or counted facts: everyone reads them. Taking a
# snapshot (normally the daily job) is for administrators and the regulator.


def can_take_observatory_snapshot(actor: Actor) -> bool:
    """The regulator or an administrator, or the system itself (the daily job, the CLI)."""
    return has_oversight(actor) or (actor.user is None and actor.label == "system")


# --- guichet -----------------------------------------------------------------------------------
# Published guides and FAQ entries are public. Loading the shipped guides as drafts is for
# administrators and the regulator (or the system, for the demo); only a person of the
# regulator's role reviews and publishes a guide, and only the regulator's staff read and answer
# questions. The asker follows their own question through its secret link, not through a role.


def can_load_guides(actor: Actor) -> bool:
    return has_oversight(actor) or (actor.user is None and actor.label == "system")


def can_publish_guides(actor: Actor) -> bool:
    """A guide is reviewed by the regulator before the public sees it."""
    return actor.role is Role.REGULATOR


def can_answer_questions(actor: Actor) -> bool:
    return actor.role is Role.REGULATOR


def access_question(uow: UnitOfWork, actor: Actor, reference: str) -> Question:
    """Staff access to a question; the asker's details stay with the regulator."""
    found = uow.questions.find_by_reference(reference)
    if found is None or not can_answer_questions(actor):
        raise NotFound(Message(N_("There is no such question.")))
    return found


# --- consultations ------------------------------------------------------------------------------
# A consultation is public once it leaves its draft; anyone comments while it is open. Its staff
# are the platform's administrators and the regulator's people: they create consultations, open
# and close them, moderate the contributions and publish the organiser's answers. The author of a
# contribution erases their e-mail address through a secret link, not through a role.

CONSULTATION_STAFF = frozenset({Role.ADMIN, Role.REGULATOR})


def can_manage_consultations(actor: Actor) -> bool:
    return actor.role in CONSULTATION_STAFF or (actor.user is None and actor.label == "system")


def access_consultation(
    uow: UnitOfWork, actor: Actor, slug: str, *, for_: Literal["read", "manage"]
) -> Consultation:
    """A draft is hidden from the public; managing is for the consultation staff."""
    found = uow.consultations.get(slug)
    if found is None or (not found.public and not can_manage_consultations(actor)):
        raise NotFound(Message(N_("There is no such consultation.")))
    if for_ == "manage" and not can_manage_consultations(actor):
        raise PermissionDenied(DENIED)
    return found


# --- eco ---------------------------------------------------------------------------------------
# A record's footprint and eco-label are part of the record: whoever may edit the record edits
# its footprint, whoever may read its working copy reads it; the portal shows the published
# record's badge to everyone. The label's guide and the estimator are public.


def can_edit_footprint(actor: Actor, organisation_id: int | None) -> bool:
    return can_edit_record(actor, organisation_id)


def access_footprint(
    uow: UnitOfWork, actor: Actor, slug: str, *, for_: Literal["read", "edit"]
) -> SystemRecord:
    """The record whose footprint is read or changed; hidden from those who may not read it."""
    return access_record(uow, actor, slug, for_=for_)


# --- obligations -------------------------------------------------------------------------------
# A record's obligation tracker goes with its working copy: the organisation's writers set the
# statuses and evidence, whoever reads the working copy (the organisation, oversight) reads the
# tracker; the portal shows everyone a published record's summary.


def can_track_obligations(actor: Actor, organisation_id: int | None) -> bool:
    return can_edit_record(actor, organisation_id)


def access_obligations(
    uow: UnitOfWork, actor: Actor, slug: str, *, for_: Literal["read", "edit"]
) -> SystemRecord:
    """The record whose tracker is read or changed; hidden from those who may not read it."""
    return access_record(uow, actor, slug, for_=for_)


# --- oversight ---------------------------------------------------------------------------------
# The regulator's overview counts what waits across every organisation; citizens' requests only
# as numbers per organisation.


def can_see_overview(actor: Actor) -> bool:
    return actor.role is Role.REGULATOR
