"""The EPUB a careful producer signs off: true metadata, a real table of contents,
languages of parts marked, pictures sized for phones.

One small project with what the corpus showed wrong (no date, no rights, a group
author beside a person, headings down to h4, titled boxes, an English quotation
in a Dutch text, a 2,600 px photo and a wide screenshot), built by the CLI once and
read back from the EPUB.
"""

from __future__ import annotations

import io
import os
import random
import zipfile

import pytest
from lxml import etree
from PIL import Image, ImageDraw

from tests.conftest import run_cli
from tests.projects import make_project

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: 2025-02-03 04:05:06 UTC, the manuscript's last change.
CHANGED = 1738555506

TEXT = """---
title: Proef van de redactie
author: Anna de Vries; Ministerie van BZK (Algoritmekader)
lang: nl
---

Dit is de eerste alinea van het artikel, in gewoon Nederlands geschreven voor de lezers.

## Eerste deel

De tweede alinea vertelt verder over het werk van de redactie en de drukkerij.

> "Open source projects need leaders who can make decisions and keep the community
> together." -- An experienced maintainer

### Een kleiner deel

Hier staat een alinea in het kleinere deel, met woorden genoeg om te lezen.

Ein deutscher Satz, den der Autor selbst so markiert hat.
{lang=de}

!!! tip "Tip"
    Een tip in een kader, met een titel die geen kop is.

#### Nog kleiner

Een alinea onder een kop van het vierde niveau, met de NAVO erin.

![Betogers op een plein in de stad](foto.jpg "Het plein liep vol.")

![Schermafdruk van het formulier met drie velden](scherm.png)

*[NAVO]: Noord-Atlantische Verdragsorganisatie
"""


def _photo(path) -> None:
    """A 2,600 × 1,700 px 'photo': noise, as a camera's grain, saved at print quality."""
    rng = random.Random(4)
    small = Image.new("RGB", (260, 170))
    small.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(260 * 170)])
    small.resize((2600, 1700), Image.Resampling.BICUBIC).save(path, quality=95)


