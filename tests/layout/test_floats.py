"""Blocks across both columns as a newspaper places them: a box that does not fit
at a page's foot goes to the next page's top and the text after it fills the
page it left (no hole, no scrap, no heading at a column's foot); the space
above a box is the space below it; the folio stands outside."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import MANUSCRIPT, ROOT

BOX = """::: box Wat u moet weten
- Een eerste punt van de opsomming, lang genoeg voor twee regels in het kader.
- Een tweede punt dat het kader hoger maakt dan de ruimte onder aan de pagina.
- Een derde punt, met nog wat woorden erbij zodat het kader niet past.
- Een vierde punt dat ook nog gelezen wil worden.
- Een vijfde punt en dan is het genoeg.
:::"""


def _blocks() -> list[str]:
    """The article's blocks as written, up to its box, intertitles included."""
    body = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [p for p in re.split(r"\n\n+", body.split("::: box")[0]) if p.strip()]


def float_project(folder, after: int, box: str = BOX):
    """The article with ``box`` after its ``after``-th block and another in the
    middle of the rest."""
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    blocks = _blocks()
    middle = after + (len(blocks) - after) // 2
    text = "\n\n".join(blocks[:after] + [box] + blocks[after:middle] + [box] + blocks[middle:])
    (folder / "manuscript" / "artikel.md").write_text(f"{head}\n---\n\n{text}\n", encoding="utf-8")
    return folder / "manuscript"


#: After this block the box would not fit at the foot of page 1.
AFTER = 12


@pytest.fixture(scope="module")
def floated(tmp_path_factory) -> dict:
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread

    folder = tmp_path_factory.mktemp("floats")
    manuscript = float_project(folder, AFTER)
    result = Job.load(manuscript).pdf(folder / "floats.pdf")
    pdf = pdfread.read(folder / "floats.pdf")
    return {
        "notes": result.notes,
        "pdf": pdf,
        "manuscript": manuscript,
        "path": folder / "floats.pdf",
    }


def _box_tops(pdf) -> list[tuple[int, float, float]]:
    """Each box's tint on the pages: (page, top, bottom), the wide pale rectangles."""
    tints = []
    for page in pdf.pages:
        for rect in page.rects:
            colour = tuple(rect.get("non_stroking_color") or ())
            pale = len(colour) == 4 and colour[3] == 0 and 0 < colour[1] < 0.2
            if pale and rect["x1"] - rect["x0"] > 300:
                tints.append((page.number, rect["top"], rect["bottom"]))
    return sorted(set(tints))


