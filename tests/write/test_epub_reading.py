"""The EPUB as readers get it: read in a real engine, converted by calibre, with the
print edition's pages.

Two projects are built once with ``pamphletpress build`` (PDF and EPUB, as an
editor makes them): the article, and ``tests/data/features`` (photos with
captions, a table with a caption, notes, an inline language change, a box).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import MANUSCRIPT, ROOT, run_cli
from tests.reading import MODES, content_documents, problems, unzip

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
FEATURES = ROOT / "tests" / "data" / "features"


def _project(base: Path, name: str, manuscript: Path) -> Path:
    project = base / name
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    shutil.copytree(manuscript, project / "manuscript")
    return project


@pytest.fixture(scope="session")
def books(tmp_path_factory, later) -> dict[str, dict]:
    """The article and the features manuscript, each built by ``build``, and unzipped;
    EPUBCheck started on each."""
    base = tmp_path_factory.mktemp("reading")
    out = {}
    for name, manuscript in (("oorlog", MANUSCRIPT), ("features", FEATURES)):
        project = _project(base, name, manuscript)
        result = run_cli("build", cwd=project)
        assert result.returncode == 0, result.stderr
        epub = project / "output" / f"{name}.epub"
        # Java beside the reading tests, on a copy: a test below rebuilds the EPUB
        checked = base / "checked" / name / epub.name
        checked.parent.mkdir(parents=True)
        shutil.copy2(epub, checked)
        later.call("tests.conftest:epubcheck", str(checked))
        out[name] = {
            "project": project,
            "pdf": project / "output" / f"{name}.pdf",
            "epub": epub,
            "folder": unzip(epub, base / f"{name}-unzipped"),
            "stderr": result.stderr,
            "checked": checked,
        }
    return out


def _page(book: dict, stem: str) -> etree._Element:
    return etree.parse(str(book["folder"] / "EPUB" / "text" / f"{stem}.xhtml")).getroot()


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


# ── In a real engine ─────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ["oorlog", "features"])
@pytest.mark.parametrize("mode", list(MODES))
def test_every_page_readable_on_a_phone(books, reader, name, mode):
    """A 375 px phone in light and dark, and 360 px in a reader's dark theme: every text
    ≥ 4.5:1 against what is behind it, nothing wider than the screen, no text under 0.8
    of the body's size, no word broken letter by letter, no word space over 1 em."""
    folder = books[name]["folder"]
    base = reader.serve(folder)
    documents = content_documents(folder)
    assert len(documents) >= 3  # cover, the article, the nav (and its pictures' pages)
    texts = 0
    for document in documents:
        measured = reader.measure(base + document, width=PHONE_WIDTHS[mode], **MODES[mode])
        assert problems(measured) == [], document
        texts += measured["texts"]
        if document.endswith(f"{name}.xhtml"):
            assert measured["spaces"] > 200  # the measure saw the running text
    assert texts > 50


#: The phone each mode is read on: a common 375 px one, and a narrow 360 px one for the
#: reader's dark theme (the narrower, the wider justified spaces open).
PHONE_WIDTHS = {"light": 375, "dark": 375, "reader-dark-theme": 360}


def test_the_sample_at_375_px_in_light_and_dark(sample_project, reader):
    """`pamphletpress new`'s sample as a phone shows it, light and dark: no horizontal
    overflow, no text under 0.8 of the body's size, no word broken letter by letter."""
    folder = unzip(sample_project / "output" / "krant.epub", sample_project.parent / "unzipped")
    base = reader.serve(folder)
    found = []
    for document in content_documents(folder):
        for mode in ("light", "dark"):
            measured = reader.measure(base + document, width=375, **MODES[mode])
            found += [f"{document} {mode}: {p}" for p in problems(measured)]
    assert found == []


def test_the_measure_sees_small_text_and_broken_words(books, reader):
    """What the issue found: code at 11 px against a 16 px body, a table's first column
    broken letter by letter ("Eig/ens/ch/ap") by ``overflow-wrap: anywhere``."""
    base = reader.serve(books["features"]["folder"])
    page = base + "EPUB/text/features.xhtml"
    old_css = "td, th { overflow-wrap: anywhere !important; } table { width: 5em !important; }"
    measured = reader.measure(page, width=375, css=old_css + " p { font-size: 11px; }")
    assert measured["broken"] and measured["minSize"] < 0.8
    assert reader.measure(page, width=375)["broken"] == []


