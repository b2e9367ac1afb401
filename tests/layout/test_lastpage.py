"""A last page of a few lines is taken back: the picture across the columns above
the text that runs on to it is set a little smaller (issue 24)."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT
from tests.photos import make_images
from tests.projects import article_paragraphs

LAST = (
    "Een slotalinea van twee regels, net iets langer dan een enkele regel in de kolom van de krant."
)


def lastpage_project(folder):
    """The article's first twenty paragraphs with a wide photo after the second and a
    two-line last paragraph: laid out as they come, page 3 holds one line and the
    end mark."""
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    make_images(folder / "manuscript" / "images")
    head, paragraphs = article_paragraphs()
    photo = "![Een brede foto van de lucht boven het land](images/shadows.png){.wide}"
    text = "\n\n".join([*paragraphs[:2], photo, *paragraphs[2:20], LAST])
    (folder / "manuscript" / "artikel.md").write_text(f"{head}\n---\n\n{text}\n", encoding="utf-8")
    return folder / "manuscript"


def test_a_last_page_of_a_few_lines_is_taken_back(tmp_path):
    """Two pages, not three: the photo across the columns is set at most 15 %
    smaller, the last page carries more than a few lines, the end mark is on it,
    every word is printed, and the build says what it did."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from tests.pagefaults import end_mark_pages, last_page_depth
    from tests.words import missing_words, pdf_text, source_words

    manuscript = lastpage_project(tmp_path)
    result = Job.load(manuscript).pdf(tmp_path / "last.pdf")
    pdf = pdfread.read(tmp_path / "last.pdf")
    assert len(pdf.pages) == 2
    assert last_page_depth(tmp_path / "last.pdf") >= 5
    assert end_mark_pages(tmp_path / "last.pdf") == (2, [2])
    assert any("smaller to take the last page's" in note for note in result.notes)
    (photo,) = [image for page in pdf.pages for image in page.images]
    column_block = max(line.x1 for line in pdf.body_lines(9.5)) - min(
        line.x0 for line in pdf.body_lines(9.5)
    )
    assert 0.85 * column_block <= photo["x1"] - photo["x0"] < column_block
    source = source_words((manuscript / "artikel.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(tmp_path / "last.pdf")) == []
