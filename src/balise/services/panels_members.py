"""Registration with an invitation code, and the members' space of a drawn panel (issue 14).

Volunteers register with the code of their letter (online, or staff type a phone call or a letter
for them); the pool is then built from the registrations through `panels.load_pool`, the same use
case a file upload goes through. After the draw, the members sign in without a password (their
code, or a one-time link sent by e-mail) to a session scoped to their panel. Secrets are stored as
SHA-256 only; invitation codes are derived from a key the entrypoint passes (never stored).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from balise.domain.accounts.model import Actor
from balise.domain.panels.csvfiles import parse_quotas
from balise.domain.panels.members import (
    MEMBER_SESSION_LIFETIME,
    SIGN_IN_LINK_LIFETIME,
    PanelMember,
    code_hash,
    code_hint,
    derive_code,
    format_code,
    new_secret,
    normalise_code,
    sha256_hex,
)
from balise.domain.panels.messages import VoteState
from balise.domain.panels.model import Quotas
from balise.domain.panels.record import Panel, PanelState
from balise.domain.panels.registrations import (
    CONSENT_VERSION,
    Channel,
    ExclusionCriterion,
    Meeting,
    Registration,
    RegistrationForm,
    RegistrationSettings,
    check_meeting,
    check_registration,
    code_problem,
    exclusion_catalogue,
    respondents_csv,
)
from balise.domain.panels.replacements import current_members
from balise.domain.panels.solver import Solver
from balise.domain.panels.survey import SurveyStage, pseudonym
from balise.domain.shared.errors import Conflict, NotFound, ValidationError
from balise.domain.shared.i18n import N_, Message
from balise.services import panels
from balise.services.audit_log import record_event
from balise.services.panels_reads import panel_id_of
from balise.services.permissions import NO_SUCH_PANEL, access_panel
from balise.services.ports import UnitOfWork

UNKNOWN_CODE = N_("This code is not known for this panel; check the letter and what you typed.")
CODE_USED = N_("Someone has already registered with this code.")
REGISTRATION_CLOSED = N_("Registration for this panel is closed.")
NOT_A_MEMBER = N_("This code does not belong to a member of the drawn panel.")
LINK_INVALID = N_("This sign-in link is not valid any more: ask for a new one.")
NO_QUESTIONS = N_("Give the quotas file first: its categories are the registration questions.")
NOT_A_PERSON = N_("There is no member or volunteer with this id on this panel.")
ALREADY_ERASED = N_(
    "This member's participation is already erased, and they have not asked again since: "
    "nothing of theirs is left to erase."
)
TAKES_NO_REGISTRATIONS = N_(
    "This panel does not take registrations: its volunteers came from a file."
)

# The members' sign-ins in the audit log: what happened and the member's pseudonymous id, never
# a name, an e-mail address, a code or a link.
SIGNED_IN = "panel_member.signed_in"
SIGNED_OUT = "panel_member.signed_out"
SIGN_IN_REFUSED = "panel_member.sign_in_refused"
ACCESS_REFUSED = "panel_member.access_refused"
ERASURE_REQUESTED = "panel_member.erasure_requested"
PARTICIPATION_ERASED = "panel_member.participation_erased"


class SignInRefused(ValidationError):
    """A refused sign-in: the field's error, and why (for the audit log, which a rolled-back
    transaction cannot hold: the entrypoint records it with `record_refused_sign_in`)."""

    def __init__(
        self,
        field: str,
        message: Message,
        *,
        method: str,
        reason: str,
        person_id: str | None = None,
    ) -> None:
        super().__init__({field: message})
        self.method = method
        self.reason = reason
        self.person_id = person_id


@dataclass(frozen=True)
class RegistrationInfo:
    """What the registration page asks: the panel's questions and the criteria switched on."""

    panel: Panel
    quotas: Quotas
    exclusions: tuple[ExclusionCriterion, ...]
    open: bool


