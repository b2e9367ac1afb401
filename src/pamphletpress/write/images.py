"""Images for print: separated for the press once, and cached in the project.

PDF/X for this print shop means no RGB anywhere on the page and no more than
300 % ink. Each of the manuscript's images is made into a press copy under
``.pamphletpress-cache/`` (rebuilds reuse it):

- a colour image is converted from its own embedded ICC profile (sRGB when it
  has none) to the output profile with LittleCMS, perceptual intent and black
  point compensation, into a CMYK JPEG;
- a greyscale image, or a colour image whose pixels are all grey, becomes a
  greyscale JPEG (DeviceGray in the PDF: the black plate only), its tones
  matched to the press's black through the output profile;
- a CMYK image with a profile of its own (a print shop's other press, an
  uncoated paper) is converted from it to the output profile; one without, or
  already in the output profile, is taken as it is;
- 16-bit greys (scanners, TIFF) keep their whole range (Pillow's own conversion
  would clip them); Lab images (TIFF) are converted through their L*a*b* values;
- every CMYK result is held under :data:`INK_LIMIT` total ink, whatever the
  profile or the original CMYK file gave.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

CACHE = ".pamphletpress-cache"
JPEG_QUALITY = 95
VERSION = b"press-copy 4"
#: Total ink (sum of C, M, Y, K, in 1/255) an image may carry: 296 %, so that
#: JPEG's rounding cannot lift it past the press's 300 %.
INK_LIMIT = round(2.96 * 255)
#: A colour image whose channels differ by no more than this (of 255) is grey.
GREY_TOLERANCE = 3


def press_copy(source: Path, project_root: Path, profile: Path) -> Path:
    """The press-ready JPEG (CMYK, or grey for the black plate) for ``source``."""
    return press_bytes(source.read_bytes(), source.stem, project_root, profile)


def press_bytes(data: bytes, stem: str, project_root: Path, profile: Path) -> Path:
    """:func:`press_copy` of a picture's bytes (a file's, or one inside an SVG)."""
    key = hashlib.sha256(VERSION + data + profile.read_bytes()).hexdigest()[:16]
    target = project_root / CACHE / "press" / f"{stem}-{key}.jpg"
    if target.is_file():
        return target
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        dpi = image.info.get("dpi")
        # The copy carries no EXIF: turn a phone photo upright as its EXIF says
        # (WeasyPrint would have, from the original).
        converted = separate(ImageOps.exif_transpose(image), profile)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".part")
    options = {"quality": JPEG_QUALITY, "subsampling": 0}
    if dpi:
        options["dpi"] = tuple(max(1, round(float(d))) for d in dpi)
    converted.save(temporary, format="JPEG", **options)
    temporary.replace(target)
    return target


def separate(image, profile: Path):
    """``image`` (any Pillow mode) as a CMYK or an ``L`` image for the press."""
    from PIL import Image, ImageCms

    icc = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    if image.mode == "CMYK":
        source = _embedded_profile(icc, "CMYK")
        if source is None or icc == profile.read_bytes():
            return limit_ink(image)  # no profile of its own: the press's CMYK already
        return limit_ink(_to_press(image, source, "CMYK", profile))
    if image.mode.startswith("I;16") or image.mode == "I":
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if image.mode == "LAB":
        return limit_ink(_to_press(image, ImageCms.createProfile("LAB"), "LAB", profile))
    if image.mode in ("1", "L", "F"):
        return grey_for_press(image.convert("L"), profile)
    image = image.convert("RGB")
    if is_grey(image):
        return grey_for_press(image.convert("L"), profile)
    # an unreadable profile, or none: sRGB, as a browser would
    source = _embedded_profile(icc, "RGB") or ImageCms.createProfile("sRGB")
    return limit_ink(_to_press(image, source, "RGB", profile))


def _embedded_profile(icc: bytes | None, mode: str):
    """The image's own ICC profile if it is readable and fits its mode, else None."""
    from PIL import ImageCms

    if not icc:
        return None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):
        return None
    return source if source.profile.xcolor_space.strip() == mode else None


def _to_press(image, source, mode: str, profile: Path):
    """``image`` in ``mode`` converted from ``source`` to the press's CMYK: perceptual,
    black point compensation (what prepress software does)."""
    from PIL import ImageCms

    transform = ImageCms.buildTransform(
        source,
        ImageCms.getOpenProfile(str(profile)),
        mode,
        "CMYK",
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
    return ImageCms.applyTransform(image, transform)


def is_grey(image) -> bool:
    """Every pixel of the RGB ``image`` has (nearly) equal channels."""
    from PIL import ImageChops

    red, green, blue = image.split()
    return all(
        ImageChops.difference(a, b).getextrema()[1] <= GREY_TOLERANCE
        for a, b in ((red, green), (green, blue))
    )


def limit_ink(image):
    """The CMYK ``image`` with C, M and Y scaled down wherever C+M+Y+K > :data:`INK_LIMIT`."""
    from PIL import Image, ImageMath

    bands = [band.convert("F") for band in image.split()]
    cyan, magenta, yellow, black = bands
    scale = ImageMath.lambda_eval(
        lambda e: e["min"]((INK_LIMIT - e["k"]) / e["max"](e["c"] + e["m"] + e["y"], 1.0), 1.0),
        c=cyan,
        m=magenta,
        y=yellow,
        k=black,
    )
    limited = [
        ImageMath.lambda_eval(lambda e: e["b"] * e["s"], b=band, s=scale).convert("L")
        for band in (cyan, magenta, yellow)
    ]
    return Image.merge("CMYK", (*limited, image.split()[3]))


def grey_for_press(image, profile: Path):
    """A greyscale image for the black plate, tones matched through the profile.

    The grey's lightness (sRGB) is found on the press's black ramp (K only,
    read from the output profile) between paper white and 100 % K, so a mid
    grey prints as a mid grey, not darkened by the press's dot gain.
    """
    from PIL import Image, ImageCms

    lab = ImageCms.createProfile("LAB")
    press = ImageCms.getOpenProfile(str(profile))
    ramp = Image.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, k) for k in range(256)])
    to_lab = ImageCms.buildTransform(press, lab, "CMYK", "LAB")
    black_lab = ImageCms.applyTransform(ramp, to_lab)
    black_l = [black_lab.getpixel((k, 0))[0] for k in range(256)]  # L* as 0..255
    greys = Image.new("RGB", (256, 1))
    greys.putdata([(v, v, v) for v in range(256)])
    srgb_to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), lab, "RGB", "LAB")
    grey_lab = ImageCms.applyTransform(greys, srgb_to_lab)
    grey_l = [grey_lab.getpixel((v, 0))[0] for v in range(256)]
    paper, full = black_l[0], black_l[255]
    table = []
    for level in range(256):
        # the sRGB grey's lightness, rescaled to the press's range (black point compensation)
        wanted = full + (paper - full) * grey_l[level] / 255
        k = next((k for k in range(256) if black_l[k] <= wanted), 255)
        table.append(255 - k)  # DeviceGray: 255 is no ink
    return image.point(table)
