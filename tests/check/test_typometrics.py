"""Typographic figures read back from a PDF that WeasyPrint makes in the test,
with every line set by hand so the expected figures are known."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphletpress.check.typometrics import measure_pdf

FONTS = Path(__file__).resolve().parents[2] / "fonts"

CSS = f"""
@font-face {{ font-family: Charis; src: url({(FONTS / "CharisSIL-Regular.ttf").as_uri()}); }}
@font-face {{ font-family: Inter; src: url({(FONTS / "Inter-Bold.otf").as_uri()}); }}
@page {{ size: A4; margin: 20mm; }}
body {{ font: 9.5pt/12.5pt Charis; }}
.column {{ position: absolute; top: 0; width: 150pt; }}
.column + .column {{ left: 170pt; }}
.line {{ display: block; white-space: nowrap; text-align: justify; text-align-last: justify; }}
.line.last {{ text-align-last: left; }}
h3 {{ font: 700 9.5pt/12.5pt Inter; margin: 0; }}
"""

LEFT = [
    ("line", "Dit is een zin die hier ver-"),
    ("line", "der gaat met nog wat zee-"),
    ("line", "ën en dan nog een paar woor-"),
    ("line last", "den, en dat was het."),
]
RIGHT = [
    ("heading", "Een tussenkop in de kolom"),
    ("line", "Een tweede alinea met woorden"),
    ("line", "en een ruime regel"),
    ("line last", "slot."),
    ("line last", "Deze regel is veel te lang voor de kolom en steekt uit"),
]


def _html(columns: list[list[tuple[str, str]]]) -> str:
    parts = []
    for lines in columns:
        body = "".join(
            f"<h3>{text}</h3>" if kind == "heading" else f'<span class="{kind}">{text}</span>'
            for kind, text in lines
        )
        parts.append(f'<div class="column"><p>{body}</p></div>')
    return f"<html lang=nl><style>{CSS}</style><body>{''.join(parts)}</body></html>"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    import weasyprint

    path = tmp_path_factory.mktemp("typometrics") / "lines.pdf"
    weasyprint.HTML(string=_html([LEFT, RIGHT])).write_pdf(path)
    return measure_pdf(path, 9.5)


def test_body_lines_only(figures):
    # The Inter heading at the body size is not body text.
    assert figures.body_lines == 8
    assert [line.text for line in figures.lines][:2] == [
        "Dit is een zin die hier ver-",
        "der gaat met nog wat zee-",
    ]


def test_hyphenated_lines_and_runs(figures):
    assert figures.hyphenated_lines == 3
    assert figures.hyphenated_share == pytest.approx(3 / 8)
    assert figures.longest_hyphen_run == 3


def test_trema_after_a_hyphen(figures):
    assert figures.trema_starts == 1


def test_overrun(figures):
    assert figures.overruns == 1


def test_word_spaces(figures):
    loose = [line for line in figures.lines if line.text == "en een ruime regel"]
    assert loose and max(loose[0].spaces) / 9.5 > 1.0
    assert figures.widest_space_em == pytest.approx(max(loose[0].spaces) / 9.5)
    assert figures.loose_lines >= 1
    # Last lines of paragraphs are not justified and do not count.
    assert figures.justified_lines == 6


def test_as_dict(figures):
    data = figures.as_dict()
    assert "lines" not in data
    assert set(data) >= {
        "body_lines",
        "hyphenated_share",
        "longest_hyphen_run",
        "widest_space_em",
        "loose_share",
        "overruns",
        "trema_starts",
        "median_chars",
    }
    assert data["median_chars"] > 20


def test_no_body_text(tmp_path):
    import weasyprint

    path = tmp_path / "empty.pdf"
    html = f"<style>{CSS}</style><p style='font-size: 14pt'>Alleen een kop</p>"
    weasyprint.HTML(string=html).write_pdf(path)
    figures = measure_pdf(path, 9.5)
    assert figures.body_lines == 0
    assert figures.as_dict()["hyphenated_share"] == 0.0


#: A page of justified lines, then a page whose column holds only short lines:
#: three list items of one width (they share an end) and labels reaching past it.
LIST_PAGES = [
    [
        ("line", "Een eerste alinea met woorden"),
        ("line", "die de kolom vullen tot de"),
        ("line", "rand, en nog een regel met"),
        ("line last", "slot."),
    ],
    [
        ("short", "Sterren dicht op elkaar:"),
        ("short", "• ster 1"),
        ("short", "• ster 2"),
        ("short", "• ster 3"),
        ("short", "Sterren met ruimte ertussen:"),
        ("short", "• ster 1"),
    ],
]


def test_short_lines_share_no_edge(tmp_path):
    """List items of one width end at one x, but the labels between them reach
    past it: that is no column edge, so nothing there is justified or overruns."""
    import weasyprint

    pages = "".join(
        '<div style="break-before: page; width: 150pt"><p>'
        + "".join(f'<span class="{kind}">{text}</span>' for kind, text in lines)
        + "</p></div>"
        for lines in LIST_PAGES
    )
    css = CSS + ".short { display: block; }"
    path = tmp_path / "list.pdf"
    weasyprint.HTML(
        string=f"<html lang=nl><style>{css}</style><body>{pages}</body></html>"
    ).write_pdf(path)
    figures = measure_pdf(path, 9.5)
    assert figures.body_lines == 10
    assert figures.overruns == 0
    assert figures.justified_lines == 3
    assert figures.right_edge_deviation_pt < 0.2