def test_the_measure_sees_what_hurts(books, reader):
    """The checks above can fail: justified text without soft hyphens opens wide gaps
    in Chromium (no Dutch dictionary), and the old pale box was unreadable in a dark
    theme. This is why the book is left-aligned and sets no background."""
    base = reader.serve(books["oorlog"]["folder"])
    page = base + "EPUB/text/oorlog.xhtml"
    justified = reader.measure(page, css="p { text-align: justify !important; }")
    assert justified["maxSpace"] > 1.5
    assert any("word space" in p for p in problems(justified))
    old_box = "aside.box { background-color: #fbeee6; color: #666; }"
    dark = reader.measure(page, **{**MODES["reader-dark-theme"], "css": MODES[
        "reader-dark-theme"]["css"] + old_box})  # fmt: skip
    assert any(p.startswith("contrast") for p in problems(dark))


def test_soft_hyphens_justify_only_where_it_stays_tight(soft_epub, reader, tmp_path):
    base = reader.serve(unzip(soft_epub["path"], tmp_path / "soft"))
    page = base + "EPUB/text/oorlog.xhtml"
    phone = reader.measure(page, width=360)
    tablet = reader.measure(page, width=600)
    assert phone["maxSpace"] <= 1.0
    assert tablet["maxSpace"] <= 1.0
    opened = reader.page(page, width=600)
    try:
        align = opened.evaluate("getComputedStyle(document.querySelector('section > p')).textAlign")
    finally:
        opened.context.close()
    assert align == "justify"


def test_notes_lead_to_the_note_and_back(books, reader):
    """A reading system without pop-ups follows the link: the note is shown, and its
    back link returns to the call."""
    base = reader.serve(books["features"]["folder"])
    page = reader.page(base + "EPUB/text/features.xhtml", height=640)
    try:
        calls = page.locator("a[role='doc-noteref']")
        assert calls.count() == 3
        calls.first.click()
        note = page.locator("aside#fn-1")
        assert note.is_visible()
        assert "Ledenadministratie" in note.inner_text()
        box = note.bounding_box()
        assert 0 <= box["y"] < 640
        note.locator("a[role='doc-backlink']").click()
        call = page.locator("#fnref-1").bounding_box()
        assert 0 <= call["y"] < 640
        assert page.evaluate("location.hash") == "#fnref-1"
    finally:
        page.context.close()


@pytest.mark.parametrize("size", [(360, 740), (900, 400)], ids=["portrait", "landscape"])
def test_cover_fits_the_screen(books, reader, size):
    width, height = size
    base = reader.serve(books["oorlog"]["folder"])
    page = reader.page(base + "EPUB/text/cover.xhtml", width=width, height=height)
    try:
        page.wait_for_function("document.images[0].complete")
        box = page.locator("img").bounding_box()
        scroll = page.evaluate("[document.documentElement.scrollWidth, "
                               "document.documentElement.scrollHeight]")  # fmt: skip
    finally:
        page.context.close()
    assert box["width"] > 100 and box["height"] > 100
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5
    assert scroll[0] <= width and scroll[1] <= height


# ── The print edition's pages ───────────────────────────────────────────


def _pdf_page_starts(pdf: Path) -> list[list[str]]:
    """Each page's first line in reading order, as words."""
    from pamphletpress.check import pdfread

    text = pdfread.read(pdf)
    first: dict[int, str] = {}
    for line in text.reading_order():
        first.setdefault(line.page, line.text)
    return [re.findall(r"[^\W_]+", first.get(page.number, "")) for page in text.pages]


def _words_after(page: etree._Element, marker: etree._Element, count: int) -> list[str]:
    """The first words the reader sees after a marker, in document order."""
    text = []
    started = False
    for element in page.iter():
        if element is marker:
            started = True
            text.append(element.tail or "")
            continue
        if started and not any(a is marker for a in element.iterancestors()):
            text.append(element.text or "")
            text.append(element.tail or "")
        words = re.findall(r"[^\W_]+", " ".join(text))
        if len(words) >= count:
            break
    return words[:count]


