"""Every picture an editor brings (issue 21): SVG, TIFF, WebP, broken and hostile files.

One project holds them all and is built once (PDF/X-4 and EPUB); the tests read the
build's messages, the PDF and the EPUB back as a print shop and a reader would.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.projects import ARTICLE, make_project

BODY = (
    "De redactie brengt allerlei beelden mee: grafieken, scans, foto's van de telefoon. "
    "Wat de drukker krijgt, moet altijd kloppen, en wat niet kan, zegt de build."
)
GHOSTSCRIPT_ICC = sorted(Path("/usr/share/ghostscript").glob("*/iccprofiles"))

#: (alt text, file, words the warning must hold): each left out, the build goes on.
BROKEN = [
    ("Een afgebroken foto", "afgebroken.jpg", "is cut off"),
    ("Een briefje", "briefje.jpg", "is not a picture but text"),
    ("Een leeg bestand", "leeg.png", "is empty (0 bytes)"),
    ("Een bom", "bom.png", "30,000 × 30,000 pixels"),
    ("Een reuzen-GIF", "reus.gif", "65,535 × 65,535 pixels"),
    ("Een kaart als PDF", "kaart.pdf", "is a PDF, not a picture: export"),
    ("Een logo als EPS", "logo.eps", "is an EPS (PostScript) file"),
    ("Een iPhone-foto", "iphone.heic", "is a HEIC/HEIF photo"),
    ("Gelach", "lachen.svg", "declares entities that would grow without end"),
    ("Een heelal", "heelal.svg", "draws in 1e+12 units, far more than a printed page"),
]
GOOD = [
    ("Omzet per kwartaal", "grafiek.svg"),
    ("Een scan in CMYK", "scan.tif"),
    ("Een grijze scan", "grijs16.tif"),
    ("Een scan van twee bladzijden", "bladzijden.tif"),
    ("Een foto van de website", "web.webp"),
    ("Een reusachtig vlak", "groot.svg"),  # a billion pixels wide: scaled to the column
]

CHART = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="400" height="240" viewBox="0 0 400 240" onload="alert(1)">
  <script>alert(2)</script>
  <style>rect.c {{ fill: #cc0000; }} .x {{ background: url(https://example.org/t.png) }}</style>
  <rect class="c" x="20" y="60" width="100" height="170"/>
  <rect x="150" y="120" width="100" height="110" fill="#0066cc" onclick="steal()"/>
  <text x="200" y="40" font-family="Inter" font-size="22" fill="#000000">Omzet 2025</text>
  <text x="20" y="20" font-size="10">&geheim;</text>
  <image xlink:href="https://example.org/spion.png" x="0" y="0" width="10" height="10"/>
  <image href="file:///etc/hosts" x="0" y="0" width="10" height="10"/>
  <image href="{outside}" x="0" y="0" width="10" height="10"/>
</svg>
"""


def _laughs() -> str:
    entities = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)
    )
    return (
        f"<?xml version='1.0'?><!DOCTYPE svg [{entities}]>"
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&l9;</text></svg>'
    )


def _gradient(size: tuple[int, int]):
    """An RGB picture with colour in it (a photo, not a grey)."""
    from PIL import Image

    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (across, down, Image.new("L", size, 90)))


