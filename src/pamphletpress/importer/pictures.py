"""The pictures an imported document holds, named and kept as they were (full resolution).

Each reader hands a picture's bytes over as it found them in the document; they are
written beside the manuscript unchanged, so the print PDF gets every pixel the
contributor pasted in. Only formats no build can print (BMP) are converted, losslessly
to PNG; Windows metafiles (EMF, WMF) are kept and named in the report, since only the
program that made them can export them well.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from PIL import Image, UnidentifiedImageError

#: Content type → file name extension.
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/gif": "gif",
    "image/tiff": "tif",
    "image/webp": "webp",
    "image/svg+xml": "svg",
    "image/bmp": "bmp",
    "image/x-bmp": "bmp",
    "image/x-emf": "emf",
    "image/emf": "emf",
    "image/x-wmf": "wmf",
    "image/wmf": "wmf",
}
#: Pictures the build cannot print: what to do with them.
UNPRINTABLE = {"emf", "wmf"}


@dataclass
class Pictures:
    """The pictures of one import: file name (relative to the manuscript) → bytes."""

    folder: str  # "afbeeldingen", relative to the manuscript file
    stem: str  # the article's name: afbeeldingen/STEM-1.png
    files: dict[str, bytes] = field(default_factory=dict)
    unprintable: list[str] = field(default_factory=list)

    def add(self, data: bytes, content_type: str = "", name: str = "") -> str:
        """Keep a picture; return the address the manuscript gives it."""
        extension = EXTENSIONS.get(content_type.lower()) or PurePosixPath(name).suffix[1:].lower()
        extension = extension or _sniffed(data)
        if extension == "bmp":
            data, extension = _as_png(data), "png"
        for address, known in self.files.items():
            if known == data and address.endswith("." + extension):
                return address  # the same picture twice: one file
        address = f"{self.folder}/{self.stem}-{len(self.files) + 1}.{extension}"
        self.files[address] = data
        if extension in UNPRINTABLE:
            self.unprintable.append(address)
        return address


def _sniffed(data: bytes) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            return (image.format or "bin").lower().replace("jpeg", "jpg")
    except (UnidentifiedImageError, OSError):
        return "bin"


def _as_png(data: bytes) -> bytes:
    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, "PNG")
    return out.getvalue()
