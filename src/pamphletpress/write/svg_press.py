"""An SVG for the press: its pictures separated as any other, its transparency flattened for X-1a.

An SVG figure prints as vectors, its colours made CMYK as WeasyPrint draws them
(:mod:`pamphletpress.layout.colours`). Two things in it that drawing cannot fix:

- **pictures inside it** (``<image href="data:…">``; a project file it names was
  made one by :mod:`pamphletpress.read.svg`) would stay RGB: each becomes its
  press copy (:func:`~pamphletpress.write.images.separate`: its own profile to
  the output intent, ink-limited; grey on the black plate) in the same place;
- **transparency** (``opacity``, ``fill-``/``stroke-``/``stop-opacity``, an alpha
  colour, a mask, a blend or a filter), which PDF/X-1a forbids. A translucent
  shape's colour depends on all that lies beneath it, so no single opaque colour
  can replace it where shapes overlap: the figure is flattened, drawn as WeasyPrint
  draws it (:func:`~pamphletpress.layout.svg_pixels.svg_pixels`) at
  :data:`FLAT_PPI` across the page's text block, its pixels given the inks the
  vectors get (:func:`~pamphletpress.layout.colours.rgb_to_cmyk` per pixel: black
  and greys on K only, as the chart's text has them), in an SVG of the original's
  size. The same is done in PDF/X-4 for a picture inside with transparent pixels
  (WeasyPrint keeps no alpha beside CMYK). Its text is then pixels, not text:
  the price of X-1a, which PDF/X-4 does not ask.

Each picture the copy holds is returned with the source it came from, for the
PDF's image metadata (:mod:`pamphletpress.layout.imagenames`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pamphletpress.i18n import _
from pamphletpress.layout.imagenames import ImageSource
from pamphletpress.layout.svg_pixels import svg_pixels
from pamphletpress.read.pictures import MAX_PIXELS, colour_space, strict_reading
from pamphletpress.read.svg import original_of
from pamphletpress.write.images import CACHE, JPEG_QUALITY, limit_ink, press_bytes

log = logging.getLogger("pamphletpress")

VERSION = b"press-svg 1"
#: A flattened figure's resolution across the page's text block (the widest a
#: figure prints); in one column it is twice that.
FLAT_PPI = 300
#: A figure prints no taller than this many times the text block's width (an A4
#: page's text block); the most pixels a flattened figure gets, whatever its shape.
TALLEST = 1.5
FLAT_PIXELS = 12_000_000
SRGB = "sRGB IEC61966-2.1"  # an SVG's colours (SVG 1.1, CSS Color)
SVG_NS = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"
DATA_URL = re.compile(r"(?is)\s*data:image/[a-z+.-]+;base64,(.*)")
DECLARATION = re.compile(r"([a-zA-Z-]+)\s*:\s*([^;{}]+)")
OPACITIES = {"opacity", "fill-opacity", "stroke-opacity", "stop-opacity", "flood-opacity"}
COLOURS = {"fill", "stroke", "stop-color", "flood-color", "color", "lighting-color"}
UNITS_PX = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54}
UNITS_PX["in"] = 96.0


@dataclass(frozen=True)
class Press:
    """What a press copy of an SVG depends on."""

    root: Path  # the project's folder: the cache's home, names from it
    profile: Path  # the output intent's ICC profile
    variant: str  # "pdf/x-4" or "pdf/x-1a"
    stylesheet: Path  # print.css: its @font-face rules draw a flattened figure's text
    widest_pt: float  # the page's text block, the widest a figure prints
    fetcher: Callable  # WeasyPrint's URL fetcher for the project


@dataclass
class PressSvg:
    path: Path
    #: each picture the copy draws, by its URL inside it → where it came from
    pictures: dict[str, ImageSource] = field(default_factory=dict)
    #: why the figure was flattened, or None
    flattened: str | None = None


def press_svg(svg: Path, press: Press) -> PressSvg:
    """The press copy of the (already made safe) ``svg``."""
    data = svg.read_bytes()
    root = etree.fromstring(data, _parser())
    name = _name(original_of(svg), press.root)
    pictures: dict[str, ImageSource] = {}
    alpha = _separate_pictures(root, name, press, pictures)
    why = _("a picture in it has transparent pixels") if alpha else None
    if why is None and press.variant == "pdf/x-1a":
        why = transparency(root)
    if why is not None:
        return _flattened(svg, data, root, name, press, why)
    key = hashlib.sha256(VERSION + etree.tostring(root) + press.variant.encode()).hexdigest()
    target = press.root / CACHE / "press" / f"{svg.stem}-{key[:16]}.svg"
    _write(target, etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    return PressSvg(target, pictures)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)


def _name(original: Path, project_root: Path) -> str:
    try:
        return original.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return original.name


def _separate_pictures(root, name: str, press: Press, pictures: dict) -> bool:
    """Each embedded picture in ``root`` replaced by its press copy; whether one has
    transparent pixels (then left as it is: the figure is flattened)."""
    from PIL import Image, UnidentifiedImageError

    alpha, number = False, 0
    for element in list(root.iter(f"{{{SVG_NS}}}image", f"{{{SVG_NS}}}feImage")):
        attribute = next((a for a in ("href", XLINK) if element.get(a)), None)
        found = DATA_URL.match(element.get(attribute) or "") if attribute else None
        if found is None:
            continue
        number += 1
        try:
            raw = base64.b64decode(found.group(1), validate=False)
            with strict_reading(Image), Image.open(io.BytesIO(raw)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValueError(_("too many pixels"))
                image.load()
                space = colour_space(image)
                if _has_alpha(image):
                    alpha = True
                    continue
        except (OSError, UnidentifiedImageError, ValueError, SyntaxError, EOFError):
            element.getparent().remove(element)  # WeasyPrint could not draw it either
            log.warning(
                _(
                    "picture {name}: the picture {number} inside it is damaged or too large "
                    "to read; it is left out (export the SVG again with the picture embedded "
                    "anew)"
                ).format(name=name, number=number),
            )
            continue
        copy = press_bytes(raw, f"{Path(name).stem}-{number}", press.root, press.profile)
        url = "data:image/jpeg;base64," + base64.b64encode(copy.read_bytes()).decode("ascii")
        element.set(attribute, url)
        pictures.setdefault(url, ImageSource(f"{name} (picture {number} in it)", *space))
    return alpha


def _has_alpha(image) -> bool:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA").getchannel("A").getextrema()[0] < 255
    return False


def transparency(root) -> str | None:
    """What in the SVG ``root`` makes it transparent (in words), or None."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local == "mask":
            return "a mask"
        pairs = [(etree.QName(a).localname, v) for a, v in element.attrib.items()]
        pairs += DECLARATION.findall(element.get("style") or "")
        if local == "style":
            pairs += DECLARATION.findall(element.text or "")
        for property_, value in pairs:
            found = _transparent(property_.strip().lower(), value.strip())
            if found:
                return found
    return None


