"""Who may enter a drawn panel's members' space, and the secrets that let them in.

A member is a person of the drawn panel (after replacements), known by the pseudonymous id the pool
gives them. They sign in without a password: with the code of their invitation letter, or with a
one-time link sent by e-mail. Every secret (invitation code, link, session) is stored as its SHA-256
only; invitation codes are derived from a key kept outside the database, so the organisers can print
them again for the letters while the database holds nothing that opens a door.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

# Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V pairs), in two groups of
# five: about 49 bits, easy to read aloud on the phone and to type from a letter.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
CODE_GROUP = 5

MEMBER_SESSION_LIFETIME = timedelta(days=30)
SIGN_IN_LINK_LIFETIME = timedelta(minutes=30)


@dataclass(frozen=True)
class PanelMember:
    """A signed-in member of a drawn panel: the panel and the person's pseudonymous pool id."""

    panel_id: int
    panel_slug: str
    person_id: str


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_secret() -> str:
    """A session or sign-in link secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def format_code(raw: str) -> str:
    """`ABCDE-FGHJK`: the code as printed on a letter."""
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalise_code(typed: str) -> str:
    """What a person typed, as the code it means: spaces, dots and dashes dropped, upper case."""
    return "".join(ch for ch in typed.upper() if ch not in " -_.\t")


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def code_hash(panel_id: int, code: str) -> str:
    """The stored fingerprint of a (normalised) code, bound to its panel."""
    return sha256_hex(f"balise.panel-code:{panel_id}:{code}")


def code_hint(code: str) -> str:
    """The last two characters, so that staff can tell which letter a registration came from."""
    return code[-2:]


def derive_code(key: str, *, panel_id: int, batch: str, address_id: str) -> str:
    """The invitation code of one address of one batch of letters, from a key outside the database.

    HMAC-SHA-256 of the panel, the batch (when the letters were drawn) and the address id; its bytes
    read as a number in base 30 give the ten characters.
    """
    message = f"{panel_id}\x1f{batch}\x1f{address_id}".encode()
    number = int.from_bytes(hmac.new(key.encode(), message, hashlib.sha256).digest(), "big")
    characters = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        characters.append(CODE_ALPHABET[index])
    return "".join(characters)


def random_code() -> str:
    """A code not tied to a letter (staff hand it out, tests use it)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class MemberSession:
    panel_id: int
    person_id: str
    expires_at: datetime

    def usable_at(self, now: datetime) -> bool:
        return now < self.expires_at


@dataclass(frozen=True)
class SignInLink:
    panel_id: int
    person_id: str
    expires_at: datetime
    used_at: datetime | None = None

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
