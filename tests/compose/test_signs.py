"""``=`` and ``+`` inside words and addresses closed up (compose/signs.py, print.css).

A manuscript with ``?id=2025A02077``, ``itemName=rust-lang``, ``C++`` and ``Haven+``
in running text and in link addresses is built; the PDF is read back: the text
copies out with no space round the signs, and the ink gap either side of a sign
is no wider than the widest gap between two letters of the page's words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pamphletpress.compose.signs import tighten_signs
from tests.conftest import ROOT, run_cli
from tests.projects import make_project

TEXT = """---
title: Tekens in woorden
author: Test
lang: nl
---

::: lede
Een korte lede.
:::

De Kamer heeft het besluit
[vastgesteld](https://www.tweedekamer.nl/debat/details/activiteit?id=2025A02077) en
de ontwikkelaars schrijven in C++ of gebruiken de
[extensie](https://marketplace.visualstudio.com/items?itemName=rust-lang.rust-analyzer)
in hun editor. Wie met Haven+ werkt, draait de componenten zelf; de redactie schrijft
ook gewoon x=1 in de tekst, en een som als a + b houdt haar spaties. Een lange zin om
de alinea wat te vullen, zodat de regels uitgevuld worden zoals in de krant, met
woorden van gewone lengte en nog een paar om de kolom te laten lopen tot het einde.
"""

#: The signed words as they must copy out of the PDF.
WORDS = ["?id=2025A02077", "itemName=rust-lang", "C++", "Haven+", "x=1"]


@pytest.fixture(scope="module")
def signs_pdf(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("signs"), TEXT)
    result = run_cli("pdf", "-o", "output/tekens.pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "output" / "tekens.pdf"


def _bearings() -> dict[str, tuple[float, float, float]]:
    """Charis SIL's (left bearing, right bearing, units per em) by character."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font = TTFont(ROOT / "fonts" / "CharisSIL-Regular.ttf")
    glyphs, cmap, upm = font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm
    out = {}
    for code, name in cmap.items():
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds:
            advance = font["hmtx"][name][0]
            out[chr(code)] = (pen.bounds[0], advance - pen.bounds[2], upm)
    return out


def _sides(left: dict, right: dict, bearings: dict) -> tuple[float, float] | None:
    """The white each of two neighbouring glyphs keeps on its side of the pair, in
    em: its side bearing plus the space between their advances (the line's letter
    spacing, a sign's closing up); None where a glyph has no outline metrics."""
    if left["text"] not in bearings or right["text"] not in bearings:
        return None
    between = (right["x0"] - left["x1"]) / left["size"]
    _l, rsb, upm = bearings[left["text"]]
    lsb, _r, _u = bearings[right["text"]]
    return rsb / upm + between, lsb / upm + between


def test_signs_in_words_copy_out_with_no_space(signs_pdf):
    import pdfplumber

    with pdfplumber.open(signs_pdf) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    words = text.replace("\n", " ").split()
    for word in WORDS:
        assert any(word in w for w in words), (word, [w for w in words if word[:3] in w])
    assert " + b" in text.replace("\n", " ")  # a sign between spaces keeps them


def test_a_sign_keeps_no_more_white_than_a_letter(signs_pdf):
    """Each side of a closed-up sign keeps no more white than the widest side of a
    letter on its line (Charis's 0.2 em a side would be four times a letter's)."""
    import pdfplumber

    bearings = _bearings()
    with pdfplumber.open(signs_pdf) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if "Charis" in c["fontname"]]
    body = [c for c in chars if abs(c["size"] - 9.5) < 0.1]
    letters: dict[int, list[float]] = {}
    signs: list[tuple[int, str, float]] = []
    for left, right in zip(body, body[1:]):
        if abs(left["bottom"] - right["bottom"]) > 0.5 or right["x0"] < left["x0"]:
            continue  # not neighbours on one line
        sides = _sides(left, right, bearings)
        if sides is None:
            continue
        line = round(left["bottom"])
        for glyph, white in zip((left, right), sides):
            if glyph["text"].isalpha():
                letters.setdefault(line, []).append(white)
            elif glyph["text"] in "+=" and " " not in left["text"] + right["text"]:
                # a sign's side against a letter (its side against a space: the
                # space's white, not the sign's)
                signs.append((line, left["text"] + right["text"], white))
    assert len(signs) >= 8, signs
    slack = 0.01  # em, 0.1 pt: the PDF's rounding of a glyph's spacing
    wider = [
        (pair, round(w, 3), round(max(letters[line]), 3))
        for line, pair, w in signs
        if w > max(letters[line]) + slack
    ]
    assert wider == [], wider


def test_only_signs_inside_words_are_marked_and_never_in_code():
    paragraph = etree.fromstring(
        "<p>a + b, x=1, C++ en Haven+ werkt, +31 6, <code>a=b</code> <em>k=2</em> n=3</p>"
    )
    tighten_signs(paragraph)
    marked = [(s.text, s.get("class")) for s in paragraph.iter("span")]
    assert marked == [("=", "sign"), ("+", "sign"), ("+", "sign"), ("+", "sign"), ("+", "sign"),
                      ("=", "sign"), ("=", "sign")]  # fmt: skip
    assert "".join(paragraph.itertext()) == ("a + b, x=1, C++ en Haven+ werkt, +31 6, a=b k=2 n=3")
    tighten_signs(paragraph)  # marked once
    assert len(list(paragraph.iter("span"))) == 7


def test_lines_with_signs_keep_even_spaces_and_their_edge(signs_pdf):
    """The composer measures the signs as they print (TightSigns): a justified line
    holding C++ or an address with ``=`` is not left 0.36 em a sign short for
    WeasyPrint to spread over its word spaces (rust-love's widest space went from
    0.60 to 0.87 em so)."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.typometrics import measure

    figures = measure(pdfread.read(signs_pdf), 9.5)
    signed = [line for line in figures.lines if "C++" in line.text or "Haven+" in line.text]
    assert signed, [line.text for line in figures.lines]
    widest = max(max(line.spaces) for line in signed if line.spaces) / 9.5
    assert widest <= 0.45, [(line.text, line.spaces) for line in signed]
