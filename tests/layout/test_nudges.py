"""A column left short beside a box because an intertitle went on to the next
column: the box moves a paragraph up or down the text and the column fills."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.layout.test_floats import FILLER


def nudge_project(folder: Path) -> Path:
    """A manuscript of its own, three pages: paragraphs with intertitles and two
    boxes. Laid out as written, page 1's left column ends three lines short at
    the foot: the intertitle after it and its first lines did not fit there."""
    chance = random.Random(22)

    def paragraph(words: int) -> str:
        return " ".join(chance.choice(FILLER) for _ in range(words)).capitalize() + "."

    head_at = chance.randint(1, 4)
    box_at = head_at + chance.randint(1, 3)
    blocks = []
    for number in range(22):
        if number in (head_at, box_at + 3, box_at + 6, box_at + 10, box_at + 13):
            blocks.append("## " + " ".join(chance.choice(FILLER) for _ in range(4)).capitalize())
        if number in (box_at, box_at + 8):
            items = "\n".join("- " + paragraph(18) for _ in range(chance.randint(2, 4)))
            blocks.append(f"::: box Wat u moet weten\n{items}\n:::")
        blocks.append(paragraph(chance.randint(30, 100)))
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head = "---\ntitle: Een proef met een kader\nauthor: De redactie\nlang: nl\n---\n\n"
    (folder / "manuscript" / "a.md").write_text(head + "\n\n".join(blocks) + "\n", "utf-8")
    return folder / "manuscript"


def test_a_column_short_beside_a_box_fills_when_the_box_moves(tmp_path):
    """No column of pages 1 and 2 is more than two lines short (read from the PDF),
    no intertitle is left at a column's foot, and every word is printed: the box
    moved a paragraph, not the text out of the page."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes
    from tests.pagefaults import stranded_intertitles
    from tests.words import missing_words, pdf_text, source_words

    manuscript = nudge_project(tmp_path)
    result = Job.load(manuscript).pdf(tmp_path / "a.pdf")
    pdf = pdfread.read(tmp_path / "a.pdf")
    assert len(pdf.pages) == 3
    found = holes(pdf, pdf.body_lines(9.5), 9.5)
    assert [(h.page, h.text) for h in found if h.page < len(pdf.pages)] == []
    assert stranded_intertitles(tmp_path / "a.pdf") == []
    assert any("text moved up before a block" in note for note in result.notes)
    source = source_words((manuscript / "a.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(tmp_path / "a.pdf")) == []
