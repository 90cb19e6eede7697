"""Use cases of impact assessments: fill, submit, review, vote, give an opinion, sign, notify.

Also the publication gate of the register (AI Act Art 27): a record whose stored classification
says its deployer must assess the impact on fundamental rights cannot be published, once that
obligation applies, without a submitted FRIA or a reasoned exemption.

The use cases live in one module per group; their public names are importable from here:

* `drafting`: the deployer's work (start, answer, risks and action plan, submit, sign, notify);
* `committee`: the committee's work (review, vote, return, opinion) and committees;
* `gate`: the publication gate and the exemption;
* `queries`: the actor-aware reads and inboxes;
* `publication`: the portal summaries, the Annex VIII points and the Art 27(3) notification.
"""

from __future__ import annotations

from balise.domain.assessments.gate import NO_DUTY, FriaDuty, GateStatus
from balise.domain.assessments.subject import AssessedSystem
from balise.services.assessments.committee import (
    OpinionDraft,
    add_member,
    cast_vote,
    create_committee,
    get_committee,
    issue_opinion,
    return_assessment,
    start_review,
)
from balise.services.assessments.common import (
    NO_COMMITTEE,
    NO_SYSTEM,
    snapshot,
    template_documents,
    template_of,
)
from balise.services.assessments.drafting import (
    PREFILL_FIELDS,
    add_risk,
    close_condition,
    is_outdated,
    new_version,
    notify_assessment,
    prefill,
    save_answers,
    save_summary,
    set_measure_status,
    sign_assessment,
    start_assessment,
    submit_assessment,
)
from balise.services.assessments.gate import (
    check_publication_gate,
    fria_duty,
    publication_gate,
    record_exemption,
)
from balise.services.assessments.publication import (
    PublicAssessment,
    annex_viii_points,
    notification_pack,
    public_assessments_for_system,
)
from balise.services.assessments.queries import (
    InboxItem,
    assessed_systems,
    available_committees,
    committee_inbox,
    committee_of,
    committees_of,
    compare_versions,
    get_assessment,
    list_assessments,
    organisation_of,
    published_audits,
    regulator_inbox,
    system_assessments,
    system_of,
)

__all__ = [
    "NO_COMMITTEE",
    "NO_DUTY",
    "NO_SYSTEM",
    "PREFILL_FIELDS",
    "AssessedSystem",
    "FriaDuty",
    "GateStatus",
    "InboxItem",
    "OpinionDraft",
    "PublicAssessment",
    "add_member",
    "add_risk",
    "annex_viii_points",
    "assessed_systems",
    "available_committees",
    "cast_vote",
    "check_publication_gate",
    "close_condition",
    "committee_inbox",
    "committee_of",
    "committees_of",
    "compare_versions",
    "create_committee",
    "fria_duty",
    "get_assessment",
    "get_committee",
    "is_outdated",
    "issue_opinion",
    "list_assessments",
    "new_version",
    "notification_pack",
    "notify_assessment",
    "organisation_of",
    "prefill",
    "public_assessments_for_system",
    "publication_gate",
    "published_audits",
    "record_exemption",
    "regulator_inbox",
    "return_assessment",
    "save_answers",
    "save_summary",
    "set_measure_status",
    "sign_assessment",
    "snapshot",
    "start_assessment",
    "start_review",
    "submit_assessment",
    "system_assessments",
    "system_of",
    "template_documents",
    "template_of",
]