@dataclass(frozen=True)
class ErasureRequest:
    """A member's request to erase their participation, as the organisers see it."""

    person_id: str
    requested_at: datetime
    erased_at: datetime | None

    @property
    def status(self) -> str:
        """`pending` until the organisers carry the request out, then `erased`."""
        return "pending" if self.erased_at is None else "erased"

    def to_json(self) -> dict[str, str | None]:
        """The request as the API and `balise panel erasure-requests --format json` give it."""
        return {
            "member": self.person_id,
            "requested_at": self.requested_at.isoformat(),
            "erased_at": None if self.erased_at is None else self.erased_at.isoformat(),
            "status": self.status,
        }


@dataclass(frozen=True)
class RegistrationOverview:
    """The staff page: settings, counts and the registrations (contact details hidden)."""

    panel: Panel
    settings: RegistrationSettings
    quotas: Quotas | None
    criteria: tuple[ExclusionCriterion, ...]
    registrations: tuple[Registration, ...]
    codes: int
    meetings: tuple[Meeting, ...]
    has_contact: frozenset[str]
    erasure_requests: tuple[ErasureRequest, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        total = len(self.registrations)
        excluded = sum(1 for r in self.registrations if r.excluded)
        erased = sum(1 for r in self.registrations if r.erased_at is not None)
        by_channel = {c.value: 0 for c in Channel}
        for registration in self.registrations:
            by_channel[registration.channel.value] += 1
        return {
            "codes": self.codes,
            "registrations": total,
            "eligible": total - excluded,
            "excluded": excluded,
            "erased": erased,
            **{f"channel_{name}": n for name, n in by_channel.items()},
        }


@dataclass(frozen=True)
class MemberHome:
    panel: Panel
    member: PanelMember
    meetings: tuple[Meeting, ...]


@dataclass(frozen=True)
class SignInMail:
    """A link to send once the transaction has committed."""

    to: str
    token: str
    panel: Panel


# --- helpers --------------------------------------------------------------------------------------


def _settings(uow: UnitOfWork, panel: Panel) -> RegistrationSettings:
    found = uow.panel_members.settings(panel_id_of(panel))
    if found is not None:
        return found
    return RegistrationSettings(open=False, categories="", exclusions=exclusion_catalogue().ids)


def _questions(uow: UnitOfWork, panel: Panel, settings: RegistrationSettings) -> Quotas | None:
    """The registration questions: the settings' quotas file, else the panel's current quotas."""
    if settings.categories.strip():
        return parse_quotas(settings.categories)
    return uow.panels.quotas(panel_id_of(panel))


def _criteria(settings: RegistrationSettings) -> tuple[ExclusionCriterion, ...]:
    return tuple(c for c in exclusion_catalogue().criteria if c.id in settings.exclusions)


def _by_slug(uow: UnitOfWork, slug: str) -> Panel:
    panel = uow.panels.find_by_slug(slug)
    if panel is None:
        raise NotFound(NO_SUCH_PANEL)
    return panel


def _quotas_csv(quotas: Quotas) -> str:
    lines = ["feature,value,min,max"]
    for quota in quotas.quotas:
        cells = [quota.category, quota.value, str(quota.minimum), str(quota.maximum)]
        lines.append(",".join(f'"{c}"' if "," in c or '"' in c else c for c in cells))
    return "\n".join(lines) + "\n"


def members_of(uow: UnitOfWork, panel: Panel) -> list[str]:
    """The pseudonymous ids of the drawn panel's members today (replacements applied)."""
    if panel.state is not PanelState.DRAWN:
        return []
    panel_id = panel_id_of(panel)
    draw = uow.panels.draw(panel_id)
    if draw is None:
        return []
    return current_members(draw.reveal.panel, uow.panels.replacements(panel_id))


def _new_person_id(uow: UnitOfWork, panel_id: int) -> str:
    while True:
        candidate = "v-" + secrets.token_hex(5)
        if uow.panel_members.registration(panel_id, candidate) is None and not (
            uow.panels.has_person(panel_id, candidate)
        ):
            return candidate


# --- invitation codes -----------------------------------------------------------------------------


def _invitation_codes(
    panel: Panel,
    invitations_columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    batch: str,
    key: str,
) -> dict[str, str]:
    lowered = [column.lower() for column in invitations_columns]
    position = lowered.index("id") if "id" in lowered else 0
    return {
        row[position]: derive_code(
            key, panel_id=panel_id_of(panel), batch=batch, address_id=row[position]
        )
        for row in rows
    }


def _batch(drawn_at: datetime, seed: int) -> str:
    return f"{drawn_at.isoformat()}#{seed}"


def issue_invitation_codes(uow: UnitOfWork, *, actor: Actor, slug: str, key: str) -> int:
    """Give each drawn invitation its code; only the fingerprints are stored. Earlier codes of
    the panel stop working (a new batch of letters replaces the old one)."""
    panel = access_panel(uow, actor, slug, for_="organise")
    invitations = uow.panels.invitations(panel_id_of(panel))
    if invitations is None:
        raise Conflict(Message(N_("Draw the invitations first.")))
    codes = _invitation_codes(
        panel,
        invitations.columns,
        invitations.invited,
        batch=_batch(invitations.drawn_at, invitations.seed),
        key=key,
    )
    uow.panel_members.replace_codes(
        panel_id_of(panel),
        [(code_hash(panel_id_of(panel), code), code_hint(code)) for code in codes.values()],
        at=uow.clock.now(),
    )
    settings = _settings(uow, panel)
    if uow.panel_members.settings(panel_id_of(panel)) is None:
        uow.panel_members.save_settings(
            panel_id_of(panel),
            RegistrationSettings(
                open=True,
                categories=settings.categories,
                exclusions=settings.exclusions,
                updated_at=uow.clock.now(),
            ),
        )
    record_event(
        uow,
        actor=actor,
        event_type="panel.invitation_codes_issued",
        entity_type="panel",
        entity_id=panel.id,
        after={"codes": len(codes)},
    )
    return len(codes)


def invitation_codes(uow: UnitOfWork, *, actor: Actor, slug: str, key: str) -> dict[str, str]:
    """The printed code (`ABCDE-FGHJK`) of each invited address id, for the letters."""
    panel = access_panel(uow, actor, slug, for_="organise")
    invitations = uow.panels.invitations(panel_id_of(panel))
    if invitations is None:
        return {}
    codes = _invitation_codes(
        panel,
        invitations.columns,
        invitations.invited,
        batch=_batch(invitations.drawn_at, invitations.seed),
        key=key,
    )
    panel_id = panel_id_of(panel)
    return {
        address: format_code(code)
        for address, code in codes.items()
        if uow.panel_members.code_exists(panel_id, code_hash(panel_id, code))
    }


# --- registration -----------------------------------------------------------------------------


def registration_info(uow: UnitOfWork, *, slug: str) -> RegistrationInfo:
    """The public registration page; a panel that takes no registrations does not show one."""
    panel = _by_slug(uow, slug)
    settings = _settings(uow, panel)
    quotas = _questions(uow, panel, settings)
    if quotas is None or uow.panel_members.settings(panel_id_of(panel)) is None:
        raise NotFound(Message(TAKES_NO_REGISTRATIONS))
    is_open = settings.open and not panel.state.published
    return RegistrationInfo(panel, quotas, _criteria(settings), is_open)


def register_volunteer(
    uow: UnitOfWork, *, actor: Actor, slug: str, form: RegistrationForm
) -> Registration:
    """Check every answer at once, then record the registration (excluded ones are recorded as
    such, with the criterion, and never enter the pool). Staff channels need an organiser."""
    panel = _by_slug(uow, slug)
    if form.channel is not Channel.WEB:
        panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    settings = _settings(uow, panel)
    quotas = _questions(uow, panel, settings)
    if quotas is None:
        raise NotFound(NO_SUCH_PANEL)
    if not settings.open or panel.state.published:
        raise Conflict(Message(REGISTRATION_CLOSED))
    checked = check_registration(form, quotas=quotas, exclusions=_criteria(settings))
    digest = code_hash(panel_id, checked.code)
    if not uow.panel_members.code_exists(panel_id, digest):
        raise ValidationError.single("code", UNKNOWN_CODE)
    if uow.panel_members.registration_by_code(panel_id, digest) is not None:
        raise ValidationError.single("code", CODE_USED)
    registration = Registration(
        panel_id=panel_id,
        person_id=_new_person_id(uow, panel_id),
        code_sha256=digest,
        hint=code_hint(checked.code),
        channel=checked.channel,
        answers=checked.answers,
        excluded_by=checked.excluded_by,
        consent_version=CONSENT_VERSION,
        registered_at=uow.clock.now(),
    )
    uow.panel_members.add_registration(registration, checked.contact)
    record_event(
        uow,
        actor=actor,
        event_type="panel.volunteer_registered",
        entity_type="panel",
        entity_id=panel.id,
        after={
            "person_id": registration.person_id,
            "channel": registration.channel.value,
            "excluded_by": registration.excluded_by,
            "consent_version": CONSENT_VERSION,
        },
    )
    return registration


def registration_overview(uow: UnitOfWork, *, actor: Actor, slug: str) -> RegistrationOverview:
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    settings = _settings(uow, panel)
    try:
        quotas = _questions(uow, panel, settings)
    except ValidationError:
        quotas = None
    registrations = tuple(uow.panel_members.registrations(panel_id))
    return RegistrationOverview(
        panel=panel,
        settings=settings,
        quotas=quotas,
        criteria=exclusion_catalogue().criteria,
        registrations=registrations,
        codes=uow.panel_members.count_codes(panel_id),
        meetings=tuple(uow.panel_members.meetings(panel_id)),
        has_contact=frozenset(
            r.person_id
            for r in registrations
            if uow.panel_members.contact(panel_id, r.person_id) is not None
        ),
        erasure_requests=tuple(erasure_requests(uow, actor=actor, slug=slug)),
    )


def save_registration_settings(
    uow: UnitOfWork,
    *,
    actor: Actor,
    slug: str,
    open: bool,
    categories: str,
    exclusions: Sequence[str],
) -> RegistrationSettings:
    """Open or close registration, set its questions (a quotas file) and the criteria in force."""
    panel = access_panel(uow, actor, slug, for_="organise")
    errors: dict[str, Message] = {}
    known = exclusion_catalogue().ids
    unknown = [each for each in exclusions if each not in known]
    if unknown:
        errors["exclusions"] = Message(
            N_("Unknown exclusion criteria: %(ids)s."), {"ids": ", ".join(unknown)}
        )
    if categories.strip():
        try:
            parse_quotas(categories)
        except ValidationError as error:
            errors.update({f"categories:{name}": m for name, m in error.errors.items()})
    elif uow.panels.quotas(panel_id_of(panel)) is None:
        errors["categories"] = Message(NO_QUESTIONS)
    if errors:
        raise ValidationError(errors)
    before = _settings(uow, panel)
    settings = RegistrationSettings(
        open=open,
        categories=categories.strip() + "\n" if categories.strip() else "",
        exclusions=tuple(each for each in known if each in exclusions),
        updated_at=uow.clock.now(),
    )
    uow.panel_members.save_settings(panel_id_of(panel), settings)
    record_event(
        uow,
        actor=actor,
        event_type="panel.registration_settings_changed",
        entity_type="panel",
        entity_id=panel.id,
        before={"open": before.open, "exclusions": list(before.exclusions)},
        after={
            "open": settings.open,
            "exclusions": list(settings.exclusions),
            "categories_sha256": sha256_hex(settings.categories),
            "exclusions_version": exclusion_catalogue().version,
        },
    )
    return settings


def erase_volunteer(uow: UnitOfWork, *, actor: Actor, slug: str, person_id: str) -> Registration:
    """Forget a volunteer's contact details and sign-in secrets, and their answers unless the
    published draw needs them to be verified (then they stay, under the pseudonymous id only)."""
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    person_id = person_id.strip()
    found = uow.panel_members.registration(panel_id, person_id)
    if found is None:
        raise ValidationError.single("person_id", N_("There is no registration with this id."))
    keep = panel.state.published and uow.panels.has_person(panel_id, person_id)
    uow.panel_members.erase(panel_id, person_id, keep_answers=keep, at=uow.clock.now())
    uow.panels.delete_contact(panel_id, person_id)
    record_event(
        uow,
        actor=actor,
        event_type="panel.volunteer_erased",
        entity_type="panel",
        entity_id=panel.id,
        after={"person_id": person_id, "answers_kept_for_verification": keep},
    )
    erased = uow.panel_members.registration(panel_id, person_id)
    assert erased is not None
    return erased


def build_pool_from_registrations(
    uow: UnitOfWork, *, actor: Actor, slug: str, solver: Solver
) -> Panel:
    """The pool of every eligible registration, loaded through `panels.load_pool`."""
    panel = access_panel(uow, actor, slug, for_="organise")
    settings = _settings(uow, panel)
    quotas = _questions(uow, panel, settings)
    if quotas is None:
        raise ValidationError.single("categories", NO_QUESTIONS)
    registrations = uow.panel_members.registrations(panel_id_of(panel))
    people = respondents_csv(quotas.categories, registrations)
    if people.count("\n") < 2:
        raise ValidationError.single(
            "registrations", N_("No eligible registration yet: the pool would be empty.")
        )
    categories = settings.categories or _quotas_csv(quotas)
    return panels.load_pool(
        uow,
        actor=actor,
        slug=slug,
        respondents=people,
        categories=categories,
        solver=solver,
        id_column="id",
    )


def registration_counts(uow: UnitOfWork, *, actor: Actor, slug: str) -> dict[str, int]:
    return registration_overview(uow, actor=actor, slug=slug).counts


# --- the programme ------------------------------------------------------------------------------


def add_meeting(
    uow: UnitOfWork, *, actor: Actor, slug: str, day: str, time: str, place: str, title: str
) -> Meeting:
    """Add a date to the programme the members see (`day` YYYY-MM-DD, `time` HH:MM, Brussels)."""
    panel = access_panel(uow, actor, slug, for_="organise")
    meeting = uow.panel_members.add_meeting(
        panel_id_of(panel), check_meeting(day, time, place, title), at=uow.clock.now()
    )
    record_event(
        uow,
        actor=actor,
        event_type="panel.meeting_added",
        entity_type="panel",
        entity_id=panel.id,
        after={
            "meeting": meeting.id,
            "starts_at": meeting.starts_at.isoformat(),
            "place": meeting.place,
            "title": meeting.title,
        },
    )
    return meeting


def remove_meeting(uow: UnitOfWork, *, actor: Actor, slug: str, meeting_id: int) -> None:
    panel = access_panel(uow, actor, slug, for_="organise")
    if not uow.panel_members.remove_meeting(panel_id_of(panel), meeting_id):
        raise ValidationError.single("meeting", N_("There is no such meeting."))
    record_event(
        uow,
        actor=actor,
        event_type="panel.meeting_removed",
        entity_type="panel",
        entity_id=panel.id,
        after={"meeting": meeting_id},
    )


# --- the members' sign-in -----------------------------------------------------------------------


def drawn_panel(uow: UnitOfWork, *, slug: str) -> Panel:
    """A drawn panel by its address, for the members' pages; any other does not exist here."""
    panel = _by_slug(uow, slug)
    if panel.state is not PanelState.DRAWN:
        raise NotFound(NO_SUCH_PANEL)
    return panel


def open_member_session(uow: UnitOfWork, *, slug: str, person_id: str) -> str:
    """A session for a member of the drawn panel; returns its secret (only its hash is kept)."""
    panel = drawn_panel(uow, slug=slug)
    if person_id not in members_of(uow, panel):
        raise SignInRefused(
            "code",
            Message(NOT_A_MEMBER),
            method="code",
            reason="replaced" if _was_replaced(uow, panel, person_id) else "not_a_member",
            person_id=person_id,
        )
    secret = new_secret()
    now = uow.clock.now()
    uow.panel_members.add_session(
        sha256_hex(secret),
        panel_id_of(panel),
        person_id,
        at=now,
        expires_at=now + MEMBER_SESSION_LIFETIME,
    )
    return secret


def sign_in_with_code(uow: UnitOfWork, *, slug: str, code: str) -> str:
    """The member whose registration used this code; returns the new session's secret."""
    panel = drawn_panel(uow, slug=slug)
    normalised = normalise_code(code)
    problem = code_problem(normalised)
    if problem is not None:
        raise SignInRefused("code", problem, method="code", reason="malformed_code")
    found = uow.panel_members.registration_by_code(
        panel_id_of(panel), code_hash(panel_id_of(panel), normalised)
    )
    if found is None:
        raise SignInRefused("code", Message(NOT_A_MEMBER), method="code", reason="unknown_code")
    if found.erased_at is not None:
        raise SignInRefused("code", Message(NOT_A_MEMBER), method="code", reason="erased")
    secret = open_member_session(uow, slug=slug, person_id=found.person_id)
    _signed_in(uow, panel, found.person_id, "code")
    return secret


def _was_replaced(uow: UnitOfWork, panel: Panel, person_id: str) -> bool:
    draw = uow.panels.draw(panel_id_of(panel))
    return draw is not None and person_id in draw.reveal.panel


def _member_event(
    uow: UnitOfWork, event_type: str, panel_id: int | None, after: dict[str, str]
) -> None:
    """A member's event in the panel's history, recorded as the public's: no account acts, and
    the member is named only by their pseudonymous id in `after`."""
    record_event(
        uow,
        actor=Actor(),
        event_type=event_type,
        entity_type="panel",
        entity_id=panel_id,
        after=after,
    )


def _signed_in(uow: UnitOfWork, panel: Panel, person_id: str, method: str) -> None:
    _member_event(uow, SIGNED_IN, panel.id, {"member": person_id, "method": method})


def record_refused_sign_in(uow: UnitOfWork, *, slug: str, refusal: SignInRefused) -> None:
    """Log a refused sign-in, in a transaction of its own (the refused one was rolled back)."""
    panel = _by_slug(uow, slug)
    after: dict[str, str] = {"method": refusal.method, "reason": refusal.reason}
    if refusal.person_id is not None:
        after["member"] = refusal.person_id
    _member_event(uow, SIGN_IN_REFUSED, panel.id, after)


def _member_emails(uow: UnitOfWork, panel: Panel, email: str) -> list[str]:
    """The members reachable at this address: their registration's, or the pool file's contact."""
    members = set(members_of(uow, panel))
    found = [
        p for p in uow.panel_members.people_with_email(panel_id_of(panel), email) if p in members
    ]
    contacts = uow.panels.contacts(panel_id_of(panel))
    for person_id in sorted(members):
        details = contacts.get(person_id, {})
        given = next(
            (v for k, v in details.items() if k.lower() in {"email", "e-mail", "mail"}), ""
        )
        if given.strip().lower() == email.lower() and person_id not in found:
            found.append(person_id)
    return found


def request_sign_in_link(uow: UnitOfWork, *, slug: str, email: str) -> SignInMail | None:
    """A one-time link for the member with this e-mail address, or None (the page says the same
    either way, so that nobody learns who is on the panel)."""
    panel = drawn_panel(uow, slug=slug)
    email = email.strip()
    if not email or "@" not in email or len(email) > 254:
        raise ValidationError.single("email", N_("This e-mail address is not valid."))
    people = _member_emails(uow, panel, email)
    if len(people) != 1:
        return None
    token = new_secret()
    now = uow.clock.now()
    uow.panel_members.add_link(
        sha256_hex(token),
        panel_id_of(panel),
        people[0],
        at=now,
        expires_at=now + SIGN_IN_LINK_LIFETIME,
    )
    return SignInMail(to=email, token=token, panel=panel)


def sign_in_with_link(uow: UnitOfWork, *, slug: str, token: str) -> str:
    """Use a one-time link (once, before it expires); returns the new session's secret."""
    panel = drawn_panel(uow, slug=slug)
    digest = sha256_hex(token)
    link = uow.panel_members.link(digest)
    now = uow.clock.now()
    if link is None or link.panel_id != panel_id_of(panel):
        raise SignInRefused("token", Message(LINK_INVALID), method="link", reason="unknown_link")
    if not link.usable_at(now) or not uow.panel_members.use_link(digest, at=now):
        raise SignInRefused(
            "token",
            Message(LINK_INVALID),
            method="link",
            reason="used_or_expired",
            person_id=link.person_id,
        )
    try:
        secret = open_member_session(uow, slug=slug, person_id=link.person_id)
    except SignInRefused as refused:
        refused.method = "link"
        refused.errors = {"token": refused.errors["code"]}
        raise
    _signed_in(uow, panel, link.person_id, "link")
    return secret


def member_for_session(uow: UnitOfWork, *, slug: str, secret: str) -> PanelMember | None:
    """The signed-in member of this panel, or None (no session, expired, another panel, or no
    longer a member after a replacement)."""
    session = uow.panel_members.session(sha256_hex(secret))
    if session is None or not session.usable_at(uow.clock.now()):
        return None
    panel = uow.panels.find_by_slug(slug)
    if panel is None or panel.id != session.panel_id:
        return None
    if session.person_id not in members_of(uow, panel):
        return None
    return PanelMember(
        panel_id=session.panel_id, panel_slug=panel.slug, person_id=session.person_id
    )


def _replaced_session(uow: UnitOfWork, slug: str, digest: str) -> tuple[Panel, str] | None:
    session = uow.panel_members.session(digest)
    if session is None or not session.usable_at(uow.clock.now()):
        return None
    panel = uow.panels.find_by_slug(slug)
    if panel is None or panel.id != session.panel_id:
        return None
    if session.person_id in members_of(uow, panel):
        return None
    return panel, session.person_id


def is_replaced_session(uow: UnitOfWork, *, slug: str, secret: str) -> bool:
    """Whether this session is of someone no longer a member of this panel (replaced)."""
    return _replaced_session(uow, slug, sha256_hex(secret)) is not None


def refuse_replaced_session(uow: UnitOfWork, *, slug: str, secret: str) -> bool:
    """End the session of someone who is no longer a member of this panel (replaced), and log
    the refused access once; False when the session is not such a one."""
    digest = sha256_hex(secret)
    found = _replaced_session(uow, slug, digest)
    if found is None:
        return False
    panel, person_id = found
    uow.panel_members.remove_session(digest)
    _member_event(uow, ACCESS_REFUSED, panel.id, {"member": person_id, "reason": "replaced"})
    return True


def end_member_session(uow: UnitOfWork, *, secret: str) -> None:
    digest = sha256_hex(secret)
    session = uow.panel_members.session(digest)
    uow.panel_members.remove_session(digest)
    if session is None:
        return
    _member_event(uow, SIGNED_OUT, session.panel_id, {"member": session.person_id})


# --- erasing a member's participation ------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationErasure:
    """What erasing a member's participation did. Votes on messages whose vote is closed keep
    their choice (the published counts must not move) under an anonymous name, without their
    reason; other votes are deleted. Answers to a closed questionnaire stay, under an anonymous
    name, for the published results; answers to one still running are deleted."""

    votes_deleted: int
    votes_anonymised: int
    answers_deleted: int
    answers_anonymised: int

    def to_json(self) -> dict[str, int]:
        return {
            "votes_deleted": self.votes_deleted,
            "votes_anonymised": self.votes_anonymised,
            "answers_deleted": self.answers_deleted,
            "answers_anonymised": self.answers_anonymised,
        }


def request_participation_erasure(uow: UnitOfWork, *, member: PanelMember) -> bool:
    """A member asks the organisers to erase their votes' reasons and questionnaire answers; the
    request is an event of the panel's history, which the registrations page lists. False when
    a request of theirs is already waiting (nothing recorded again)."""
    panel = drawn_panel(uow, slug=member.panel_slug)
    if member_asked_erasure(uow, member=member):
        return False
    _member_event(uow, ERASURE_REQUESTED, panel.id, {"member": member.person_id})
    return True


def erasure_requests(uow: UnitOfWork, *, actor: Actor, slug: str) -> list[ErasureRequest]:
    """The members' erasure requests, oldest first, each with when it was carried out if so."""
    panel = access_panel(uow, actor, slug, for_="organise")
    asked: dict[str, datetime] = {}
    done: dict[str, datetime] = {}
    for event in uow.audit_log.history("panel", str(panel.id)):
        person = str((event.after or {}).get("member", ""))
        if event.event_type == ERASURE_REQUESTED:
            asked.setdefault(person, event.occurred_at)
            done.pop(person, None)
        elif event.event_type == PARTICIPATION_ERASED and person in asked:
            done[person] = event.occurred_at
    return [
        ErasureRequest(person, at, done.get(person))
        for person, at in sorted(asked.items(), key=lambda item: item[1])
    ]


def _last_erasure_event(uow: UnitOfWork, panel_id: int | None, person_id: str) -> str | None:
    """The latest of this person's erasure requests and erasures (its event type), or None."""
    last: str | None = None
    for event in uow.audit_log.history("panel", str(panel_id)):
        if (event.after or {}).get("member") != person_id:
            continue
        if event.event_type in (ERASURE_REQUESTED, PARTICIPATION_ERASED):
            last = event.event_type
    return last


def member_asked_erasure(uow: UnitOfWork, *, member: PanelMember) -> bool:
    """Whether this member has an erasure request not yet carried out (for their space)."""
    return _last_erasure_event(uow, member.panel_id, member.person_id) == ERASURE_REQUESTED


def erase_member_participation(
    uow: UnitOfWork, *, actor: Actor, slug: str, person_id: str
) -> ParticipationErasure:
    """Cut a member's link to their votes and questionnaire answers (see `ParticipationErasure`).
    The member stays in the electorate of votes already held: the published number of eligible
    members does not move, and nobody can tell from it how they voted.

    Refused (`Conflict`) when it would only repeat an earlier erasure: the person was erased,
    has not asked again since, and nothing is linked to them any more."""
    panel = access_panel(uow, actor, slug, for_="organise")
    panel_id = panel_id_of(panel)
    person_id = person_id.strip()
    known = uow.panels.has_person(panel_id, person_id) or (
        uow.panel_members.registration(panel_id, person_id) is not None
    )
    if not person_id or not known:
        raise ValidationError.single("person_id", NOT_A_PERSON)
    erased_before = _last_erasure_event(uow, panel.id, person_id) == PARTICIPATION_ERASED
    votes_deleted = votes_anonymised = 0
    messages = uow.panel_messages.list_for(panel_id)
    ballots = uow.panel_messages.votes_in([m.id for m in messages if m.id is not None])
    for message in messages:
        assert message.id is not None
        if not any(vote.voter == person_id for vote in ballots.get(message.id, [])):
            continue
        if message.state is VoteState.CLOSED:
            votes_anonymised += uow.panel_messages.forget_voter(
                message.id, person_id, anonymous="erased-" + secrets.token_hex(8)
            )
        else:
            votes_deleted += uow.panel_messages.forget_voter(message.id, person_id, anonymous=None)
    answers_deleted = answers_anonymised = 0
    survey = uow.panel_surveys.get(panel_id)
    if survey is not None:
        name = pseudonym(uow.panel_surveys.pseudonym_key(panel_id), person_id)
        if survey.stage is SurveyStage.CLOSED:
            answers_anonymised = uow.panel_surveys.rename_responses(
                panel_id, name, secrets.token_hex(32)
            )
        else:
            answers_deleted = uow.panel_surveys.delete_responses(panel_id, name)
    erasure = ParticipationErasure(
        votes_deleted, votes_anonymised, answers_deleted, answers_anonymised
    )
    if erased_before and not any(erasure.to_json().values()):
        raise Conflict(Message(ALREADY_ERASED))
    record_event(
        uow,
        actor=actor,
        event_type=PARTICIPATION_ERASED,
        entity_type="panel",
        entity_id=panel.id,
        after={"member": person_id, **erasure.to_json()},
    )
    return erasure


def member_home(uow: UnitOfWork, *, member: PanelMember) -> MemberHome:
    panel = drawn_panel(uow, slug=member.panel_slug)
    return MemberHome(panel, member, tuple(uow.panel_members.meetings(member.panel_id)))


__all__ = [
    "ErasureRequest",
    "MemberHome",
    "ParticipationErasure",
    "RegistrationInfo",
    "RegistrationOverview",
    "SignInMail",
    "SignInRefused",
    "add_meeting",
    "build_pool_from_registrations",
    "end_member_session",
    "erase_member_participation",
    "erase_volunteer",
    "erasure_requests",
    "invitation_codes",
    "is_replaced_session",
    "issue_invitation_codes",
    "member_asked_erasure",
    "member_for_session",
    "member_home",
    "members_of",
    "open_member_session",
    "record_refused_sign_in",
    "refuse_replaced_session",
    "register_volunteer",
    "registration_counts",
    "registration_info",
    "registration_overview",
    "remove_meeting",
    "request_participation_erasure",
    "request_sign_in_link",
    "save_registration_settings",
    "sign_in_with_code",
    "sign_in_with_link",
]