def _screenshot(path) -> None:
    """A 2,000 px wide 'screenshot': flat colours, lines of small print."""
    image = Image.new("RGB", (2000, 1200), "white")
    draw = ImageDraw.Draw(image)
    for row in range(0, 1200, 40):
        draw.rectangle((40, row + 8, 1960, row + 30), outline="#336", fill="#eef")
        draw.text((60, row + 12), "Naam van het veld", fill="black")
    image.save(path)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> dict:
    project = make_project(tmp_path_factory.mktemp("signoff"), TEXT)
    manuscript = project / "manuscript"
    _photo(manuscript / "foto.jpg")
    _screenshot(manuscript / "scherm.png")
    os.utime(manuscript / "artikel.md", (CHANGED, CHANGED))
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = run_cli("-v", "epub", cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    path = project / "output" / "project.epub"
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    again = run_cli("epub", "-o", "output/again.epub", cwd=project, env=env)
    assert again.returncode == 0, again.stderr
    return {
        "project": project,
        "env": env,
        "files": files,
        "bytes": path.read_bytes(),
        "again": (project / "output" / "again.epub").read_bytes(),
        "stderr": result.stderr,
        "opf": etree.fromstring(files["EPUB/content.opf"]),
        "page": etree.fromstring(files["EPUB/text/artikel.xhtml"]),
        "nav": etree.fromstring(files["EPUB/nav.xhtml"]),
        "sources": {n: manuscript / n for n in ("foto.jpg", "scherm.png")},
    }


def _meta(opf, prop: str) -> list[etree._Element]:
    return [m for m in opf.iter(f"{OPF}meta") if m.get("property") == prop]


def test_no_rights_invented_and_modified_when_the_manuscript_changed(book):
    opf = book["opf"]
    assert opf.find(f".//{DC}rights") is None  # nobody stated any
    assert [m.text for m in _meta(opf, "dcterms:modified")] == ["2025-02-03T04:05:06Z"]
    assert book["bytes"] == book["again"]  # the same files: the same bytes


def test_public_domain_in_the_standard_wording(book, tmp_path):
    project = make_project(
        tmp_path, TEXT.replace("lang: nl\n", "lang: de\nrights: public domain\n")
    )
    assert run_cli("epub", cwd=project).returncode == 0
    with zipfile.ZipFile(project / "output" / "project.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    assert opf.findtext(f".//{DC}rights").startswith("Dieser Text ist gemeinfrei")


def test_one_creator_per_author_sorted_as_a_catalogue_would(book):
    opf = book["opf"]
    creators = opf.findall(f".//{DC}creator")
    assert [c.text for c in creators] == ["Anna de Vries", "Ministerie van BZK (Algoritmekader)"]
    refines = {(m.get("refines"), m.get("property")): m for m in opf.iter(f"{OPF}meta")}
    assert refines[("#creator1", "file-as")].text == "de Vries, Anna"
    assert refines[("#creator2", "file-as")].text == "Ministerie van BZK (Algoritmekader)"
    assert refines[("#creator1", "file-as")].get("scheme") is None  # not a MARC relator
    assert refines[("#creator2", "role")].get("scheme") == "marc:relators"


def test_the_package_names_its_maker_and_the_ncx_its_depth(book):
    """ebooklib, which only packs the book, named itself the generator, and the NCX
    (the EPUB 2 table of contents) said depth 0 over its nested entries."""
    generators = [m.get("content") for m in book["opf"].iter(f"{OPF}meta") if m.get("name")]
    assert "pamphletpress" in generators and not any("lib" in g for g in generators)
    ncx = etree.fromstring(book["files"]["EPUB/toc.ncx"])
    ns = "{http://www.daisy.org/z3986/2005/ncx/}"
    nesting = max(
        len(list(p.iterancestors(f"{ns}navPoint"))) + 1 for p in ncx.iter(f"{ns}navPoint")
    )
    depth = next(m.get("content") for m in ncx.iter(f"{ns}meta") if m.get("name") == "dtb:depth")
    assert nesting == 3 and depth == "3"  # the article, its h2, its h3


@pytest.mark.parametrize(
    ("lang", "images", "unlabelled", "expected"),
    [
        ("nl", 3, 1, "Van de 3 afbeeldingen heeft er 1 geen tekstalternatief"),
        ("nl", 3, 2, "Van de 3 afbeeldingen hebben er 2 geen tekstalternatief"),
        ("nl", 1, 1, "De afbeelding heeft geen tekstalternatief"),
        ("de", 4, 1, "Von den 4 Bildern hat eines keine Textalternative"),
        ("de", 2, 2, "Keines der 2 Bilder hat eine Textalternative"),
        ("en", 2, 1, "Of the 2 images, 1 has no text alternative"),
    ],
)
def test_accessibility_summary_in_the_books_language(lang, images, unlabelled, expected):
    from pamphletpress.write.accessibility import accessibility_summary

    assert expected in accessibility_summary(lang, images, unlabelled, pages=False)


def test_nav_lists_sections_to_h3_and_no_box_titles(book):
    nav = book["nav"]
    toc = next(n for n in nav.iter(f"{XHTML}nav") if n.get("id") == "toc")
    entries = ["".join(a.itertext()) for a in toc.iter(f"{XHTML}a")]
    assert entries == ["Proef van de redactie", "Eerste deel", "Een kleiner deel"]
    nested = toc.find(f"{XHTML}ol/{XHTML}li/{XHTML}ol/{XHTML}li/{XHTML}ol/{XHTML}li/{XHTML}a")
    assert "".join(nested.itertext()) == "Een kleiner deel"  # h3 under its h2
    aside = next(a for a in book["page"].iter(f"{XHTML}aside") if "box" in a.get("class", ""))
    assert not [e for e in aside.iter() if e.tag[-2:] in ("h1", "h2", "h3", "h4")]
    title = aside.find(f"{XHTML}p")
    assert title.text == "Tip" and aside.get("aria-labelledby") == title.get("id")
    assert book["page"].find(f".//{XHTML}h4") is not None  # the manuscript's level
    ncx = etree.fromstring(book["files"]["EPUB/toc.ncx"])
    labels = [t.text for t in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}text")]
    assert "Een kleiner deel" in labels and "Tip" not in labels


def test_languages_of_parts(book):
    page = book["page"]
    quote = page.find(f".//{XHTML}blockquote")
    assert quote.get("lang") == "en" and quote.get(XML_LANG) == "en"
    assert quote.find(f".//{XHTML}cite").text == "–\u00a0An experienced maintainer"
    german = next(p for p in page.iter(f"{XHTML}p") if (p.text or "").startswith("Ein deutscher"))
    assert german.get("lang") == "de" and german.get(XML_LANG) == "de"
    dutch = [
        p for p in page.iter(f"{XHTML}p") if (p.text or "").startswith(("Dit is", "De tweede"))
    ]
    assert len(dutch) == 2 and all(p.get("lang") is None for p in dutch)
    assert "marked so" in book["stderr"] and "Open source projects" in book["stderr"]
    abbr = page.find(f".//{XHTML}abbr")
    assert abbr.text == "NAVO" and abbr.get("title").startswith("Noord-Atlantische")


def test_print_hyphenates_a_passage_in_its_own_language():
    from pamphletpress.compose.hyphenation import Hyphenator
    from pamphletpress.write.html_tree import hyphenate_tree

    node = etree.fromstring(
        '<div><p>informatievoorziening</p><p lang="en">information technology</p></div>'
    )
    hyphenate_tree(node, Hyphenator("nl"))
    english = node[1].text
    assert english.replace("\u00ad", "") == "information technology"
    assert english.split()[1] == Hyphenator("en").hyphenate_text("technology")
    assert english.split()[1] != Hyphenator("nl").hyphenate_text("technology")


def test_pictures_sized_for_phones(book):
    files = book["files"]
    pictures = {n: f for n, f in files.items() if n.startswith("EPUB/images/") and "cover" not in n}
    assert set(pictures) == {"EPUB/images/foto.jpg", "EPUB/images/scherm.png"}
    for name, data in pictures.items():
        assert max(Image.open(io.BytesIO(data)).size) <= 1600, name
    assert Image.open(io.BytesIO(pictures["EPUB/images/foto.jpg"])).format == "JPEG"
    assert len(pictures["EPUB/images/foto.jpg"]) < book["sources"]["foto.jpg"].stat().st_size / 2
    page = book["page"]
    photo, screenshot = page.iter(f"{XHTML}figure")
    # the screenshot links to its own page at full size; the photo needs none
    link = screenshot.find(f"{XHTML}a")
    assert link is not None and photo.find(f"{XHTML}a") is None
    zoom = etree.fromstring(files["EPUB/text/" + link.get("href")])
    assert zoom.find(f".//{XHTML}img").get("src") == "../images/scherm.png"
    back = zoom.find(f".//{XHTML}p/{XHTML}a").get("href")
    assert back == f"artikel.xhtml#{screenshot.get('id')}"
    assert "".join(zoom.find(f".//{XHTML}p/{XHTML}a").itertext()) == "Terug naar de tekst"
    region = zoom.find(f".//{XHTML}div")
    assert region.get("tabindex") == "0" and region.get("aria-label").startswith("Schermafdruk")
    opf = book["opf"]
    spine = {i.get("idref"): i.get("linear") for i in opf.iter(f"{OPF}itemref")}
    assert spine["picture-1"] == "no"
    # the caption is not the alt text again
    assert screenshot.find(f"{XHTML}figcaption") is None
    assert "".join(photo.find(f"{XHTML}figcaption").itertext()) == "Het plein liep vol."


#: What an `epub` of a text built before needs not load (its caches hold the detector's
#: verdicts and the cut-down fonts; a text without ~ or ^ needs no pymdownx).
NOT_LOADED = ("lingua", "uharfbuzz", "pymdownx.util", "pamphletpress.compose.items")


def test_a_rebuild_loads_no_detector_shaper_or_composer_and_gives_the_same_bytes(book):
    """The detector (half a second of models), HarfBuzz and the composer were loaded by
    every `epub`; from the cache the book comes out the same, byte for byte."""
    import subprocess
    import sys

    probe = (
        "import sys, runpy\n"
        "sys.argv = ['pamphletpress', 'epub', '-q', '-o', 'output/probe.epub']\n"
        "try:\n    runpy.run_module('pamphletpress', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print([m for m in {NOT_LOADED!r} if m in sys.modules])\n"
    )
    env = dict(book["env"], PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=book["project"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout
    assert (book["project"] / "output" / "probe.epub").read_bytes() == book["bytes"]
