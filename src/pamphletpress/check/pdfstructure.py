"""The PDF's structure as prepress reads it: boxes, intent, fonts, colour, PDF/X-1a, PDF/UA.

Also overprint, annotations inside the trim and the metadata. Everything here
reads the PDF's objects (pypdf, through the one read-back of
:mod:`pamphletpress.check.pdfread`), none of its rendered text or plates.
"""

from __future__ import annotations

import re

from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.report import FAIL, INFO, PASS, WARN, Report
from pamphletpress.i18n import _

MM = 72 / 25.4
MIN_BLEED = 3 * MM - 0.05


def declared_variant(pdf: PdfFile) -> str | None:
    """The PDF/X or PDF/UA conformance the file claims, from its XMP (or Info)."""
    reader = pdf.reader
    root = reader.trailer["/Root"]
    xmp = root.get("/Metadata")
    data = xmp.get_object().get_data() if xmp is not None else b""
    match = re.search(rb"GTS_PDFXVersion[>=\"']+([^<\"']+)", data)
    if match:
        return match.group(1).decode()
    info = reader.trailer.get("/Info")
    if info is not None and info.get_object().get("/GTS_PDFXVersion"):
        return str(info.get_object()["/GTS_PDFXVersion"])
    match = re.search(rb"pdfuaid:part[>=\"']+\s*(\d)", data)
    if match:
        return f"PDF/UA-{match.group(1).decode()}"
    return None


def page_box(page, name: str) -> list[float] | None:
    """A page's box (``TrimBox``, ``BleedBox`` …) as four numbers, or None."""
    value = page.get(f"/{name}")
    if value is None:
        return None
    return [float(v) for v in value]


def check_boxes(report: Report, pdf: PdfFile, press: bool) -> None:
    """A4 trim and 3 mm bleed on every page; the boxes themselves for print."""
    sizes, bleeds, missing = set(), [], []
    for number, page in enumerate(pdf.reader.pages, 1):
        trim = page_box(page, "TrimBox")
        bleed = page_box(page, "BleedBox")
        if trim is None or bleed is None:
            missing.append(number)
            trim = trim or [float(v) for v in page.mediabox]
            bleed = bleed or trim
        sizes.add((round((trim[2] - trim[0]) / MM, 1), round((trim[3] - trim[1]) / MM, 1)))
        bleeds.append(
            min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        )
    if missing and press:
        for number in missing:
            report.add("pdf-boxes", FAIL, _("no TrimBox/BleedBox"), page=number)
    size_text = ", ".join(f"{w:g} × {h:g} mm" for w, h in sorted(sizes))
    a4 = sizes == {(210.0, 297.0)}
    report.figures["trim_mm"] = sorted(sizes)
    report.add(
        "pdf-trim",
        PASS if a4 else WARN,
        _("trim {size_text}").format(size_text=size_text) + ("" if a4 else _(" (not A4)")),
    )
    least = min(bleeds) if bleeds else 0
    report.figures["bleed_mm"] = round(least / MM, 2)
    if not press:
        report.add(
            "pdf-bleed", INFO, _("bleed {value:.1f} mm (not for print)").format(value=least / MM)
        )
        return
    report.add(
        "pdf-bleed",
        PASS if least >= MIN_BLEED else FAIL,
        _("bleed {value:.1f} mm").format(value=least / MM)
        + ("" if least >= MIN_BLEED else _(" (print shops ask for 3 mm)")),
    )


