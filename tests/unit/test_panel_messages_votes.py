"""The panels' messages on plain inputs: the shared ballot with optional reasons, the adoption
threshold on hand-computed tallies, versions, the anonymous annex and the follow-up."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from balise.domain.panels.messages import (
    FollowUp,
    FollowUpStatus,
    PanelMessage,
    VoteState,
    result_of,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import LocalizedText
from balise.domain.shared.votes import (
    AdoptionThreshold,
    Ballot,
    Choice,
    Outcome,
    Tally,
    Vote,
    Voter,
)

AT = datetime(2027, 2, 1, 10, 0, tzinfo=UTC)
TEXT = LocalizedText(fr="Texte", nl="Tekst", de="Text", en="Text")


def tally(votes_for: int, against: int, abstain: int, quorum: int = 1) -> Tally:
    cast = votes_for + against + abstain
    return Tally(
        eligible=60,
        quorum=quorum,
        cast=cast,
        votes_for=votes_for,
        against=against,
        abstain=abstain,
        outcome=Outcome.CARRIED,
        minority=(),
    )


@pytest.mark.parametrize(
    ("threshold", "counts", "share", "adopted"),
    [
        # Default: more than 50 % of for + against, abstentions left out.
        (AdoptionThreshold(), (31, 29, 0), Fraction(31, 60), True),
        (AdoptionThreshold(), (30, 30, 0), Fraction(1, 2), False),  # a tie is not adopted
        (AdoptionThreshold(), (20, 19, 21), Fraction(20, 39), True),
        # Abstentions counted: 20 of 60 is a third, not adopted.
        (AdoptionThreshold(50, abstentions_count=True), (20, 19, 21), Fraction(1, 3), False),
        # Two thirds: 40 of 60 is 66.67 % > 66 %; 39 of 60 is 65 %.
        (AdoptionThreshold(66), (40, 20, 0), Fraction(2, 3), True),
        (AdoptionThreshold(66), (39, 21, 0), Fraction(13, 20), False),
        # 80 %, abstentions counted: 49 of 60 is 81.67 %; 48 of 60 is exactly 80 %, not more.
        (AdoptionThreshold(80, abstentions_count=True), (49, 5, 6), Fraction(49, 60), True),
        (AdoptionThreshold(80, abstentions_count=True), (48, 6, 6), Fraction(4, 5), False),
        # Only abstentions: nothing is counted, nothing adopted.
        (AdoptionThreshold(), (0, 0, 5), None, False),
    ],
)
def test_the_threshold_on_hand_computed_tallies(
    threshold: AdoptionThreshold,
    counts: tuple[int, int, int],
    share: Fraction | None,
    adopted: bool,
) -> None:
    counted = tally(*counts)
    assert threshold.share(counted) == share
    assert threshold.adopts(counted) is adopted


def test_the_default_threshold_is_the_committees_majority_rule() -> None:
    for counts in [(3, 2, 0), (2, 2, 1), (1, 3, 0), (4, 0, 4)]:
        ballot = Ballot(electorate=tuple(f"v{i}" for i in range(8)), quorum=1)
        for index, choice in enumerate(
            [Choice.FOR] * counts[0] + [Choice.AGAINST] * counts[1] + [Choice.ABSTAIN] * counts[2]
        ):
            ballot = ballot.cast(f"v{index}", choice, "why", at=AT)
        result = ballot.tally()
        assert AdoptionThreshold().adopts(result) is (result.outcome is Outcome.CARRIED)


def test_no_adoption_without_the_quorum_and_thresholds_are_checked() -> None:
    assert not AdoptionThreshold().adopts(tally(2, 0, 0, quorum=3))
    with pytest.raises(ValidationError) as refused:
        AdoptionThreshold(100)
    assert set(refused.value.errors) == {"threshold"}


def test_a_reason_stays_required_for_the_committees_and_optional_for_panels() -> None:
    committee = Ballot.open([Voter("a"), Voter("b")], quorum=1)
    with pytest.raises(ValidationError) as refused:
        committee.cast("a", Choice.FOR, "  ", at=AT)
    assert set(refused.value.errors) == {"reason"}
    assert "reason_required" not in committee.to_json()  # stored documents keep their shape

    panel = Ballot.open([Voter("a"), Voter("b")], quorum=1, reason_required=False)
    voted = panel.cast("a", "against", "", at=AT).cast("a", "for", "", at=AT)
    assert [(v.voter, v.choice) for v in voted.votes] == [("a", Choice.FOR)]
    assert Ballot.from_json(voted.to_json()) == voted


def message() -> PanelMessage:
    return PanelMessage.new(panel_id=1, position=1, theme="Education", text=TEXT, at=AT)


def test_every_language_is_required_and_every_error_comes_at_once() -> None:
    with pytest.raises(ValidationError) as refused:
        PanelMessage.new(
            panel_id=1, position=0, theme="x" * 201, text=LocalizedText(fr="Texte"), at=AT
        )
    assert set(refused.value.errors) == {"text_nl", "text_de", "text_en", "theme", "position"}


def test_changes_before_the_vote_are_versions_and_then_the_text_is_fixed() -> None:
    first = message()
    same = first.revised(text=TEXT, theme="Schools", position=2, at=AT)
    assert [v.number for v in same.versions] == [1]  # only the label and the place changed
    changed = same.revised(
        text=LocalizedText(fr="Neuf", nl="Nieuw", de="Neu", en="New"),
        theme="Schools",
        position=2,
        at=AT,
    )
    assert [v.number for v in changed.versions] == [1, 2]
    assert changed.text.en == "New"
    assert changed.versions[0].text == TEXT

    opened = changed.opened(["p1", "p2", "p3"], at=AT)
    assert opened.state is VoteState.OPEN
    assert opened.electorate == ("p1", "p2", "p3")
    with pytest.raises(Conflict):
        opened.revised(text=TEXT, theme="", position=1, at=AT)
    with pytest.raises(Conflict):
        opened.closed([], at=AT)  # nobody voted: below the quorum of one vote


def test_votes_results_and_the_anonymous_annex() -> None:
    opened = message().opened(["p1", "p2", "p3", "p4"], at=AT)
    votes: list[Vote] = []
    for voter, choice, reason in [
        ("p1", "for", ""),
        ("p2", "against", "Too costly."),
        ("p3", "abstain", "Not enough information."),
        ("p4", "against", "already done elsewhere"),
    ]:
        vote = opened.cast(votes, voter, choice, reason, at=AT)
        votes = [v for v in votes if v.voter != voter] + [vote]
    with pytest.raises(Conflict):
        opened.cast(votes, "p9", "for", "", at=AT)  # not a member when the vote opened
    closed = opened.closed(votes, at=AT)
    with pytest.raises(Conflict):
        closed.cast(votes, "p1", "against", "", at=AT)

    result = result_of(closed, votes, AdoptionThreshold())
    assert (result.tally.votes_for, result.tally.against, result.tally.abstain) == (1, 2, 1)
    assert result.share == Fraction(1, 3)
    assert result.adopted is False
    # Against first, then abstentions, each alphabetically: nothing says who or in what order.
    assert [(r.choice, r.text) for r in result.annex] == [
        (Choice.AGAINST, "already done elsewhere"),
        (Choice.AGAINST, "Too costly."),
        (Choice.ABSTAIN, "Not enough information."),
    ]
    assert "p2" not in str([r.to_json() for r in result.annex])


def test_a_follow_up_needs_an_authority_a_status_and_reasons_unless_pending() -> None:
    with pytest.raises(ValidationError) as refused:
        FollowUp.given(
            message_id=1,
            authority=" ",
            status="maybe",
            answer=LocalizedText(),
            answered_on=date(2027, 3, 1),
            at=AT,
        )
    assert set(refused.value.errors) == {"authority", "status"}
    with pytest.raises(ValidationError) as no_reason:
        FollowUp.given(
            message_id=1,
            authority="FPS BOSA",
            status="rejected",
            answer=LocalizedText(),
            answered_on=date(2027, 3, 1),
            at=AT,
        )
    assert set(no_reason.value.errors) == {"answer_fr"}
    pending = FollowUp.given(
        message_id=1,
        authority="FPS BOSA",
        status="pending",
        answer=LocalizedText(),
        answered_on=date(2027, 3, 1),
        at=AT,
    )
    assert pending.status is FollowUpStatus.PENDING
    assert pending.to_json() == {
        "authority": "FPS BOSA",
        "status": "pending",
        "answer": {},
        "answered_on": "2027-03-01",
    }
