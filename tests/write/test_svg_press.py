"""SVG figures for the press (issue 21): transparency flattened for PDF/X-1a, the pictures
inside an SVG in CMYK, and each image's source colour space carried to ``check``.

One small project is built once as PDF/X-1a and checked (in another process meanwhile);
the tests read the PDF back with pypdf as a print shop's preflight would.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import run_cli
from tests.projects import make_project

GHOSTSCRIPT_ICC = sorted(Path("/usr/share/ghostscript").glob("*/iccprofiles"))
pytestmark = pytest.mark.skipif(not GHOSTSCRIPT_ICC, reason="Ghostscript is not installed")

#: Translucent shapes over an opaque one: the overlap's colour depends on what is
#: beneath, which only real flattening gets right (a colour made opaque against
#: white would print the red square's pink over the blue too).
TRANSPARENT = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240"
     viewBox="0 0 400 240">
  <defs>
    <linearGradient id="fade"><stop offset="0" stop-color="#0066cc"/>
      <stop offset="1" stop-color="#0066cc" stop-opacity="0.2"/></linearGradient>
    <mask id="hole"><rect width="400" height="240" fill="white"/>
      <circle cx="330" cy="60" r="20" fill="black"/></mask>
  </defs>
  <rect x="100" y="0" width="300" height="120" fill="#0066cc"/>
  <rect x="0" y="20" width="200" height="80" fill="#cc0000" opacity="0.5"/>
  <rect x="0" y="130" width="120" height="40" fill="rgba(0, 153, 0, 0.5)"/>
  <circle cx="300" cy="180" r="40" fill="#00aa44" fill-opacity="0.4" stroke="#000000"
          stroke-width="6" stroke-opacity="0.3"/>
  <rect x="140" y="190" width="100" height="40" fill="url(#fade)"/>
  <rect x="280" y="20" width="100" height="80" fill="#663399" mask="url(#hole)"/>
  <text x="10" y="230" font-family="Inter" font-size="18" fill="#000000">Doorzichtig</text>
</svg>
"""
#: Opaque: stays vectors in X-1a (its gradient a shading), its two pictures (one
#: embedded, one a project file) separated for the press.
OPAQUE = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="400" height="200" viewBox="0 0 400 200">
  <defs><linearGradient id="band"><stop offset="0" stop-color="#cc0000"/>
    <stop offset="1" stop-color="#0066cc"/></linearGradient></defs>
  <rect width="400" height="200" fill="#ffee88"/>
  <rect x="200" y="150" width="180" height="40" fill="url(#band)"/>
  <image href="{data}" x="20" y="20" width="160" height="110"/>
  <image xlink:href="foto.png" x="220" y="20" width="160" height="110"/>
  <text x="20" y="180" font-family="Inter" font-size="24" fill="#000000">Vol</text>