def test_page_list_matches_the_pdf(books):
    """Each printed page's marker sits right before the first word printed on it."""
    book = books["oorlog"]
    starts = _pdf_page_starts(book["pdf"])
    assert len(starts) >= 3
    page = _page(book, "oorlog")
    markers = [e for e in page.iter() if e.get(EPUB_TYPE) == "pagebreak"]
    assert [m.get("id") for m in markers] == [f"page-{n}" for n in range(1, len(starts) + 1)]
    for number, marker in enumerate(markers, 1):
        assert marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == str(number)
        first = starts[number - 1][:3]
        assert [w.casefold() for w in _words_after(page, marker, len(first))] == [
            w.casefold() for w in first
        ], number
    nav = etree.parse(str(book["folder"] / "EPUB" / "nav.xhtml")).getroot()
    page_list = next(n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "page-list")
    links = [(a.text, a.get("href")) for a in page_list.iter(f"{XHTML}a")]
    assert links == [(str(n), f"text/oorlog.xhtml#page-{n}") for n in range(1, len(starts) + 1)]
    # the EPUB 2 fallback (the NCX) carries the same pages, for older reading systems
    ncx = etree.parse(str(book["folder"] / "EPUB" / "toc.ncx")).getroot()
    targets = list(ncx.iter(f"{NCX}pageTarget"))
    assert [(t.get("value"), t.find(f"{NCX}content").get("src")) for t in targets] == links
    counts = {m.get("name"): m.get("content") for m in ncx.iter(f"{NCX}meta")}
    assert counts["dtb:totalPageCount"] == counts["dtb:maxPageNumber"] == str(len(starts))


def test_the_print_edition_is_named(books):
    opf = etree.parse(str(books["oorlog"]["folder"] / "EPUB" / "content.opf")).getroot()
    source = opf.find(".//{http://purl.org/dc/elements/1.1/}source")
    assert source is not None and "Socialistisch Alternatief" in source.text
    assert "oorlog.pdf" in source.text
    refines = [m for m in opf.iter(f"{OPF}meta") if m.get("refines") == f"#{source.get('id')}"]
    assert [(m.get("property"), m.text) for m in refines] == [("source-of", "pagination")]
    features = {m.text for m in opf.iter(f"{OPF}meta")
                if m.get("property") == "schema:accessibilityFeature"}  # fmt: skip
    assert {"pageBreakMarkers", "pageNavigation"} <= features


def test_epub_alone_has_no_page_list(built):
    with zipfile.ZipFile(built["epub"]) as book:
        nav = book.read("EPUB/nav.xhtml").decode()
        opf = book.read("EPUB/content.opf").decode()
        page = book.read("EPUB/text/oorlog.xhtml").decode()
    assert "page-list" not in nav and "pagebreak" not in page
    assert "dc:source" not in opf and "pageNavigation" not in opf


def test_an_epub_rebuilt_beside_a_fresh_pdf_keeps_the_page_list(books):
    """``build`` after only the EPUB went missing: the PDF is up to date, its pages are read."""
    project = books["features"]["project"]
    epub = project / "output" / "features.epub"
    before = epub.read_bytes()
    epub.unlink()
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout + result.stderr  # the PDF was not made again
    assert epub.read_bytes() == before


# ── Structure ───────────────────────────────────────────────────────────


def test_kicker_with_headline_sections_per_intertitle(books):
    page = _page(books["oorlog"], "oorlog")
    group = page.find(f".//{XHTML}header/{XHTML}hgroup")
    assert [e.tag for e in group] == [f"{XHTML}p", f"{XHTML}h1"]
    article = page.find(f".//{XHTML}article")
    sections = article.findall(f"{XHTML}section")
    assert len(sections) == 5
    assert all(s[0].tag == f"{XHTML}h2" for s in sections)
    assert article[-1].tag == f"{XHTML}aside"  # the box after the article's last words


def test_figures_tables_and_inline_language(books):
    page = _page(books["features"], "features")
    figures = list(page.iter(f"{XHTML}figure"))
    assert len(figures) == 3
    photo, chart, again = figures
    # An all-emphasis paragraph right after an image is its caption, read aloud too.
    assert _text(again.find(f"{XHTML}figcaption")) == "Het plein liep vol tot in de zijstraten."
    assert again.find(f"{XHTML}figcaption").get("aria-hidden") is None
    caption = photo.find(f"{XHTML}figcaption")
    assert _text(caption) == "Betoging op het Muntplein in maart. Foto: Jan Jansen"
    assert _text(caption.find(f"{XHTML}small")) == "Foto: Jan Jansen"
    assert photo.find(f"{XHTML}img").get("alt").startswith("Betogers met rode")
    # No caption copied from the alt text (read twice): the chart is described by alt,
    # and linked to its page at full size (a diagram on a phone)
    assert chart.find(f"{XHTML}figcaption") is None
    assert chart.find(f"{XHTML}a/{XHTML}img").get("alt").startswith("Staafdiagram")
    assert not list(page.iter(f"{XHTML}p")) or not any(
        p.get("class") == "figure" for p in page.iter(f"{XHTML}p")
    )
    table = page.find(f".//{XHTML}table")
    assert _text(table[0]) == "Tabel 1: Leden per afdeling, begin en eind van het jaar"
    assert table[0].tag == f"{XHTML}caption"
    assert {th.get("scope") for th in table.iter(f"{XHTML}th")} == {"col"}
    assert "Tabel 1" not in " ".join(_text(p) for p in page.iter(f"{XHTML}p"))
    english = next(e for e in page.iter() if e.get("lang") == "en")
    assert english.get(XML_LANG) == "en" and _text(english) == "fair play"
    notes = [a for a in page.iter(f"{XHTML}aside") if a.get(EPUB_TYPE) == "footnote"]
    assert len(notes) == 3
    endnotes = notes[0].getparent()
    assert endnotes.get(EPUB_TYPE) == "endnotes" and endnotes.get("role") == "doc-endnotes"


