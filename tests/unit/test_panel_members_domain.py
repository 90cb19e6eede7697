"""Invitation codes, registration checks and exclusion criteria, on plain inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from balise.domain.panels.members import (
    CODE_ALPHABET,
    SignInLink,
    code_hash,
    derive_code,
    format_code,
    is_well_formed,
    normalise_code,
)
from balise.domain.panels.model import Quota, Quotas
from balise.domain.panels.registrations import (
    Channel,
    Registration,
    RegistrationForm,
    check_meeting,
    check_registration,
    exclusion_catalogue,
    respondents_csv,
)
from balise.domain.shared.errors import ValidationError
from balise.web.panels.registration import EXCLUSION_TEXTS

QUOTAS = Quotas(
    (
        Quota("gender", "female", 1, 1),
        Quota("gender", "male", 1, 1),
        Quota("region", "Walloon Region", 0, 2),
    )
)
CRITERIA = exclusion_catalogue().criteria[:2]


def form(**changes: object) -> RegistrationForm:
    values: dict[str, object] = {
        "code": "abcde fghjk",
        "answers": {"gender": "female", "region": "Walloon Region"},
        "exclusions": {c.id: "no" for c in CRITERIA},
        "consent": True,
    }
    values.update(changes)
    return RegistrationForm(**values)  # type: ignore[arg-type]


def test_codes_are_ten_unambiguous_characters_derived_from_the_key() -> None:
    code = derive_code("key", panel_id=1, batch="b", address_id="a1")
    assert is_well_formed(code)
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OILU") & set(CODE_ALPHABET)
    assert derive_code("key", panel_id=1, batch="b", address_id="a1") == code
    others = {
        derive_code("other key", panel_id=1, batch="b", address_id="a1"),
        derive_code("key", panel_id=2, batch="b", address_id="a1"),
        derive_code("key", panel_id=1, batch="c", address_id="a1"),
        derive_code("key", panel_id=1, batch="b", address_id="a2"),
    }
    assert code not in others
    many = {derive_code("key", panel_id=1, batch="b", address_id=str(n)) for n in range(2000)}
    assert len(many) == 2000


def test_codes_are_printed_in_groups_and_read_back_leniently() -> None:
    assert format_code("ABCDEFGHJK") == "ABCDE-FGHJK"
    assert normalise_code(" abcde-fghjk ") == "ABCDEFGHJK"
    assert normalise_code("ABC DE.FGH_JK") == "ABCDEFGHJK"
    assert not is_well_formed("ABCDEFGHJ")
    assert not is_well_formed("ABCDEFGHJ0")  # 0 is not in the alphabet
    assert code_hash(1, "ABCDEFGHJK") != code_hash(2, "ABCDEFGHJK")


def test_a_registration_is_checked_all_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        check_registration(
            form(
                code="",
                answers={"gender": "other"},
                exclusions={},
                consent=False,
                email="nope",
                phone="call me",
            ),
            quotas=QUOTAS,
            exclusions=CRITERIA,
        )
    assert set(caught.value.errors) == {
        "code",
        "answer:gender",
        "answer:region",
        *(f"exclusion:{c.id}" for c in CRITERIA),
        "consent",
        "email",
        "phone",
    }
    assert caught.value.errors["answer:gender"].key == "Choose one of the answers offered."
    with pytest.raises(ValidationError) as short:
        check_registration(form(code="ABCDE"), quotas=QUOTAS, exclusions=CRITERIA)
    assert set(short.value.errors) == {"code"}


def test_the_first_criterion_answered_yes_excludes() -> None:
    checked = check_registration(form(), quotas=QUOTAS, exclusions=CRITERIA)
    assert checked.code == "ABCDEFGHJK"
    assert checked.excluded_by is None
    assert checked.answers == {"gender": "female", "region": "Walloon Region"}
    excluded = check_registration(
        form(exclusions={CRITERIA[0].id: "no", CRITERIA[1].id: "yes"}, email="a@b.be"),
        quotas=QUOTAS,
        exclusions=CRITERIA,
    )
    assert excluded.excluded_by == CRITERIA[1].id
    assert excluded.contact.email == "a@b.be"


def test_the_exclusion_criteria_cite_their_source_and_are_translatable() -> None:
    catalogue = exclusion_catalogue()
    assert "2024" in catalogue.source
    assert "Belgian" in catalogue.source
    assert {"elected_office", "party_staff", "organiser_staff"} <= set(catalogue.ids)
    marked = {" ".join(text.split()) for text in EXCLUSION_TEXTS}
    for criterion in catalogue.criteria:
        assert criterion.label in marked
        assert " ".join(criterion.question.split()) in marked


def test_only_eligible_answered_registrations_enter_the_pool_file() -> None:
    at = datetime(2026, 12, 3, tzinfo=UTC)

    def registration(person: str, excluded: str | None = None, **answers: str) -> Registration:
        return Registration(1, person, "h", "JK", Channel.WEB, answers, excluded, "v", at)

    text = respondents_csv(
        ["gender", "region"],
        [
            registration("v-1", gender="female", region="Walloon Region"),
            registration("v-2", "party_staff", gender="male", region="Walloon Region"),
            registration("v-3"),  # erased: no answers left
            registration("v-4", gender="male", region="Brussels, centre"),
        ],
    )
    assert text == ('id,gender,region\nv-1,female,Walloon Region\nv-4,male,"Brussels, centre"\n')


def test_a_meeting_is_read_in_brussels_time() -> None:
    meeting = check_meeting("2027-01-16", "09:30", " Namur ", "Weekend 1")
    assert meeting.starts_at == datetime(2027, 1, 16, 8, 30, tzinfo=UTC)
    assert meeting.place == "Namur"
    with pytest.raises(ValidationError) as caught:
        check_meeting("16/01", "9h", "", "")
    assert set(caught.value.errors) == {"date", "time", "place", "title"}


def test_a_sign_in_link_works_once_and_expires() -> None:
    now = datetime(2026, 12, 3, tzinfo=UTC)
    link = SignInLink(1, "p1", now + timedelta(minutes=30))
    assert link.usable_at(now)
    assert not link.usable_at(now + timedelta(minutes=30))
    assert not SignInLink(1, "p1", now + timedelta(minutes=30), used_at=now).usable_at(now)