def _transparent(property_: str, value: str) -> str | None:
    value = re.sub(r"\s*!important$", "", value)
    if property_ in OPACITIES:
        match = re.fullmatch(r"([-+]?\d*\.?\d+(?:e[-+]?\d+)?)(%?)", value, re.I)
        level = float(match.group(1)) / (100 if match.group(2) else 1) if match else 1
        return f"{property_} {value}" if level < 1 else None
    if property_ in COLOURS and _alpha_below_one(value):
        return f"the colour {value}"
    if property_ == "mask" and value.lower() != "none":
        return "a mask"
    if property_ in ("mix-blend-mode", "filter") and value.lower() not in ("none", "normal"):
        return f"{property_} {value}"
    return None


def _alpha_below_one(colour: str) -> bool:
    """Whether a colour is translucent: ``transparent``, ``#ff000080``, ``rgba(…, 0.5)``,
    ``rgb(… / 50%)``; a colour without an alpha part is not."""
    colour = colour.strip().lower()
    if colour == "transparent":
        return True
    digits = re.fullmatch(r"#([0-9a-f]{4}|[0-9a-f]{8})", colour)
    if digits:
        hex_ = digits.group(1)
        return int(hex_[3] * 2 if len(hex_) == 4 else hex_[6:8], 16) < 255
    call = re.fullmatch(r"[a-z]+\((.*)\)", colour)
    if call is None:
        return False
    inner = call.group(1)
    if "/" in inner:
        alpha = inner.rsplit("/", 1)[1]
    elif inner.count(",") == 3:
        alpha = inner.rsplit(",", 1)[1]
    else:
        return False
    number = re.fullmatch(r"\s*(\d*\.?\d+)(%?)\s*", alpha)
    return bool(number) and float(number.group(1)) / (100 if number.group(2) else 1) < 1


