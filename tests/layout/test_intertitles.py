"""An intertitle at a column's foot keeps three lines of its text under it there, or
goes to the next column's top with them (issue 24), read back from the PDF."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import MANUSCRIPT, ROOT


def intertitles_project(folder):
    """The article's first 24 paragraphs with a one-line intertitle before every
    third: before the fix, page 2's left column ended on one with two lines under it."""
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head, body = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)
    paragraphs = [
        block
        for block in re.split(r"\n\n+", body.split("::: box")[0])
        if block.strip() and not block.startswith(("##", ":::"))
    ]
    blocks = []
    for number, paragraph in enumerate(paragraphs[:24]):
        if number % 3 == 2:
            blocks.append(f"## Tussenkop {number}")
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
