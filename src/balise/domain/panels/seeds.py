"""The secrets ("seeds") of a committed draw, so that nobody has to compute a SHA-256 by hand.

An organiser types a secret, or takes one Balise generates; Balise publishes only its SHA-256
(`secret_commitment` in draw.py) and the organiser reveals the secret itself at the draw.
"""

from __future__ import annotations

import re
import secrets

from balise.domain.shared.i18n import N_

SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")
SEED_LOOKS_LIKE_HASH = N_(
    "This looks like a fingerprint (SHA-256), not a secret: put fingerprints that other parties "
    "gave you in the box below, and secrets here."
)


def looks_like_sha256(text: str) -> bool:
    """Whether a line is 64 hexadecimal digits, as a SHA-256 written out is."""
    return SHA256_HEX.fullmatch(text.strip()) is not None


def new_seed() -> str:
    """A fresh random secret: 20 bytes from the operating system, as 5 groups of 8 hex digits."""
    raw = secrets.token_hex(20)
    return "-".join(raw[i : i + 8] for i in range(0, 40, 8))
