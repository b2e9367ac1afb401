"""Images for print: converted to CMYK for the press, once, and cached in the project.

PDF/X for this print shop means no RGB anywhere on the page. A manuscript's
photos are RGB (PNG, JPEG from a phone); each is converted through the
project's output profile (FOGRA39) with LittleCMS into a CMYK JPEG, kept under
``.pamphletpress-cache/`` in the project so rebuilds reuse it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CACHE = ".pamphletpress-cache"
JPEG_QUALITY = 95


def cmyk_copy(source: Path, project_root: Path, profile: Path) -> Path:
    """The CMYK JPEG for ``source``, made if missing or stale."""
    data = source.read_bytes()
    key = hashlib.sha256(data + profile.read_bytes()[:4096]).hexdigest()[:16]
    target = project_root / CACHE / "cmyk" / f"{source.stem}-{key}.jpg"
    if target.is_file():
        return target
    from PIL import Image, ImageCms

    with Image.open(source) as image:
        image.load()
        dpi = image.info.get("dpi")
        if image.mode == "CMYK":
            converted = image
        else:
            if image.mode in ("RGBA", "LA", "P", "PA"):
                image = image.convert("RGBA")
                background = Image.new("RGBA", image.size, (255, 255, 255, 255))
                image = Image.alpha_composite(background, image)
            image = image.convert("RGB")
            transform = ImageCms.buildTransform(
                ImageCms.createProfile("sRGB"),
                ImageCms.getOpenProfile(str(profile)),
                "RGB",
                "CMYK",
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            )
            converted = ImageCms.applyTransform(image, transform)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".part")
    options = {"quality": JPEG_QUALITY, "subsampling": 0}
    if dpi:
        options["dpi"] = tuple(round(float(d)) for d in dpi)
    converted.save(temporary, format="JPEG", **options)
    temporary.replace(target)
    return target
