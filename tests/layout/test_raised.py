"""A box that opens a page, where the text after it starts with an intertitle too tall
for the foot of the page before, is raised to that foot: the page's last paragraphs
run on under it (issue 24)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.layout.test_floats import FILLER


def raised_project(folder: Path) -> Path:
    """A manuscript of its own: a page of paragraphs under one intertitle, a box, then
    a three-line intertitle over a two-line paragraph and a long list (a list never
    moves in parts), and a few paragraphs. Laid out as written, the box opens page 2
    and page 1's foot has no room for the intertitle with its lines: moved up before
    the box anyway, the columns of page 1 could not be balanced and went on whole,
    leaving page 1 empty under the headline, the document a page longer."""
    chance = random.Random(1)

    def paragraph(words: int) -> str:
        return " ".join(chance.choice(FILLER) for _ in range(words)).capitalize() + "."

    blocks = [paragraph(words) for words in (70, 90, 60, 85, 75, 95, 80, 65)]
    blocks.insert(3, "## " + paragraph(4)[:-1])
    blocks.append(paragraph(80))
    items = "\n".join("- " + paragraph(18) for _ in range(3))
    blocks.append(f"::: box Wat u moet weten\n{items}\n:::")
    blocks.append("## Wat zijn de gebruikelijke afspraken over vergaderingen van het bestuur")
    blocks[-1] += " en de leden"
    blocks.append(paragraph(14))
    blocks.append("\n".join("- " + paragraph(words) for words in (40, 35, 45, 38, 42, 36, 44, 39)))
    blocks += [paragraph(words) for words in (95, 80, 70, 60)]
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head = "---\ntitle: Een kop die niet past\nauthor: De redactie\nlang: nl\n---\n\n"
    (folder / "manuscript" / "a.md").write_text(head + "\n\n".join(blocks) + "\n", "utf-8")
    return folder / "manuscript"


def test_a_box_is_raised_where_the_intertitle_after_it_cannot_come_up(tmp_path):
    """Two pages, the box on page 1 with text above and under it, no column of page 1
    more than two lines short (read from the PDF: before, page 1 held only the
    headline, 48 empty lines at both feet, and the document ran to three pages),
    every word printed."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes
    from tests.words import missing_words, pdf_text, source_words

    manuscript = raised_project(tmp_path)
    Job.load(manuscript).pdf(tmp_path / "a.pdf")
    pdf = pdfread.read(tmp_path / "a.pdf")
    assert len(pdf.pages) == 2
    printed = [
        "".join(c["text"] for c in page.chars).upper().replace(" ", "") for page in pdf.pages
    ]
    assert ["WATUMOETWETEN" in text for text in printed] == [True, False]
    found = holes(pdf, pdf.body_lines(9.5), 9.5)
    assert [(h.page, h.text) for h in found] == []
    source = source_words((manuscript / "a.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(tmp_path / "a.pdf")) == []
