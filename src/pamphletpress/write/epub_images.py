"""The EPUB's copies of the pictures: sized for screens, photos as JPEG, line art as PNG.

A print picture is made for 300 ppi on paper (a 2,600 px photo, a 2.3 MB PNG); a
phone shows at most about 1,200 px. Each picture is scaled down to its longest
side (1,600 px by default), a photo written as a JPEG, a screenshot or diagram (few
colours, flat areas) as a PNG, whichever of the copy and the original is smaller.
The same file always gives the same bytes (no time stamps, fixed settings).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

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


def screen_picture(path: Path, media_type: str, max_side: int = 1600) -> ScreenPicture:
    """The EPUB's copy of the picture at ``path`` (its own bytes when it cannot be
    read as a bitmap, or when they are already the smaller)."""
    original = path.read_bytes()
    try:
        image = Image.open(io.BytesIO(original))
        image.load()
    except (OSError, Image.DecompressionBombError, ValueError):
        return ScreenPicture(original, path.suffix.lower(), media_type, 0, 0, False)
    if getattr(image, "is_animated", False):  # an animated GIF stays as it moves
        return ScreenPicture(original, path.suffix.lower(), media_type, *image.size, True)
    original_side = max(image.size)
    photo = image.format == "JPEG"  # saved as a photo: kept one (PNG would be larger)
    image = ImageOps.exif_transpose(image)  # the copy keeps no EXIF: turn it upright now
    line_art = not photo and is_line_art(image)
    if original_side > max_side:
        image = image.copy()
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if line_art or has_alpha:
        converted = _png(image)
        suffix, kind = ".png", "image/png"
    else:
        converted = _jpeg(image)
        suffix, kind = ".jpg", "image/jpeg"
    width, height = image.size
    if len(original) <= len(converted) and original_side <= max_side:
        return ScreenPicture(original, path.suffix.lower(), media_type, width, height, line_art)
    return ScreenPicture(converted, suffix, kind, width, height, line_art)


def is_line_art(image: Image.Image) -> bool:
    """Whether a picture is a screenshot or diagram rather than a photo: most of its
    pixels in a few flat colours."""
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
