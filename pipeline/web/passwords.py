"""Password hashes for the web page's users: scrypt (memory-hard, in Python's standard library),
with the cost written into each hash so that it can be raised later without breaking old ones.

A hash reads `scrypt$17$8$1$<salt>$<key>`: log2 of N, r, p, then the salt and the derived key in
base64. `pipeline web-user NAME` makes one; the settings file keeps only hashes, never passwords.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

SCHEME = "scrypt"
LOG_N, R, P = 17, 8, 1  # OWASP's recommended scrypt cost: N = 2**17, r = 8, p = 1 (128 MiB)
_MAX_MEMORY = 1 << 28
_HASH = re.compile(r"^scrypt\$(?P<log_n>1[0-9]|20)\$(?P<r>[1-9][0-9]?)\$(?P<p>[1-9])\$"
                   r"(?P<salt>[A-Za-z0-9+/=]{16,})\$(?P<key>[A-Za-z0-9+/=]{40,})$")


def _derive(password: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=1 << log_n, r=r, p=p, maxmem=_MAX_MEMORY,
                          dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def make_hash(password: str) -> str:
    """A new hash of `password`, with a random salt."""
    salt = secrets.token_bytes(16)
    return f"{SCHEME}${LOG_N}${R}${P}${_b64(salt)}${_b64(_derive(password, salt, LOG_N, R, P))}"


def is_hash(text: str) -> bool:
    """Whether `text` is a hash this module made (and not, say, a password pasted in)."""
    return _HASH.match(text) is not None


def matches(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from; compared in constant time."""
    found = _HASH.match(stored)
    if found is None:
        return False
    salt, key = base64.b64decode(found["salt"]), base64.b64decode(found["key"])
    derived = _derive(password, salt, int(found["log_n"]), int(found["r"]), int(found["p"]))
    return hmac.compare_digest(derived, key)
