"""Upload routes are declared on the route (`dependencies=[UPLOAD]`); the size limit follows."""

from __future__ import annotations

from fastapi import FastAPI

from balise.web.uploads import UploadRoutes

DECLARED = {
    ("POST", "/organisations/import"),
    ("POST", "/register/import"),
    ("POST", "/organisations/{slug}/audits"),
    ("POST", "/register/{slug}/audits"),
    ("POST", "/panels/{slug}/invitations"),
    ("POST", "/panels/{slug}/pool"),
    ("POST", "/register/{slug}/footprint/import"),
    ("PUT", "/api/v1/uploads/{upload_id}/chunks/{offset}"),
}


def test_every_route_that_takes_a_file_declares_it(app: FastAPI) -> None:
    uploads = UploadRoutes.of(app.routes)

    assert len(uploads.routes) == len(DECLARED)
    for method, path in DECLARED:
        concrete = path.format(slug="some-slug", upload_id="abc", offset="0")
        assert uploads.match(method, concrete), (method, path)


def test_other_routes_keep_the_request_limit(app: FastAPI) -> None:
    uploads = UploadRoutes.of(app.routes)

    assert not uploads.match("GET", "/organisations/import")
    assert not uploads.match("POST", "/organisations/new")
    assert not uploads.match("POST", "/api/v1/organisations")
    assert not uploads.match("POST", "/panels/some-slug/select")
    assert not uploads.match("POST", "/organisations/import/else")