def _png_header(width: int, height: int) -> bytes:
    """A valid PNG header claiming ``width`` × ``height`` over a few bytes of data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 50_000))
        + chunk(b"IEND", b"")
    )


def make_pictures(folder: Path, outside: Path) -> None:
    from PIL import Image

    folder.mkdir(parents=True)
    size = (1000, 700)
    photo = _gradient(size)
    (folder / "grafiek.svg").write_text(CHART.format(outside=outside.as_uri()), "utf-8")
    (folder / "lachen.svg").write_text(_laughs(), "utf-8")
    (folder / "groot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1000000000" height="500000000" '
        'viewBox="0 0 200 100"><rect width="100" height="100" fill="#000000"/></svg>',
        "utf-8",
    )
    (folder / "heelal.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000000000000 500000000000">'
        '<rect width="500000000000" height="500000000000"/></svg>',
        "utf-8",
    )
    photo.convert("CMYK").save(folder / "scan.tif", compression="tiff_lzw", dpi=(300, 300))
    grey = Image.linear_gradient("L").resize(size).convert("I").point(lambda v: v * 257)
    grey.convert("I;16").save(folder / "grijs16.tif", compression="tiff_adobe_deflate")
    pages = [photo, Image.new("RGB", size, (0, 120, 60))]
    pages[0].save(folder / "bladzijden.tif", save_all=True, append_images=pages[1:])
    photo.save(folder / "web.webp", quality=90)
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG")
    (folder / "afgebroken.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    (folder / "briefje.jpg").write_text("Beste redactie, de foto volgt morgen.", "utf-8")
    (folder / "leeg.png").write_bytes(b"")
    (folder / "bom.png").write_bytes(_png_header(30_000, 30_000))
    (folder / "reus.gif").write_bytes(
        b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x00\x00\x00" + b"," + b"\0" * 40
    )
    (folder / "kaart.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")
    (folder / "logo.eps").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    (folder / "iphone.heic").write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64)


def manuscript() -> str:
    parts = [ARTICLE]
    for alt, name in GOOD:
        parts.append(f"\n{BODY}\n\n![{alt}](beeld/{name})\n")
    for alt, name, _ in BROKEN:
        parts.append(f"\n![{alt}](beeld/{name})\n")
    parts.append(f"\n{BODY}\n")
    return "".join(parts)


def line_of(text: str, name: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if f"beeld/{name})" in line)


@pytest.fixture(scope="module")
def pictures(tmp_path_factory, later) -> dict:
    """The project built once: its messages, the PDF, the EPUB, the check's findings
    (the EPUB's, EPUBCheck's Java among them, in another process meanwhile)."""
    root = tmp_path_factory.mktemp("pictures")
    secret = root / "buiten.png"
    _gradient((20, 20)).save(secret)
    text = manuscript()
    project = make_project(root, text)
    make_pictures(project / "manuscript" / "beeld", secret)
    built = run_cli("build", cwd=project)
    pdf = project / "output" / "project.pdf"
    epub = project / "output" / "project.epub"
    return {
        "text": text,
        "built": built,
        "pdf": pdf,
        "epub": epub,
        "pdf_checked": later.run("check", str(pdf), "--json", cwd=project),
        "epub_checked": later.run("check", str(epub), "--json", cwd=project),
    }


def _findings(pictures, kind: str) -> list[dict]:
    """What ``pamphletpress check`` found in the PDF or the EPUB: it fails them."""
    checked = pictures[f"{kind}_checked"].result(timeout=300)
    assert checked.returncode == 1, checked.stderr  # the placeholders
    return [f for r in json.loads(checked.stdout) for f in r["findings"]]


def test_broken_and_hostile_pictures_are_warnings_with_their_line(pictures):
    built, text = pictures["built"], pictures["text"]
    assert built.returncode == 0, built.stderr
    assert "internal error" not in built.stderr and "Traceback" not in built.stderr
    for _alt, name, words in BROKEN:
        line = line_of(text, name)
        said = [m for m in built.stderr.splitlines() if f"artikel.md:{line}: picture {name}" in m]
        assert said, (name, built.stderr)
        assert words in said[0] and said[0].endswith("the picture is left out")


def test_a_picture_left_out_leaves_nothing_on_the_page(pictures):
    """A picture the build could not use is left out of both outputs: no frame holding
    its alt text (a print shop sees a fault), no empty paragraph, only an empty mark
    with the alt text in ``data-alt`` for ``check`` (issue 24)."""
    from lxml import etree

    from pamphletpress.check import pdfread

    pdf = pdfread.read(pictures["pdf"])
    printed = " ".join(" ".join(c["text"] for c in page.chars) for page in pdf.pages)
    printed = re.sub(r"(?<=\S) (?=\S)", "", printed)
    for alt, _name, _words in BROKEN:
        assert alt.replace(" ", "") not in printed, alt
    assert not [r for page in pdf.pages for r in page.rects if r.get("dash") and r["dash"][0]]
    with zipfile.ZipFile(pictures["epub"]) as book:
        pages = [etree.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml")]
    marks = [e for p in pages for e in p.iter() if "missing-image" in (e.get("class") or "")]
    assert [m.get("data-alt") for m in marks] == [alt for alt, _name, _words in BROKEN]
    assert all(not "".join(m.itertext()).strip() for m in marks)
    paragraphs = [p for page in pages for p in page.iter("{*}p")]
    assert paragraphs and not [p for p in paragraphs if not "".join(p.itertext()).strip()]


def test_each_message_says_what_to_do(pictures):
    stderr = pictures["built"].stderr
    assert "cut off (only part of the picture is in the file): save or export it again" in stderr
    assert "make it smaller" in stderr
    assert "export it as SVG (a chart, a logo) or as PNG or JPEG" in stderr  # the EPS
    assert "export it as JPEG" in stderr  # the HEIC


def _content(pdf: Path) -> tuple[bytes, list]:
    """Every page's and form's content, and every image XObject, of the PDF."""
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    content, images, seen = b"", [], set()

    def walk(resources) -> None:
        nonlocal content
        for reference in (resources or {}).get("/XObject", {}).values():
            if getattr(reference, "idnum", None) in seen:
                continue
            seen.add(getattr(reference, "idnum", None))
            obj = reference.get_object()
            if obj.get("/Subtype") == "/Image":
                images.append(obj)
            elif obj.get("/Subtype") == "/Form":
                content += obj.get_data()
                walk(obj.get("/Resources"))

    for page in reader.pages:
        content += page.get_contents().get_data()
        walk(page.get("/Resources"))
    return content, images


def test_svg_prints_as_cmyk_vectors_with_its_text(pictures):
    from pamphletpress.check.pdftext import pdf_lines

    content, images = _content(pictures["pdf"])
    assert re.search(rb"\b0 1 1 0\.2 k\b", content), "the chart's red, as CMYK vectors"
    assert re.search(rb"\b1 0\.5 0 0\.2 k\b", content), "the chart's blue, as CMYK vectors"
    assert "Omzet 2025" in " ".join(pdf_lines(pictures["pdf"]))  # text, not outlines
    # only the four raster pictures are images: the chart is not rasterised
    assert len(images) == 4, [(i["/Width"], i["/ColorSpace"]) for i in images]
    assert "root:" not in " ".join(pdf_lines(pictures["pdf"]))  # /etc/passwd never read


def _manifest(archive: zipfile.ZipFile) -> dict[str, str]:
    """The EPUB's manifest: href → media type."""
    from lxml import etree

    opf = etree.fromstring(archive.read("EPUB/content.opf"))
    return {i.get("href"): i.get("media-type") for i in opf.iter("{*}item")}


