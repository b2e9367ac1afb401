"""Import's placeholders (``TITEL``, ``door …``) still in a finished PDF or EPUB: a failure.

The reader warns at build time; the check fails the file itself, whoever built it, so
that a paper with ``TITEL`` for its headline never reaches the printer or the website.
"""

from __future__ import annotations

import posixpath
import zipfile

from lxml import etree

from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.placeholders import XHTML
from pamphletpress.check.report import FAIL, PASS, Report
from pamphletpress.i18n import _
from pamphletpress.read.placeholders import FILL_IN, placeholder_in

CODE = "unfilled"
DC = "{http://purl.org/dc/elements/1.1/}"


def check_pdf(report: Report, pdf: PdfFile) -> None:
    """The document information (title, author, subject, keywords) and every line of
    the pages, running heads and feet aside."""
    found: list[tuple[str, str]] = []
    info = pdf.reader.metadata or {}
    for key in ("/Title", "/Author", "/Subject", "/Keywords"):
        placeholder = placeholder_in(str(info.get(key) or ""))
        if placeholder:
            found.append((placeholder, _("the PDF's {lower}").format(lower=key[1:].lower())))
    for line in pdf.reading_order():
        placeholder = placeholder_in(line.text)
        if placeholder:
            found.append((placeholder, f"page {line.page}"))
    _add(report, "pdf-" + CODE, found)


def check_epub(report: Report, archive: zipfile.ZipFile, opf_path: str) -> None:
    """The package's Dublin Core fields and every element of the content documents."""
    found: list[tuple[str, str]] = []
    opf = etree.fromstring(archive.read(opf_path))
    for element in opf.iter(f"{DC}*"):
        placeholder = placeholder_in(element.text or "")
        if placeholder:
            found.append(
                (
                    placeholder,
                    _("the book's {localname}").format(localname=etree.QName(element).localname),
                )
            )
    folder = posixpath.dirname(opf_path)
    for item in opf.iter("{http://www.idpf.org/2007/opf}item"):
        if item.get("media-type") != "application/xhtml+xml":
            continue
        name = posixpath.normpath(posixpath.join(folder, item.get("href", "")))
        page = etree.fromstring(archive.read(name))
        for element in page.iter(f"{XHTML}*"):
            placeholder = placeholder_in("".join(element.itertext()))
            if placeholder and not any(placeholder_in("".join(c.itertext())) for c in element):
                found.append((placeholder, posixpath.basename(name)))
    _add(report, "epub-" + CODE, found)


def _add(report: Report, code: str, found: list[tuple[str, str]]) -> None:
    if not found:
        report.add(code, PASS, _("no placeholder from import left (TITEL, door …)"))
        return
    for placeholder, where in dict.fromkeys(found):
        report.add(
            code,
            FAIL,
            _(
                "{where} still reads “{placeholder}”: in the manuscript's front matter, {FILL_IN}"
            ).format(where=where, placeholder=placeholder, FILL_IN=_(FILL_IN[placeholder])),
        )
