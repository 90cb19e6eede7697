# TEMPORARY (helper's local check; deleted after use)
from __future__ import annotations
import pytest
from audit_e2e_support import make_audits
from register_support import create_published
from playwright.sync_api import expect
import test_accessibility as t
from test_accessibility import sweep_context  # noqa: F401

pytestmark = pytest.mark.e2e

def test_tmp(live_server, sweep_context):
    ids = make_audits(live_server)
    ids["system"] = create_published(live_server.container, live_server.world).slug
    visits = [v for v in t.VISITS if "audit" in v.path and "audit-log" not in v.path]
    failures = []
    for v in visits:
        page = sweep_context(v.role, v.language).new_page()
        r = page.goto(v.path.format(**ids))
        assert r.status == v.status, (v, r.status)
        if v.then: v.then(page)
        expect(page.locator("html")).to_have_attribute("lang", v.language)
        viol = t.axe_violations(page)
        if viol: failures.append(t.describe(v, viol))
        if o := t.reflow_problems(page): failures.append(f"{v}: reflow {o}")
        page.close()
    assert not failures, "\n\n".join(failures)