def check_output_intent(report: Report, pdf: PdfFile) -> None:
    """A PDF/X output intent with a CMYK ICC profile, and the PDF/X version."""
    reader = pdf.reader
    root = reader.trailer["/Root"]
    intents = root.get("/OutputIntents") or []
    pdfx = [i.get_object() for i in intents if i.get_object().get("/S") == "/GTS_PDFX"]
    if not pdfx:
        report.add("pdf-output-intent", FAIL, _("no PDF/X output intent (not print-ready PDF/X)"))
        return
    intent = pdfx[0]
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        report.add("pdf-output-intent", FAIL, _("PDF/X output intent without an ICC profile"))
        return
    data = profile.get_object().get_data()
    colour_space = data[16:20].decode("latin-1") if len(data) > 20 else "?"
    name = intent.get("/OutputConditionIdentifier", "?")
    verdict = PASS if colour_space == "CMYK" else FAIL
    report.add(
        "pdf-output-intent",
        verdict,
        _("PDF/X output intent: {name} ({colour_space} ICC profile)").format(
            name=name, colour_space=colour_space
        ),
    )
    version = declared_variant(pdf)
    version = version if version and version.startswith("PDF/X") else None
    report.figures["pdfx"] = version
    report.add(
        "pdf-x",
        PASS if version else WARN,
        _("PDF/X version: {value}").format(value=version or "not declared"),
    )


def fonts_of(resources, seen: set) -> list:
    fonts = []
    if resources is None:
        return fonts
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            fonts.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            fonts += fonts_of(xobject.get("/Resources"), seen)
    return fonts


def descriptors(font) -> list:
    descriptors = []
    if font.get("/Subtype") == "/Type0":
        for descendant in font.get("/DescendantFonts", []):
            descriptors.append(descendant.get_object().get("/FontDescriptor"))
    else:
        descriptors.append(font.get("/FontDescriptor"))
    return [d.get_object() if d is not None else {} for d in descriptors]


def check_fonts(report: Report, pdf: PdfFile) -> None:
    """Every font embedded."""
    seen: set = set()
    names, unembedded = set(), set()
    for page in pdf.reader.pages:
        for font in fonts_of(page.get("/Resources"), seen):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            names.add(name.split("+")[-1])
            for descriptor in descriptors(font):
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    unembedded.add(name)
    report.figures["fonts"] = sorted(names)
    if unembedded:
        report.add(
            "pdf-fonts",
            FAIL,
            _("fonts not embedded: {sorted}").format(sorted=", ".join(sorted(unembedded))),
        )
    else:
        report.add(
            "pdf-fonts",
            PASS,
            _("all {names_count} fonts embedded ({sorted})").format(
                names_count=len(names), sorted=", ".join(sorted(names))
            ),
        )


RGB_OPERATORS = re.compile(rb"(?<![\w/])(?:rg|RG)(?![\w])")
RGB_SPACES = re.compile(rb"/DeviceRGB|/CalRGB|/sRGB")


def streams(page):
    """The page's content and every form XObject under it, with their resources."""
    contents = page.get_contents()
    yield (contents.get_data() if contents is not None else b""), page.get("/Resources")
    for obj in forms(page.get("/Resources")):
        yield obj.get_data(), obj.get("/Resources")


def forms(resources):
    """Every form XObject reachable from ``resources``, once each."""
    stack, seen = [resources], set()
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        for xobject in (resources.get("/XObject") or {}).values():
            obj = xobject.get_object()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if obj.get("/Subtype") == "/Form":
                yield obj
                stack.append(obj.get("/Resources"))


def all_resources(page):
    """The page's resources and those of every form under it."""
    resources = page.get("/Resources")
    if resources is not None:
        yield resources.get_object()
    for form in forms(resources):
        if form.get("/Resources") is not None:
            yield form["/Resources"].get_object()


def space_name(space) -> str:
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space and space[0] == "/ICCBased":
        n = space[1].get_object().get("/N")
        return {1: "ICC grey", 3: "ICC RGB", 4: "ICC CMYK"}.get(n, "ICC")
    if isinstance(space, list) and space:
        return str(space[0])
    return str(space)


def colour_spaces(resources) -> list[str]:
    out = []
    if resources is None:
        return out
    resources = resources.get_object()
    for space in (resources.get("/ColorSpace") or {}).values():
        out.append(space_name(space))
    return out


def check_colour(report: Report, pdf: PdfFile) -> None:
    """No RGB operator or colour space on any page (print needs CMYK)."""
    rgb_pages = []
    for number, page in enumerate(pdf.reader.pages, 1):
        found = False
        for data, resources in streams(page):
            if RGB_OPERATORS.search(data) or RGB_SPACES.search(data):
                found = True
            if any(s in ("/DeviceRGB", "/CalRGB", "ICC RGB") for s in colour_spaces(resources)):
                found = True
        if found:
            rgb_pages.append(number)
    for number in rgb_pages:
        report.add("pdf-rgb", FAIL, _("RGB colour on the page (print needs CMYK)"), page=number)
    if not rgb_pages:
        report.add("pdf-rgb", PASS, _("no RGB operator or colour space on any page"))


