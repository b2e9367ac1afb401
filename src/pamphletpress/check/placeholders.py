"""Pictures left out of a finished file: a picture the build could not use.

The build leaves a missing, refused or broken picture out, warning with its line,
and goes on: nothing shows in its place (a frame would print as a fault), but an
empty mark stands there. A file that still carries one lacks a picture of its
manuscript, so it is not ready for the press or the shop: ``pdf-placeholders`` and
``epub-placeholders`` fail it, naming the page (or the EPUB's file) and the alt
text. The PDF's marks are found as named destinations starting with
:data:`~pamphletpress.read.resources.PLACEHOLDER_MARK`; the EPUB's by their class,
``missing-image``, the alt text in ``data-alt``: never by guessing from the text.
"""

from __future__ import annotations

import zipfile
from urllib.parse import unquote

from lxml import etree

from pamphletpress.check.pdfread import PdfFile
from pamphletpress.check.report import FAIL, PASS, Report
from pamphletpress.i18n import N_, _
from pamphletpress.read.leftout import MISSING
from pamphletpress.read.resources import PLACEHOLDER_MARK

XHTML = "{http://www.w3.org/1999/xhtml}"  # the EPUB pages' namespace, as lxml writes it
FIX = N_("fix the picture (the build's warning says what is wrong with it) and build again")


def check_pdf_placeholders(report: Report, pdf: PdfFile) -> None:
    """Each placeholder in the PDF: a failure, with its page and alt text."""
    reader = pdf.reader
    found = []
    for name, destination in reader.named_destinations.items():
        if not str(name).startswith(PLACEHOLDER_MARK):
            continue
        number, _dash, alt = str(name)[len(PLACEHOLDER_MARK) :].partition("-")
        try:
            page = reader.get_destination_page_number(destination) + 1
        except (KeyError, ValueError, TypeError, AttributeError):
            page = None
        found.append((page or 0, int(number) if number.isdigit() else 0, unquote(alt), page))
    for _page, _number, alt, page in sorted(found):
        report.add(
            "pdf-placeholders",
            FAIL,
            _("a picture is missing: “{alt}” is left out; {FIX}").format(alt=alt, FIX=_(FIX)),
            page=page,
        )
    if not found:
        report.add("pdf-placeholders", PASS, _("no placeholder for a missing picture"))


def check_epub_placeholders(report: Report, archive: zipfile.ZipFile) -> None:
    """Each placeholder in the EPUB's pages: a failure, with its file and alt text."""
    found = 0
    for name in sorted(n for n in archive.namelist() if n.endswith((".xhtml", ".html"))):
        try:
            page = etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            continue  # EPUBCheck reports a page that is not XML
        for mark in page.iter(f"{XHTML}span", f"{XHTML}div"):
            if MISSING not in (mark.get("class") or "").split():
                continue
            found += 1
            alt = " ".join((mark.get("data-alt") or "").split())
            report.add(
                "epub-placeholders",
                FAIL,
                _("{name}: a picture is missing: “{alt}” is left out; {FIX}").format(
                    name=name, alt=alt, FIX=_(FIX)
                ),
            )
    if not found:
        report.add("epub-placeholders", PASS, _("no placeholder for a missing picture"))
