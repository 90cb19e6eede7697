"""Accounts: e-mail addresses, passwords, users and tokens that validate themselves, actors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from balise.domain.accounts.model import (
    PUBLIC,
    SYSTEM,
    Actor,
    ApiToken,
    Role,
    Scope,
    User,
    check_password_strength,
    normalise_email,
)
from balise.domain.shared.errors import ValidationError

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def token(**changes: Any) -> ApiToken:
    fields: dict[str, Any] = {
        "user_id": 1,
        "name": "export",
        "prefix": "abc123",
        "scopes": frozenset({Scope.READ}),
        "created_at": NOW,
        "expires_at": NOW + timedelta(days=30),
    }
    return ApiToken(**(fields | changes))


def test_an_email_address_is_trimmed_and_lower_cased() -> None:
    assert normalise_email("  Anne.Peeters@Gent.BE ") == "anne.peeters@gent.be"


@pytest.mark.parametrize(
    "raw", ["", "anne", "anne@gent", "anne peeters@gent.be", "a@b@c.be", f"{'a' * 250}@gent.be"]
)
def test_what_is_not_an_email_address_is_refused_on_the_email_field(raw: str) -> None:
    with pytest.raises(ValidationError) as refused:
        normalise_email(raw)

    assert list(refused.value.errors) == ["email"]


def test_a_password_has_at_least_twelve_characters() -> None:
    with pytest.raises(ValidationError) as refused:
        check_password_strength("short-pass", email="anne@gent.be")

    message = refused.value.errors["password"]
    assert (message.key, message.params) == (
        "A password has at least %(count)s characters.",
        {"count": 12},
    )


def test_a_password_does_not_contain_the_email_name_in_any_case() -> None:
    with pytest.raises(ValidationError) as refused:
        check_password_strength("Hello-ANNE-2026!", email="anne@gent.be")

    assert refused.value.errors["password"].key == "A password must not contain your e-mail name."


def test_a_long_password_without_the_email_name_is_accepted() -> None:
    check_password_strength("balise-demo-2026", email="admin@demo.balise.be")


def test_a_user_reports_every_wrong_field_by_name() -> None:
    with pytest.raises(ValidationError) as refused:
        User(email="nobody", display_name="  ", role=Role.EDITOR)

    assert set(refused.value.errors) == {"email", "display_name", "organisation_id"}


def test_editors_and_reviewers_belong_to_an_organisation_and_the_others_do_not() -> None:
    assert {role for role in Role if role.belongs_to_organisation} == {Role.EDITOR, Role.REVIEWER}
    with pytest.raises(ValidationError) as refused:
        User(email="reg@bipt.be", display_name="Reg", role=Role.REGULATOR, organisation_id=3)

    assert list(refused.value.errors) == ["organisation_id"]


def test_a_display_name_has_at_most_120_characters() -> None:
    with pytest.raises(ValidationError) as refused:
        User(email="anne@gent.be", display_name="A" * 121, role=Role.ADMIN)

    assert list(refused.value.errors) == ["display_name"]


def test_a_user_keeps_the_normalised_email_address() -> None:
    user = User(email="Els@Gent.be", display_name="Els", role=Role.EDITOR, organisation_id=1)

    assert user.email == "els@gent.be"


def test_a_token_reports_every_wrong_field_by_name() -> None:
    with pytest.raises(ValidationError) as refused:
        token(name=" ", scopes=frozenset(), expires_at=NOW)

    assert set(refused.value.errors) == {"name", "scopes", "expires_at"}


def test_a_token_is_usable_until_it_expires_or_is_revoked() -> None:
    assert token().usable_at(NOW + timedelta(days=29))
    assert not token().usable_at(NOW + timedelta(days=30))
    assert not token(revoked_at=NOW).usable_at(NOW + timedelta(days=1))


def test_an_actor_is_shown_by_email_else_by_label_else_as_the_public() -> None:
    admin = User(email="root@example.be", display_name="Root", role=Role.ADMIN)

    assert Actor(user=admin, label="ignored").display() == "root@example.be"
    assert SYSTEM.display() == "system"
    assert PUBLIC.display() == "public"


def test_the_public_has_no_role() -> None:
    assert PUBLIC.is_public
    assert PUBLIC.role is None
    assert Actor(user=User(email="r@example.be", display_name="R", role=Role.REGULATOR)).role is (
        Role.REGULATOR
    )
