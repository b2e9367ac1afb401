"""`check` sees what a reader sees as broken on a page, on any PDF: glyphs on top
of each other, text beyond the text block, a column ending in a hyphen."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT

FACE = (ROOT / "fonts" / "CharisSIL-Regular.ttf").as_uri()
STYLE = f"""
@font-face {{ font-family: Charis; src: url({FACE}); }}
@page {{ size: A4; margin: 20mm; }}
body {{ font: 9.5pt/12.5pt Charis; }}
.cols {{ columns: 2; column-gap: 5mm; column-fill: auto; height: 37.5pt; }}
.body {{ columns: 2; column-gap: 5mm; }}
"""
LINES = "".join(
    f"<p style='margin:0'>Een gewone regel tekst nummer {n} van dit stuk.</p>" for n in range(24)
)


def _pdf(tmp_path, body: str):
    import weasyprint

    path = tmp_path / "planted.pdf"
    weasyprint.HTML(
        string=f"<html lang=nl><style>{STYLE}</style><body>{body}</body></html>"
    ).write_pdf(path)
    return path


def _verdicts(path) -> dict[str, list[str]]:
    from pamphletpress.check.preflight import check_pdf

    return _found(check_pdf(path, separations=False))


def _found(report) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.code, []).append(finding.verdict)
    return found


@pytest.mark.parametrize(
    "planted, code",
    [
        (
            f"<div class=body>{LINES}<p style='margin:-14pt 0 0 20mm'>Deze regel valt over "
            "de vorige heen.</p></div>",
            "pdf-collisions",
        ),
        (
            f"<div class=body>{LINES}<p style='white-space: nowrap'>Een regel die ver "
            "voorbij de rand van de kolom doorloopt tot in de marge en daarbuiten</p></div>",
            "pdf-text-block",
        ),
        (
            "<div class=cols>Eerste regel hier<br>tweede regel hier<br>eindigt met afge-<br>"
            "broken woord verder<br>en nog een regel</div>",
            "pdf-column-hyphens",
        ),
    ],
)
def test_check_fails_a_planted_fault(tmp_path, planted, code):
    clean = _verdicts(_pdf(tmp_path, f"<div class=body>{LINES}</div>"))
    assert clean[code] == ["pass"]
    assert "fail" in _verdicts(_pdf(tmp_path, planted))[code]


def test_our_own_outputs_have_none(pdf_report):
    found = _found(pdf_report)  # the article's preflight, as `check` runs it
    for code in ("pdf-collisions", "pdf-text-block", "pdf-column-hyphens"):
        assert found[code] == ["pass"], code
    assert found["pdf-composer"] == ["info"]


def test_a_short_one_column_article_passes_with_its_folio_at_the_block_edge(tmp_path):
    """Two lines in the left column only, the page number at the right-hand column's
    edge in the foot margin, as a short article prints: no text beyond the block."""
    folio = "<style>@page { @bottom-right { content: counter(page); font: 8pt Charis; } }</style>"
    short = "<div class=body><p style='margin:0'>Een heel kort bericht van twee regels.</p></div>"
    assert _verdicts(_pdf(tmp_path, folio + short))["pdf-text-block"] == ["pass"]


def test_a_table_rule_fills_the_column_it_crosses(tmp_path):
    """A table across both columns whose header row prints only over the left column:
    its rule under that row is printed over the right column too, so the right
    column above the table has no hole (don-apiregister's pages 1 and 2 read as
    three-line holes while the rules, stroked lines, were not counted)."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes

    many = LINES * 8
    row = (
        "<tr><td>Regel</td><td style='padding-top: 8pt'>" + "Een lange uitleg. " * 16 + "</td></tr>"
    )
    table = (
        "<table style='width: 100%; border-collapse: collapse; margin: 12.5pt 0;"
        " font-size: 7.5pt; line-height: 10pt'><tr style='border-bottom: 0.5pt solid black'>"
        "<th style='text-align: left; width: 20%; padding: 5pt 0'>Naam</th>"
        f"<th style='text-align: left; padding: 5pt 0'>Uitleg</th></tr>{row * 3}</table>"
    )
    path = _pdf(tmp_path, f"<div class=body>{LINES}</div>{table}<div class=body>{many}</div>")
    pdf = pdfread.read(path)
    assert len(pdf.pages) > 1
    assert [h.text for h in holes(pdf, pdf.body_lines(9.5), 9.5) if h.page == 1] == []


