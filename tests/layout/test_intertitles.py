"""An intertitle at a column's foot keeps three lines of its text under it there, or
goes to the next column's top with them; a box before the article's last paragraph
is not set after its end (issue 24): read back from the PDF."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from tests.projects import article_paragraphs


def intertitles_project(folder, level: str = "##", offset: int = 2):
    """The article's first 24 paragraphs with a one-line intertitle (of ``level``)
    before every third, from the ``offset``-th: before the fix, page 2's left column
    ended on one with two lines under it."""
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head, paragraphs = article_paragraphs()
    blocks = []
    for number, paragraph in enumerate(paragraphs[:24]):
        if number % 3 == offset:
            blocks.append(f"{level} Tussenkop {number}")
        blocks.append(paragraph)
    text = "\n\n".join(blocks)
    (folder / "manuscript" / "artikel.md").write_text(f"{head}\n---\n\n{text}\n", encoding="utf-8")
    return folder / "manuscript"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    from pamphletpress.build import Job

    folder = tmp_path_factory.mktemp("intertitles")
    manuscript = intertitles_project(folder)
    Job.load(manuscript).pdf(folder / "intertitles.pdf")
    return {"path": folder / "intertitles.pdf", "manuscript": manuscript}


def test_an_intertitle_at_a_column_foot_keeps_three_lines_under_it(built):
    """No intertitle is its column's last with fewer than three lines under it on any
    page but the last (whose columns are balanced: the article ends there); one of
    them opens a column, moved there with its text; every word is still printed."""
    from pamphletpress.check import pdfread
    from tests.pagefaults import stranded_intertitles
    from tests.words import missing_words, pdf_text, source_words

    pdf = pdfread.read(built["path"])
    pages = len(pdf.pages)
    assert pages > 2
    found = stranded_intertitles(built["path"])
    assert [fault for fault in found if not fault.startswith(f"page {pages}:")] == []
    lines = pdf.column_lines(9.5, also=(10.5,))
    tops = {}
    for line in lines:
        tops.setdefault((line.page, line.column), line)
    assert any(line.text.startswith("Tussenkop") for line in tops.values())
    source = source_words((built["manuscript"] / "artikel.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(built["path"])) == []


def test_a_minor_heading_keeps_three_lines_and_leaves_no_hole(tmp_path):
    """An h4 keeps three lines under it at a column's foot too (it kept two: page 2's
    left column ended on 'Tussenkop 17' with two lines), and where that leaves the
    column before it short, paragraphs set a line looser fill it (set tighter
    first, which left a longer hole on the next page: undone): no hole."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes
    from tests.pagefaults import stranded_intertitles

    manuscript = intertitles_project(tmp_path, "####")
    Job.load(manuscript).pdf(tmp_path / "minor.pdf")
    pdf = pdfread.read(tmp_path / "minor.pdf")
    pages = len(pdf.pages)
    assert pages > 2
    found = stranded_intertitles(tmp_path / "minor.pdf")
    assert [fault for fault in found if not fault.startswith(f"page {pages}:")] == []
    assert [(h.page, h.text) for h in holes(pdf, pdf.body_lines(9.5), 9.5)] == []


def box_at_the_end_project(folder):
    """The article's first twelve paragraphs, a box of five items and a last
    paragraph of three lines: the box does not fit under the text on page 1, and
    the last paragraph fills the room it left there (before the fix the box then
    stood alone on page 2, after the end mark)."""
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head, paragraphs = article_paragraphs()
    items = "\n".join(f"- {paragraph[:160]}" for paragraph in paragraphs[1:6])
    last = (
        "Een laatste alinea die het artikel besluit, kort maar niet een regel: zij "
        "loopt over twee regels of drie in de kolom."
    )
    text = "\n\n".join([*paragraphs[:12], f"::: box Wat wij willen\n{items}\n:::", last])
    (folder / "manuscript" / "artikel.md").write_text(f"{head}\n---\n\n{text}\n", encoding="utf-8")
    return folder / "manuscript"


def test_a_box_before_the_last_paragraph_stays_before_the_end_mark(tmp_path):
    """Nothing of the article is set after its end: the end mark (■) is on the last
    page, and the box is printed above it (its title before the mark in the text)."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from tests.pagefaults import end_mark_pages

    manuscript = box_at_the_end_project(tmp_path)
    Job.load(manuscript).pdf(tmp_path / "box.pdf")
    pages, marked = end_mark_pages(tmp_path / "box.pdf")
    assert marked == [pages]
    text = " ".join(pdfread.read(tmp_path / "box.pdf").reading_lines()).lower()
    assert text.index("wat wij willen") < text.index("■")