def test_svg_is_cleaned_for_the_epub_and_says_what_went(pictures):
    with zipfile.ZipFile(pictures["epub"]) as archive:
        manifest = _manifest(archive)
        svg = archive.read("EPUB/images/grafiek.svg").decode()
    assert manifest["images/grafiek.svg"] == "image/svg+xml"
    for gone in ("<script", "onload", "onclick", "example.org", "file:", "ENTITY", "buiten"):
        assert gone not in svg, gone
    assert "Omzet 2025" in svg and "#cc0000" in svg
    stderr = pictures["built"].stderr
    line = line_of(pictures["text"], "grafiek.svg")
    assert f"artikel.md:{line}: picture grafiek.svg: its <script> is removed" in stderr
    assert "the reference to https://example.org/spion.png is removed" in stderr
    assert "its entities (<!ENTITY …>) are not used" in stderr


def test_tiff_and_webp_are_in_the_epub_as_jpeg_the_same_picture(pictures):
    from PIL import Image

    with zipfile.ZipFile(pictures["epub"]) as archive:
        manifest = _manifest(archive)
        assert not {"image/tiff", "image/webp"} & set(manifest.values())
        for name in ("scan", "grijs16", "bladzijden", "web"):
            assert manifest[f"images/{name}.jpg"] == "image/jpeg", name
            with Image.open(io.BytesIO(archive.read(f"EPUB/images/{name}.jpg"))) as picture:
                assert picture.size == (1000, 700) and picture.mode in ("RGB", "L")
                if name == "grijs16":  # the 16-bit grey's whole range, not clipped to white
                    low, high = picture.convert("L").getextrema()
                    assert low < 10 and high > 245
                    assert 100 < picture.convert("L").getpixel((500, 350)) < 160
                if name == "scan":  # the CMYK scan, back in colour
                    red, green, blue = picture.convert("RGB").getpixel((900, 600))
                    assert red > green + 60 or green > red + 60 or abs(blue - red) > 40


