"""Tables, captions and addresses as a typographer sets them, read back from the PDF.

One small project (``typeset_tables.py``: a table of labels, running text and
numbers; a table that goes on in the next column; a credited photo; long
addresses in the text) is built once by the CLI and its glyphs read back.
"""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.write.typeset_tables import (
    ADDRESSES,
    BOX_LABELS,
    BOX_LIST_LABELS,
    CAPTION,
    CREDIT,
    LABELS,
    LIST_LABELS,
    MERGED_NUMBERS,
    MERGED_REMARK,
    NUMBERS,
    TABLE_CAPTION,
    TOWNS,
    make_nested_project,
    make_tables_project,
)

#: The tables' and captions' size (print.css's --table-size, --caption-size) and leading.
SMALL, LEADING = 7.5, 10.0
#: A box's text size (print.css's --box-size).
BOX_SIZE = 8.5
#: What ends a line broken inside a word: the composer's hyphen, or a plain one.
HYPHENS = ("\u2010", "-", "\u00ad")


def _built(project, name: str):
    """``project``'s PDF as ``name``, built by the CLI, read back once (check/pdfread)."""
    from pamphletpress.check.pdfread import read

    result = run_cli("pdf", "-o", f"output/{name}", cwd=project)
    assert result.returncode == 0, result.stderr
    return read(project / "output" / name)


@pytest.fixture(scope="session")
def tables_pdf(tmp_path_factory):
    """The project's PDF, built once, read back once."""
    return _built(make_tables_project(tmp_path_factory.mktemp("tables")), "tabellen.pdf")


@pytest.fixture(scope="session")
def nested_pdf(tmp_path_factory):
    """The merged, listed and boxed tables' PDF, built once, read back once."""
    return _built(make_nested_project(tmp_path_factory.mktemp("nested")), "samengevoegd.pdf")


def _small_lines(pdf, size: float = SMALL) -> list[dict]:
    """The lines of every cell and caption, as segments (check/cells.py)."""
    from pamphletpress.check.cells import cell_lines

    return cell_lines(pdf, size)


def _cell_runs(segments: list[dict]) -> list[list[dict]]:
    """A cell's (or a caption's) lines, top to bottom (check/cells.py)."""
    from pamphletpress.check.cells import cell_runs

    return cell_runs(segments, LEADING)


def test_a_label_column_holds_its_longest_word_whole(tables_pdf):
    """Each label, the longest word of its cell, stands unbroken on one line, and
    the label column's text starts flush with the column's text."""
    texts = [s["text"] for s in _small_lines(tables_pdf)]
    for label in LABELS:
        assert label in texts, label
    assert not [t for t in texts if t.endswith(HYPHENS) and t.rstrip("".join(HYPHENS)) in
                ("Ge", "Gebruiks", "Referentie", "Referen")]  # fmt: skip


def test_no_word_in_a_cell_broken_twice_nor_three_hyphens_in_a_row(tables_pdf):
    """A cell's text is composed (ragged right, hyphenated): a word is broken at
    most once (no line that is only the middle of a word) and at most two lines
    in a row end in a hyphen."""
    runs = _cell_runs(_small_lines(tables_pdf))
    broken = 0
    for run in runs:
        ends = [line["text"].endswith(HYPHENS) for line in run]
        broken += sum(ends)
        for above, line, hyphen_above in zip(run, run[1:], ends, strict=False):
            middle = " " not in line["text"] and line["text"].endswith(HYPHENS)
            assert not (hyphen_above and middle), (above["text"], line["text"])
        assert "True, True, True" not in ", ".join(map(str, ends)), [s["text"] for s in run]
    assert broken  # the running text column is hyphenated: the test sees breaks
    from pamphletpress.check.cells import broken_twice

    assert broken_twice(tables_pdf, SMALL, LEADING) == []


def test_numbers_stand_right_on_their_decimal_comma_in_tabular_figures(tables_pdf):
    """The number column is right-aligned on the decimal comma: every comma at
    one x, a whole number ending where the commas begin; its figures are all
    as wide (tabular)."""
    by_text = {}
    for segment in _small_lines(tables_pdf):
        if segment["text"] in NUMBERS and segment["page"] == 1:
            by_text.setdefault(segment["text"], segment)
    assert set(by_text) == set(NUMBERS)
    commas = [
        next(c["x0"] for c in reversed(s["chars"]) if c["text"] == ",")
        for s in by_text.values()
        if "," in s["text"]
    ]
    assert max(commas) - min(commas) < 0.05, commas
    whole = [s["x1"] for text, s in by_text.items() if "," not in text]
    assert max(whole) - min(whole) < 0.05 and min(commas) - max(whole) < 1.0
    assert max(commas) - min(commas) < 0.05
    digits = {
        round(c["adv"], 3) for s in by_text.values() for c in s["chars"] if c["text"].isdigit()
    }
    assert len(digits) == 1, digits