</svg>
"""


def _photo(size=(300, 200)):
    """An RGB picture with colour in it (a photo, not a grey)."""
    from PIL import Image

    across = Image.linear_gradient("L").rotate(90).resize(size)
    down = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (across, down, Image.new("L", size, 90)))


@pytest.fixture(scope="module")
def flat(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("svg-press")
    text = (
        "---\ntitle: Proef\nauthor: Test\nlang: nl\n---\n\n"
        "Een alinea over wat de drukker van een grafiek wil zien.\n\n"
        "![Doorzichtig](beeld/doorzichtig.svg)\n\nNog een alinea tekst.\n\n"
        "![Vol](beeld/vol.svg)\n\nEen derde alinea.\n\n![Foto](beeld/adobe.jpg)\n"
    )
    project = make_project(root, text)
    pictures = project / "manuscript" / "beeld"
    pictures.mkdir()
    buffer = io.BytesIO()
    _photo().save(buffer, format="PNG")
    data = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    (pictures / "doorzichtig.svg").write_text(TRANSPARENT, "utf-8")
    (pictures / "vol.svg").write_text(OPAQUE.format(data=data), "utf-8")
    _photo().save(pictures / "foto.png")
    adobe = (GHOSTSCRIPT_ICC[-1] / "a98.icc").read_bytes()
    _photo((400, 300)).save(pictures / "adobe.jpg", icc_profile=adobe, dpi=(300, 300))
    pdf = project / "output" / "x1a.pdf"
    built = run_cli("pdf", "--variant", "pdf/x-1a", "-o", str(pdf), "-v", cwd=project)
    assert built.returncode == 0, built.stderr
    return {"built": built, "pdf": pdf}


def _findings(flat) -> list[dict]:
    """check's findings on the PDF (all but the inks, which Ghostscript's plates take
    seconds to measure and which the prepress tests hold)."""
    from pamphletpress.check.preflight import check_pdf

    if "findings" not in flat:
        report = check_pdf(flat["pdf"], separations=False)
        flat["findings"] = [
            {"code": f.code, "verdict": f.verdict, "message": f.message, "page": f.page}
            for f in report.findings
        ]
    return flat["findings"]


def _images(pdf: Path) -> list:
    """Every image XObject of the PDF, once, from the pages and the forms under them."""
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    images, seen, stack = [], set(), [page.get("/Resources") for page in reader.pages]
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if resources is not None else {}
        for reference in (resources.get("/XObject") or {}).values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            obj = reference.get_object()
            if obj.get("/Subtype") == "/Image":
                images.append(obj)
            else:
                stack.append(obj.get("/Resources"))
    return images


def _objects(pdf: Path):
    """Every object of the PDF, with its number."""
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001 - a free slot of the cross-reference table
            continue
        if obj is not None:
            yield number, obj


def _name(image) -> str:
    return image["/Metadata"].get_object().get_data().decode()


def test_x1a_with_a_transparent_svg_holds_no_transparency(flat):
    """No object of the PDF has a soft mask, an opacity under 1, a blend mode or a
    transparency group; the build said what it flattened."""
    found = []
    for number, obj in _objects(flat["pdf"]):
        if not hasattr(obj, "get"):
            continue
        if obj.get("/SMask") not in (None, "/None"):
            found.append((number, "SMask"))
        for key in ("/CA", "/ca"):
            if key in obj and float(obj[key]) < 1:
                found.append((number, key, float(obj[key])))
        group = obj.get("/Group")
        if group is not None and group.get_object().get("/S") == "/Transparency":
            found.append((number, "transparency group"))
        if str(obj.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            found.append((number, "blend mode"))
    assert not found, found
    assert "picture doorzichtig.svg flattened (" in flat["built"].stdout + flat["built"].stderr


def _flattened(pdf: Path):
    """The flattened figure's picture, as the PDF holds it (a CMYK JPEG)."""
    from PIL import Image

    [image] = [i for i in _images(pdf) if "doorzichtig.svg (flattened" in _name(i)]
    assert image["/ColorSpace"] == "/DeviceCMYK" and image["/Filter"] == "/DCTDecode"
    return Image.open(io.BytesIO(image.get_data()))


def _as_rgb(cmyk: tuple[int, ...]) -> tuple[float, ...]:
    """The sRGB colour a CMYK pixel made by rgb_to_cmyk stands for (its inverse)."""
    c, m, y, k = (v / 255 for v in cmyk)
    return tuple(255 * (1 - ink) * (1 - k) for ink in (c, m, y))


@pytest.mark.parametrize(
    "where, colour",
    [
        ((50, 60), (229.5, 127.5, 127.5)),  # half-red over paper
        ((150, 60), (102, 51, 102)),  # half-red over the blue: not pink, purple
        ((250, 60), (0, 102, 204)),  # the blue alone
        ((60, 150), (127.5, 204, 127.5)),  # rgba green over paper
        ((300, 180), (153, 221, 180.6)),  # fill-opacity 0.4 over paper
        ((341.5, 180), (178.5, 178.5, 178.5)),  # stroke-opacity 0.3 black over paper
        ((10, 10), (255, 255, 255)),  # paper
    ],
)
def test_the_flattened_figure_looks_as_the_transparent_original_over_white(flat, where, colour):
    picture = _flattened(flat["pdf"])
    assert picture.mode == "CMYK" and picture.width >= 1700  # 300 ppi across the 145 mm block
    x, y = (round(v * s) for v, s in zip(where, (picture.width / 400, picture.height / 240)))
    got = _as_rgb(picture.getpixel((x, y)))
    assert all(abs(g - c) <= 8 for g, c in zip(got, colour)), (where, got, colour)


