"""Words a citizen reads instead of codes: enumeration labels that share a value, the deadlines'
legal citations, the observatory's breakdowns and days."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from balise.domain.assessments.model import Gender
from balise.domain.monitoring.incidents import IncidentCategory
from balise.domain.observatory.catalogue import Unit
from balise.domain.observatory.functions import Result
from balise.domain.organisations.model import Sector
from balise.domain.shared.i18n import Language
from balise.i18n import gettext, using
from balise.web.labels import LABELS, label
from balise.web.monitoring.views import CITATIONS
from balise.web.observatory.views import BREAKDOWN_ENUMS, bars, day_label

DEADLINES = Path(__file__).parents[2] / "src/balise/domain/monitoring/deadlines.yaml"


def test_members_of_two_enumerations_with_one_value_keep_their_own_labels() -> None:
    assert str(Sector.HEALTH) == str(IncidentCategory.HEALTH)  # one value, two meanings
    assert LABELS[Sector.HEALTH] == "Health care"
    assert LABELS[IncidentCategory.HEALTH].startswith("Death or serious harm")
    assert LABELS[Sector.OTHER] == "Other"
    assert LABELS[Gender.OTHER] == "Another gender"
    with using(Language.FR):
        assert label(Sector.OTHER) != label(Gender.OTHER)
    assert Sector.HEALTH in LABELS
    assert IncidentCategory.HEALTH in list(LABELS)


def test_every_deadline_citation_can_be_translated() -> None:
    def articles(node: object) -> list[str]:
        if isinstance(node, dict):
            found = [node["article"]] if isinstance(node.get("article"), str) else []
            return found + [a for value in node.values() for a in articles(value)]
        return []

    cited = set(articles(yaml.safe_load(DEADLINES.read_text(encoding="utf-8"))))
    assert cited
    assert cited <= set(CITATIONS)
    with using(Language.DE):
        assert gettext("Regulation (EU) 2016/679 (GDPR), Art 12(3)").endswith("Art. 12 Abs. 3")


def test_a_breakdown_is_labelled_from_its_own_enumeration() -> None:
    result = Result(value=3.0, breakdown={"health": 2.0, "other": 1.0})
    with using(Language.EN):
        by_sector = bars(Unit.COUNT, result, BREAKDOWN_ENUMS["systems_by_sector"])
        by_category = bars(Unit.COUNT, result, BREAKDOWN_ENUMS["incidents_by_category"])
    assert [bar.label for bar in by_sector] == ["Health care", "Other"]
    assert by_category[0].label.startswith("Death or serious harm")
    assert [bar.share for bar in by_sector] == [100.0, 50.0]


def test_a_trend_day_reads_as_a_date_in_the_readers_language() -> None:
    with using(Language.FR):
        assert day_label(date(2026, 12, 3)) == "3 déc. 2026"
    with using(Language.DE):
        assert day_label(date(2026, 12, 3)) == "03.12.2026"