def test_a_table_that_goes_on_repeats_its_header_row(tables_pdf):
    """The towns' table fits the column and continues in the next one: its header
    row stands above each part, and no row is split (each town beside its numbers)."""
    segments = _small_lines(tables_pdf)
    towns = [s for s in segments if s["text"] in TOWNS]
    parts = {(s["page"], s["x0"] > 300) for s in towns}
    headers = {(s["page"], s["x0"] > 300) for s in segments if s["text"] == "Gemeente"}
    assert len(parts) >= 2 and headers == parts
    assert len({s["text"] for s in towns}) == len(set(TOWNS))
    for town in towns:
        beside = [s for s in segments if s["page"] == town["page"] and s["top"] == town["top"]]
        assert any(s["text"].endswith("%") for s in beside), town["text"]


def test_a_row_of_several_lines_is_never_split(tables_pdf):
    """Each row of running text begins with its label on the same page as its last line."""
    segments = _small_lines(tables_pdf)
    for number, label in enumerate(LABELS, start=1):
        last = next(s for s in segments if s["text"].endswith(f"({number})."))
        start = next(s for s in segments if s["text"] == label)
        assert start["page"] == last["page"] and 0 < last["top"] - start["top"] < 5 * LEADING


def test_a_caption_is_composed_ragged_and_keeps_its_credit_whole(tables_pdf):
    """The caption's lines are the composer's: flush left, ragged, none
    longer than the picture is wide, every word there, and the short credit on
    one line."""
    runs = _cell_runs(_small_lines(tables_pdf))
    caption = next(r for r in runs if r[0]["text"].startswith(CAPTION.split()[0]))
    words = " ".join(line["text"] for line in caption).replace("\u00a0", " ")
    words = words.replace("\u2010 ", "")  # a word hyphenated over two lines, joined
    assert " ".join(words.split()) == f"{CAPTION}. {CREDIT}"
    assert any(CREDIT in line["text"].replace("\u00a0", " ") for line in caption)
    assert len({round(line["x0"], 1) for line in caption}) == 1
    assert len({round(line["x1"]) for line in caption[:-1]}) > 1  # ragged, not justified


def _breaks_of(address: str, lines: list[str]) -> list[int]:
    """Where the printed ``address`` broke over ``lines`` (the columns' lines, in
    any order): positions in the address. Its start ends one line; each part
    after a break begins another."""
    tokens = [line.split() for line in lines if line.split()]
    first = next(
        (t[-1].lstrip("(") for t in tokens if address.startswith(t[-1].lstrip("(")) and
         len(t[-1].lstrip("(")) < len(address)), None,
    )  # fmt: skip
    assert first, f"{address} is not broken over lines"
    breaks, position = [len(first)], len(first)
    while position < len(address):
        rest = address[position:]
        part = next(
            (t for t in tokens if t[0] and (rest.startswith(t[0]) or t[0].startswith(rest))), None
        )
        assert part, (address, rest)
        if part[0].startswith(rest):
            break
        position += len(part[0])
        breaks.append(position)
        assert len(part) == 1, (address, part)  # a middle part: a line of its own
    return breaks


def test_a_tables_caption_is_composed_over_it(tables_pdf):
    """``Tabel 2: …`` before the table is its caption, composed in bold ragged right
    over the table, its lines flush with the table's left edge."""
    runs = _cell_runs(_small_lines(tables_pdf))
    caption = next(r for r in runs if r[0]["text"].startswith("Tabel 2:"))
    assert " ".join(" ".join(line["text"] for line in caption).split()) == TABLE_CAPTION
    assert all("Bold" in c["fontname"] for line in caption for c in line["chars"])
    header = min(
        (s for s in _small_lines(tables_pdf) if s["text"] == "Gemeente"),
        key=lambda s: (s["page"] != caption[-1]["page"], abs(s["top"] - caption[-1]["top"])),
    )  # the first header row, under the caption
    assert abs(caption[0]["x0"] - header["x0"]) < 0.5 and caption[-1]["top"] < header["top"]