def test_pages_are_written_once_by_lxml(books):
    """Cover, nav and article pages come from one writer: well-formed, escaped, the
    language on ``<html>`` twice, the stylesheet linked."""
    folder = books["features"]["folder"] / "EPUB"
    for path in [*folder.glob("text/*.xhtml"), folder / "nav.xhtml"]:
        root = etree.parse(str(path)).getroot()
        assert root.get("lang") == "nl" and root.get(XML_LANG) == "nl"
        link = root.find(f"{XHTML}head/{XHTML}link")
        assert link.get("href").endswith("css/epub.css")
    cover = etree.parse(str(folder / "text" / "cover.xhtml")).getroot()
    img = cover.find(f".//{XHTML}img")
    assert img.get("alt").startswith("Socialistisch Alternatief — Één proef voor elke lezer")


# ── Fonts and colours ───────────────────────────────────────────────────


def test_fonts_shipped_are_fonts_used_with_the_capitals_uppercase_needs(books):
    import uharfbuzz as hb

    with zipfile.ZipFile(books["oorlog"]["epub"]) as book:
        names = book.namelist()
        css = book.read("EPUB/css/epub.css").decode()
    assert "EPUB/fonts/CharisSIL-BoldItalic.ttf" not in names  # nothing is bold italic
    assert "BoldItalic" not in css
    assert "EPUB/fonts/CharisSIL-Italic.ttf" in names  # the byline
    with zipfile.ZipFile(books["features"]["epub"]) as book:
        inter = book.read("EPUB/fonts/Inter-Bold.otf")
    face = hb.Face(hb.Blob(inter))
    font = hb.Font(face)
    for char in "ÉÉN":  # the kicker "Één …" in capitals (text-transform: uppercase)
        assert font.get_nominal_glyph(ord(char)), char


def test_no_margin_of_our_own_and_no_background(books):
    css = (books["oorlog"]["folder"] / "EPUB" / "css" / "epub.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    body = re.search(r"\bbody\s*\{([^}]*)\}", css).group(1)
    assert "margin" not in body
    outside_dark = re.sub(r"@media \(prefers-color-scheme: dark\)\s*\{.*?\n\}", "", css, flags=re.S)
    assert "background" not in outside_dark
    assert re.search(r"@media \(prefers-color-scheme: dark\)", css)


# ── Accessibility metadata from the content ─────────────────────────────


def _metadata(epub: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(epub) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    return [(m.get("property"), m.text) for m in opf.iter(f"{OPF}meta") if m.get("property")]


def test_claims_of_a_book_whose_images_are_described(books):
    meta = _metadata(books["features"]["epub"])
    assert ("schema:accessModeSufficient", "textual") in meta
    assert ("schema:accessibilityFeature", "alternativeText") in meta
    assert ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA") in meta
    assert ("a11y:certifiedBy", "Socialistisch Alternatief") in meta
    assert not any(v == "pamphletpress" for _, v in meta)


def test_an_image_without_alt_text_takes_back_the_claims(tmp_path):
    project = _project(tmp_path, "zonder", FEATURES)
    text = (project / "manuscript" / "features.md").read_text(encoding="utf-8")
    text = re.sub(r"!\[Staafdiagram[^\]]*\]", "![]", text)
    (project / "manuscript" / "features.md").write_text(text, encoding="utf-8")
    result = run_cli("epub", cwd=project)
    assert result.returncode == 0, result.stderr
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("![]"))
    assert re.search(rf"features\.md:{line}: image grafiek\.png has no alt text", result.stderr)
    meta = _metadata(project / "output" / "zonder.epub")  # a folder: the project's name
    assert ("schema:accessModeSufficient", "textual") not in meta
    assert ("schema:accessModeSufficient", "textual,visual") in meta
    assert ("schema:accessibilityFeature", "alternativeText") not in meta
    assert not any(p == "dcterms:conformsTo" or p == "a11y:certifiedBy" for p, _ in meta)
    summary = dict(meta)["schema:accessibilitySummary"]
    assert "Van de 3 afbeeldingen heeft er 1 geen tekstalternatief" in summary


