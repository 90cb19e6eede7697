"""What the home page, "my work" and the pages about Balise show, built once for the templates.

Texts are gettext message ids (N_), translated in the templates; the pages name only what
exists in Balise, each with its address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from balise.config import Settings
from balise.domain.shared.i18n import N_
from balise.services.accounts import MAX_TOKEN_DAYS, SESSION_LIFETIME
from balise.services.home import KeyFigures, MyWork


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    staff: bool = False  # shown to signed-in people only


@dataclass(frozen=True)
class Module:
    key: str
    title: str
    text: str
    links: tuple[Link, ...]


MODULES: tuple[Module, ...] = (
    Module(
        "register",
        N_("Register of AI systems"),
        N_(
            "Which AI systems public bodies and companies use, what they decide, who oversees "
            "them and how to contest an outcome."
        ),
        (
            Link("/systems", N_("Search the register")),
            Link("/organisations", N_("Browse the organisations")),
            Link("/open-data", N_("Download the open data")),
            Link("/register", N_("Your organisation's records"), staff=True),
        ),
    ),
    Module(
        "classify",
        N_("Classify under the AI Act"),
        N_(
            "Answer a questionnaire to learn whether a system is prohibited, high-risk or subject "
            "to transparency duties, and which obligations apply from which date."
        ),
        (
            Link("/aiact", N_("Start the classifier")),
            Link("/aiact/timeline", N_("Dates the obligations apply")),
        ),
    ),
    Module(
        "assess",
        N_("Assess impacts"),
        N_(
            "Fundamental-rights impact assessments, data-protection impact assessments and an "
            "ethics self-assessment, reviewed by an ethics committee; signed ones are shown on "
            "the system's page."
        ),
        (Link("/assessments", N_("Your assessments"), staff=True),),
    ),
    Module(
        "audit",
        N_("Audit for bias"),
        N_(
            "Organisations measure group fairness on a system's decision logs and compare their "
            "data with the Belgian population; reports they publish appear on the system's page."
        ),
        (Link("/register", N_("Audit one of your systems"), staff=True),),
    ),
    Module(
        "monitor",
        N_("Ask, contest, report"),
        N_(
            "Ask for an explanation or a human review of a decision made with an AI system, and "
            "follow your request; read the serious incidents made public."
        ),
        (
            Link("/requests/new", N_("Ask for an explanation or a review")),
            Link("/requests/statistics", N_("How requests are answered")),
            Link("/incidents", N_("Serious incidents")),
        ),
    ),
    Module(
        "consult",
        N_("Citizens' panels"),
        N_(
            "Panels of citizens drawn by lot, fairly and verifiably, to give their view on the "
            "use of AI."
        ),
        (
            Link("/panels", N_("See the panels")),
            Link("/consultations", N_("Comment on a text under consultation")),
        ),
    ),
    Module(
        "observe",
        N_("Observatory"),
        N_(
            "Indicators over time: systems by risk and sector, response times to citizens, "
            "incidents, panels."
        ),
        (
            Link("/observatory", N_("See the indicators")),
            Link("/observatory/report", N_("Annual report")),
        ),
    ),
)


def figures_view(figures: KeyFigures) -> dict[str, Any]:
    """The home page's figures; a share is left out when there is nothing to divide."""
    return {
        "systems": figures.systems,
        "systems_capped": figures.systems_capped,
        "organisations": figures.organisations,
        "high_risk": figures.high_risk,
        "high_risk_share": figures.high_risk_share,
        "requests_received": figures.requests_received,
        "requests_answered": figures.requests_answered,
        "incidents_published": figures.incidents_published,
    }


WORK_LABELS = {
    "records_to_review": (
        N_("Records waiting for your review"),
        N_("Versions an editor of your organisation sent for review."),
    ),
    "records_to_publish": (
        N_("Records approved, not yet published"),
        N_("Approved versions that a reviewer can now publish on the portal."),
    ),
    "records_in_draft": (
        N_("Records in draft"),
        N_("Records of your organisation not yet sent for review."),
    ),
    "assessments_to_review": (
        N_("Assessments before your committee"),
        N_("Impact assessments submitted to an ethics committee you sit on."),
    ),
    "votes_due": (
        N_("Votes you have not cast"),
        N_("Committee ballots that wait for your vote."),
    ),
    "assessments_notified": (
        N_("Assessments notified to the authority"),
        N_("Fundamental-rights impact assessments notified under Art. 27(3) of the AI Act."),
    ),
    "assessments_to_finish": (
        N_("Assessments to finish"),
        N_("Assessments of your organisation in draft or returned by the committee."),
    ),
    "requests_open": (
        N_("Citizens' requests to answer"),
        N_("Requests for an explanation or a human review not yet answered."),
    ),
    "incidents_open": (
        N_("Serious incidents being followed"),
        N_("Incident reports not yet closed (Art. 73 of the AI Act)."),
    ),
}


def work_view(work: MyWork) -> dict[str, Any]:
    return {
        "waiting": work.waiting,
        "items": [
            {
                "kind": item.kind,
                "title": WORK_LABELS[item.kind][0],
                "text": WORK_LABELS[item.kind][1],
                "count": item.count,
                "overdue": item.overdue,
                "href": item.href,
            }
            for item in work.items
        ],
    }


# --- Privacy and accessibility -----------------------------------------------------------------

STATEMENT_DATE = date(2026, 12, 3)
"""When the accessibility statement was written and last reviewed."""

ACCESSIBILITY_STATEMENT = {"date": STATEMENT_DATE, "reviewed": STATEMENT_DATE}

COOKIES = (
    ("balise_lang", N_("the language you chose"), N_("one year")),
    ("balise_csrf", N_("protects forms against forgery"), N_("until you close the browser")),
    ("balise_session", N_("keeps you signed in"), N_("12 hours, or until you sign out")),
    ("balise_oidc", N_("links a single sign-on to this browser"), N_("10 minutes")),
)


def privacy_view(settings: Settings) -> dict[str, Any]:
    """What the privacy notice says, with the periods this installation is configured with."""
    return {
        "retention_days": settings.monitoring_retention_days,
        "session_hours": int(SESSION_LIFETIME.total_seconds() // 3600),
        "token_days": MAX_TOKEN_DAYS,
        "cookies": COOKIES,
        "contact_email": settings.data_protection_email or settings.contact_email,
    }