def test_a_wide_tables_rows_and_the_text_after_it_stand_on_the_body_grid(tables_pdf):
    """The label table goes across both columns: its header's and every row's
    first baseline on a body line, and the body lines under it too, as the text
    above it (the step space over it merged with its top margin: its rows stood
    3.7 pt off the grid)."""
    segments = _small_lines(tables_pdf)
    rows = [s for s in segments if s["text"] in (*LABELS, "Eigenschap")]
    assert len(rows) == len(LABELS) + 1 and len({s["page"] for s in rows}) == 1
    page = rows[0]["page"]
    values = [s for s in segments if s["page"] == page and s["text"] in NUMBERS]
    assert max(s["x1"] for s in values) > 400 > 200 > rows[0]["x0"]  # across the gutter
    body = [line for line in tables_pdf.column_lines(9.5) if line.page + 1 == page]
    above = [b for b in body if b.top < rows[0]["top"]]
    below = [b for b in body if b.top > rows[-1]["top"]]
    assert above and below
    base = min(_line_baseline(b) for b in above)
    for baseline in [*map(_baseline, rows), *map(_line_baseline, below)]:
        off = (baseline - base) % 12.5
        assert min(off, 12.5 - off) < 0.3, round(off, 2)


def _line_baseline(line) -> float:
    """A body line's baseline (pt from the page's top, by its first glyph's matrix)."""
    return -line.chars[0]["matrix"][5]


def test_body_text_after_a_figure_and_a_table_stays_on_the_grid(tables_pdf):
    """Captioned figure and tables take whole body lines: every body line of a page
    stands on the same 12.5 pt grid as the first (--body-leading)."""
    lines = tables_pdf.column_lines(9.5)
    for page in {line.page for line in lines}:
        tops = [line.top for line in lines if line.page == page]
        offsets = [(top - tops[0]) % 12.5 for top in tops]
        assert all(min(o, 12.5 - o) < 0.3 for o in offsets), (page, offsets)


def test_an_address_breaks_only_before_a_mark_or_after_a_slash(tables_pdf):
    """Printed addresses break before ``. - _ ? # % ~ &`` or after ``/``, never
    after a character that looks like a word's break, never with a hyphen added."""
    from pamphletpress.compose.addresses import BREAK_BEFORE
    from pamphletpress.write.printed_addresses import short_address

    lines = [line.text for line in tables_pdf.column_lines(9.5)]
    seen = 0
    for address in map(short_address, ADDRESSES):
        for position in _breaks_of(address, lines):
            before, after = address[position - 1], address[position]
            seen += 1
            assert before not in BREAK_BEFORE, (address, position)
            assert before == "/" or after in BREAK_BEFORE, (address, position)
    assert seen >= len(ADDRESSES)  # each address long enough to break


def test_the_article_says_what_it_did(tables_pdf):
    """Every word of the table, the caption and the text is in the PDF."""
    from pamphletpress.check.pdftext import pdf_lines

    printed = " ".join(pdf_lines(tables_pdf.path)).replace("\u00a0", " ")
    for word in ["Toelichting", "Diensten", "Aandeel", *TOWNS[-3:], "Fotograaf"]:
        assert word in printed, word


def _near(segments: list[dict], text: str, anchor: dict) -> dict:
    """The segment reading ``text`` on ``anchor``'s page nearest to it."""
    found = [s for s in segments if s["text"] == text and s["page"] == anchor["page"]]
    assert found, text
    return min(found, key=lambda s: abs(s["top"] - anchor["top"]) + abs(s["x0"] - anchor["x0"]))


def _comma(segment: dict) -> float:
    return next(c["x0"] for c in reversed(segment["chars"]) if c["text"] == ",")


def test_merged_cells_are_set_like_the_others(nested_pdf):
    """A table with a heading over two columns, a label over two rows and a remark
    across two columns: each number column stands on its decimal comma (the row
    beside the two-row label included), the labels whole, and the remark composed
    at the width of both columns, flush with the heading over them."""
    segments = _small_lines(nested_pdf)
    heading = next(s for s in segments if s["text"] == "Begroting")
    for column in MERGED_NUMBERS:
        cells = [_near(segments, text, heading) for text in column]
        whole = [c["x1"] for c in cells if "," not in c["text"]]
        commas = [_comma(c) for c in cells if "," in c["text"]]
        assert max(whole) - min(whole) < 0.05, column
        assert all(-0.05 <= comma - whole[0] < 1.0 for comma in commas), column
        assert all(c["x0"] > heading["x0"] - 0.5 for c in cells)
    texts = [s["text"] for s in segments]
    assert {"Gebruiksvoorwaarden", "Referentie-implementatie", "Onderhoud"} <= set(texts)
    runs = _cell_runs(segments)
    remark = next(r for r in runs if r[0]["text"].startswith(MERGED_REMARK.split()[0] + " "))
    words = " ".join(line["text"] for line in remark).replace("\u2010 ", "")
    assert " ".join(words.split()) == MERGED_REMARK
    assert abs(remark[0]["x0"] - heading["x0"]) < 0.5
    first_column = _near(segments, MERGED_NUMBERS[0][0], heading)
    assert max(line["x1"] for line in remark) > first_column["x1"] + 6  # across both


