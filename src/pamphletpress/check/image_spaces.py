"""Each image's colour space: the one it came in and the one the PDF holds.

What prepress asks of a picture first. The PDF holds what the press gets; a
pamphletpress PDF also says, in each image's own XMP packet, the file it came
from and that file's colour space (``photoshop:ColorMode``) and ICC profile
(``photoshop:ICCProfile``): a photo in Adobe RGB or a phone's Display P3 that
was converted for the press, a CMYK scan made for another press. Each image is
reported with its page; a summary counts them. An ICC-based image in the PDF is
named by its profile's own description (``sRGB IEC61966-2.1``, ``Coated FOGRA39
…``); the verdict on the PDF's spaces is ``pdf-image-colour``'s.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from xml.sax.saxutils import unescape

from pamphletpress.check.images import image_name
from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.pdfstructure import all_resources
from pamphletpress.check.report import INFO, Report
from pamphletpress.i18n import _

#: ``photoshop:ColorMode`` values (the XMP specification's Photoshop schema).
COLOR_MODES = {"0": "bitmap", "1": "grey", "2": "indexed", "3": "RGB", "4": "CMYK", "9": "Lab"}


def check_image_spaces(report: Report, pdf: PdfFile) -> None:
    """One line per image: the file, the space it came in, the space printed; and a
    summary of the PDF's spaces (ICC profiles by their name)."""
    spaces: Counter[str] = Counter()
    sources: list[dict] = []
    seen: set = set()
    # WeasyPrint gives every page the same resources: an image is on the page
    # that draws it (pdfplumber's placed images), not the first that lists it.
    drawn_on: dict[int, int] = {}
    for page_text in pdf.pages:
        for placed in page_text.images:
            objid = getattr(placed.get("stream"), "objid", None)
            if objid is not None:
                drawn_on.setdefault(objid, page_text.number)
    for number, page in enumerate(pdf.reader.pages, 1):
        for resources in all_resources(page):
            for reference in (resources.get("/XObject") or {}).values():
                key = getattr(reference, "idnum", id(reference))
                image = reference.get_object()
                if key in seen or image.get("/Subtype") != "/Image":
                    continue
                seen.add(key)
                printed = _space(image.get("/ColorSpace", "/DeviceGray"))
                spaces[printed] += 1
                came = source_space(image)
                if came is None:
                    continue
                name = image_name(image) or f"image {len(sources) + 1}"
                shown = drawn_on.get(key, number)
                sources.append({"page": shown, "image": name, "source": came, "pdf": printed})
                report.add(
                    "pdf-image-source",
                    INFO,
                    _("{name}: came in {came}, printed in {printed}").format(
                        name=name, came=came, printed=printed
                    ),
                    page=shown,
                )
    if spaces:
        listed = ", ".join(
            _("{count} in {name}").format(count=count, name=name)
            for name, count in sorted(spaces.items())
        )
        report.add(
            "pdf-image-spaces", INFO, _("images by colour space: {listed}").format(listed=listed)
        )
        report.figures["image_spaces"] = dict(spaces)
    report.figures["image_sources"] = sources


def source_space(image) -> str | None:
    """The colour space the image's file had, as its XMP packet records it
    (``RGB, Adobe RGB (1998)``; ``RGB, no profile: taken as sRGB``); None without one."""
    try:
        packet = image["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    except (KeyError, AttributeError, ValueError, TypeError):
        return None
    mode = re.search(r"<photoshop:ColorMode>\s*(\d+)\s*</photoshop:ColorMode>", packet)
    profile = re.search(r"<photoshop:ICCProfile>([^<]+)</photoshop:ICCProfile>", packet)
    if mode is None and profile is None:
        return None
    space = COLOR_MODES.get(mode.group(1), f"mode {mode.group(1)}") if mode else "colour"
    if profile:
        return f"{space}, {unescape(profile.group(1)).strip()}"
    taken = {"RGB": _(": taken as sRGB"), "CMYK": _(": taken as the press's CMYK")}
    return _("{space}, no profile{get}").format(space=space, get=taken.get(space, ""))


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