def test_tiff_and_webp_print_at_full_resolution_for_the_press(pictures):
    _content_, images = _content(pictures["pdf"])
    spaces = sorted(str(i["/ColorSpace"]) for i in images)
    assert spaces == ["/DeviceCMYK", "/DeviceCMYK", "/DeviceCMYK", "/DeviceGray"]
    assert all((i["/Width"], i["/Height"]) == (1000, 700) for i in images)


def test_multi_page_tiff_prints_the_first_page_and_says_so(pictures):
    line = line_of(pictures["text"], "bladzijden.tif")
    assert (
        f"artikel.md:{line}: picture bladzijden.tif has 2 pages; the first is printed"
        in pictures["built"].stderr
    )


def test_the_pictures_epub_passes_epubcheck(pictures):
    """SVG, TIFF and WebP pictures and the placeholders: 0 errors, 0 warnings."""
    found = [f for f in _findings(pictures, "epub") if f["code"] == "epubcheck"]
    assert [(f["verdict"], f["message"]) for f in found] == [
        ("pass", "EPUBCheck: 0 fatals, 0 errors, 0 warnings")
    ]


def test_pages_look_right(pictures, tmp_path):
    """The chart, the scans and the placeholders, as the proof shows them."""
    import subprocess

    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(pictures["pdf"]), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p*.png"))
    assert pages
    colours, black = set(), 0
    for page in pages:
        with Image.open(page) as image:
            counted = image.convert("RGB").getcolors(1 << 20) or []
            colours |= {c for _n, c in counted}
            black += sum(n for n, c in counted if max(c) < 60)
    # the billion-pixel SVG's black square, scaled into the column (not lost)
    assert black > 3000, black
    assert any(r > 150 and g < 80 and b < 80 for r, g, b in colours), "the chart's red bar"
    # the scans' and the photo's gradients, drawn (not blank frames after the chart)
    assert len(colours) > 1500, len(colours)


# ── what check says (read last: it ran meanwhile) ─────────────────────────────


def test_placeholders_fail_check_with_page_and_alt_text(pictures):
    pdf = [f for f in _findings(pictures, "pdf") if f["code"] == "pdf-placeholders"]
    epub = [f for f in _findings(pictures, "epub") if f["code"] == "epub-placeholders"]
    for found in (pdf, epub):
        assert [f["verdict"] for f in found] == ["fail"] * len(BROKEN)
        for (alt, _name, _words), finding in zip(BROKEN, found):
            assert f"“{alt}”" in finding["message"]
    assert all(f["page"] and f["page"] >= 1 for f in pdf)


def test_the_chart_leaves_no_rgb_on_the_press_pdf(pictures):
    verdicts = {f["code"]: f["verdict"] for f in _findings(pictures, "pdf")}
    assert verdicts["pdf-rgb"] == "pass" and "pdf-image-colour" not in verdicts


def test_a_pdf_without_placeholders_passes_that_check(pdf_report):
    found = [f for f in pdf_report.findings if f.code == "pdf-placeholders"]
    assert [f.verdict for f in found] == ["pass"]


# ── colour management ─────────────────────────────────────────────────────────


def _press(image, tmp_path):
    from pamphletpress.write.images import separate

    return separate(image, Path(__file__).resolve().parents[2] / "styles/icc/FOGRA39.icc")


