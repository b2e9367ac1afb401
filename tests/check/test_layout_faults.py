"""`check` sees what a reader sees as broken on a page, on any PDF: glyphs on top
of each other, text beyond the text block, a column ending in a hyphen."""

from __future__ import annotations

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
