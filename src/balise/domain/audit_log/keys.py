"""The audit log's keys: one secret keys the chain (HMAC-SHA-256) and signs checkpoints (Ed25519).

Both keys are derived from one secret kept outside the database, so that someone who can write to
the database but does not hold the secret can neither re-seal the chain nor sign a checkpoint.
The signing key's public half is published; its fingerprint names the key (`key_id`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MIN_SECRET_LENGTH = 32


def _derived(secret: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret, b"balise audit-log " + purpose, hashlib.sha256).digest()


def public_key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class ChainKey:
    """One secret: the key of the chain's HMAC and the seed of the checkpoints' signing key."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_SECRET_LENGTH:
            raise ValueError(f"the audit log key needs at least {MIN_SECRET_LENGTH} characters")

    @classmethod
    def from_text(cls, text: str) -> ChainKey:
        return cls(text.strip().encode())

    @cached_property
    def hmac_key(self) -> bytes:
        return _derived(self.secret, b"chain")

    @cached_property
    def signing_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(_derived(self.secret, b"checkpoints"))

    @cached_property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    @cached_property
    def id(self) -> str:
        return public_key_id(self.public_key)

    @property
    def public_key_hex(self) -> str:
        raw = self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return raw.hex()

    @property
    def public_key_pem(self) -> str:
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()


@dataclass(frozen=True)
class Keyring:
    """The current key, which seals new events and signs checkpoints, and the retired ones, kept
    to verify what they sealed and signed before a rotation."""

    current: ChainKey
    retired: tuple[ChainKey, ...] = ()

    @classmethod
    def from_texts(cls, current: str, retired: Iterable[str] = ()) -> Keyring:
        return cls(ChainKey.from_text(current), tuple(ChainKey.from_text(t) for t in retired))

    @cached_property
    def by_id(self) -> Mapping[str, ChainKey]:
        return {key.id: key for key in (*self.retired, self.current)}
