"""A coordinator's photo: only a real JPEG or PNG is kept, re-encoded, without metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from liudong_housing.domain.rules import RuleBroken
from liudong_housing.photos import KEPT_SIDE, safe_photo


def encoded(fmt: str, size: tuple[int, int] = (1000, 1500), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, format=fmt, **save)
    return out.getvalue()


def test_a_photo_is_kept_as_a_small_jpeg_without_its_metadata() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make; a real phone adds its GPS position too
    kept, digest = safe_photo(encoded("JPEG", exif=exif.tobytes()) + b"<?php echo 1; ?>")
    image = Image.open(io.BytesIO(kept))
    assert image.format == "JPEG"
    assert max(image.size) == KEPT_SIDE
    assert not image.getexif()
    assert b"<?php" not in kept
    assert len(digest) == 64


SMALL_PNG = encoded("PNG", size=(64, 64))
IMAGE_DATA = SMALL_PNG[41 : 41 + struct.unpack(">I", SMALL_PNG[33:37])[0]]  # of its one IDAT


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk, its CRC correct."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A compressed comment that inflates past Pillow's limit for text, right after the header.
TEXT_BOMB = (
    SMALL_PNG[:33]
    + chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b" " * (PngImagePlugin.MAX_TEXT_CHUNK + 1)))
    + SMALL_PNG[33:]
)
# Half the image data, then a chunk of no readable type where the rest should be.
BROKEN_CHUNK = (
    SMALL_PNG[:33] + chunk(b"IDAT", IMAGE_DATA[: len(IMAGE_DATA) // 2]) + b"\0\0\0\0\xbaEND\0\0\0\0"
)


@pytest.mark.parametrize(
    "upload",
    [
        b"",
        b"GIF89a" + b"\0" * 100,
        encoded("GIF"),
        encoded("PNG", size=(4001, 10)),
        b"x" * (3 << 20),
        TEXT_BOMB,
        BROKEN_CHUNK,
    ],
    ids=["empty", "garbage", "gif", "too wide", "too big", "text bomb", "broken chunk"],
)
def test_anything_else_is_refused_on_the_file_field(upload: bytes) -> None:
    with pytest.raises(RuleBroken) as broken:
        safe_photo(upload)
    assert broken.value.field == "file"
