"""The page as a typographer would judge it: columns, intertitles, widows, orphans, balance."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import MANUSCRIPT, run_cli

BODY_SIZE = 9.5


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    font: str

    @property
    def is_intertitle(self) -> bool:
        return "Inter" in self.font and 10.0 < self.size < 10.8


def column_lines(pdf_path) -> list[list[list[Line]]]:
    """Per page, per column (left, right), the lines of the two-column body and its
    intertitles, as pamphletpress.check.pdfread groups them (the opening, box and footer
    are other sizes and left out)."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(pdf_path)
    pages: list[list[list[Line]]] = [[[], []] for _ in pdf.pages]
    for line in pdf.column_lines(BODY_SIZE, also=(10.5,)):
        if line.column in (0, 1):
            pages[line.page][line.column].append(
                Line(line.text, line.x0, line.x1, line.top, line.size, line.font)
            )
    return pages


@pytest.fixture(scope="module")
def pages(built):
    return column_lines(built["pdf"])


def _column_edges(pages) -> tuple[float, float, float, float]:
    lefts = [line for page in pages for line in page[0] if not line.is_intertitle]
    rights = [line for page in pages for line in page[1] if not line.is_intertitle]
    return (
        min(line.x0 for line in lefts),
        max(line.x1 for line in lefts),
        min(line.x0 for line in rights),
        max(line.x1 for line in rights),
    )


def _ends_paragraph(line: Line, right_edge: float) -> bool:
    return line.x1 < right_edge - 4 or line.text.endswith("■")


def _starts_paragraph(line: Line, left_edge: float, previous: Line | None) -> bool:
    return line.x0 > left_edge + 4 or previous is None or previous.is_intertitle


def test_every_intertitle_is_followed_by_text_in_its_column(pages):
    count = 0
    for columns in pages:
        for column in columns:
            for index, line in enumerate(column):
                if line.is_intertitle:
                    count += 1
                    following = column[index + 1 :]
                    assert any(not other.is_intertitle for other in following), (
                        f"intertitle at the foot of a column: {line.text}"
                    )
    assert count >= 5  # five intertitles, some on two lines


def test_no_orphans_and_no_widows(pages):
    left0, left1, right0, right1 = _column_edges(pages)
    flow = [
        (line, side) for columns in pages for side, column in enumerate(columns) for line in column
    ]
    for position, (line, side) in enumerate(flow):
        edge0, edge1 = (left0, left1) if side == 0 else (right0, right1)
        previous = flow[position - 1][0] if position else None
        following = flow[position + 1][0] if position + 1 < len(flow) else None
        column_end = following is None or flow[position + 1][1] != side or following.top < line.top
        column_start = previous is None or flow[position - 1][1] != side or previous.top > line.top
        if line.is_intertitle:
            continue
        if column_end and following is not None and not following.is_intertitle:
            # An orphan: a paragraph's first line alone at the foot of a column.
            assert not (
                _starts_paragraph(line, edge0, previous if not column_start else None)
                and not _ends_paragraph(line, edge1)
            ), f"orphan: {line.text}"
        if column_start and previous is not None and not previous.is_intertitle:
            # A widow: a paragraph's last line alone at the head of a column.
            prev_edge1 = left1 if flow[position - 1][1] == 0 else right1
            indented = line.x0 > edge0 + 4
            assert not (
                _ends_paragraph(line, edge1) and not _ends_paragraph(previous, prev_edge1)
                and not indented
            ), f"widow: {line.text}"  # fmt: skip


def test_last_page_columns_balanced(pages):
    """The columns of the article's last page end within one line of each other."""
    last = [columns for columns in pages if columns[0] or columns[1]][-1]
    assert last[0] and last[1]
    left_end, right_end = last[0][-1].top, last[1][-1].top
    assert abs(left_end - right_end) <= 12.5 + 0.5, (left_end, right_end)


def test_same_manuscript_same_pdf(built, tmp_path):
    """Built again, the article's PDF is the session's first one, byte for byte."""
    again = tmp_path / "again.pdf"
    assert run_cli("pdf", str(MANUSCRIPT), "-o", str(again)).returncode == 0
    assert again.read_bytes() == built["pdf"].read_bytes()


def _synthetic(lines_left, lines_right):
    def make(spec, x_start):
        out = []
        for number, (indent, full, text) in enumerate(spec):
            x0 = x_start + (9.5 if indent else 0)
            x1 = x_start + (200 if full else 120)
            out.append(Line(text, x0, x1, 100 + 12.5 * number, BODY_SIZE, "Charis-SIL"))
        return out

    return [[make(lines_left, 92), make(lines_right, 305)]]


def test_the_checks_can_fail():
    """The detectors above catch a real orphan, widow and stranded intertitle."""
    orphan = _synthetic(
        [(False, True, "a"), (False, False, "end."), (True, True, "first line of a paragraph")],
        [(False, True, "second line"), (False, False, "end.")],
    )
    with pytest.raises(AssertionError, match="orphan"):
        test_no_orphans_and_no_widows(orphan)
    widow = _synthetic(
        [(True, True, "first"), (False, True, "middle")],
        [(False, False, "last line alone."), (True, True, "next"), (False, False, "end.")],
    )
    with pytest.raises(AssertionError, match="widow"):
        test_no_orphans_and_no_widows(widow)
    stranded = _synthetic([(True, False, "x.")], [(False, False, "y.")])
    stranded[0][0].append(Line("Tussenkop", 92, 150, 300, 10.5, "Inter-Bold"))
    with pytest.raises(AssertionError, match="intertitle"):
        test_every_intertitle_is_followed_by_text_in_its_column(stranded)


def test_paragraph_composer_goals(built):
    """The issue's goals for the article at its measure, on the real PDF."""
    from pamphletpress.check.typometrics import measure_pdf

    figures = measure_pdf(built["pdf"], BODY_SIZE).as_dict()
    assert figures["body_lines"] > 300
    assert figures["hyphenated_share"] <= 0.20
    assert figures["longest_hyphen_run"] <= 2
    assert figures["widest_space_em"] <= 0.60
    assert figures["loose_share"] <= 0.03
    assert figures["overruns"] == 0
    assert figures["trema_starts"] == 0
    assert 40 <= figures["median_chars"] <= 50


def test_no_column_or_page_ends_in_a_hyphen(pages):
    for number, columns in enumerate(pages, 1):
        for column in columns:
            body = [line for line in column if not line.is_intertitle]
            if body:
                assert not body[-1].text.endswith(("-", "\u2010")), (number, body[-1].text)
