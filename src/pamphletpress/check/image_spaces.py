"""Each image's colour space, as the file holds it: what prepress asks of a picture first.

An ICC-based image is named by its profile's own description (``sRGB IEC61966-2.1``,
``Display P3``, ``Coated FOGRA39 …``), so an editor sees which pictures came in a
space the print shop must convert; the verdict on them is ``pdf-image-colour``'s.
"""

from __future__ import annotations

import io
from collections import Counter

from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.report import INFO, Report


def check_image_spaces(report: Report, pdf: PdfFile) -> None:
    """One line: how many images in each colour space (ICC profiles by their name)."""
    spaces: Counter[str] = Counter()
    seen: set = set()
    for page in pdf.reader.pages:
        resources = page.get("/Resources")
        xobjects = (resources.get_object().get("/XObject") or {}) if resources else {}
        for reference in xobjects.values():
            key = getattr(reference, "idnum", id(reference))
            image = reference.get_object()
            if key in seen or image.get("/Subtype") != "/Image":
                continue
            seen.add(key)
            spaces[_space(image.get("/ColorSpace", "/DeviceGray"))] += 1
    if spaces:
        listed = ", ".join(f"{count} in {name}" for name, count in sorted(spaces.items()))
        report.add("pdf-image-spaces", INFO, f"images by colour space: {listed}")
        report.figures["image_spaces"] = dict(spaces)


def _space(space) -> str:
    """``DeviceCMYK``, ``Indexed (DeviceRGB)``, ``ICC RGB (Display P3)``…"""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space and space[0] == "/ICCBased":
        stream = space[1].get_object()
        kind = {1: "grey", 3: "RGB", 4: "CMYK"}.get(stream.get("/N"), "")
        return f"ICC {kind} ({_profile_name(stream.get_data())})".replace("  ", " ")
    if isinstance(space, list) and space:
        base = f" ({_space(space[1])})" if space[0] == "/Indexed" and len(space) > 1 else ""
        return str(space[0]).lstrip("/") + base
    return str(space).lstrip("/")


def _profile_name(data: bytes) -> str:
    from PIL import ImageCms

    try:
        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(data))).strip()
    except (OSError, ImageCms.PyCMSError):
        return "unreadable profile"