def test_the_flattened_text_is_black_on_the_black_plate_only(flat):
    picture = _flattened(flat["pdf"])
    cyan, magenta, yellow, black = picture.split()
    text = picture.crop((0, round(picture.height * 0.9), picture.width // 3, picture.height))
    darkest = max(text.get_flattened_data(), key=lambda p: p[3])
    assert darkest[3] > 200 and max(darkest[:3]) <= 8, darkest


def test_pictures_inside_an_svg_print_in_cmyk_and_are_named(flat):
    """The embedded picture and the project file the SVG names: CMYK, at their full size,
    named after the SVG; the opaque SVG stays vectors (its text is text)."""
    from pamphletpress.check.pdftext import pdf_lines

    images = _images(flat["pdf"])
    assert {str(i["/ColorSpace"]) for i in images} == {"/DeviceCMYK"}
    inside = [i for i in images if "vol.svg (picture" in _name(i)]
    # the same photo twice: one picture, drawn twice
    assert len(inside) == 1 and (inside[0]["/Width"], inside[0]["/Height"]) == (300, 200)
    assert "Vol" in " ".join(pdf_lines(flat["pdf"]))


def test_gradients_print_in_cmyk(flat):
    """A shading's stops in DeviceCMYK, four numbers each (WeasyPrint wrote three)."""
    shadings = [obj for _n, obj in _objects(flat["pdf"]) if "/ShadingType" in obj]
    colour = [s for s in shadings if s["/ColorSpace"] != "/DeviceGray"]
    assert colour, "the opaque SVG's gradient"
    for shading in colour:
        assert shading["/ColorSpace"] == "/DeviceCMYK", shading
        function = shading["/Function"].get_object()
        for part in function.get("/Functions", [function]):
            assert len(part.get_object()["/C0"]) == 4


@pytest.mark.parametrize(
    "markup, found",
    [
        ('<rect opacity="0.5"/>', "opacity 0.5"),
        ('<rect style="fill-opacity: 40%"/>', "fill-opacity 40%"),
        ('<rect fill="rgba(0,0,0,.2)"/>', "the colour rgba(0,0,0,.2)"),
        ('<rect fill="rgb(0 0 0 / 50%)"/>', "the colour rgb(0 0 0 / 50%)"),
        ('<rect stroke="#ff000080"/>', "the colour #ff000080"),
        ('<rect fill="transparent"/>', "the colour transparent"),
        ("<style>.a { stroke-opacity: 0.3 }</style>", "stroke-opacity 0.3"),
        ('<mask id="m"/>', "a mask"),
        ('<g style="mix-blend-mode: multiply"/>', "mix-blend-mode multiply"),
        ('<rect opacity="1" fill="rgba(0,0,0,1)" stroke="#ff0000ff"/>', None),
        ('<rect fill="rgb(10, 20, 30)" stroke="#abc"/>', None),
    ],
)
def test_what_makes_an_svg_transparent(markup, found):
    from pamphletpress.write.svg_press import transparency

    root = etree.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{markup}</svg>')
    assert transparency(root) == found


# ── what check says ───────────────────────────────────────────────────────────


def test_check_passes_the_x1a_pdf_on_transparency_and_colour(flat):
    verdicts = {f["code"]: f["verdict"] for f in _findings(flat)}
    x1a = {code: verdict for code, verdict in verdicts.items() if code.startswith("pdf-x1a")}
    assert x1a and set(x1a.values()) == {"pass"}, x1a
    assert verdicts["pdf-rgb"] == "pass" and "pdf-image-colour" not in verdicts


def test_check_says_each_images_source_colour_space_with_its_page(flat):
    found = {f["message"]: f["page"] for f in _findings(flat) if f["code"] == "pdf-image-source"}
    said = "\n".join(found)
    assert "manuscript/beeld/adobe.jpg: came in RGB, Artifex Software A98 ICC Profile" in said
    assert "vol.svg (picture 1 in it): came in RGB, no profile: taken as sRGB" in said
    assert "doorzichtig.svg (flattened: " in said and "came in RGB, sRGB IEC61966-2.1" in said
    assert all("printed in DeviceCMYK" in message for message in found)
    assert set(found.values()) <= {1, 2} and None not in found.values()


@pytest.mark.corpus  # a whole issue laid out (slow): with the corpus tests
def test_the_issue_pdf_names_its_pictures_and_their_source_spaces(tmp_path):
    """The issue's PDF is written by the same step as an article's: its pictures carry
    their files and source colour spaces, which check reports with their pages."""
    project = make_project(tmp_path, "x")
    manuscript = project / "manuscript"
    (manuscript / "artikel.md").unlink()
    adobe = (GHOSTSCRIPT_ICC[-1] / "a98.icc").read_bytes()
    _photo((900, 600)).save(manuscript / "foto.jpg", icc_profile=adobe, dpi=(300, 300))
    body = " ".join(["Een zin over de buurt en wat daar gebeurt."] * 40)
    for name, title in (("een.md", "Het eerste stuk"), ("twee.md", "Het tweede stuk")):
        picture = "\n\n![De buurt](foto.jpg)\n\n" if name == "een.md" else "\n\n"
        (manuscript / name).write_text(
            f"---\ntitle: {title}\nauthor: Test\nlang: nl\n---\n\n{body}{picture}{body}\n",
            "utf-8",
        )
    (manuscript / "issue.yml").write_text(
        "publication: De Proef\nnumber: 1\ndate: 2026-03\narticles: [een.md, twee.md]\n",
        "utf-8",
    )
    built = run_cli("pdf", "-o", "output/nummer.pdf", cwd=project)
    assert built.returncode == 0, built.stderr
    checked = run_cli("check", "output/nummer.pdf", "--json", cwd=project)
    found = [
        f
        for r in json.loads(checked.stdout)
        for f in r["findings"]
        if f["code"] == "pdf-image-source"
    ]
    import pdfplumber

    with pdfplumber.open(project / "output" / "nummer.pdf") as pdf:
        shown = [number for number, page in enumerate(pdf.pages, 1) if page.images]
    assert len(shown) == 1, shown  # the one photo, on the page that prints it
    assert [(f["message"], f["page"]) for f in found] == [
        (
            "manuscript/foto.jpg: came in RGB, Artifex Software A98 ICC Profile, "
            "printed in DeviceCMYK",
            shown[0],
        )
    ]


def test_an_svg_with_a_translucent_picture_is_flattened_for_x4_too(tmp_path):
    """WeasyPrint keeps no alpha beside CMYK: in PDF/X-4 such an SVG is one CMYK
    picture, the translucent photo over the SVG's own blue (not over white)."""
    from PIL import Image

    from pamphletpress.layout.fetcher import make_url_fetcher
    from pamphletpress.write.svg_press import Press, press_svg

    project = make_project(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 20), (204, 0, 0, 128)).save(buffer, format="PNG")
    data = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    svg = tmp_path / "logo.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        '<rect width="100" height="50" fill="#0066cc"/>'
        f'<image href="{data}" width="100" height="50"/></svg>',
        "utf-8",
    )
    press = Press(
        project,
        project / "styles" / "icc" / "FOGRA39.icc",
        "pdf/x-4",
        project / "styles" / "print.css",
        72 * 2,  # a 2-inch text block: 600 pixels across
        make_url_fetcher([project, tmp_path]),
    )
    pressed = press_svg(svg, press)
    assert pressed.flattened == "a picture in it has transparent pixels"
    [url] = pressed.pictures
    assert (
        pressed.pictures[url].name == "logo.svg (flattened: a picture in it has transparent pixels)"
    )
    picture = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert picture.mode == "CMYK" and picture.size == (600, 300)
    got = _as_rgb(picture.getpixel((300, 150)))
    assert all(abs(g - c) <= 8 for g, c in zip(got, (102, 51, 102))), got  # red over blue
    assert url in pressed.path.read_text("utf-8")


