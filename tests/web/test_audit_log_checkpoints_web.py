"""The public page of the audit log's signed checkpoints, and its open data twin."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient

from balise.bootstrap import Container
from balise.services.audit_log import take_checkpoint

HEADINGS = {
    "en": "Audit log checkpoints",
    "fr": "Points de contrôle du journal d'audit",
    "nl": "Controlepunten van het auditlogboek",
    "de": "Prüfpunkte des Prüfprotokolls",
}


@pytest.fixture
def checkpointed(container: Container, world: dict[str, object]) -> None:
    with container.uow() as uow:
        take_checkpoint(uow)
        uow.commit()


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_anyone_reads_the_checkpoints_in_their_language(
    client: TestClient, container: Container, checkpointed: None, language: str
) -> None:
    response = client.get("/audit-log/checkpoints", headers={"Accept-Language": language})

    assert response.status_code == 200
    assert f"<h1>{HEADINGS[language]}</h1>" in response.text.replace("&#39;", "'")
    assert container.audit_log_keys.current.public_key_pem.splitlines()[1] in response.text


def test_the_open_data_lists_signed_checkpoints_anyone_can_check(
    client: TestClient, container: Container, checkpointed: None
) -> None:
    document = client.get("/audit-log/checkpoints.json").json()

    (key,) = document["public_keys"]
    (checkpoint,) = document["checkpoints"]
    with container.uow(read_only=True) as uow:
        head = uow.audit_log.head()
    assert (checkpoint["seq"], checkpoint["hash"]) == head
    assert checkpoint["key_id"] == key["id"]
    assert key["current"] is True
    public_key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(key["hex"]))
    public_key.verify(bytes.fromhex(checkpoint["signature"]), checkpoint["statement"].encode())


def test_an_empty_list_says_so(client: TestClient) -> None:
    response = client.get("/audit-log/checkpoints")

    assert response.status_code == 200
    assert "No checkpoint has been signed yet." in response.text
