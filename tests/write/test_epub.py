"""The EPUB of the article: valid, accessible, Dutch, reproducible."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from pamphletpress.check.pdftext import words_of
from tests.conftest import MANUSCRIPT, run_cli

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def archive(built):
    with zipfile.ZipFile(built["epub"]) as z:
        yield {name: z.read(name) for name in z.namelist()}, z.infolist()


def _pages(files):
    return {n: etree.fromstring(d) for n, d in files.items() if n.endswith(".xhtml")}


def test_epubcheck_reports_nothing(epub_report):
    report = epub_report
    assert report.figures["epubcheck"] == {"FATAL": 0, "ERROR": 0, "WARNING": 0, "USAGE": 0} or (
        report.figures["epubcheck"]["FATAL"] == 0
        and report.figures["epubcheck"]["ERROR"] == 0
        and report.figures["epubcheck"]["WARNING"] == 0
    )
    assert not report.failed, [f.message for f in report.findings if f.verdict == "fail"]


def test_mimetype_first_and_stored(archive):
    files, infos = archive
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert files["mimetype"] == b"application/epub+zip"


def test_language_everywhere(archive):
    files, _ = archive
    opf = etree.fromstring(files["EPUB/content.opf"])
    assert opf.get(XML_LANG) == "nl"
    for name, page in _pages(files).items():
        assert page.get(XML_LANG) == "nl", name
        assert page.get("lang") == "nl", name


def test_accessibility_metadata(archive):
    files, _ = archive
    opf = files["EPUB/content.opf"].decode()
    for prop in (
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ):
        assert f'property="{prop}"' in opf
    assert "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" in opf


def test_cover_nav_ncx(archive):
    files, _ = archive
    opf = etree.fromstring(files["EPUB/content.opf"])
    items = {i.get("id"): i for i in opf.iter("{http://www.idpf.org/2007/opf}item")}
    cover = [i for i in items.values() if "cover-image" in (i.get("properties") or "")]
    assert cover
    png = files["EPUB/" + cover[0].get("href")]
    width = int.from_bytes(png[16:20], "big")
    assert width >= 1400
    assert "EPUB/toc.ncx" in files
    nav = etree.fromstring(files["EPUB/nav.xhtml"])
    types = {n.get("{http://www.idpf.org/2007/ops}type") for n in nav.iter(f"{XHTML}nav")}
    assert {"toc", "landmarks"} <= types
    toc_text = "".join(nav.itertext())
    assert "Inhoud" in toc_text
    assert "Een ‘voor en na’-moment in de wereldgeschiedenis" in toc_text
    cover_page = etree.fromstring(files["EPUB/text/cover.xhtml"])
    assert all(img.get("alt") for img in cover_page.iter(f"{XHTML}img"))


def test_article_semantics(archive, manuscript_words):
    files, _ = archive
    page = etree.fromstring(files["EPUB/text/oorlog.xhtml"])
    asides = list(page.iter(f"{XHTML}aside"))
    assert len(asides) == 1 and len(list(asides[0].iter(f"{XHTML}li"))) == 6
    assert len(list(page.iter(f"{XHTML}h2"))) == 5  # five intertitles
    title = asides[0].find(f"{XHTML}p")  # the box's title labels it: no part of the outline
    assert title.get("class") == "box-title" and asides[0].get("aria-labelledby") == title.get("id")
    text = "".join(page.find(f"{XHTML}body").itertext())
    assert "\u00ad" not in text
    assert text.count("■") == 1
    assert [w.casefold() for w in words_of(text)] == [w.casefold() for w in manuscript_words]


def test_stylesheet_hyphenates_body(archive):
    files, _ = archive
    css = files["EPUB/css/epub.css"].decode()
    assert re.search(r"p, li[^{]*\{[^}]*\bhyphens: auto", css)
    assert "-webkit-hyphens: auto" in css


def test_reproducible(built, tmp_path):
    """Built again, the article's EPUB is the session's first one, byte for byte."""
    again = tmp_path / "again.epub"
    assert run_cli("epub", str(MANUSCRIPT), "-o", str(again)).returncode == 0
    assert again.read_bytes() == built["epub"].read_bytes()


def test_soft_hyphens_opt_in(soft_epub):
    target = soft_epub["path"]
    with zipfile.ZipFile(target) as z:
        page = etree.fromstring(z.read("EPUB/text/oorlog.xhtml"))
        nav = z.read("EPUB/nav.xhtml").decode()
    body_text = "".join(page.itertext())
    assert body_text.count("\u00ad") > 500
    assert not re.search("\u00ad[äëïöü]", body_text)
    for heading in page.iter(f"{XHTML}h1", f"{XHTML}h2"):
        assert "\u00ad" not in "".join(heading.itertext())
    assert "\u00ad" not in nav
    assert not soft_epub["report"].result().failed


def test_a_missing_font_leaves_no_dangling_font_face(fontless_epub):
    target = fontless_epub["path"]
    assert fontless_epub["result"].returncode == 0, fontless_epub["result"].stderr
    with zipfile.ZipFile(target) as z:
        css = z.read("EPUB/css/epub.css").decode()
        assert "EPUB/fonts/CharisSIL-BoldItalic.ttf" not in z.namelist()
    assert "CharisSIL-BoldItalic" not in css and "CharisSIL-Italic" in css
    assert not fontless_epub["report"].result().failed