def _column_edges(pdf, page: int, x: float) -> tuple[float, float]:
    """The left and right edge of the body column at ``x`` on ``page``."""
    lines = [ln for ln in pdf.column_lines(9.5) if ln.page + 1 == page]  # (pages from 1)
    side = [ln for ln in lines if (ln.x0 < 300) == (x < 300)]
    return min(ln.x0 for ln in side), max(ln.x1 for ln in side)


def test_a_table_in_a_list_item_is_sized_within_it(nested_pdf):
    """A table in a list item: its labels whole beside a long text (WeasyPrint's
    automatic layout would share the width out by length and break them), the
    table indented with the item's text, within the column."""
    segments = _small_lines(nested_pdf)
    labels = [s for s in segments if s["text"] in LIST_LABELS]
    assert sorted({s["text"] for s in labels}) == sorted(LIST_LABELS)
    left, right = _column_edges(nested_pdf, labels[0]["page"], labels[0]["x0"])
    assert labels[0]["x0"] > left + 5  # the list's inset
    first, last = labels[0], labels[-1]
    rows = [
        s
        for s in segments
        if s["page"] == first["page"]
        and (s["x0"] < 300) == (left < 300)
        and first["top"] - 20 < s["top"] < last["top"] + 80
    ]
    assert max(s["x1"] for s in rows) <= right + 0.5


def test_a_table_in_a_box_is_sized_within_its_padding(nested_pdf):
    """A table in a box across the page: its labels whole beside a long text,
    flush with the box's text."""
    segments = _small_lines(nested_pdf)
    labels = [s for s in segments if s["text"] in BOX_LABELS]
    assert sorted({s["text"] for s in labels}) == sorted(BOX_LABELS)
    intro = next(s for s in _small_lines(nested_pdf, BOX_SIZE) if s["text"].startswith("Een kader"))
    assert abs(intro["x0"] - labels[0]["x0"]) < 0.5
    title = next(s for s in _small_lines(nested_pdf, 9.0) if s["text"] == "OVERZICHT")
    inside = [s for s in segments if s["page"] == title["page"] and s["top"] > title["top"]]
    page = nested_pdf.pages[title["page"] - 1]
    right = page.bbox[2] - title["x0"]  # the box as far in from the right (its padding)
    assert max(s["x1"] for s in inside) <= right + 0.5


def test_a_table_in_a_list_in_a_box_is_sized_within_the_hang(nested_pdf):
    """A table in a box's list item: sized and composed as the others (its labels
    whole beside a long text), flush with the item's text beside the bullet's hang,
    within the box's padding."""
    segments = _small_lines(nested_pdf)
    labels = [s for s in segments if s["text"] in BOX_LIST_LABELS]
    assert sorted({s["text"] for s in labels}) == sorted(BOX_LIST_LABELS)
    item = next(
        s for s in _small_lines(nested_pdf, BOX_SIZE) if s["text"].startswith("Een punt in")
    )
    intro = next(s for s in _small_lines(nested_pdf, BOX_SIZE) if s["text"].startswith("Een kader"))
    assert abs(item["x0"] - labels[0]["x0"]) < 0.5 and item["x0"] > intro["x0"] + 5
    assert item["top"] < labels[0]["top"] < item["top"] + 4 * LEADING  # the bullet's line
    page = nested_pdf.pages[item["page"] - 1]
    rows = [s for s in segments if s["page"] == item["page"] and s["top"] > item["top"]]
    assert max(s["x1"] for s in rows) <= page.bbox[2] - intro["x0"] + 0.5


def _baseline(segment: dict) -> float:
    """Where a segment's glyphs stand (pt from the page's top, by their matrix)."""
    return -segment["chars"][0]["matrix"][5]


def test_a_tables_rows_stand_on_the_body_grid(tables_pdf):
    """The towns' table in the column, on its first page and where it goes on: the
    header's and every row's baseline on a body line (the text across the gutter),
    as a newspaper sets a table on its grid (they stood 1.1 to 5.5 pt off it)."""
    segments = _small_lines(tables_pdf)
    body = [s for s in _small_lines(tables_pdf, 9.5)]
    rows = [s for s in segments if s["text"] in (*TOWNS, "Gemeente")]
    assert len({s["page"] for s in rows}) >= 1 and len(rows) > len(TOWNS)
    for row in rows:
        lines = [_baseline(s) for s in body if s["page"] == row["page"]]
        grid = min(lines)
        off = (_baseline(row) - grid) % 12.5
        assert min(off, 12.5 - off) < 0.3, (row["page"], row["text"], round(off, 2))