def intrinsic_size(root) -> tuple[float, float]:
    """The SVG's size in CSS pixels, as a browser gives it: width and height, or one
    of them and the viewBox's shape, or the viewBox's own numbers (300 × 150 without)."""
    width, height = (_length(root.get(n, "")) for n in ("width", "height"))
    box = [_number(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip())]
    ratio = box[2] / box[3] if len(box) == 4 and None not in box and box[3] > 0 else None
    if width and height:
        return width, height
    if width and ratio:
        return width, width / ratio
    if height and ratio:
        return height * ratio, height
    if ratio:
        return 1000.0, 1000.0 / ratio
    return width or 300.0, height or 150.0


def _length(value: str) -> float | None:
    match = re.fullmatch(r"\s*(\d*\.?\d+(?:e[-+]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*", value, re.I)
    if not match or float(match.group(1)) <= 0:
        return None
    return float(match.group(1)) * UNITS_PX[(match.group(2) or "").lower()]


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _flattened(svg: Path, data: bytes, root, name: str, press: Press, why: str) -> PressSvg:
    """The figure as one CMYK picture in an SVG of its size (see the module's docstring)."""
    width, height = intrinsic_size(root)
    # printed at most the text block wide, and (a tall drawing) half as tall again
    across = press.widest_pt / 72 * FLAT_PPI
    across = min(across, across * TALLEST * width / height, (FLAT_PIXELS * width / height) ** 0.5)
    across = max(1, math.ceil(across))
    key = hashlib.sha256(
        VERSION
        + data
        + press.profile.read_bytes()
        + press.stylesheet.read_bytes()
        + f"{across} {width} {height}".encode()
    ).hexdigest()[:16]
    pixels = press.root / CACHE / "press" / f"{svg.stem}-flat-{key}.jpg"
    if not pixels.is_file():
        drawn = svg_pixels(svg, (width, height), across, press.stylesheet, press.fetcher)
        inks = limit_ink(vector_inks(drawn))
        buffer = io.BytesIO()
        ppi = round(across / (press.widest_pt / 72))
        inks.save(buffer, format="JPEG", quality=JPEG_QUALITY, subsampling=0, dpi=(ppi, ppi))
        _write(pixels, buffer.getvalue())
    url = "data:image/jpeg;base64," + base64.b64encode(pixels.read_bytes()).decode("ascii")
    wrapper = etree.Element(
        f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS}, viewBox=f"0 0 {width:g} {height:g}"
    )
    for attribute in ("width", "height"):
        if _length(root.get(attribute, "")):
            wrapper.set(attribute, root.get(attribute))
    etree.SubElement(
        wrapper,
        f"{{{SVG_NS}}}image",
        href=url,
        width=f"{width:g}",
        height=f"{height:g}",
        preserveAspectRatio="none",
    )
    target = pixels.with_suffix(".svg")
    _write(target, etree.tostring(wrapper, xml_declaration=True, encoding="utf-8"))
    source = ImageSource(f"{name} (flattened: {why})", "RGB", SRGB)
    return PressSvg(target, {url: source}, flattened=why)


def vector_inks(image):
    """The RGB ``image`` in the inks its vectors would get: :func:`rgb_to_cmyk` for
    every pixel (K = 1 − the brightest channel, black and greys on K only)."""
    from PIL import Image, ImageMath

    red, green, blue = (band.convert("F") for band in image.convert("RGB").split())
    brightest = ImageMath.lambda_eval(
        lambda e: e["max"](e["max"](e["r"], e["g"]), e["b"]), r=red, g=green, b=blue
    )
    black = ImageMath.lambda_eval(lambda e: 255 - e["m"], m=brightest).convert("L")
    inks = [
        ImageMath.lambda_eval(
            lambda e: (e["m"] - e["c"]) * 255 / e["max"](e["m"], 1), m=brightest, c=channel
        ).convert("L")
        for channel in (red, green, blue)
    ]
    return Image.merge("CMYK", (*inks, black))


def _write(target: Path, data: bytes) -> None:
    if target.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".part")
    temporary.write_bytes(data)
    temporary.replace(target)
