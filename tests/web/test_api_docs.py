"""/api/docs: the API reference for people, from the OpenAPI description, in four languages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from balise.web.apidocs.views import api_reference


def test_the_reference_groups_every_operation_of_the_openapi_description() -> None:
    openapi = {
        "paths": {
            "/api/v1/systems/{id}": {
                "get": {
                    "tags": ["systems"],
                    "operationId": "get_system",
                    "security": [{}, {"apiToken": []}],
                    "summary": "Get System",
                    "description": "One published system.",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {
                        "404": {"description": "Not Found"},
                        "200": {"description": "OK"},
                    },
                }
            },
            "/api/v1/x": {
                "post": {
                    "tags": ["unknown"],
                    "security": [{"apiToken": ["systems:write"]}, {"session": []}],
                    "responses": {"401": {}},
                }
            },
        }
    }
    [systems, other] = api_reference(openapi)
    assert (systems.tag, other.tag) == ("systems", "unknown")
    [operation] = systems.operations
    assert (operation.method, operation.path, operation.anchor) == (
        "GET",
        "/api/v1/systems/{id}",
        "get_system",
    )
    assert operation.parameters[0].type == "integer"
    assert operation.responses == (("200", "OK"), ("404", "Not Found"))
    assert not operation.needs_token
    assert other.operations[0].needs_token
    assert other.operations[0].scope == "systems:write"


def test_the_page_lists_the_real_api_in_the_reader_language(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "/api/v1/systems" in page.text
    assert 'href="/api/v1/openapi.json"' in page.text
    main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main  # readable without scripts
    client.cookies.set("balise_lang", "nl")
    dutch = client.get("/api/docs")
    assert "API-documentatie" in dutch.text
    assert "Register van AI-systemen" in dutch.text
