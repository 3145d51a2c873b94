"""The 256-byte text block of a Chinese identity card (UCS-2LE, fixed-width fields), as the
security module hands it over, for the three cards that carry one: the resident ID card,
the Hong Kong/Macao/Taiwan residents' residence permit (marker "J" at byte 248) and the
foreigner's permanent residence card (marker "I" at byte 248).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

TEXT_BYTES = 256
PHOTO_BYTES = 1024
MARKER_AT = 248  # byte offset of the card-type letter on a permit or foreigner's card
LONG_TERM = "长期"

CardType = Literal["resident", "hmt_permit", "foreigner"]

# (field, width in characters), in the order the block holds them.
RESIDENT = (
    ("name", 15),
    ("sex", 1),
    ("ethnicity", 2),
    ("birth_date", 8),
    ("address", 35),
    ("id_number", 18),
    ("issuer", 15),
    ("valid_from", 8),
    ("valid_to", 8),
)
HMT_PERMIT = (
    ("name", 15),
    ("sex", 1),
    ("_", 2),
    ("birth_date", 8),
    ("address", 35),
    ("id_number", 18),
    ("issuer", 15),
    ("valid_from", 8),
    ("valid_to", 8),
    ("permit_number", 9),
    ("issue_count", 2),
)
FOREIGNER = (
    ("english_name", 60),
    ("sex", 1),
    ("id_number", 15),
    ("nationality", 3),
    ("chinese_name", 15),
    ("valid_from", 8),
    ("valid_to", 8),
    ("birth_date", 8),
    ("card_version", 2),
    ("issuer_code", 4),
)
LAYOUTS: dict[CardType, tuple[tuple[str, int], ...]] = {
    "resident": RESIDENT,
    "hmt_permit": HMT_PERMIT,
    "foreigner": FOREIGNER,
}
MARKERS: dict[str, CardType] = {"J": "hmt_permit", "I": "foreigner"}
ISSUER_FOREIGNER = "中华人民共和国国家移民管理局"


class UnreadableText(ValueError):
    """The block is not one of the three layouts (wrong length, a date that is no date)."""


@dataclass(frozen=True)
class CardText:
    """The fields of a card's text block; those a card type does not carry are None."""

    card_type: CardType
    name: str
    sex: str
    ethnicity: str | None
    birth_date: date
    address: str | None
    id_number: str
    issuer: str
    valid_from: date
    valid_to: date | None  # None: valid without end (长期)
    permit_number: str | None = None
    issue_count: int | None = None
    english_name: str | None = None
    chinese_name: str | None = None
    nationality: str | None = None

    def expired(self, today: date) -> bool:
        """Past its last valid day (a card valid 长期 never is)."""
        return self.valid_to is not None and self.valid_to < today


def card_type(block: bytes) -> CardType:
    if len(block) != TEXT_BYTES:
        raise UnreadableText(f"text block of {len(block)} bytes, not {TEXT_BYTES}")
    marker = block[MARKER_AT : MARKER_AT + 2].decode("utf-16-le", errors="replace")
    return MARKERS.get(marker, "resident")


def fields(block: bytes, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    """Each field's characters with the padding (spaces, NULs) stripped."""
    text = block.decode("utf-16-le", errors="replace")
    out, at = {}, 0
    for name, width in layout:
        out[name] = text[at : at + width].strip(" \x00")
        at += width
    return out


def parse_text(block: bytes) -> CardText:
    kind = card_type(block)
    f = fields(block, LAYOUTS[kind])
    if kind == "foreigner":
        return CardText(
            card_type=kind,
            name=f["chinese_name"] or f["english_name"],
            sex=f["sex"],
            ethnicity=None,
            birth_date=_date(f["birth_date"]),
            address=None,
            id_number=f["id_number"],
            issuer=ISSUER_FOREIGNER,
            valid_from=_date(f["valid_from"]),
            valid_to=_end(f["valid_to"]),
            english_name=f["english_name"],
            chinese_name=f["chinese_name"] or None,
            nationality=f["nationality"],
        )
    return CardText(
        card_type=kind,
        name=f["name"],
        sex=f["sex"],
        ethnicity=f.get("ethnicity") or None,
        birth_date=_date(f["birth_date"]),
        address=f["address"],
        id_number=f["id_number"],
        issuer=f["issuer"],
        valid_from=_date(f["valid_from"]),
        valid_to=_end(f["valid_to"]),
        permit_number=f.get("permit_number") or None,
        issue_count=int(f["issue_count"]) if f.get("issue_count", "").isdigit() else None,
    )


def _date(text: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise UnreadableText("a date on the card is not YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise UnreadableText("a date on the card does not exist") from exc


def _end(text: str) -> date | None:
    return None if text == LONG_TERM else _date(text)


def encode_text(card_type: CardType, values: dict[str, str]) -> bytes:
    """A text block as a card holds it, padded with spaces (for simulated readers, tests)."""
    text = "".join(values.get(name, "").ljust(width)[:width] for name, width in LAYOUTS[card_type])
    marker = {v: k for k, v in MARKERS.items()}.get(card_type)
    if marker:
        text = text.ljust(MARKER_AT // 2) + marker
    return text.ljust(TEXT_BYTES // 2).encode("utf-16-le")
