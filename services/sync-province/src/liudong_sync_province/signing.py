"""A batch is signed so that the province can tell it came from this district: an
HMAC-SHA256 of the exact body with the key both sides hold, in `X-Liudong-Signature`."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Liudong-Signature"
SCHEME = "hmac-sha256="


def signature(body: bytes, key: str) -> str:
    return SCHEME + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def verified(body: bytes, key: str, given: str | None) -> bool:
    """Whether `given` is the body's signature (compared in constant time)."""
    return given is not None and hmac.compare_digest(signature(body, key), given)
