"""Box text and footnotes set by the composer, read back from the PDF.

One small manuscript of our own is built by the CLI: a box across the page
(list items, an item of two paragraphs, a paragraph Inter cannot set), a box
inside a list in the column, and notes (one of two paragraphs, one called from
the box). The PDF shows where the lines stand; the HTML shows who broke them.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections import defaultdict

import pytest
from lxml import html as lxml_html

from tests.conftest import ROOT, run_cli
from tests.words import missing_words, pdf_text, source_words

MM = 72 / 25.4
#: print.css: A4 with 32.5 mm margins either side, 3 mm bleed (pdfplumber's origin).
TEXT_LEFT, TEXT_RIGHT = 32.5 * MM, (210 - 32.5) * MM
BOX_PADDING, HANG, COLUMN_BOX_PADDING = 5 * MM, 4 * MM, 4.0
COLUMN_RIGHT = TEXT_LEFT + 70 * MM

MANUSCRIPT = """---
title: Kaders en noten
author: De redactie
lang: nl
---

Dit is een gewone alinea met een noot[^een] en nog wat tekst om de kolom te vullen met
woorden die lang genoeg zijn om de regels te breken. Een tweede noot staat hier[^twee] en
dan gaan we door met de tekst van de alinea.

- Een lijstitem met een kader erin, en daarna nog wat tekst die een of twee regels vult.

    :::tip[Een tip in de lijst]
    Deze tip staat in een lijstitem in de kolom, smal gezet, met genoeg tekst om over een
    paar regels te lopen, zodat we zien dat de regels binnen het kader blijven en niet
    uitsteken.
    :::

- Tweede item.

Een laatste alinea in de kolom.

:::box[Wij zeggen]
- Stop de oorlog in Oekraïne! Voor het recht van de Oekraïners om over hun eigen toekomst
  te beslissen, inclusief het recht op zelfbeschikking voor minderheden en volken!
- Een item met *nadruk* en **vet** en een noot[^drie] in het kader.
- Een item met twee alinea's.

    De tweede alinea van het item, die ook over meer dan een regel loopt omdat ze lang
    genoeg is om de volle breedte van het kader te vullen, en dan nog wat verder.

Een alinea in het kader, na de lijst, met ***vet en cursief*** dat Inter niet heeft.
:::

:::box[Genummerd]
1. Het eerste punt van de genummerde lijst.
2. Het tweede punt:
    - een geneste lijst in het kader.
:::

[^een]: De eerste noot, kort.
[^twee]: De tweede noot is langer en loopt over meer dan een regel aan de voet van de
    pagina, want ze bevat een hoop uitleg over de bronnen van deze alinea: de jaarverslagen
    van de bedrijven, de cijfers van het statistiekbureau over de inflatie in de afgelopen
    twee jaar en de loonstrookjes die de havenwerkers zelf bij de bond inleverden.

    En een tweede alinea in de noot.
