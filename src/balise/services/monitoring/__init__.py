"""Use cases of monitoring: serious incidents (AI Act Art 73, 26(5)) and citizens' requests.

Every change writes an audit event. Functions that must tell someone by e-mail return the
messages (`OutgoingMail`, already in the reader's language) beside their result: the entrypoint
sends them once its transaction has committed, so no e-mail announces something rolled back.

One module per part: `requests` (intake and handling of citizens' requests), `retention` (their
personal data), `statistics` (public figures), `incidents` (serious incidents), `mail` (the
e-mails), `settings` (an organisation's basis for its requests' deadlines). Their public names
are re-exported here: callers import `balise.services.monitoring`.
"""

from __future__ import annotations

from balise.services.monitoring import choices
from balise.services.monitoring.incidents import (
    Reported,
    assess_incident,
    complete_incident_report,
    get_incident,
    incident_snapshot,
    list_incidents,
    list_public_incidents,
    public_incident,
    publish_incident,
    record_investigation,
    report_incident,
    reporting_organisations,
)
from balise.services.monitoring.requests import (
    NO_SUCH_REQUEST,
    OUTCOME_TEXT,
    Changed,
    Filed,
    answer_request,
    assign_request,
    erase_own_request_data,
    erase_request_contact,
    extend_request,
    file_request,
    follow_request,
    follow_up_path,
    get_request,
    list_requests,
    register_request,
    request_snapshot,
    request_target,
)
from balise.services.monitoring.retention import purge_expired_personal_data
from balise.services.monitoring.settings import (
    BasisSetting,
    basis_article,
    choose_request_basis,
    get_request_basis_setting,
    organisation_request_basis,
)
from balise.services.monitoring.statistics import (
    RequestStatistics,
    compute_statistics,
    request_statistics,
    statistics_rows,
)

__all__ = [
    "NO_SUCH_REQUEST",
    "OUTCOME_TEXT",
    "BasisSetting",
    "Changed",
    "Filed",
    "Reported",
    "RequestStatistics",
    "answer_request",
    "assess_incident",
    "assign_request",
    "basis_article",
    "choices",
    "choose_request_basis",
    "complete_incident_report",
    "compute_statistics",
    "erase_own_request_data",
    "erase_request_contact",
    "extend_request",
    "file_request",
    "follow_request",
    "follow_up_path",
    "get_incident",
    "get_request",
    "get_request_basis_setting",
    "incident_snapshot",
    "list_incidents",
    "list_public_incidents",
    "list_requests",
    "organisation_request_basis",
    "public_incident",
    "publish_incident",
    "purge_expired_personal_data",
    "record_investigation",
    "register_request",
    "report_incident",
    "reporting_organisations",
    "request_snapshot",
    "request_statistics",
    "request_target",
    "statistics_rows",
]
