"""Signed checkpoints of the audit chain's head, and what they reveal when compared with it.

A checkpoint states "on this date the log held N events and its head was H", signed with the
audit log's Ed25519 key. Checkpoints are published (a public page and open data), so copies live
outside the database. Comparing them with the chain reveals what the chain alone cannot:
events cut from the end (the head is behind a checkpoint) and a chain re-sealed from some event
on (a checkpointed hash no longer matches the event at that number).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature

from balise.domain.audit_log.keys import ChainKey

STATEMENT_VERSION = "balise-audit-checkpoint/1"


def statement(seq: int, head: str, taken_at: datetime) -> bytes:
    """The exact bytes a checkpoint signs: one line, easy to check with any Ed25519 tool."""
    at = taken_at.astimezone(UTC).isoformat(timespec="seconds")
    return f"{STATEMENT_VERSION} seq={seq} hash={head} taken_at={at}".encode()


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    taken_at: datetime
    key_id: str
    signature: str  # hex

    @property
    def statement(self) -> bytes:
        return statement(self.seq, self.hash, self.taken_at)

    def signed_by(self, keys: Mapping[str, ChainKey]) -> bool:
        key = keys.get(self.key_id)
        if key is None:
            return False
        try:
            key.public_key.verify(bytes.fromhex(self.signature), self.statement)
        except (InvalidSignature, ValueError):
            return False
        return True

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "taken_at": self.taken_at.astimezone(UTC).isoformat(timespec="seconds"),
            "key_id": self.key_id,
            "signature": self.signature,
            "statement": self.statement.decode(),
        }


def sign(key: ChainKey, *, seq: int, head: str, taken_at: datetime) -> Checkpoint:
    taken_at = taken_at.astimezone(UTC).replace(microsecond=0)
    signature = key.signing_key.sign(statement(seq, head, taken_at)).hex()
    return Checkpoint(seq, head, taken_at, key.id, signature)


@dataclass(frozen=True)
class CheckpointProblem:
    seq: int
    reason: str  # truncated, resealed, bad_signature

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "reason": self.reason}


@dataclass(frozen=True)
class CheckpointComparison:
    checked: int
    problems: tuple[CheckpointProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "problems": [problem.as_dict() for problem in self.problems],
        }


def compare(
    checkpoints: Iterable[Checkpoint],
    *,
    head_seq: int,
    hashes: Mapping[int, str],
    keys: Mapping[str, ChainKey],
) -> CheckpointComparison:
    """Each checkpoint against the chain: `head_seq` is the number of its last event and
    `hashes` the stored hash of each checkpointed event still present."""
    problems: list[CheckpointProblem] = []
    checked = 0
    for checkpoint in checkpoints:
        checked += 1
        if not checkpoint.signed_by(keys):
            problems.append(CheckpointProblem(checkpoint.seq, "bad_signature"))
        elif checkpoint.seq > head_seq:
            problems.append(CheckpointProblem(checkpoint.seq, "truncated"))
        elif hashes.get(checkpoint.seq) != checkpoint.hash:
            problems.append(CheckpointProblem(checkpoint.seq, "resealed"))
    return CheckpointComparison(checked, tuple(problems))