def ext_states(page):
    for resources in all_resources(page):
        for state in (resources.get("/ExtGState") or {}).values():
            yield state.get_object()


def check_overprint(report: Report, pdf: PdfFile) -> None:
    """Whether black text overprints: without it, a white halo round text on a tint."""
    overprint = any(
        str(state.get("/op", state.get("/OP", False))).lower() == "true"
        for page in pdf.reader.pages
        for state in ext_states(page)
    )
    report.figures["overprint"] = overprint
    report.add(
        "pdf-overprint",
        PASS if overprint else WARN,
        _("black text prints over the colours under it: no white edge round it if the plates shift")
        if overprint
        else _(
            "black text cuts out the colours under it (no overprint): a slight shift of the "
            "plates shows a white edge round it"
        ),
    )


def check_annotations(report: Report, pdf: PdfFile) -> None:
    """No link or other annotation inside the trim (PDF/X forbids it)."""
    inside = 0
    for number, page in enumerate(pdf.reader.pages, 1):
        trim = page_box(page, "TrimBox") or [float(v) for v in page.mediabox]
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") in ("/PrinterMark", "/TrapNet"):
                continue
            rect = [float(v) for v in annotation.get("/Rect", [0, 0, 0, 0])]
            x0, x1 = sorted((rect[0], rect[2]))
            y0, y1 = sorted((rect[1], rect[3]))
            if x0 < trim[2] and x1 > trim[0] and y0 < trim[3] and y1 > trim[1]:
                inside += 1
                kind = str(annotation.get("/Subtype", "/?")).lstrip("/")
                report.add(
                    "pdf-annotations",
                    FAIL,
                    _(
                        "{kind} annotation inside the trim (PDF/X forbids it; a link on paper)"
                    ).format(kind=kind),
                    page=number,
                )
    report.figures["annotations_in_trim"] = inside
    if not inside:
        report.add("pdf-annotations", PASS, _("no annotation inside the trim"))


def check_x1a(report: Report, pdf: PdfFile) -> None:
    """PDF/X-1a: PDF 1.3/1.4, no transparency, no OpenType fonts, CMYK/grey/spot only."""
    match = re.match(r"%PDF-(\d\.\d)", pdf.reader.pdf_header)  # the header pypdf has read
    version = match.group(1) if match else "?"
    report.add(
        "pdf-x1a-version",
        PASS if version in ("1.3", "1.4") else FAIL,
        _("PDF {version}").format(version=version)
        + ("" if version in ("1.3", "1.4") else _(" (PDF/X-1a is PDF 1.3 or 1.4)")),
    )
    transparent, fonts, spaces = {}, set(), {}
    for number, page in enumerate(pdf.reader.pages, 1):
        if page.get("/Group") is not None:
            transparent.setdefault(number, "a transparency group on the page")
        for form in forms(page.get("/Resources")):
            group = form.get("/Group")
            if group is not None and group.get_object().get("/S") == "/Transparency":
                transparent.setdefault(number, "a transparency group")
        for state in ext_states(page):
            for key in ("/CA", "/ca"):
                if key in state and float(state[key]) < 1:
                    transparent.setdefault(number, f"opacity {float(state[key]):g}")
            if str(state.get("/SMask", "/None")) != "/None":
                transparent.setdefault(number, "a soft mask")
            if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
                transparent.setdefault(number, f"blend mode {state['/BM']}")
        for resources in all_resources(page):
            for xobject in (resources.get("/XObject") or {}).values():
                xobject = xobject.get_object()
                if xobject.get("/SMask") is not None:
                    transparent.setdefault(number, "an image with a soft mask")
            for name in colour_spaces(resources):
                if name not in ("/DeviceCMYK", "/DeviceGray", "/Separation", "/DeviceN"):
                    spaces.setdefault(number, set()).add(name.lstrip("/"))
        for font in fonts_of(page.get("/Resources"), set()):
            for descriptor in descriptors(font):
                program = descriptor.get("/FontFile3")
                if program is not None and program.get_object().get("/Subtype") == "/OpenType":
                    fonts.add(str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1])
    for number, what in sorted(transparent.items()):
        report.add(
            "pdf-x1a-transparency", FAIL, _("transparency: {what}").format(what=what), page=number
        )
    if not transparent:
        report.add("pdf-x1a-transparency", PASS, _("no transparency"))
    if fonts:
        report.add(
            "pdf-x1a-fonts",
            FAIL,
            _("OpenType font programs (PDF 1.6, not X-1a): {sorted}").format(
                sorted=", ".join(sorted(fonts))
            ),
        )
    else:
        report.add("pdf-x1a-fonts", PASS, _("fonts as TrueType or CFF (Type 1C) programs"))
    for number, names in sorted(spaces.items()):
        report.add(
            "pdf-x1a-colour",
            FAIL,
            _("colour spaces beyond CMYK, grey and spot: {sorted}").format(
                sorted=", ".join(sorted(names))
            ),
            page=number,
        )
    if not spaces:
        report.add("pdf-x1a-colour", PASS, _("only CMYK, grey and spot colour spaces"))


