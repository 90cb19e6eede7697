"""`balise openapi`: the API description, for tools that generate clients."""

from __future__ import annotations

import json

import pytest

from balise.bootstrap import Container
from balise.cli.testing import CommandLine


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_openapi_prints_the_description_of_api_v1(container: Container) -> None:
    result = CommandLine(container.settings)("openapi")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["openapi"].startswith("3.")
    assert any(path.startswith("/api/v1/") for path in document["paths"])