def test_a_broken_picture_inside_an_svg_is_left_out_with_a_warning(tmp_path, caplog):
    """A decompression bomb or a cut-off picture inside an SVG: left out, said, the rest
    of the SVG kept; never an internal error (WeasyPrint, once imported, tells Pillow
    to load cut-off pictures silently)."""
    import weasyprint  # noqa: F401 - imported for its side effect on Pillow

    from pamphletpress.write.svg_press import Press, press_svg
    from tests.write.test_pictures import _png_header

    project = make_project(tmp_path)
    bomb = base64.b64encode(_png_header(30_000, 30_000)).decode()
    buffer = io.BytesIO()
    _photo().save(buffer, format="JPEG")
    cut = base64.b64encode(buffer.getvalue()[: len(buffer.getvalue()) // 2]).decode()
    svg = project / "kaart.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        f'<image href="data:image/png;base64,{bomb}" width="50" height="50"/>'
        f'<image href="data:image/jpeg;base64,{cut}" width="50" height="50"/>'
        '<rect width="10" height="10" fill="#0066cc"/></svg>',
        "utf-8",
    )
    icc = project / "styles" / "icc" / "FOGRA39.icc"
    press = Press(project, icc, "pdf/x-4", project / "styles" / "print.css", 144, None)
    pressed = press_svg(svg, press)
    kept = pressed.path.read_text("utf-8")
    assert "<image" not in kept and "#0066cc" in kept and not pressed.pictures
    said = [r.getMessage() for r in caplog.records]
    assert any("picture kaart.svg: the picture 1 inside it is damaged" in m for m in said)
    assert any("the picture 2 inside it is damaged" in m for m in said)
