"""What a picture file really holds: its format from its bytes, decoded once under a pixel limit.

A file's name says little: a text saved as ``.jpg``, a photo cut off by a failed
download, a PNG whose header claims 30,000 × 30,000 pixels in 100 KB (a
decompression bomb). Each is found here, before any writer opens the file, and
said as an editor can act on it (:class:`~pamphletpress.read.resources.MissingImage`:
the build prints the placeholder instead). The decoder never sees a picture
over :data:`MAX_PIXELS`, so memory stays bounded whatever the file claims.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pamphletpress.i18n import N_, _
from pamphletpress.read.resources import MissingImage

#: Pixels a picture may have: a 100-megapixel camera's photo, 4 × what a full A4
#: page needs at 300 ppi. A header claiming more is refused unread.
MAX_PIXELS = 100_000_000
#: Formats Pillow decodes that pamphletpress prints (HEIC has no decoder it can ship).
RASTER_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "TIFF", "WEBP"}

EXPORT = N_("export it again as JPEG (a photo) or PNG (a chart, a screenshot)")


@dataclass
class Picture:
    """A picture file the build can use."""

    path: Path
    format: str  # Pillow's name ("JPEG", "TIFF"…) or "SVG"
    width: int = 0
    height: int = 0
    #: Things worth saying about it that do not stop it being printed.
    notes: list[str] = field(default_factory=list)


def inspect(path: Path, cache: Path | None = None) -> Picture:
    """The picture in ``path``, decoded to its end; :class:`MissingImage` saying
    what is wrong with it in an editor's words otherwise. A bitmap found good is
    remembered in the folder ``cache`` by its bytes: decoding the photos of a book
    again takes longer than the rest of its EPUB."""
    name = path.name
    with path.open("rb") as file:
        head = file.read(512)
    if not head:
        raise MissingImage(
            _("picture {name} is empty (0 bytes): save or export it again").format(name=name)
        )
    refused = _refused_kind(head, name)
    if refused:
        raise MissingImage(refused)
    if _looks_like_svg(head, path):
        return Picture(path, "SVG")
    if cache is None:
        return _inspect_raster(path)
    import PIL  # (its version only: the decoders are loaded when a picture is new)

    key = hashlib.sha256(path.read_bytes() + f"{MAX_PIXELS} {PIL.__version__}".encode())
    kept = cache / f"{key.hexdigest()[:24]}.json"
    try:
        known = json.loads(kept.read_text("utf-8"))
        return Picture(path, known["format"], known["width"], known["height"], known["notes"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    picture = _inspect_raster(path)
    data = {k: getattr(picture, k) for k in ("format", "width", "height", "notes")}
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_suffix(".part")
        temporary.write_text(json.dumps(data), "utf-8")
        temporary.replace(kept)
    except OSError:
        pass  # a read-only project still builds, only slower
    return picture


def _refused_kind(head: bytes, name: str) -> str | None:
    """Why a file of a kind pamphletpress does not print is refused, and what to do."""
    if head.startswith(b"%PDF"):
        return _(
            "picture {name} is a PDF, not a picture: export the chart or logo as "
            "SVG, or the page as PNG (300 ppi)"
        ).format(name=name)
    if head.startswith((b"%!PS", b"\xc5\xd0\xd3\xc6")):
        return _(
            "picture {name} is an EPS (PostScript) file, which pamphletpress cannot "
            "place: export it as SVG (a chart, a logo) or as PNG or JPEG at 300 ppi"
        ).format(name=name)
    if head[4:8] == b"ftyp" and head[8:12] in (
        b"heic",
        b"heix",
        b"hevc",
        b"heim",
        b"heis",
        b"mif1",
        b"msf1",
        b"avif",
    ):
        return _(
            "picture {name} is a HEIC/HEIF photo (an iPhone's own format), which "
            "pamphletpress cannot read: export it as JPEG (Photos on a Mac: File › "
            "Export; on the iPhone: Settings › Camera › Formats › Most Compatible)"
        ).format(name=name)
    return None


def _looks_like_svg(head: bytes, path: Path) -> bool:
    """XML that is an SVG: ``<svg`` near the start, or an ``.svg`` file of markup (its
    ``<svg`` may come after a long declaration)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return b"<svg" in text or (path.suffix.lower() == ".svg" and text.startswith(b"<"))


