"""The members' sign-ins in the audit log: who (a pseudonymous member id), how, and why a sign-in
was refused, never a code, a link, a name or an e-mail address. Real requests, both databases."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import post_form

from balise.bootstrap import Container
from balise.domain.audit_log.chain import AuditEvent
from balise.services import panels_members
from panel_members_support import make_member_panel, make_registered_panel, sign_in_member


def panel_events(
    container: Container, slug: str, prefix: str = "panel_member."
) -> list[AuditEvent]:
    with container.uow(read_only=True) as uow:
        panel = uow.panels.find_by_slug(slug)
        assert panel is not None
        return [
            e
            for e in uow.audit_log.history("panel", str(panel.id))
            if e.event_type.startswith(prefix)
        ]


def summary(events: list[AuditEvent]) -> list[tuple[str, dict[str, Any]]]:
    return [(e.event_type, dict(e.after or {})) for e in events]


def test_sign_ins_sign_outs_and_refusals_are_logged_without_the_code(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    drawn = make_registered_panel(container, world)
    member = drawn.members[0]
    outsider = next(p for p in drawn.codes if p not in drawn.members)
    client = browsers["anonymous"]
    base = f"/panels/{drawn.slug}/space"

    assert post_form(client, f"{base}/sign-in", {"code": "12345"}).status_code == 422
    assert post_form(client, f"{base}/sign-in", {"code": "ZZZZZ-ZZZZZ"}).status_code == 422
    outside = post_form(client, f"{base}/sign-in", {"code": drawn.codes[outsider]})
    assert outside.status_code == 422
    assert post_form(client, f"{base}/sign-in", {"code": drawn.codes[member]}).status_code == 303
    assert post_form(client, f"{base}/sign-out").status_code == 303

    number = list(drawn.codes).index(member)
    with container.uow() as uow:
        mail = panels_members.request_sign_in_link(
            uow, slug=drawn.slug, email=f"v{number}@example.test"
        )
        uow.commit()
    assert mail is not None
    assert post_form(client, f"{base}/link/{mail.token}").status_code == 303
    assert post_form(browsers["editor"], f"{base}/link/{mail.token}").status_code == 422
    assert post_form(client, f"{base}/link/not-a-token").status_code == 422

    events = panel_events(container, drawn.slug)
    assert summary(events) == [
        ("panel_member.sign_in_refused", {"method": "code", "reason": "malformed_code"}),
        ("panel_member.sign_in_refused", {"method": "code", "reason": "unknown_code"}),
        (
            "panel_member.sign_in_refused",
            {"method": "code", "reason": "not_a_member", "member": outsider},
        ),
        ("panel_member.signed_in", {"member": member, "method": "code"}),
        ("panel_member.signed_out", {"member": member}),
        ("panel_member.signed_in", {"member": member, "method": "link"}),
        (
            "panel_member.sign_in_refused",
            {"method": "link", "reason": "used_or_expired", "member": member},
        ),
        ("panel_member.sign_in_refused", {"method": "link", "reason": "unknown_link"}),
    ]
    assert all(e.actor == events[0].actor for e in events)  # nobody's account: the public
    logged = repr([(e.before, e.after) for e in events])
    for secret in (*drawn.codes.values(), mail.token, "ZZZZZ", "example.test", "Resident"):
        assert secret.replace("-", "") not in logged.replace("-", "")


def test_a_replaced_member_is_refused_once_and_signed_out(
    browsers: dict[str, TestClient], container: Container, world: dict[str, Any]
) -> None:
    drawn = make_member_panel(container, world)
    client = browsers["anonymous"]
    member = sign_in_member(client, container, drawn.slug)
    space = f"/panels/{drawn.slug}/space"
    assert client.get(space).status_code == 200
    left = post_form(
        browsers["admin"], f"/panels/{drawn.slug}/replacements", {"dropped": member.person_id}
    )
    assert left.status_code == 303
    for _ in range(2):
        assert client.get(space, follow_redirects=False).status_code == 303
    refused = [
        e for e in panel_events(container, drawn.slug) if e.event_type.endswith("access_refused")
    ]
    assert summary(refused) == [
        ("panel_member.access_refused", {"member": member.person_id, "reason": "replaced"})
    ]
    # The code of a replaced member is refused too, and logged as such.
    with container.uow() as uow, pytest.raises(panels_members.SignInRefused) as refusal:
        panels_members.open_member_session(uow, slug=drawn.slug, person_id=member.person_id)
    assert (refusal.value.reason, refusal.value.person_id) == ("replaced", member.person_id)
