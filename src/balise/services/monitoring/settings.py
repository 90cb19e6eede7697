"""An organisation's choice of the legal basis that sets its citizens' requests' deadlines.

GDPR Art 12(3) (one month, extendable by two) is the default. An administration that answers
requests under the law of 11 April 1994 on the publicity of administration (Art 6 §5: thirty
days, a deferral of at most fifteen) chooses that basis; both rules and their articles are data
in `domain/monitoring/deadlines.yaml`. The choice applies to requests received after it;
requests already filed keep the deadline computed when they arrived.

The choice is kept in the organisation's `request_basis` column; each change is also an
`organisation.request_basis_chosen` event in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from balise.domain.accounts.model import Actor
from balise.domain.monitoring.deadlines import RequestBasis, request_deadline
from balise.domain.organisations.model import Organisation
from balise.services.audit_log import record_event
from balise.services.permissions import access_organisation
from balise.services.ports import UnitOfWork

BASIS_CHOSEN = "organisation.request_basis_chosen"
DEFAULT_BASIS = RequestBasis.GDPR


def organisation_request_basis(uow: UnitOfWork, organisation_id: int) -> RequestBasis:
    """The basis the organisation chose for its requests' deadlines; GDPR unless it chose."""
    try:
        return RequestBasis(uow.organisations.request_basis(organisation_id))
    except ValueError:
        return DEFAULT_BASIS


def basis_article(basis: RequestBasis, today: date) -> str:
    """The article the basis's deadline rule cites (from the current rules)."""
    return request_deadline(today, basis).article


@dataclass(frozen=True)
class BasisSetting:
    organisation: Organisation
    basis: RequestBasis
    article: str


def get_request_basis_setting(
    uow: UnitOfWork, *, actor: Actor, organisation_id: int
) -> BasisSetting:
    """What the settings page shows: for those who may change it (the organisation's editors)."""
    organisation = access_organisation(uow, actor, organisation_id, for_="edit")
    basis = organisation_request_basis(uow, organisation_id)
    return BasisSetting(organisation, basis, basis_article(basis, uow.clock.now().date()))


def choose_request_basis(
    uow: UnitOfWork, *, actor: Actor, organisation_id: int, basis: RequestBasis
) -> BasisSetting:
    """Choose the basis of the organisation's future requests' deadlines; recorded if it changes."""
    organisation = access_organisation(uow, actor, organisation_id, for_="edit")
    current = organisation_request_basis(uow, organisation_id)
    article = basis_article(basis, uow.clock.now().date())
    if basis is not current:
        uow.organisations.set_request_basis(organisation_id, basis.value)
        record_event(
            uow,
            actor=actor,
            event_type=BASIS_CHOSEN,
            entity_type="organisation",
            entity_id=organisation_id,
            before={"request_basis": current.value},
            after={"request_basis": basis.value, "article": article},
        )
    return BasisSetting(organisation, basis, article)