def test_a_column_of_short_lines_has_its_edge_where_the_justified_lines_end(tmp_path):
    """A right-hand column of short list lines, a small picture centred in it: the
    picture fills its lines. The column's edge is where its justified lines end on
    another page, not where most of its lines end (the list's: the picture, right
    of them, read as 4 empty lines, as pandoc-testsuite's formulas could)."""
    from PIL import Image

    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes

    picture = tmp_path / "klein.png"
    Image.new("L", (40, 50), 0).save(picture)
    words = "Een gewone regel tekst die doorloopt tot de rand van de kolom, en verder. "
    text = f"<p style='margin:0; text-align: justify'>{words * 20}</p>"
    items = "<p style='margin:0'>ja</p>" * 38
    image = f"<img src='{picture.as_uri()}' style='display:block; margin: 0 auto; height:50pt'>"
    fill = "columns: 2; column-gap: 5mm; column-fill: auto; height: 700pt"
    page_one = f"<div style='{fill}'>{text}{items}{image}{items[: 26 * 7]}</div>"
    page_two = f"<div style='break-before: page'><div class=body>{text}</div></div>"
    path = _pdf(tmp_path, page_one + page_two)
    pdf = pdfread.read(path)
    assert len(pdf.pages) == 2
    lines = pdf.body_lines(9.5)
    assert [ln.text for ln in lines if ln.page == 0 and ln.column == 1][-3:] == ["ja"] * 3
    inside = [h.text for h in holes(pdf, lines, 9.5) if h.page == 1 and not h.at_foot]
    assert inside == []  # (its foot is empty: this page has no more to fill it)


def test_a_list_cut_by_a_block_is_read_on_a_page_of_list_items(tmp_path):
    """A list cut by a picture across the columns on a page that holds nothing but
    its items: its lines are indented past the columns' text (as the other page
    shows), so the cut is read (the page's own lines had the list's edge for the
    column's, and the cut went unread)."""
    from PIL import Image

    from tests.pagefaults import lists_cut_by_blocks

    picture = tmp_path / "breed.png"
    Image.new("L", (400, 60), 0).save(picture)
    names = [f"Punt {chr(ord('a') + n)} van de lijst" for n in range(26)]
    source = "\n".join(f"- {name}" for name in names)

    def items(part: list[str]) -> str:
        return "<ul style='margin: 0'>" + "".join(f"<li>{name}</li>" for name in part) + "</ul>"

    words = "Een gewone regel tekst die doorloopt tot de rand van de kolom, en verder. "
    page_one = f"<div class=body><p style='margin:0; text-align: justify'>{words * 24}</p></div>"
    block = (
        f"<div style='column-span: all'><img src='{picture.as_uri()}' style='width: 100%'></div>"
    )
    page_two = (
        f"<div style='break-before: page'><div class=body>{items(names[:16])}{block}"
        f"{items(names[16:])}</div></div>"
    )
    found = lists_cut_by_blocks(_pdf(tmp_path, page_one + page_two), source)
    assert found == ["page 2: '• Punt p van de lijs' / '• Punt q van de lijs'"]


def test_check_finds_the_words_of_a_line_with_a_subscript_of_several_words(tmp_path):
    """pandoc's ``H~many\\ of\\ them~O`` prints a subscript of three words; check's
    pdf-words still finds ``H2O`` and the rest of that line as the page shows them
    (the review's third round saw it fail on ``H2O, H23O, Hmany, themO``)."""
    from tests.conftest import run_cli
    from tests.projects import make_project

    text = "---\ntitle: Proef\nlang: en\n---\n\nSubscripts: H~2~O, H~23~O, H~many\\ of\\ them~O.\n"
    project = make_project(tmp_path, text)
    assert run_cli("pdf", "-o", "output/a.pdf", cwd=project).returncode == 0
    result = run_cli("check", "output/a.pdf", "--json", cwd=project)
    [report] = json.loads(result.stdout)
    verdicts = {f["code"]: f["verdict"] for f in report["findings"]}
    assert verdicts["pdf-words"] == "pass", [
        f["message"] for f in report["findings"] if f["code"] == "pdf-words"
    ]
