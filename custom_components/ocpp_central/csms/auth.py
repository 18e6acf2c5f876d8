"""Charger passwords: generation, salted hashing and HTTP Basic checks."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass

ITERATIONS = 60_000
# OCPP 1.6 security profiles ask for 16-40 character passwords; 32 hex
# characters suit both chargers that take the key as text and as hex.
PASSWORD_BYTES = 16


@dataclass(frozen=True, slots=True)
class PasswordHash:
    """A salted PBKDF2-SHA256 hash, storable as plain strings."""

    salt: str
    digest: str
    iterations: int = ITERATIONS

    def as_dict(self) -> dict[str, str | int]:
        """Return a JSON-friendly form."""
        return {"salt": self.salt, "digest": self.digest, "iterations": self.iterations}

    @classmethod
    def from_dict(cls, data: dict[str, str | int]) -> PasswordHash:
        """Rebuild from `as_dict` output."""
        return cls(str(data["salt"]), str(data["digest"]), int(data["iterations"]))


def generate_password() -> str:
    """Return a new random charger password."""
    return secrets.token_hex(PASSWORD_BYTES)


def _derive(password: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)


def hash_password(password: str) -> PasswordHash:
    """Hash a password with a fresh random salt (CPU-bound: run in a thread)."""
    salt = secrets.token_bytes(16)
    return PasswordHash(salt.hex(), _derive(password, salt, ITERATIONS).hex())


_DUMMY = PasswordHash("00" * 16, "00" * 32)


def verify_password(password: str, stored: PasswordHash | None) -> bool:
    """Check a password in constant time; an unknown charger costs the same."""
    target = stored or _DUMMY
    digest = _derive(password, bytes.fromhex(target.salt), target.iterations)
    matches = hmac.compare_digest(digest, bytes.fromhex(target.digest))
    return matches and stored is not None


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a charger presented with HTTP Basic."""

    username: str
    password: str
    raw_password: bytes

    def candidates(self) -> list[str]:
        """The password as sent, and at most one other reading of it.

        Chargers disagree on `AuthorizationKey`: most use the text as it was
        set; those that follow the security white paper hex-decode it and send
        the bytes. A hex key sent as bytes is read back as its hex text, and a
        hex text in upper case as lower case, since we issue lower-case keys.
        """
        found = [self.password]
        raw = self.raw_password
        if raw and not _is_printable(raw):
            found.append(raw.hex())
        elif _is_hex(self.password) and self.password != self.password.lower():
            found.append(self.password.lower())
        return found


def _is_printable(raw: bytes) -> bool:
    return all(0x20 <= byte < 0x7F for byte in raw)


def _is_hex(text: str) -> bool:
    return bool(text) and all(char in "0123456789abcdefABCDEF" for char in text)


def parse_basic_auth(header: str | None) -> Credentials | None:
    """Return what an Authorization header carries, if well formed."""
    if not header:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    raw_username, sep, raw_password = decoded.partition(b":")
    if not sep:
        return None
    return Credentials(_text(raw_username), _text(raw_password), raw_password)


def _text(raw: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError:
        # Some chargers send the key as raw bytes; latin-1 never fails.
        return raw.decode("latin-1")