def check_ua(report: Report, pdf: PdfFile) -> None:
    """What PDF/UA-1 asks that a file can show: XMP with the claim and a title,
    tags, the language, the title shown, alternative text on every figure."""
    root = pdf.reader.trailer["/Root"]
    xmp = root.get("/Metadata")
    data = xmp.get_object().get_data() if xmp is not None else b""
    missing = []
    if b"pdfuaid:part" not in data:
        missing.append("XMP pdfuaid:part")
    if b"dc:title" not in data:
        missing.append("XMP dc:title")
    if "/StructTreeRoot" not in root:
        missing.append("tags (StructTreeRoot)")
    mark = root.get("/MarkInfo")
    if mark is None or str(mark.get_object().get("/Marked")).lower() != "true":
        missing.append("MarkInfo Marked")
    if not root.get("/Lang"):
        missing.append("Lang")
    preferences = root.get("/ViewerPreferences")
    if (
        preferences is None
        or str(preferences.get_object().get("/DisplayDocTitle")).lower() != "true"
    ):
        missing.append("DisplayDocTitle")
    figures = without_alt = 0
    if "/StructTreeRoot" in root:
        stack = [root["/StructTreeRoot"].get_object()]
        seen: set = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.get("/S") == "/Figure":
                figures += 1
                if not node.get("/Alt"):
                    without_alt += 1
            kids = node.get("/K")
            kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
            for kid in kids:
                kid = kid.get_object() if hasattr(kid, "get_object") else kid
                if isinstance(kid, dict) and "/MCID" not in kid:
                    stack.append(kid)
    if without_alt:
        missing.append(
            _("alternative text on {without_alt} of {figures} figures").format(
                without_alt=without_alt, figures=figures
            )
        )
    report.add(
        "pdf-ua",
        FAIL if missing else PASS,
        _("PDF/UA-1: missing {missing}").format(missing=", ".join(missing))
        if missing
        else _("PDF/UA-1: XMP, tags, language, title and alt text ({figures} figures)").format(
            figures=figures
        ),
    )


def check_metadata(report: Report, pdf: PdfFile) -> None:
    """Title, author and language set."""
    reader = pdf.reader
    info = reader.metadata or {}
    lang = reader.trailer["/Root"].get("/Lang")
    missing = [k for k in ("/Title", "/Author") if not info.get(k)]
    if not lang:
        missing.append("/Lang")
    report.figures["title"] = info.get("/Title")
    report.figures["lang"] = str(lang) if lang else None
    if missing:
        report.add(
            "pdf-metadata",
            WARN,
            _("metadata missing: {value}").format(value=", ".join(m[1:] for m in missing)),
        )
    else:
        report.add(
            "pdf-metadata", PASS, _("title, author and language ({lang}) set").format(lang=lang)
        )
