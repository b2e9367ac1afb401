"""A run of columns that ends short above a box, where no text can come up past the
box to fill it, has paragraphs set a line looser until its columns reach the box
(issue 24)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.layout.test_floats import FILLER


def boxes_project(folder: Path) -> Path:
    """A manuscript of its own: short paragraphs under many intertitles (an h4 keeps
    three lines), four boxes. Laid out as written, page 1's right column ends three
    lines above its box: the intertitle and lines the left column could not hold at
    its foot stand at the right column's top."""
    chance = random.Random(211)

    def words(count: int) -> str:
        return " ".join(chance.choice(FILLER) for _ in range(count)).capitalize()

    heads = set(chance.sample(range(1, 20), 9))
    boxes = set(chance.sample(range(2, 16), 4))
    blocks = []
    for number in range(20):
        if number in heads:
            blocks.append(chance.choice(["##", "####", "####"]) + " " + words(chance.randint(2, 8)))
        if number in boxes:
            items = "\n".join("- " + words(18) + "." for _ in range(chance.randint(1, 4)))
            blocks.append(f"::: box Wat u moet weten\n{items}\n:::")
        blocks.append(words(chance.randint(20, 70)) + ".")
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "manuscript").mkdir(parents=True)
    head = "---\ntitle: Een proef met kaders\nauthor: De redactie\nlang: nl\n---\n\n"
    (folder / "manuscript" / "a.md").write_text(head + "\n\n".join(blocks) + "\n", "utf-8")
    return folder / "manuscript"


def test_a_run_short_above_a_box_is_set_looser_to_reach_it(tmp_path):
    """No column of page 1 more than two lines short (read from the PDF: before, the
    right column above the box had three empty lines), the build says paragraphs were
    set looser, and every word is printed."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes
    from tests.words import missing_words, pdf_text, source_words

    manuscript = boxes_project(tmp_path)
    result = Job.load(manuscript).pdf(tmp_path / "a.pdf")
    pdf = pdfread.read(tmp_path / "a.pdf")
    assert len(pdf.pages) == 3
    found = holes(pdf, pdf.body_lines(9.5), 9.5)
    assert [(h.page, h.text) for h in found if h.page == 1] == []
    assert any("set a line tighter or looser" in note for note in result.notes)
    source = source_words((manuscript / "a.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(tmp_path / "a.pdf")) == []
