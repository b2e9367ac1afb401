"""The placed images as a press would print them: effective resolution and colour space.

Each image's size on the page comes from the current transformation matrix at
its ``Do`` in the page's content stream (pypdf's parse, from the one read-back of
:mod:`pamphletpress.check.pdfread`).
"""

from __future__ import annotations

from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.pdfread.clips import multiply
from pamphletpress.check.pdfstructure import MM, page_box, space_name
from pamphletpress.check.report import FAIL, INFO, PASS, WARN, Report
from pamphletpress.errors import plural
from pamphletpress.i18n import _

MIN_PPI = 300  # what print shops ask
TOLERATED_PPI = 200  # what they take; under it, a failure


def check_images(report: Report, pdf: PdfFile, press: bool) -> None:
    """Each placed image at 300 ppi (200 tolerated) and, for print, in CMYK or grey."""
    from pypdf.generic import ContentStream

    count, ppis = 0, []
    for number, page in enumerate(pdf.reader.pages, 1):
        resources = page.get("/Resources")
        xobjects = (resources.get_object().get("/XObject") or {}) if resources else {}
        images = {
            name: obj.get_object()
            for name, obj in xobjects.items()
            if obj.get_object().get("/Subtype") == "/Image"
        }
        if not images:
            continue
        ctm_stack = [[1, 0, 0, 1, 0, 0]]
        for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
            if operator == b"q":
                ctm_stack.append(list(ctm_stack[-1]))
            elif operator == b"Q" and len(ctm_stack) > 1:
                ctm_stack.pop()
            elif operator == b"cm":
                ctm_stack[-1] = multiply([float(v) for v in operands], ctm_stack[-1])
            elif operator == b"Do" and operands and operands[0] in images:
                image = images[operands[0]]
                a, b, c, d = ctm_stack[-1][:4]
                width_in = (a * a + b * b) ** 0.5 / 72
                height_in = (c * c + d * d) ** 0.5 / 72
                if not (width_in and height_in):
                    continue
                ppi = min(float(image["/Width"]) / width_in, float(image["/Height"]) / height_in)
                count += 1
                ppis.append(round(ppi))
                name = image_name(image) or f"image {count}"
                trim = page_box(page, "TrimBox") or [float(v) for v in page.mediabox]
                e, f = ctm_stack[-1][4], ctm_stack[-1][5]
                left = (min(e, e + a, e + c) - trim[0]) / MM
                top = (trim[3] - max(f, f + d, f + b, f + b + d)) / MM
                seen = _(
                    "{image}×{image2} px printed {value:.0f} × {value2:.0f} mm; its top left "
                    "corner {left:.0f} mm from the page's left edge, {top:.0f} mm from its "
                    "top"
                ).format(
                    image=image["/Width"],
                    image2=image["/Height"],
                    value=width_in * 25.4,
                    value2=height_in * 25.4,
                    left=left,
                    top=top,
                )
                if ppi < MIN_PPI and press:
                    report.add(
                        "pdf-image-ppi",
                        FAIL if ppi < TOLERATED_PPI else WARN,
                        _(
                            "{name}: {ppi:.0f} ppi as printed ({seen}); print shops want {MIN_PPI} "
                            "ppi, {TOLERATED_PPI} at the least: use a larger original or print it "
                            "smaller"
                        ).format(
                            name=name,
                            ppi=ppi,
                            seen=seen,
                            MIN_PPI=MIN_PPI,
                            TOLERATED_PPI=TOLERATED_PPI,
                        ),
                        page=number,
                    )
                space = space_name(image.get("/ColorSpace", "/DeviceGray"))
                if press and space not in ("/DeviceCMYK", "/DeviceGray", "/Separation"):
                    report.add(
                        "pdf-image-colour",
                        FAIL,
                        _(
                            "{name}: in {space} colours ({seen}); the press prints CMYK or "
                            "grey: convert the picture, or let pamphletpress pdf make the PDF "
                            "(it converts every picture)"
                        ).format(name=name, space=space.lstrip("/"), seen=seen),
                        page=number,
                    )
    report.figures["image_ppi"] = ppis
    if not count:
        report.add("pdf-images", INFO, _("no images"))
    elif not press:
        report.add(
            "pdf-image-ppi",
            INFO,
            _("{count} at {map} ppi").format(
                count=plural(count, "{count} image", "{count} images"),
                map=", ".join(map(str, ppis)),
            ),
        )
    elif all(p >= MIN_PPI for p in ppis):
        report.add(
            "pdf-image-ppi",
            PASS,
            _("{count} at {MIN_PPI} ppi or more").format(
                count=plural(count, "{count} image", "{count} images"), MIN_PPI=MIN_PPI
            ),
        )


def image_name(image) -> str | None:
    """The file an image was made from, as a pamphletpress PDF records it (``dc:source``
    in the image's own XMP packet, :mod:`pamphletpress.layout.imagenames`)."""
    import re

    try:
        packet = image["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    except (KeyError, AttributeError, ValueError, TypeError):
        return None
    found = re.search(r"<dc:source>([^<]+)</dc:source>", packet)
    if not found:
        return None
    from xml.sax.saxutils import unescape

    return unescape(found.group(1)).strip() or None
