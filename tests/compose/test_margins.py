"""Optical margin alignment: marks at a justified line's ends hang out of the column.

The breaker counts what a line's last and first glyphs hang out as room (pure
tests, one unit a character as in test_breaker.py); the composer takes the
amounts from print.css's protrusion table and writes them as negative margins;
the PDF read back shows the letters flush and the marks outside.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pamphletpress.compose import compose_paragraph
from pamphletpress.compose.breaker import (
    FILL,
    INFINITY,
    Box,
    Glue,
    LineRule,
    Params,
    Penalty,
    break_lines,
    keeps,
)
from pamphletpress.compose.items import paragraph_items, read_text
from pamphletpress.compose.setup import Protrusion
from pamphletpress.read.design import read_design
from tests.compose.test_breaker import lines_of as breaker_lines
from tests.compose.test_compose import BODY, COLUMN, MM, TEXT, lines_of, render, setup

ROOT = Path(__file__).resolve().parents[2]
DESIGN = read_design([ROOT / "styles" / "print.css"])
HANGS = "-\u2010.,:;\u2013\u2014\u2019\u201d'\""


def unit_items(text: str, hangs: dict[str, float] | None = None) -> list:
    """One unit a character; a word space is 1 that stretches by 1 and shrinks by
    1/2; a line ending in a word whose last character is in ``hangs`` may let it
    stand out by that much; ``|`` marks a hyphen (one unit, hanging fully)."""
    hangs = hangs or {}
    items: list = []
    words = text.split()
    for k, word in enumerate(words):
        parts = word.split("|")
        for j, part in enumerate(parts):
            items.append(Box(len(part), part))
            if j < len(parts) - 1:
                items.append(Penalty(1, 50, True, value="-", hang=hangs.get("-", 0.0)))
        if k < len(words) - 1:
            following = words[k + 1][0]
            items.append(
                Glue(1, 1, 0.5, " ", hangs.get(word[-1], 0.0), hangs.get("open" + following, 0))
            )
    return items + [Glue(0, FILL, 0), Penalty(0, -INFINITY)]


# ── The breaker ──────────────────────────────────────────────────────────


def test_a_hanging_full_stop_lets_the_line_take_its_word():
    """ "aaaa bbb." is 9 units, one space shrinking by half a unit: too wide for 8
    unless its full stop stands out of the column."""
    text = "aaaa bbb. cccc dd"
    flat = unit_items(text)
    hung = unit_items(text, {".": 1.0})
    assert breaker_lines(flat, break_lines(flat, [8])) == ["aaaa", "bbb.", "cccc dd"]
    assert breaker_lines(hung, break_lines(hung, [8])) == ["aaaa bbb.", "cccc dd"]


def test_a_hanging_hyphen_counts_as_room():
    """ "aaaa bbb-" is 9 units with its hyphen: it fits 8 only when the hyphen hangs."""
    text = "aaaa bbb|ccc dddd"
    flat = unit_items(text)
    hung = unit_items(text, {"-": 1.0})
    assert breaker_lines(hung, break_lines(hung, [8])) == ["aaaa bbb-", "ccc dddd"]
    assert breaker_lines(flat, break_lines(flat, [8]))[0] != "aaaa bbb-"


def test_an_opening_quote_hangs_at_the_next_line_and_the_first():
    """The next line's first glyph (``post_hang``) and the paragraph's (``lead``)."""
    text = "aaaa bbbb “cccc dddd eeee"
    flat = unit_items(text)
    hung = unit_items(text, {"open“": 1.0})
    # "“cccc dddd" is 10: a line of 9 only when its quote hangs.
    assert "“cccc dddd" not in breaker_lines(flat, break_lines(flat, [9]))
    assert breaker_lines(hung, break_lines(hung, [9])) == ["aaaa bbbb", "“cccc dddd", "eeee"]
    first = [Box(9, "“aaaaaaaa"), Glue(0, FILL, 0), Penalty(0, -INFINITY)]
    assert keeps(first, [8], Params(), LineRule(1, ()), lead=-1.0)
    assert not keeps(first, [8], Params(), LineRule(1, ()))


def test_hanging_evens_the_spacing_of_a_paragraph():
    """With marks hanging, the loosest line of a long text is no looser, and the
    breaker uses the hangs (some line's natural width exceeds the measure)."""
    text = (
        "In olden times when wishing still helped one, there lived a king whose daughters "
        "were all beautiful; and the youngest was so beautiful that the sun itself, which "
        "has seen so much, was astonished whenever it shone in her face. Close by the "
        "king's castle lay a great dark forest, and under an old lime-tree in the forest "
        "was a well, and when the day was very warm, the king's child went out into the "
        "forest and sat down by the side of the cool fountain."
    )
    hangs = {".": 1.0, ",": 0.5, ";": 0.5}
    for width in (28, 33, 38, 45):
        flat = unit_items(text)
        hung = unit_items(text, hangs)
        worst = [_loosest(items, break_lines(items, [width]), width) for items in (flat, hung)]
        assert worst[1] <= worst[0] + 1e-9, width
    used = _loosest(hung, break_lines(hung, [33]), 33, overfull=True)
    assert used > 0


def _loosest(items, breaks, width, overfull=False) -> float:
    """The largest stretch ratio of a non-final line, counting its hang as room
    (or, with ``overfull``, how far the widest line's natural width passes ``width``)."""
    worst, start = 0.0, 0
    for end in breaks[:-1]:
        line = [item for item in items[start:end] if not isinstance(item, Penalty)]
        while line and isinstance(line[0], Glue):
            line.pop(0)
        natural = sum(item.width for item in line)
        stretch = sum(item.stretch for item in line if isinstance(item, Glue))
        if isinstance(items[end], Penalty):
            natural += items[end].width
        hang = items[end].hang
        if start and isinstance(items[start - 1], Glue | Penalty):
            hang += items[start - 1].post_hang
        if overfull:
            worst = max(worst, natural - width)
        elif stretch:
            worst = max(worst, (width + hang - natural) / stretch)
        start = end + 1
    return worst


# ── The composer and the page ─────────────────────────────────────────────


def protruding_setup(limit: float | None = None, **options):
    assert DESIGN is not None and DESIGN.protrusion
    limit = DESIGN.column_gap / 2 if limit is None else limit
    return setup(protrusion=Protrusion.from_table(DESIGN.protrusion, "charis", limit), **options)


def test_the_table_reads_as_print_css_states_it():
    table = Protrusion.from_table(DESIGN.protrusion, "charis", 7.0)
    assert table.right["-"] == table.right["\u2010"] == table.right["."] == 1.0
    assert table.right[","] == 0.7 and table.left["\u201c"] == 0.5
    assert Protrusion.from_table(DESIGN.protrusion, "no such face", 7.0) is None


def test_items_hang_by_the_share_of_the_glyph_and_never_past_the_limit():
    s = protruding_setup()
    text = read_text(etree.fromstring("<p>Een zin. Nog een, en “dan” zee-en.</p>"), s.fonts)
    items = paragraph_items(text, s)
    glues = {text.chars[g.value - 1]: g for g in items if isinstance(g, Glue) and g.value}
    face = s.fonts.fonts["regular"]
    assert glues["."].hang == pytest.approx(face.width(".", BODY))
    assert glues[","].hang == pytest.approx(face.width(",", BODY) * s.protrusion.right[","])
    assert glues["n"].post_hang > 0  # before “dan”
    tight = paragraph_items(text, protruding_setup(limit=0.5))
    assert max(item.hang for item in tight if isinstance(item, Glue | Penalty)) == 0.5


def test_ragged_text_hangs_only_at_the_left():
    s = protruding_setup(ragged=True)
    text = read_text(etree.fromstring("<p>Een zin. “Nog” een.</p>"), s.fonts)
    items = paragraph_items(text, s)
    breaks = [item for item in items if isinstance(item, Glue | Penalty)]
    assert all(item.hang == 0 for item in breaks)
    assert any(item.post_hang > 0 for item in breaks)


@pytest.fixture(scope="module")
def hung_page(tmp_path_factory):
    """Three paragraphs composed with the table, rendered in two columns, read back."""
    from pamphletpress.check.typometrics import measure_pdf

    s = protruding_setup()
    quoted = "“Een zin die begint met een aanhalingsteken,” zei zij, " + TEXT
    body, planned = [], []
    for number, text in enumerate([TEXT, quoted, TEXT.replace("De reactie", "Het antwoord")]):
        p = etree.fromstring(f"<p>{text}</p>")
        assert compose_paragraph(p, s, indent=number == 2)
        planned += lines_of(p)
        body.append(etree.tostring(p, encoding="unicode", method="html"))
    path = render(tmp_path_factory.mktemp("margins"), f"<div class='columns'>{''.join(body)}</div>")
    return {"figures": measure_pdf(path, BODY), "planned": planned}


def test_marks_hang_out_and_the_letters_stand_flush(hung_page):
    figures = hung_page["figures"]
    assert [line.text for line in figures.lines] == [
        " ".join(x.split()) for x in hung_page["planned"]
    ]
    assert figures.overruns == 0
    left = min(line.letters_x0 for line in figures.lines if line.column == 0)
    hanging = 0
    for line in figures.lines[:-1]:
        edge = left + COLUMN + line.column * (COLUMN + 5 * MM)
        if line.x1 < edge - 1:  # a paragraph's last line
            continue
        last = max((c for c in line.chars if not c["text"].isspace()), key=lambda c: c["x0"])
        if last["text"] in "-\u2010.":  # hangs fully: the letters end at the edge
            hanging += 1
            assert line.letters_x1 == pytest.approx(edge, abs=0.35), line.text
            assert last["x0"] == pytest.approx(edge, abs=0.35), line.text
        elif last["text"] not in HANGS:
            assert line.x1 == pytest.approx(edge, abs=0.3), line.text
        assert line.x1 <= edge + 5 * MM / 2  # never past half the gutter
    assert hanging >= 3
    # The opening quote stands out by half its width (print.css's table).
    quote = setup().fonts.fonts["regular"].width("\u201c", BODY)
    (opening,) = [line for line in figures.lines if line.text.startswith("\u201c")]
    assert opening.x0 == pytest.approx(left - quote / 2, abs=0.2)


def test_the_edge_figure_is_small_with_marks_hanging(hung_page):
    figures = hung_page["figures"]
    assert 0 < figures.right_edge_deviation_pt < 0.3
    assert figures.left_edge_deviation_pt < 0.3


def test_the_article_hangs_its_marks_within_half_the_gutter(built, pdf_report):
    """The repository's article as the CLI builds it, read back: its hyphens and
    full stops stand out of the column (many lines), never past half the gutter,
    its letters flush; and its spacing within the issue's goals. (After the
    article's preflight, whose read of the PDF it shares.)"""
    from pamphletpress.check import pdfread
    from pamphletpress.check.typometrics import column_edges, measure

    figures = measure(pdfread.read(built["pdf"]), BODY)
    assert pdf_report.figures["typography"] == figures.as_dict()
    edges = column_edges(figures.lines)
    hung = 0
    for line in figures.lines:
        edge = edges[(line.page, line.column)]
        assert line.x1 <= edge + DESIGN.column_gap / 2, line.text
        if line.hangs and line.x1 > edge + 1.0:
            hung += 1
            assert line.letters_x1 < edge + 0.5, line.text
    assert hung >= 40
    assert figures.overruns == 0
    assert figures.right_edge_deviation_pt < 0.3  # 0.81 pt before the marks hung
    assert figures.worst_column_deviation_pt < 0.35  # 0.67 pt before
    # The left edge holds only the few opening quotes: both edges together do better.
    assert figures.edge_deviation_pt <= figures.right_edge_deviation_pt
    assert figures.widest_space_em <= 0.55
    assert figures.loose_share <= 0.01


def test_past_the_widest_gap_the_letters_take_the_slack():
    """A line with few spaces and much slack: its gaps stop at ``widest_gap`` while
    its letters can take the rest; past their limit the spaces open again."""
    from pamphletpress.compose.lines import Line, share

    s = setup()
    space = s.fonts.fonts["regular"].width(" ", BODY)
    line = Line(0, 40, None, "", natural=180.0, shrink=0.0, spaces=6)

    def gap(room: float) -> float:
        word, letter = share(line, room, s, letters=True)
        assert 6 * word + line.length * letter == pytest.approx(room - line.natural)
        return (space + word + 2 * letter) / BODY

    assert gap(190.0) < s.spacing.widest_gap  # a little slack: shared as before
    assert gap(198.0) == pytest.approx(s.spacing.widest_gap)
    word, letter = share(line, 210.0, s, letters=True)
    assert letter == pytest.approx(s.spacing.letter_limit * BODY)
    assert gap(210.0) > s.spacing.widest_gap


#: English running text whose words often end in y, w or v, and lines that
#: begin with T, V, W or Y: the letters pdf.protrude_letters hangs.
LETTERS_TEXT = " ".join(
    [
        "They say the city grew slowly, yet every day the narrow way by the river",
        "was busy with many a boy and many a lady who would carry heavy bags of rye",
        "and barley to the ferry. We know how they lived only by the diary of a",
        "young lawyer who wrote it all down: the dry July, the early snow, the new",
        "law, the tiny library by the quay. Years later, Victor, Walter and Tony",
        "Young would copy every entry by hand. Very few copies survive today, yet",
        "they show plainly how a busy city may grow when every family has its way.",
    ]
)


def _letters_project(tmp_path: Path, on: bool) -> Path:
    from tests.projects import make_project

    text = f"---\ntitle: Letters\nlang: en\n---\n\n{LETTERS_TEXT}\n\n{LETTERS_TEXT}\n"
    project = make_project(tmp_path, text)
    if on:
        (project / "pamphletpress.yml").write_text("pdf:\n  protrude_letters: ja\n")
    return project


@pytest.fixture(scope="module")
def letter_pdfs(tmp_path_factory):
    """The same English page built by the CLI with the setting off and on."""
    from tests.conftest import run_cli

    built = {}
    for on in (False, True):
        project = _letters_project(tmp_path_factory.mktemp(f"letters-{on}"), on)
        result = run_cli("pdf", "-o", "output/letters.pdf", cwd=project)
        assert result.returncode == 0, result.stderr
        built[on] = project / "output" / "letters.pdf"
    return built


def _letter_ends(path: Path) -> list[tuple[str, float, float]]:
    """(letter, how far it stands past its column's edge, its width) for each
    justified line that ends in a letter the setting may hang."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.pdfread.lines import HANGING_LETTERS
    from pamphletpress.check.typometrics import column_edges

    lines = pdfread.read(path).body_lines(BODY)
    edges = column_edges(lines)
    found = []
    for line in lines:
        edge = edges[(line.page, line.column)]
        last = max((c for c in line.chars if not c["text"].isspace()), key=lambda c: c["x1"])
        if last["text"] in HANGING_LETTERS and line.x1 > edge - 0.5:
            found.append((last["text"], last["x1"] - edge, last["x1"] - last["x0"]))
    return found


def test_letters_hang_only_with_the_setting(letter_pdfs):
    """pdf.protrude_letters off (the default): a line ending in y, w or v ends
    on the column's edge like any letter; on: the letter stands out of it by
    its share in print.css (a fifth of a y, a quarter of a capital), and check
    takes it for no overrun nor text beyond the text block."""
    from pamphletpress.check.preflight import check_pdf
    from pamphletpress.check.typometrics import measure_pdf

    off, on = _letter_ends(letter_pdfs[False]), _letter_ends(letter_pdfs[True])
    assert len(off) >= 3 and len(on) >= 3, (off, on)
    assert all(abs(past) < 0.35 for _letter, past, _width in off), off
    for letter, past, width in on:
        share = 0.25 if letter.isupper() else 0.2
        assert past == pytest.approx(share * width, abs=0.35), (letter, past, width)
    assert sum(past for _letter, past, _width in on) > 0.5 * len(on)
    assert measure_pdf(letter_pdfs[True], BODY).overruns == 0
    report = check_pdf(letter_pdfs[True], separations=False)
    assert not [f for f in report.findings if f.code == "pdf-text-block" and f.verdict != "pass"]