@pytest.mark.skipif(not GHOSTSCRIPT_ICC, reason="Ghostscript's ICC profiles not installed")
def test_embedded_profiles_are_honoured(tmp_path):
    """The same pixels in Adobe RGB print more saturated than in sRGB; a CMYK picture in
    another press's profile is converted, not passed through."""
    from PIL import Image

    icc = GHOSTSCRIPT_ICC[-1]
    green = Image.new("RGB", (8, 8), (0, 200, 0))
    plain = _press(green, tmp_path).getpixel((0, 0))
    adobe = green.copy()
    adobe.info["icc_profile"] = (icc / "a98.icc").read_bytes()
    assert _press(adobe, tmp_path).getpixel((0, 0)) != plain
    cmyk = Image.new("CMYK", (8, 8), (40, 200, 10, 30))
    swop = cmyk.copy()
    swop.info["icc_profile"] = (icc / "default_cmyk.icc").read_bytes()
    assert _press(cmyk, tmp_path).getpixel((0, 0)) == (40, 200, 10, 30)
    assert _press(swop, tmp_path).getpixel((0, 0)) != (40, 200, 10, 30)


def test_sixteen_bit_grey_keeps_its_tones_for_the_press(tmp_path):
    from PIL import Image

    grey = Image.new("I;16", (4, 1))
    grey.putdata([0, 16384, 32768, 65535])
    toned = _press(grey, tmp_path)
    assert toned.mode == "L"
    values = [toned.getpixel((x, 0)) for x in range(4)]
    assert values[0] < values[1] < values[2] < values[3]  # not all clipped to white


# ── any Markdown with pictures in it ──────────────────────────────────────────

PICTURE_LINES = [f"![{alt}](beeld/{name})" for alt, name, _ in BROKEN] + [
    f"![{alt}](beeld/{name})" for alt, name in GOOD
]
SHAPES = [
    "| kop | ![{alt}](beeld/{name}) |\n|---|---|\n| cel | tekst |",
    "Een zin met een noot.[^n]\n\n[^n]: De noot met ![{alt}](beeld/{name}) erin.",
    "::: box Kader\n![{alt}](beeld/{name})\n:::",
    "> Een citaat\n>\n> ![{alt}](beeld/{name})",
    "- een punt\n    - dieper: ![{alt}](beeld/{name})",
    "[![{alt}](beeld/{name})](https://example.org/)",
    '<img src="beeld/{name}" alt="{alt}">',
    '![{alt}](beeld/{name}){{credit="Foto: Redactie"}}',
]


