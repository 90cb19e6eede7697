"""The unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

from typing import Self

from sqlalchemy.engine import Connection, Engine, Transaction

from balise.adapters.db.accounts_repositories import (
    ApiTokenRepository,
    LoginAttemptRepository,
    SessionRepository,
    UserRepository,
)
from balise.adapters.db.aiact_repositories import (
    AiactClassificationRepository,
    AiactQuestionnaireRepository,
)
from balise.adapters.db.assessments_repositories import (
    AssessmentRepository,
    CommitteeRepository,
    ExemptionRepository,
)
from balise.adapters.db.audit_connections_repositories import AuditConnectionRepository
from balise.adapters.db.audit_log_repositories import AuditLog
from balise.adapters.db.audits_repositories import AuditReportRepository, AuditUploadRepository
from balise.adapters.db.consultations_repositories import ConsultationRepository
from balise.adapters.db.eco_repositories import FootprintRepository
from balise.adapters.db.guichet_repositories import GuideRepository, QuestionRepository
from balise.adapters.db.jobs_repositories import JobRepository
from balise.adapters.db.monitoring_repositories import CitizenRequestRepository, IncidentRepository
from balise.adapters.db.obligations_repositories import ObligationStatusRepository
from balise.adapters.db.observatory_repositories import ObservatoryRepository
from balise.adapters.db.open_data_repositories import PublishedSystems
from balise.adapters.db.organisations_repositories import OrganisationRepository
from balise.adapters.db.panel_members_repositories import PanelMembersRepository
from balise.adapters.db.panel_messages_repositories import PanelMessageRepository
from balise.adapters.db.panel_repositories import PanelRepository
from balise.adapters.db.panel_survey_repositories import PanelSurveyRepository
from balise.adapters.db.portal_search import PortalSearch
from balise.adapters.db.register_repositories import PortalIndex, SystemRepository
from balise.domain.audit_log.keys import Keyring
from balise.domain.shared.clock import Clock, SystemClock


class SqlUnitOfWork:
    def __init__(
        self,
        engine: Engine,
        clock: Clock | None = None,
        *,
        read_only: bool = False,
        audit_keys: Keyring | None = None,
    ) -> None:
        self.engine = engine
        self.audit_keys = audit_keys
        self.read_only = read_only
        self.clock = clock or SystemClock()
        self._connection: Connection | None = None
        self._transaction: Transaction | None = None

    def __enter__(self) -> Self:
        self._connection = self.engine.connect().execution_options(read_only=self.read_only)
        self._transaction = self._connection.begin()
        connection = self._connection
        self.organisations = OrganisationRepository(connection)
        self.users = UserRepository(connection)
        self.sessions = SessionRepository(connection)
        self.tokens = ApiTokenRepository(connection)
        self.login_attempts = LoginAttemptRepository(connection)
        self.audit_log = AuditLog(connection, self.audit_keys)
        self.jobs = JobRepository(connection)
        self.systems = SystemRepository(connection)
        self.aiact_questionnaires = AiactQuestionnaireRepository(connection)
        self.aiact_classifications = AiactClassificationRepository(connection)
        self.portal = PortalIndex(connection)
        self.portal_search = PortalSearch(connection)
        self.published = PublishedSystems(connection)
        self.panels = PanelRepository(connection)
        self.panel_surveys = PanelSurveyRepository(connection)
        self.panel_members = PanelMembersRepository(connection)
        self.panel_messages = PanelMessageRepository(connection)
        self.audit_uploads = AuditUploadRepository(connection)
        self.audit_reports = AuditReportRepository(connection)
        self.audit_connections = AuditConnectionRepository(connection)
        self.assessments = AssessmentRepository(connection)
        self.committees = CommitteeRepository(connection)
        self.assessment_exemptions = ExemptionRepository(connection)
        self.incidents = IncidentRepository(connection)
        self.citizen_requests = CitizenRequestRepository(connection)
        self.observatory = ObservatoryRepository(connection)
        self.footprints = FootprintRepository(connection)
        self.obligation_statuses = ObligationStatusRepository(connection)
        self.guides = GuideRepository(connection)
        self.questions = QuestionRepository(connection)
        self.consultations = ConsultationRepository(connection)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._connection is not None
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()
        self._connection.close()
        self._connection = None

    def commit(self) -> None:
        assert self._transaction is not None
        self._transaction.commit()

    def rollback(self) -> None:
        assert self._transaction is not None
        self._transaction.rollback()
