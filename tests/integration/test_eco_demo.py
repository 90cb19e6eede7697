"""The eco demo loads on the demo, grades its records, feeds the observatory, loads once."""

from __future__ import annotations

from balise.bootstrap import Container
from balise.domain.eco.footprint import Method, Phase
from balise.services import eco
from balise.services.demo import load_demo
from monitoring_helpers import fix_clock


def test_the_demo_footprints_are_graded_and_counted(container: Container) -> None:
    clock = fix_clock(container)
    with container.uow() as uow:
        load_demo(uow, seeders=(eco.seed_demo,))
        uow.commit()
    with container.uow() as uow:
        bosa = uow.organisations.find_by_slug("fod-bosa")
        assert bosa is not None
        assert bosa.id is not None
        chatbot = uow.systems.find_by_source_id(bosa.id, "BOSA-AI-001")
        assert chatbot is not None
        assert chatbot.id is not None
        footprint = eco.public_footprint_for_system(uow, chatbot.id)
        assert footprint is not None
        assert footprint.label is not None
        assert footprint.label.letter == "C"
        assert footprint.parts[Phase.TRAINING].method is Method.MEASURED
        assert footprint.parts[Phase.INFERENCE].method is Method.ESTIMATED
        assert footprint.statement.why_ai
        assert eco.label_distribution(uow) == {"A": 1, "B": 0, "C": 1, "D": 0, "E": 0}
        labels = uow.observatory.facts().eco_labels
        assert labels is not None
        assert sorted(letter for letter, _ in labels.values()) == ["A", "C"]
        assert eco.seed_demo(uow, clock=clock) is False
