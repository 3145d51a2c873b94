"""A coordinator's photo, made safe to keep and to serve: only a real JPEG or PNG of
sensible size is taken, and it is stored re-encoded as a fresh JPEG, so that no metadata
(a phone's GPS position) and nothing appended to the image survives."""

from __future__ import annotations

import hashlib
import io
import warnings

from PIL import Image, UnidentifiedImageError

from liudong_housing.domain.rules import RuleBroken

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000  # pixels; a larger photo is shrunk to
KEPT_SIDE = 800
ACCEPTED = {"JPEG", "PNG"}
# What Pillow raises for a file it cannot take: besides OSError, a PNG text chunk that
# inflates past its limit is a ValueError and a broken PNG chunk a SyntaxError.
NOT_AN_IMAGE = (
    UnidentifiedImageError,
    OSError,
    ValueError,
    SyntaxError,
    Image.DecompressionBombError,
    Warning,
)


def safe_photo(upload: bytes) -> tuple[bytes, str]:
    """(the JPEG to keep, its sha256); RuleBroken on the `file` field otherwise."""
    if not upload:
        raise RuleBroken(("file", "照片, 必须上传, 不能为空!"))
    if len(upload) > MAX_BYTES:
        raise RuleBroken(("file", f"照片不能大于{MAX_BYTES // 1024 // 1024} MB"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(upload))
            if image.format not in ACCEPTED:
                raise RuleBroken(("file", "照片只能是JPEG或PNG格式"))
            if max(image.size) > MAX_SIDE:
                raise RuleBroken(("file", f"照片边长不能超过{MAX_SIDE}像素"))
            image.load()
    except NOT_AN_IMAGE as exc:
        raise RuleBroken(("file", "照片只能是JPEG或PNG格式")) from exc
    picture = image.convert("RGB")
    picture.thumbnail((KEPT_SIDE, KEPT_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    kept = out.getvalue()
    return kept, hashlib.sha256(kept).hexdigest()