# ── Validators and calibre ──────────────────────────────────────────────


@pytest.mark.parametrize("name", ["oorlog", "features"])
def test_epubcheck_clean_with_page_list(books, later, name):
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java")
    checked = books[name]["checked"]  # the EPUB as built, copied
    assert checked.read_bytes() == books[name]["epub"].read_bytes()
    result = later.call("tests.conftest:epubcheck", str(checked)).result()
    assert [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages
            if m.level in ("FATAL", "ERROR", "WARNING")] == []  # fmt: skip


def test_ace_on_the_features_book(books):
    from tests.write.test_ace import ACE, _ace_installed

    if not _ace_installed():
        pytest.skip("DAISY Ace is not installed: `bash .ci/ace` installs it")
    import os

    result = subprocess.run(
        ["bash", str(ACE), str(books["features"]["epub"])],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "ACE_NO_INSTALL": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "ace: 0 violations"


def test_calibre_pdf_shows_the_cover_once_and_no_blank_page(books, tmp_path):
    """calibre's ``ebook-convert`` to PDF (Debian: ``apt-get install calibre``)."""
    convert = shutil.which("ebook-convert")
    if convert is None:
        pytest.skip("calibre is not installed (apt-get install calibre)")
    import os

    import pdfplumber

    target = tmp_path / "calibre.pdf"
    env = {
        **os.environ,
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run([convert, str(books["oorlog"]["epub"]), str(target)],
                            capture_output=True, text=True, timeout=600, env=env)  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    with pdfplumber.open(str(target)) as pdf:
        pages = [(len(p.images), (p.extract_text() or "").strip()) for p in pdf.pages]
    with_images = [n for n, (images, _) in enumerate(pages) if images]
    assert with_images == [0]  # the cover, once, first
    assert not pages[0][1]
    assert all(text for _, text in pages[1:])  # no blank page
    assert "KEERPUNT IN DE WERELDGESCHIEDENIS" in pages[1][1]


@pytest.mark.parametrize("name", ["oorlog", "features"])
def test_every_shipped_face_is_used_and_every_text_is_set_in_one(books, reader, name):
    """Chromium's own account of the fonts it set the article in (DevTools): each face
    the book ships sets some text, and no text falls back to a system font."""
    from fontTools.ttLib import TTFont

    folder = books[name]["folder"]
    shipped = {
        TTFont(str(path))["name"].getDebugName(6) for path in (folder / "EPUB" / "fonts").iterdir()
    }
    page = reader.page(reader.serve(folder) + f"EPUB/text/{name}.xhtml")
    try:
        page.evaluate("document.fonts.ready.then(() => true)")
        devtools = page.context.new_cdp_session(page)
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        root = devtools.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        nodes = devtools.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body *"})
        used: dict[tuple, int] = {}
        for node in nodes["nodeIds"]:
            for font in devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                key = (font["postScriptName"], font["isCustomFont"])
                used[key] = used.get(key, 0) + font["glyphCount"]
    finally:
        page.context.close()
    assert {face for face, custom in used if custom} == shipped
    assert [face for face, custom in used if not custom] == []


def test_rights_from_the_front_matter_never_invented(books, tmp_path):
    dc = "{http://purl.org/dc/elements/1.1/}"
    opf = etree.parse(str(books["oorlog"]["folder"] / "EPUB" / "content.opf")).getroot()
    assert opf.find(f".//{dc}rights") is None  # the article states none
    project = _project(tmp_path, "rechten", FEATURES)
    source = project / "manuscript" / "features.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("lang: nl\n", "lang: nl\nrights: CC BY 4.0\n"), "utf-8")
    result = run_cli("epub", cwd=project)
    assert result.returncode == 0 and "not used" not in result.stderr, result.stderr
    with zipfile.ZipFile(project / "output" / "rechten.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    assert opf.findtext(f".//{dc}rights") == "CC BY 4.0"
