"""What the to-do list's routes share: who may read and act on it, and a clerk's note."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from liudong_events.auth import Principal
from liudong_events.policy import require

Reader = Annotated[Principal, require("exchange.read")]
Answerer = Annotated[Principal, require("exchange.answer")]  # answers and confirms


def _kept(note: str | None) -> str | None:
    """A note of blanks is no note."""
    return note.strip() or None if note else None


Note = Annotated[str | None, Field(max_length=2000), AfterValidator(_kept)]