def test_any_markdown_with_pictures_builds_or_says_why(pictures):
    """Generated Markdown holding every kind of picture in tables, notes, boxes, quotes
    and lists: exit 0 or a one-line refusal, every picture warning located, never an
    internal error (few examples a run: each is a real EPUB build, the example laid
    out as the PDF's HTML too)."""
    from hypothesis import HealthCheck, Phase, example, given, settings
    from hypothesis import strategies as st

    project = pictures["pdf"].parents[1]
    pieces = st.one_of(
        st.sampled_from(PICTURE_LINES),
        st.builds(
            lambda shape, picture: shape.format(alt=picture[0], name=picture[1]),
            st.sampled_from(SHAPES),
            st.sampled_from([(a, n) for a, n, _ in BROKEN] + GOOD),
        ),
        st.sampled_from(["", BODY, "## Tussenkop", "| a | b |\n|---|---|\n| 1 | 2 |"]),
    )

    @settings(
        max_examples=3,
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: each example is a build
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(body=st.lists(pieces, min_size=1, max_size=6))
    @example(  # once an internal error: the note's picture was never checked
        body=[
            "Een zin met een noot.[^n]\n\n[^n]: De noot met ![Gelach](beeld/lachen.svg) erin.",
            "> Een citaat\n>\n> ![Een kaart als PDF](beeld/kaart.pdf)",
        ]
    )
    def build(body):
        text = "---\ntitle: Proef\nlang: nl\n---\n\n" + "\n\n".join(body) + "\n"
        (project / "manuscript" / "artikel.md").write_text(text, encoding="utf-8")
        commands = [("epub", "-o", "output/p.epub")]
        if "[^n]" in body[0]:  # the example: laid out too (a second's WeasyPrint each)
            commands.append(("html", "-o", "output/proef.html"))
        for command in commands:
            ran = run_cli(*command, cwd=project)
            assert ran.returncode in (0, 1), ran.stderr
            assert "internal error" not in ran.stderr and "Traceback" not in ran.stderr
            if ran.returncode == 1:
                assert ran.stderr.startswith("error: ") and ran.stderr.count("\n") == 1
            for message in ran.stderr.splitlines():
                if " picture " in message:  # located: the manuscript and its line
                    assert re.match(r"warning: manuscript/artikel\.md:\d+: picture ", message)
        if "[^n]" in text and "lachen.svg" in text:
            assert re.search(r"artikel\.md:\d+: picture lachen\.svg declares entities", ran.stderr)

    build()


@pytest.mark.skipif(not GHOSTSCRIPT_ICC, reason="Ghostscript's ICC profiles not installed")
def test_check_names_each_images_colour_space_and_profile(tmp_path):
    """A PDF from elsewhere with an Adobe RGB (ICC) image and a grey one: `check` says so."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    from pamphletpress.check.image_spaces import check_image_spaces
    from pamphletpress.check.pdfread import PdfFile
    from pamphletpress.check.report import Report

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    profile = DecodedStreamObject()
    profile.set_data((GHOSTSCRIPT_ICC[-1] / "a98.icc").read_bytes())
    profile[NameObject("/N")] = NumberObject(3)
    spaces = {
        "/Im1": ArrayObject([NameObject("/ICCBased"), writer._add_object(profile)]),
        "/Im2": NameObject("/DeviceGray"),
    }
    xobjects = DictionaryObject()
    for name, space in spaces.items():
        image = DecodedStreamObject()
        image.set_data(b"\x80" * (3 if name == "/Im1" else 1))
        image.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(1),
                NameObject("/Height"): NumberObject(1),
                NameObject("/BitsPerComponent"): NumberObject(8),
                NameObject("/ColorSpace"): space,
            }
        )
        xobjects[NameObject(name)] = writer._add_object(image)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    path = tmp_path / "elders.pdf"
    with path.open("wb") as file:
        writer.write(file)
    report = Report(path=path, kind="pdf")
    check_image_spaces(report, PdfFile(path))
    [finding] = [f for f in report.findings if f.code == "pdf-image-spaces"]
    assert "1 in DeviceGray" in finding.message
    assert re.search(r"1 in ICC RGB \(.*(1998|Adobe|A98).*\)", finding.message), finding.message


def test_a_cut_off_picture_is_found_after_weasyprint_is_loaded(tmp_path):
    """WeasyPrint tells Pillow to load truncated files silently; the reader must not."""
    import weasyprint  # noqa: F401 - imported for its side effect on Pillow

    from pamphletpress.read.pictures import inspect
    from pamphletpress.read.resources import MissingImage

    buffer = io.BytesIO()
    _gradient((300, 200)).save(buffer, format="JPEG")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(MissingImage, match="is cut off"):
        inspect(cut)


def test_a_good_pictures_inspection_is_kept_a_broken_one_found_again(tmp_path):
    """The cache holds what a picture's bytes were found to be: the same bytes are not
    decoded again, the same file cut off (other bytes) is refused as before."""
    from pamphletpress.read.pictures import inspect
    from pamphletpress.read.resources import MissingImage

    buffer = io.BytesIO()
    _gradient((300, 200)).save(buffer, format="JPEG")
    photo, cache = tmp_path / "foto.jpg", tmp_path / "cache"
    photo.write_bytes(buffer.getvalue())
    first = inspect(photo, cache)
    assert (first.format, first.width, first.height) == ("JPEG", 300, 200)
    [kept] = cache.iterdir()
    kept.write_text('{"format": "JPEG", "width": 7, "height": 5, "notes": ["kept"]}')
    again = inspect(photo, cache)  # read from the cache: not decoded
    assert (again.width, again.height, again.notes) == (7, 5, ["kept"])
    photo.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    for _ in range(2):  # a refused picture is never kept
        with pytest.raises(MissingImage, match="is cut off"):
            inspect(photo, cache)
    assert len(list(cache.iterdir())) == 1
