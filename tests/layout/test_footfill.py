"""A column never ends short before a two-line intertitle: the paragraphs above are
set a line tighter or looser so that the column reaches its foot (issue 24)."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import MANUSCRIPT, ROOT

#: An intertitle of two lines at 70 mm: with its first two lines it needs five.
#: The check's loose word space (em); the body is set at 9.5 pt.
LOOSE_EM = 0.5
INTERTITLE = "## Een tussenkop die zo lang is dat zij twee regels van de kolom vult"


def footfill_project(folder, opening: str = "close"):
    """The article's paragraphs with the long intertitle before every third from the
    fifth on and a one-line paragraph as the fourth: page 1's left column then has
    room for two lines at its foot, where the intertitle opening the right column
    cannot stand with its first lines."""
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    if opening != "close":  # the editor's setting: an intertitle opening a column so
        with (folder / "styles" / "print.css").open("a", encoding="utf-8") as css:
            css.write(f"\n:root {{ --intertitle-opening: {opening}; }}\n")
    (folder / "manuscript").mkdir(parents=True)
    head, body = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)
    paragraphs = [
        block
        for block in re.split(r"\n\n+", body.split("::: box")[0])
        if block.strip() and not block.startswith("##")
    ]
    blocks = []
    for number, paragraph in enumerate(paragraphs[:30]):
        if number % 3 == 1 and number > 2:
            blocks.append(INTERTITLE)
        blocks.append(paragraph)
    blocks.insert(3, "Een korte alinea van een regel.")
    text = "\n\n".join(blocks)
    (folder / "manuscript" / "artikel.md").write_text(f"{head}\n---\n\n{text}\n", encoding="utf-8")
    return folder / "manuscript"


def _built(folder, opening: str) -> dict:
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread

    manuscript = footfill_project(folder, opening)
    result = Job.load(manuscript).pdf(folder / "footfill.pdf")
    return {
        "notes": result.notes,
        "pdf": pdfread.read(folder / "footfill.pdf"),
        "manuscript": manuscript,
        "path": folder / "footfill.pdf",
    }


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> dict:
    """The manuscript with its intertitles opening a column as before the close
    setting: their space above moved under them, the heading a line taller there."""
    return _built(tmp_path_factory.mktemp("footfill"), "below")


@pytest.fixture(scope="module")
def filled_close(tmp_path_factory) -> dict:
    """The same with print.css's own setting: an intertitle opening a column close."""
    return _built(tmp_path_factory.mktemp("footfill-close"), "close")


def test_a_column_before_a_two_line_intertitle_reaches_its_foot(filled):
    """Page 1 (not the article's last): the right column opens with the two-line
    intertitle, and the left column ends on the right one's last line, read back
    from the PDF; every word of the manuscript is still printed."""
    from tests.words import missing_words, pdf_text, source_words

    pdf = filled["pdf"]
    assert len(pdf.pages) > 1
    assert any("set a line tighter or looser" in note for note in filled["notes"])
    lines = [line for line in pdf.body_lines(9.5) if line.page == 0]
    left = [line for line in lines if line.column == min(x.column for x in lines)]
    right = [line for line in lines if line.column == max(x.column for x in lines)]
    step = min(b.top - a.top for a, b in zip(left, left[1:]) if b.top > a.top + 1)
    intertitle = [  # 10.5 pt, in the right column above its first body line
        c
        for c in pdf.pages[0].chars
        if abs(c["size"] - 10.5) < 0.1 and c["x0"] >= right[0].x0 - 1 and c["top"] < right[0].top
    ]
    assert intertitle
    assert max(x.top for x in right) - max(x.top for x in left) < 0.5 * step  # laid out as it
    # comes, the left column ends a line short (its room of two lines at the foot
    # cannot hold the intertitle's first lines)
    loose = [line.text for line in left if line.spaces and max(line.spaces) > LOOSE_EM * 9.5]
    assert loose == []  # the paragraph set a line looser keeps its word spaces
    source = source_words((filled["manuscript"] / "artikel.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(filled["path"])) == []


def test_with_the_intertitle_close_the_left_column_ends_a_line_short_at_most(filled_close):
    """print.css's setting: the intertitle opening page 1's right column stands close
    over its text, a line less tall, so the left column's room at the foot is one line:
    less than the foot fill acts on (two lines or more, as a hole), and it stays so.
    A known cost of the close setting, measured here: at most one line short."""
    pdf = filled_close["pdf"]
    lines = [line for line in pdf.body_lines(9.5) if line.page == 0]
    left = [line for line in lines if line.column == min(x.column for x in lines)]
    right = [line for line in lines if line.column == max(x.column for x in lines)]
    step = min(b.top - a.top for a, b in zip(left, left[1:]) if b.top > a.top + 1)
    assert max(x.top for x in right) - max(x.top for x in left) < 1.5 * step