[^drie]: Een noot uit het kader.
"""

#: Runs of text the composer is given: 4 in the column (a paragraph, two list
#: items, the last paragraph), 1 in the tip, 5 in the box (three items, the
#: second paragraph of one, the paragraph after the list), 3 in the numbered
#: box (an item, an item's text before its nested list, the nested item), 4 in
#: the notes (two paragraphs in the second). One cannot be set: bold italic in Inter.
RUNS, LEFT = 4 + 1 + 5 + 3 + 4, 1


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import pdfplumber

    project = tmp_path_factory.mktemp("kaders")
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, project / name)
    (project / "manuscript").mkdir()
    (project / "manuscript" / "kaders.md").write_text(MANUSCRIPT, encoding="utf-8")
    pdf = run_cli("pdf", "-v", "-o", "output/kaders.pdf", cwd=project)
    assert pdf.returncode == 0, pdf.stderr
    page_html = run_cli("html", "-o", "output/kaders.html", cwd=project)
    assert page_html.returncode == 0, page_html.stderr
    path = project / "output" / "kaders.pdf"
    with pdfplumber.open(path) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        chars = [dict(c) for c in page.chars]
        creator = document.metadata.get("Creator", "")
    return {
        "path": path,
        "pdf": pdf,
        "chars": chars,
        "creator": creator,
        "html": lxml_html.parse(str(project / "output" / "kaders.html")).getroot(),
    }


def _lines(chars: list[dict], size: float, columns: bool = True) -> list[list[dict]]:
    """The PDF's lines of glyphs set at ``size``, top to bottom, the left column
    first (``columns``) or as lines across the text block."""
    rows: dict[tuple[bool, float], list[dict]] = defaultdict(list)
    for char in chars:
        if abs(char["size"] - size) < 0.05 and not char["text"].isspace():
            right = columns and char["x0"] > COLUMN_RIGHT
            rows[(right, round(char["top"], 1))].append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _key, row in sorted(rows.items())]


def _text(row: list[dict]) -> str:
    return "".join(c["text"] for c in row)


def _squeezed(element) -> str:
    """The element's text without white space, as a line of glyphs reads: a note's
    text goes to the foot of the page, its call is set smaller."""
    element = copy.deepcopy(element)
    for note in element.xpath(".//span[contains(@class, 'footnote')]"):
        note.drop_tree()
    return re.sub(r"\s+", "", element.text_content()).replace("\u00ad", "")


def test_box_lines_are_the_composers_at_the_box_measure(built):
    """Every line of the box across the page is a line the composer set (its
    span in the HTML), within the box's padding, its items' lines after the
    bullet's hang, and ragged: the longest line comes near the measure, the
    others end short of it, none past it."""
    box = built["html"].find(".//aside[@class='box box-box']")
    spans = [_squeezed(s) for s in box.iter("span") if "line" in (s.get("class") or "").split()]
    items = box.findall(".//li")
    assert len(items) == 3 and all("composed" in li.get("class", "") for li in items)
    rows = _lines(built["chars"], 8.5, columns=False)
    box_rows = rows[rows.index(_find(rows, "Stop")) :][:7]
    inner_left, inner_right = TEXT_LEFT + BOX_PADDING, TEXT_RIGHT - BOX_PADDING
    texts = [_text(r).lstrip("•") for r in box_rows]
    assert len(texts) == 7
    assert [t for t in texts if t in spans] == texts[:-1]  # the last, the fallback: WeasyPrint's
    for row in box_rows:
        assert row[-1]["x1"] <= inner_right + 0.1, _text(row)
    item_rows = box_rows[:-1]
    for row in item_rows:
        words = row[1:] if row[0]["text"] == "•" else row
        assert abs(words[0]["x0"] - (inner_left + HANG)) < 0.3, _text(row)
    bullets = [r[0] for r in item_rows if r[0]["text"] == "•"]
    assert len(bullets) == 3 and all(abs(b["x0"] - inner_left) < 0.3 for b in bullets)
    ends = [r[-1]["x1"] for r in item_rows]
    assert inner_right - max(ends) < 8.5 * 3  # the measure is the box's, not the column's
    assert len({round(end) for end in ends}) > 2  # ragged, not justified


def test_numbered_and_nested_lists_in_a_box(built):
    """Numbers hang where bullets do, without a bullet; an item's text before its
    nested list is set too, the nested item one hang further in."""
    box = built["html"].find(".//aside[@class='box box-box'][2]")
    items = box.findall(".//li")
    assert len(items) == 3 and all("composed" in li.get("class", "") for li in items)
    rows = _lines(built["chars"], 8.5, columns=False)
    start = rows.index(_find(rows, "1.Heteerste"))
    first, second, nested = rows[start : start + 3]
    inner_left = TEXT_LEFT + BOX_PADDING
    assert [_text(first)[:2], _text(second)[:2]] == ["1.", "2."]
    for row in (first, second):
        assert row[0]["x1"] <= inner_left + HANG and row[2]["x0"] > inner_left + HANG - 0.3
    assert _text(nested).startswith("•eengeneste")
    assert abs(nested[1]["x0"] - (inner_left + 2 * HANG)) < 0.3


def _find(rows: list[list[dict]], word: str) -> list[dict]:
    return next(r for r in rows if _text(r).lstrip("•").startswith(word))


def test_box_in_a_column_stays_inside_its_padding(built):
    tip = next(
        a for a in built["html"].iter("aside") if "box-tip" in (a.get("class") or "").split()
    )
    assert tip.find(".//span[@class='line first ragged']") is not None
    rows = _lines(built["chars"], 8.5)
    start = rows.index(_find(rows, "Dezetip"))
    tip_rows = rows[start : start + 5]
    assert _text(tip_rows[-1]) == "uitsteken."
    # In the column the list stands in, inside the list's inset and the box's padding.
    column_left = TEXT_LEFT if tip_rows[0][0]["x0"] < COLUMN_RIGHT else COLUMN_RIGHT + 5 * MM
    left = column_left + 1.2 * 9.5 + COLUMN_BOX_PADDING
    right = column_left + 70 * MM - COLUMN_BOX_PADDING
    assert all(abs(r[0]["x0"] - left) < 0.3 and r[-1]["x1"] <= right + 0.1 for r in tip_rows)


def test_notes_composed_justified_across_the_text_block(built):
    """The long note's lines run from the text block's left edge to its right (the
    last line excepted), its number in its first line, printed once."""
    notes = [n for n in built["html"].iter("span") if "footnote" in (n.get("class") or "")]
    assert [n.get("class") for n in notes] == ["footnote composed"] * 3
    rows = _lines(built["chars"], 7.5, columns=False)
    starts = [r for r in rows if re.match(r"\d\.", _text(r))]
    assert [_text(r)[:2] for r in starts] == ["1.", "2.", "3."]  # no marker beside the number
    assert "Bold" in starts[1][0]["fontname"]
    second = rows[rows.index(starts[1]) : rows.index(starts[2])]
    assert len(second) >= 3  # two lines of the first paragraph, one of the second
    for row in second[:-2]:
        assert abs(row[0]["x0"] - TEXT_LEFT) < 0.3 and abs(row[-1]["x1"] - TEXT_RIGHT) < 0.5
    assert _text(second[-1]).startswith("Eneen")  # its second paragraph on a line of its own


def test_composer_tally_counts_box_and_note_runs(built):
    assert f"composer: {RUNS - LEFT} of {RUNS} paragraphs" in built["creator"]


def test_verbose_lists_the_box_text_left_to_weasyprint(built):
    out = built["pdf"].stdout
    assert (
        f"line breaks: {RUNS - LEFT} paragraphs chosen together for even word spacing, "
        f"{LEFT} broken line by line"
    ) in out
    assert "no measured font for bold-italic text: “Een alinea in het kader" in out
    assert "(in a box)" in out
    assert "1 paragraph “Een alinea in het kader, na …” (in a box)" in built["pdf"].stderr


def test_every_word_printed(built):
    from pamphletpress.check.pdftext import pdf_lines

    expected = source_words(MANUSCRIPT)
    expected["tip"] -= 1  # the name of the indented ``:::tip`` line, not a printed word
    printed = pdf_text(built["path"], set(expected))
    assert missing_words(expected, printed, pdf_lines(built["path"])) == []