def _inspect_raster(path: Path) -> Picture:
    from PIL import Image, UnidentifiedImageError

    name = path.name
    try:
        with strict_reading(Image), Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:  # before a single pixel is decoded
                raise MissingImage(_too_large(name, width, height))
            if image.format not in RASTER_FORMATS:
                raise MissingImage(
                    _(
                        "picture {name} is a {format} file, which pamphletpress does not print: "
                        "{EXPORT}"
                    ).format(name=name, format=image.format, EXPORT=_(EXPORT))
                )
            frames = getattr(image, "n_frames", 1)
            image.load()
            picture = Picture(path, image.format, width, height)
    except MissingImage:
        raise
    except UnidentifiedImageError:
        raise MissingImage(_not_a_picture(path)) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        if "truncated" in str(exc) or isinstance(exc, EOFError):
            raise MissingImage(
                _(
                    "picture {name} is cut off (only part of the picture is in the file): "
                    "save or export it again, or copy it again if it was downloaded"
                ).format(name=name)
            ) from None
        raise MissingImage(
            _("picture {name} is damaged and cannot be read: {EXPORT}").format(
                name=name, EXPORT=_(EXPORT)
            )
        ) from None
    if picture.format == "TIFF" and frames > 1:
        picture.notes.append(
            _(
                "picture {name} has {frames} pages; the first is printed (save each page "
                "as its own file to print another)"
            ).format(name=name, frames=frames)
        )
    return picture


@contextmanager
def strict_reading(image_module) -> Iterator[None]:
    """Pillow's own bomb guard off while the header is read: :data:`MAX_PIXELS` is
    checked instead, before decoding, with the picture's real size in the message.
    And a cut-off file an error again: WeasyPrint, once imported, tells Pillow to
    load truncated pictures silently (grey where the rest should be)."""
    from PIL import ImageFile

    limit, truncated = image_module.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
    image_module.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = None, False
    try:
        yield
    finally:
        image_module.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = limit, truncated


def _too_large(name: str, width: int, height: int) -> str:
    return _(
        "picture {name} is {width:,} × {height:,} pixels ({value:,.0f} "
        "megapixels), more than the {value2} megapixels pamphletpress reads: "
        "make it smaller (3,000 pixels across fills a page at 300 ppi)"
    ).format(
        name=name,
        width=width,
        height=height,
        value=width * height / 1000000,
        value2=MAX_PIXELS // 1000000,
    )


def _not_a_picture(path: Path) -> str:
    """A file that no decoder knows: say what it seems to be instead."""
    head = path.read_bytes()[:200]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return _("picture {name} is not a picture pamphletpress knows: {EXPORT}").format(
            name=path.name, EXPORT=_(EXPORT)
        )
    words = " ".join(text.split()[:6])
    return _(
        "picture {name} is not a picture but text (it starts “{words}”): the "
        "name says {value}, the file is something else; {EXPORT}"
    ).format(name=path.name, words=words[:40], value=path.suffix or "picture", EXPORT=_(EXPORT))


#: Pillow's modes as the colour space a picture file holds (what `check` reports).
SPACES = {
    "1": "grey",
    "L": "grey",
    "LA": "grey",
    "I": "grey",
    "I;16": "grey",
    "I;16B": "grey",
    "I;16L": "grey",
    "F": "grey",
    "P": "indexed",
    "PA": "indexed",
    "RGB": "RGB",
    "RGBA": "RGB",
    "RGBX": "RGB",
    "YCbCr": "RGB",
    "CMYK": "CMYK",
    "LAB": "Lab",
}


def colour_space(image) -> tuple[str, str | None]:
    """The Pillow ``image``'s colour space as its file holds it (``RGB``, ``CMYK``,
    ``grey``, ``indexed``, ``Lab``) and its embedded ICC profile's own name, if any."""
    import io

    from PIL import ImageCms

    space = SPACES.get(image.mode, image.mode)
    icc = image.info.get("icc_profile")
    if not icc:
        return space, None
    try:
        name = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
    except (OSError, ImageCms.PyCMSError):
        return space, None  # unreadable: the build treats it as having none
    return space, name.strip() or None


def file_colour_space(path: Path) -> tuple[str, str | None]:
    """:func:`colour_space` of the picture in ``path`` (its header only)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with strict_reading(Image), Image.open(path) as image:
            return colour_space(image)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return "unknown", None
