"""A block across the columns that text moving up before it kept on a later page
comes back where it was written once the page has changed (issue 24): here a photo,
set smaller to take a last page of a few lines back, fits at page 1's foot again."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.layout.test_floats import FILLER
from tests.photos import make_images


def freed_project(folder: Path) -> Path:
    """A manuscript of its own: paragraphs, a wide photo that falls a line short of
    page 1's foot, a paragraph and a long list after it (a list never moves up in
    parts), and a few more paragraphs that run on to a third page by two lines.
    Laid out as it comes, the photo opens page 2 and the paragraph after it moves up
    to page 1, which the list cannot fill; the photo set smaller then takes the
    third page back."""
    chance = random.Random(5)

    def paragraph(words: int) -> str:
        return " ".join(chance.choice(FILLER) for _ in range(words)).capitalize() + "."

    blocks = [paragraph(words) for words in (60, 80, 45, 90, 70, 104)]
    blocks.append("![Een brede foto van de lucht boven het land](images/shadows.png){.wide}")
    blocks.append(paragraph(60))
    items = (40, 35, 45, 38, 42, 36, 44, 39, 41, 37)
    blocks.append("\n".join("- " + paragraph(words) for words in items))
    blocks += [paragraph(words) for words in (95, 44, 12)]
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    make_images(folder / "manuscript" / "images")
    head = "---\ntitle: Een foto die terugkomt\nauthor: De redactie\nlang: nl\n---\n\n"
    (folder / "manuscript" / "a.md").write_text(head + "\n\n".join(blocks) + "\n", "utf-8")
    return folder / "manuscript"


def test_a_photo_held_on_a_later_page_comes_back_when_it_fits(tmp_path):
    """Two pages; the photo stands on page 1 with the text before it as written, no
    column of page 1 more than two lines short (read from the PDF: before, the list
    left 17 lines empty at both feet), every word printed."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes
    from tests.words import missing_words, pdf_text, source_words

    manuscript = freed_project(tmp_path)
    result = Job.load(manuscript).pdf(tmp_path / "a.pdf")
    pdf = pdfread.read(tmp_path / "a.pdf")
    assert len(pdf.pages) == 2
    assert any("smaller to take the last page's" in note for note in result.notes)
    assert [page.number for page in pdf.pages if page.images] == [1]
    found = holes(pdf, pdf.body_lines(9.5), 9.5)
    assert [(h.page, h.text) for h in found] == []
    source = source_words((manuscript / "a.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(tmp_path / "a.pdf")) == []


def _page(body: str) -> str:
    return f"<!DOCTYPE html>\n<html><body><article>{body}</article></body></html>"


def _lines(name: str, count: int) -> str:
    return "".join(f'<span class="line">{name}{number} </span>' for number in range(count))


def _order(page: str) -> list[str]:
    """The article's children as the layout sees them: runs by their blocks' text."""
    from lxml import html as lxml_html

    article = lxml_html.document_fromstring(page).find(".//article")
    return [
        "|".join(child.text_content().strip() for child in part)
        if part.get("class") == "columns"
        else part.tag
        for part in article
    ]


def test_a_released_block_goes_back_after_what_it_stood_after():
    """Text moved up before a box (a paragraph cut after its second line) goes back
    under it when it is released: the paragraph whole again, the box free to move."""
    from pamphletpress.layout.floats import FLOAT, HELD, FloatMove, moved_float
    from pamphletpress.layout.released import released

    written = _page(
        f'<div class="columns"><p>{_lines("a", 3)}</p></div>'
        '<aside data-float="1">box</aside>'
        f'<div class="columns"><p>{_lines("b", 2)}</p><p>{_lines("c", 4)}</p></div>'
    )
    moved = moved_float(written, FloatMove("1", 1, 1))
    assert _order(moved) == ["a0 a1 a2|b0 b1|c0 c1", "aside", "c2 c3"]
    assert f'{HELD}="1"' in moved
    back = released(moved)
    assert _order(back) == ["a0 a1 a2", "aside", "b0 b1|c0 c1 c2 c3"]
    assert f'{FLOAT}="1"' in back and HELD not in back and released(back) is None


def test_a_released_block_keeps_its_place_among_the_blocks():
    """A box whose text went past the box before it (a move of that box since) is
    not put back before it: the boxes keep the order they were written in."""
    from pamphletpress.layout.floats import FloatMove, moved_float
    from pamphletpress.layout.released import released

    written = _page(
        f'<div class="columns"><p>{_lines("a", 3)}</p></div>'
        '<aside data-float="1">one</aside>'
        f'<div class="columns"><p>{_lines("b", 3)}</p></div>'
        '<aside data-float="2">two</aside>'
        f'<div class="columns"><p>{_lines("c", 3)}</p></div>'
    )
    moved = moved_float(written, FloatMove("2", 1, None))  # c before box two
    moved = moved_float(moved, FloatMove("1", 1, None, level=True))  # b before box one
    assert _order(moved) == ["a0 a1 a2|b0 b1 b2", "aside", "c0 c1 c2", "aside"]
    assert released(moved) is None
