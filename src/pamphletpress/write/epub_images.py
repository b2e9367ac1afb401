"""The EPUB's copies of the pictures: sized for screens, photos as JPEG, line art as PNG.

A print picture is made for 300 ppi on paper (a 2,600 px photo, a 2.3 MB PNG); a
phone shows at most about 1,200 px. Each picture is scaled down to its longest
side (1,600 px by default), a photo written as a JPEG, a screenshot or diagram (few
colours, flat areas) as a PNG, whichever of the copy and the original is smaller.
The same file always gives the same bytes (no time stamps, fixed settings).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is loaded only for a book with pictures
    from PIL import Image

#: JPEG quality of a photo: no visible loss on a screen, about a tenth of a print PNG.
JPEG_QUALITY = 82
#: Share of the pixels the 32 commonest colours cover, at and above which a picture is
#: line art (a screenshot, a chart): a photo's colours are spread over thousands.
LINE_ART_SHARE = 0.5


@dataclass
class ScreenPicture:
    """A picture as the EPUB carries it."""

    data: bytes
    suffix: str  # ".jpg", ".png", or the original's
    media_type: str
    width: int
    height: int
    line_art: bool


def screen_picture(
    original: bytes,
    suffix: str,
    media_type: str,
    max_side: int = 1600,
    cache: Path | None = None,
) -> ScreenPicture:
    """The EPUB's copy of a picture given in a type readers show (``original``, saved
    with ``suffix``): those bytes when they cannot be read as a bitmap, or when they
    are already the right kind and size. A copy that had to be made is kept in
    ``cache`` (scaling a photo takes a second)."""
    key = hashlib.sha256(original + f"{max_side} {JPEG_QUALITY} {VERSION}".encode()).hexdigest()
    cached = _cached(cache, key[:24]) if cache is not None else None
    if cached is not None:
        return cached
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(original))
        image.load()
    except (OSError, Image.DecompressionBombError, ValueError):
        return ScreenPicture(original, suffix, media_type, 0, 0, False)
    as_it_is = ScreenPicture(original, suffix, media_type, *image.size, False)
    if getattr(image, "is_animated", False):  # an animated GIF stays as it moves
        return as_it_is
    original_side = max(image.size)
    photo = image.format == "JPEG"  # saved as a photo: kept one (PNG would be larger)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    as_it_is.line_art = line_art = not photo and is_line_art(image)
    if original_side <= max_side and (photo or line_art or has_alpha):
        return as_it_is  # the right kind and size already
    image = ImageOps.exif_transpose(image)  # the copy keeps no EXIF: turn it upright now
    if original_side > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if line_art or has_alpha:
        converted, suffix, kind = _png(image), ".png", "image/png"
    else:
        converted, suffix, kind = _jpeg(image), ".jpg", "image/jpeg"
    if len(original) <= len(converted) and original_side <= max_side:
        return as_it_is
    picture = ScreenPicture(converted, suffix, kind, *image.size, line_art)
    if cache is not None:
        _keep(cache, key[:24], picture)
    return picture


#: Changes when the copies this module makes change (a cached copy is then made again).
VERSION = 1


def _cached(cache: Path, key: str) -> ScreenPicture | None:
    from PIL import Image

    for found in sorted(cache.glob(f"{key}-*")):
        kind, _, suffix = found.name[len(key) + 1 :].partition(".")
        data = found.read_bytes()
        size = Image.open(io.BytesIO(data)).size
        media = "image/png" if suffix == "png" else "image/jpeg"
        return ScreenPicture(data, f".{suffix}", media, *size, kind == "line")
    return None


def _keep(cache: Path, key: str, picture: ScreenPicture) -> None:
    """The copy into the cache, atomically; a read-only project still builds."""
    name = f"{key}-{'line' if picture.line_art else 'photo'}{picture.suffix}"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = cache / f"{name}.part"
        temporary.write_bytes(picture.data)
        temporary.replace(cache / name)
    except OSError:
        pass


def is_line_art(image: Image.Image) -> bool:
    """Whether a picture is a screenshot or diagram rather than a photo: most of its
    pixels in a few flat colours."""
    from PIL import Image

    sample = image.convert("RGB")
    sample.thumbnail((256, 256), Image.Resampling.NEAREST)
    colours = sample.getcolors(maxcolors=256 * 256) or []
    total = sample.size[0] * sample.size[1]
    common = sum(count for count, _ in sorted(colours, reverse=True)[:32])
    return total > 0 and common / total >= LINE_ART_SHARE


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    rgb = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    rgb.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
