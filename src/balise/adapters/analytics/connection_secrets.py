"""Sealing the addresses of registered audit connections (passwords included) with Fernet.

The key lives outside the database (`BALISE_CONNECTIONS_KEY`, `BALISE_CONNECTIONS_KEY_FILE`, or a
file generated into the data directory): a copy of the database alone opens no connection.
A key is a Fernet key (`Fernet.generate_key()`) or any secret of at least 32 characters, from
which one is derived (SHA-256). Earlier keys still open what they sealed (`MultiFernet`), so a
key can be rotated; what is sealed anew uses the first key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from balise.domain.shared.errors import OperationFailed
from balise.domain.shared.i18n import N_, Message

MIN_SECRET = 32


class SealError(ValueError):
    """A key that cannot be used, or a token that no key opens."""


def fernet_of(text: str) -> Fernet:
    key = text.strip()
    try:
        if len(base64.urlsafe_b64decode(key.encode())) == 32:
            return Fernet(key.encode())
    except (binascii.Error, ValueError):
        pass
    if len(key) < MIN_SECRET:
        raise SealError(
            "the connections key must be a Fernet key or a secret of at least "
            f"{MIN_SECRET} characters"
        )
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


class FernetBox:
    """The `SecretBox` port: seals with the first key, opens with any of them."""

    def __init__(self, keys: Sequence[str]) -> None:
        usable = [key for key in keys if key.strip()]
        if not usable:
            raise SealError("no connections key")
        self.fernet = MultiFernet([fernet_of(key) for key in usable])

    def seal(self, text: str) -> str:
        return self.fernet.encrypt(text.encode()).decode()

    def unseal(self, token: str) -> str:
        try:
            return self.fernet.decrypt(token.encode()).decode()
        except InvalidToken as error:
            raise OperationFailed(
                Message(
                    N_(
                        "The connection's details cannot be decrypted with the current key: "
                        "replace them."
                    )
                )
            ) from error


def new_key() -> str:
    return Fernet.generate_key().decode()
