"""Pictures for readers: TIFF and WebP (not EPUB core media types) as JPEG or PNG.

An EPUB reading system need show only JPEG, PNG, GIF and SVG. A TIFF scan or a
WebP from a website goes into the EPUB as the same picture in one of those: PNG
where it has transparency, JPEG otherwise, turned upright as its EXIF says,
16-bit and CMYK (through its own profile, else the press's) made 8-bit sRGB. A
file already in a core type goes in as it is, under the type its bytes say
(a PNG named ``.jpg`` is shipped as the PNG it is).
"""

from __future__ import annotations

import io
from pathlib import Path

#: Pillow's format → (suffix, media type) of the EPUB core media types.
CORE = {
    "JPEG": (".jpg", "image/jpeg"),
    "MPO": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "GIF": (".gif", "image/gif"),
}
JPEG_QUALITY = 92


def reader_suffix(path: Path) -> str:
    """The suffix ``path`` has in the EPUB (``.svg``, or its core type's)."""
    if path.suffix.lower() == ".svg":
        return ".svg"
    format_ = _format(path)
    if format_ in CORE:
        return CORE[format_][0]
    return ".png" if _has_alpha(path) else ".jpg"


def for_reader(path: Path, cmyk_profile: Path) -> tuple[str, bytes]:
    """The media type and bytes of ``path`` as the EPUB carries it (a CMYK picture
    without a profile of its own is taken to be in ``cmyk_profile``)."""
    if path.suffix.lower() == ".svg":
        return "image/svg+xml", path.read_bytes()
    format_ = _format(path)
    if format_ in CORE:
        return CORE[format_][1], path.read_bytes()
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image.load()
        icc = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        picture = _as_srgb(upright, icc, cmyk_profile)
    buffer = io.BytesIO()
    if picture.mode == "RGBA":
        picture.save(buffer, format="PNG", optimize=True)
        return "image/png", buffer.getvalue()
    picture.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return "image/jpeg", buffer.getvalue()


def _format(path: Path) -> str | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.format
    except (OSError, UnidentifiedImageError):
        return None


def _has_alpha(path: Path) -> bool:
    from PIL import Image

    with Image.open(path) as image:
        return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _as_srgb(image, icc: bytes | None, cmyk_profile: Path):
    """``image`` as 8-bit RGB or RGBA in sRGB (from its own profile where it has one)."""
    from PIL import ImageCms

    if image.mode.startswith("I;16") or image.mode == "I":
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "P") and (
        image.mode != "P" or "transparency" in image.info
    ):
        return image.convert("RGBA")
    source = None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        except (OSError, ImageCms.PyCMSError):
            source = None
    if image.mode == "CMYK":
        if source is None or source.profile.xcolor_space.strip() != "CMYK":
            if not cmyk_profile.is_file():
                return image.convert("RGB")
            source = ImageCms.getOpenProfile(str(cmyk_profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    if image.mode == "LAB":
        return ImageCms.profileToProfile(
            image, ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), outputMode="RGB"
        )
    image = image.convert("RGB")
    if source is not None and source.profile.xcolor_space.strip() == "RGB":
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    return image


def screen_copy(source: Path, project_root: Path, cmyk_profile: Path) -> Path:
    """``source`` as a file WeasyPrint shows in the screen PDF: itself if it is a
    core type or an SVG, else its JPEG or PNG (cached under ``.pamphletpress-cache``)."""
    if source.suffix.lower() == ".svg" or _format(source) in CORE:
        return source
    import hashlib

    data = source.read_bytes()
    key = hashlib.sha256(b"screen-copy 1" + data).hexdigest()[:16]
    target = project_root / ".pamphletpress-cache" / "screen" / key / source.name
    target = target.with_suffix(reader_suffix(source))
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".part")
        temporary.write_bytes(for_reader(source, cmyk_profile)[1])
        temporary.replace(target)
    return target