def test_a_box_that_does_not_fit_opens_the_next_page_and_the_text_fills_its_room(floated):
    """The box written after the twelfth block does not fit at page 1's foot: it
    opens page 2, and the text written after it fills page 1 (no hole there)."""
    from pamphletpress.check.holes import holes
    from tests.words import missing_words, pdf_text, source_words

    pdf = floated["pdf"]
    assert any("text moved up before a block" in note for note in floated["notes"])
    lines = pdf.body_lines(9.5)
    assert [h for h in holes(pdf, lines, 9.5) if h.page == 1] == []
    first_box = _box_tops(pdf)[0]
    assert first_box[0] == 2
    assert not [line for line in lines if line.page == 1 and line.top < first_box[1]]
    page_two_first = min(line.top for line in lines if line.page == 1)
    assert page_two_first > first_box[2]  # the box at the page's top, the text under it
    after = _blocks()[AFTER].split()[:3]
    moved = next(line for line in lines if line.words[:3] == after)
    assert moved.page == 0  # written after the box, printed before it on page 1
    source = source_words((floated["manuscript"] / "artikel.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(floated["path"])) == []


def test_the_check_finds_the_hole_a_box_leaves(tmp_path, monkeypatch):
    """Without the move, the same manuscript leaves page 1 short: `check` fails it
    (pdf-holes) with the page, the column and the height in lines."""
    from pamphletpress.build import Job
    from pamphletpress.check.preflight import check_pdf
    from pamphletpress.layout import pages

    monkeypatch.setattr(pages, "FLOAT_MOVES", 0)
    manuscript = float_project(tmp_path, AFTER)
    Job.load(manuscript).pdf(tmp_path / "hole.pdf")
    report = check_pdf(tmp_path / "hole.pdf", separations=False)
    holes = [f for f in report.findings if f.code == "pdf-holes" and f.verdict == "fail"]
    assert holes and holes[0].page == 1
    assert re.search(r"\d+ empty lines at the foot of the (left|right) column", holes[0].message)


def test_the_space_above_a_box_is_the_space_below(floated):
    """Every box with text above and under it: from the letters above to its tint as
    much white as from its tint to the letters under it (within 1.5 pt), about a body
    line. The body's letters sit 3 pt low in their line; a box centred in its room
    stood 6 pt nearer the text above than the text under it (issue 24's "symmetric
    space around boxes"), and where the column run above it was balanced half a line
    taller than its lines, that white was the box's too."""
    from tests.pagefaults import uneven_box_whites

    pdf = floated["pdf"]
    lines = pdf.body_lines(9.5)
    measured = 0
    for page, top, bottom in _box_tops(pdf):
        above = [line for line in lines if line.page == page - 1 and line.top < top]
        below = [line for line in lines if line.page == page - 1 and line.top > bottom]
        if not above or not below:
            continue
        last = max(max(c["bottom"] for c in line.chars) for line in above)
        first = min(min(c["top"] for c in line.chars) for line in below)
        space_above, space_below = top - last, first - bottom
        assert abs(space_above - space_below) <= 1.5, (page, space_above, space_below)
        assert 8 <= space_above <= 26
        measured += 1
    assert measured, "no box with text above and below it"
    assert uneven_box_whites(floated["path"]) == []


def test_a_box_under_a_column_run_balanced_taller_than_its_lines(tmp_path):
    """A one-item box after the fourth block, and another in the middle of the rest,
    under a column run that WeasyPrint balanced half a line taller than its lines:
    that white is the box's white above too, and the box stands so that both of its
    whites are even (before: 14.5 and 20.5 pt on page 1, even on page 3 by chance)."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from tests.pagefaults import uneven_box_whites

    item = "- Een punt van de opsomming, lang genoeg voor twee regels in het kader, met woorden."
    box = f"::: box Wat u moet weten\n{item}\n:::"
    Job.load(float_project(tmp_path, 4, box)).pdf(tmp_path / "boxes.pdf")
    assert uneven_box_whites(tmp_path / "boxes.pdf") == []
    assert len(_box_tops(pdfread.read(tmp_path / "boxes.pdf"))) == 2


def test_the_folio_stands_outside(floated):
    """Page 1 is a right page: its number at the right; page 2's at the left."""
    for page in floated["pdf"].pages[:2]:
        foot = max(c["top"] for c in page.chars)
        number = [  # the folio in bold, the footer's date not
            c
            for c in page.chars
            if c["top"] > foot - 2 and c["text"].isdigit() and "Bold" in c["fontname"]
        ]
        middle = (page.bbox[0] + page.bbox[2]) / 2
        assert number, page.number
        if page.number % 2:
            assert number[0]["x0"] > middle
        else:
            assert number[0]["x1"] < middle


def test_pictures_by_kind(tmp_path, caplog):
    """A logo (few colours) prints at its natural size at 300 ppi, not blown up
    to the column; a wide screenshot of flat colours spans both columns, with a
    warning (file and line) that its text prints too small to read; a photo
    stays in its column."""
    import logging

    from PIL import Image, ImageDraw

    from pamphletpress.build import Job
    from pamphletpress.check import pdfread

    images = tmp_path / "manuscript" / "images"
    images.mkdir(parents=True)
    logo = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(logo).ellipse((20, 20, 280, 280), fill=(200, 30, 40))
    logo.save(images / "logo.png")
    shot = Image.new("RGB", (1200, 500), (240, 240, 240))
    draw = ImageDraw.Draw(shot)
    for y in range(20, 480, 24):
        draw.text((20, y), "Een regel kleine tekst in een schermafdruk " * 2, fill="black")
    shot.save(images / "scherm.png")
    photo = Image.effect_noise((900, 600), 60).convert("RGB")
    photo.save(images / "foto.png")
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, tmp_path / name)
    blocks = _blocks()
    text = "\n\n".join(
        blocks[:2]
        + ["![Het logo](images/logo.png)", *blocks[2:4], "![Het scherm](images/scherm.png)"]
        + [*blocks[4:6], "![Een foto](images/foto.png)", *blocks[6:8]]
    )
    head = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    (tmp_path / "manuscript" / "a.md").write_text(f"{head}\n---\n\n{text}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pamphletpress"):
        Job.load(tmp_path / "manuscript").pdf(tmp_path / "a.pdf")
    warned = [r.getMessage() for r in caplog.records if "scherm.png" in r.getMessage()]
    assert len(warned) == 1 and re.search(r"a\.md:\d+: picture scherm\.png", warned[0])
    assert "too small to read" in warned[0]
    placed = {}
    for page in pdfread.read(tmp_path / "a.pdf").pages:
        for image in page.images:
            placed[image["srcsize"]] = image
    mm = 25.4 / 72
    logo_placed = placed[(300, 300)]
    assert (logo_placed["x1"] - logo_placed["x0"]) * mm <= 300 / 300 * 25.4 + 0.5  # 25.4 mm
    shot_placed = placed[(1200, 500)]
    assert (shot_placed["x1"] - shot_placed["x0"]) * mm > 100  # across both columns
    photo_placed = placed[(900, 600)]
    assert (photo_placed["x1"] - photo_placed["x0"]) * mm <= 71  # in its column


def column_feet(pdf) -> list:
    """The last line of each column of each run of columns: at the page's foot, or
    above a block across both columns (the next line of the column far below,
    and none of the other column's lines in between)."""
    lines = pdf.column_lines(9.5, also=(10.5,))
    feet = []
    for line, following in zip(lines, lines[1:] + [None]):
        if following is None or (following.page, following.column) != (line.page, line.column):
            feet.append(line)
            continue
        # a band across the page with no line in either column: a block across both
        tops = sorted(
            [line.top, following.top]
            + [o.top for o in lines if o.page == line.page and line.top < o.top < following.top]
        )
        if max(b - a for a, b in zip(tops, tops[1:])) > 3 * 12.5:
            feet.append(line)
    return feet


def test_no_heading_at_a_column_foot(floated):
    """No column ends in an intertitle (10.5 pt bold sans), at the page's foot or
    above a box: it stays with its text, the box's move included."""
    headings = [
        (line.page + 1, line.text)
        for line in column_feet(floated["pdf"])
        if abs(line.size - 10.5) < 0.1 and "Bold" in line.font
    ]
    assert headings == []


#: Words for a manuscript made here (any text will do: the layout is what is tested).
FILLER = (
    "de het een van en in op te dat met voor is zijn niet aan er maar om ook als bij nog "
    "wordt door naar dan kan werd over deze tot uit worden jaar zou zich heeft meer hun waren "
    "gemeente vereniging bestuur vrijwilligers leden krant redactie artikel avond buurt plein "
    "straat school bibliotheek zomer winter vergadering begroting wethouder raadsleden bewoners "
    "markt fiets haven station kerk molen dijk polder tuin brug kade regels afspraken plannen"
).split()


def level_project(folder) -> Path:
    """A short manuscript of its own: two paragraphs, an intertitle, two more and a
    box, then more text. Balanced over two columns, the intertitle and its first
    lines go up to the left column's foot as one, and the right column above the
    box would end four lines short."""
    import random

    chance = random.Random(1)

    def paragraph(words: int) -> str:
        return " ".join(chance.choice(FILLER) for _ in range(words)).capitalize() + "."

    blocks = []
    for number in range(9):
        if number == 2:
            blocks.append("## " + " ".join(chance.choice(FILLER) for _ in range(4)).capitalize())
        if number == 4:
            items = "\n".join("- " + paragraph(18) for _ in range(4))
            blocks.append(f"::: box Wat u moet weten\n{items}\n:::")
        blocks.append(paragraph(chance.randint(40, 110)))
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head = "---\ntitle: Een proef met een kader\nauthor: De redactie\nlang: nl\n---\n\n"
    (folder / "manuscript" / "a.md").write_text(head + "\n\n".join(blocks) + "\n", "utf-8")
    return folder / "manuscript"


def test_the_columns_above_a_box_end_level(tmp_path):
    """A box in the middle of page 1, under a run whose left column took an
    intertitle with its first lines: the text written after the box fills the
    right column above it, no column is short there, the box stays on page 1,
    and every word is printed."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes
    from tests.words import missing_words, pdf_text, source_words

    manuscript = level_project(tmp_path)
    result = Job.load(manuscript).pdf(tmp_path / "a.pdf")
    pdf = pdfread.read(tmp_path / "a.pdf")
    lines = pdf.body_lines(9.5)
    assert len(pdf.pages) >= 2
    assert [(h.page, h.text) for h in holes(pdf, lines, 9.5) if h.page < len(pdf.pages)] == []
    box = _box_tops(pdf)[0]
    assert box[0] == 1  # it fitted on page 1 and stays there
    above = [line for line in lines if line.page == 0 and line.top < box[1]]
    left = max(line.top for line in above if line.column == 0)
    right = max(line.top for line in above if line.column == 1)
    assert abs(left - right) <= 2 * 12.5 + 0.5, (left, right)  # level within two lines
    assert any("text moved up before a block" in note for note in result.notes)
    source = source_words((manuscript / "a.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(tmp_path / "a.pdf")) == []


def test_a_list_cut_inside_an_item_goes_on_unmarked_and_numbered_on():
    """A numbered list cut after the first line of its second item: the rest of
    that item opens the list after the block as an unmarked continuation (it
    counts as that item), and the next item keeps its number."""
    from lxml import html as lxml_html

    from pamphletpress.layout.floats import _cut_list_after

    listed = lxml_html.fragment_fromstring(
        '<ol start="3"><li data-mend="1"><span class="line first last">een</span></li>'
        '<li data-mend="2"><span class="line first">twee a</span><span class="line">twee b</span>'
        '<span class="line last">twee c</span></li>'
        '<li data-mend="3"><span class="line first last">drie</span></li></ol>'
    )
    rest = _cut_list_after(listed, 1, 0)
    assert ["".join(li.itertext()) for li in listed] == ["een", "twee a"]
    assert ["".join(li.itertext()) for li in rest] == ["twee btwee c", "drie"]
    assert rest[0].tag == "li" and rest[0].get("class") == "continued"
    assert rest[0].get("data-mend") == "2" and rest[0].get("data-mend-first") == "1"
    assert rest.get("start") == "4"  # the continuation is item 4, unnumbered; "drie" is 5
    css = (ROOT / "styles" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"\.columns li\.continued \{ list-style: none; \}", css)
