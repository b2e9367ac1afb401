"""A figure's caption set by the composer: ragged right, or justified when print.css says so."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pamphletpress.compose.hyphenation import Hyphenator
from pamphletpress.compose.setup import RAGGED_PARAMS, RAGGED_PENALTIES, FontSet, Setup
from pamphletpress.compose.tables import compose_caption
from pamphletpress.read.design import read_design
from tests.conftest import ROOT

CAPTION = (
    "<figcaption>Een vergadering van de redactie in het voorjaar, waar het nieuwe "
    "register voor het eerst werd besproken met de mensen die het elke dag gebruiken. "
    '<small class="credit">Foto: Jan de Fotograaf</small></figcaption>'
)


def caption_setup(ragged: bool) -> Setup:
    options = {"ragged": True, "penalties": RAGGED_PENALTIES, "params": RAGGED_PARAMS}
    return Setup(
        fonts=FontSet.inter(ROOT / "fonts"),
        size=7.5,
        width=198.0,
        indent=0.0,
        hyphenator=Hyphenator("nl", []),
        mends=False,
        **(options if ragged else {}),
    )


def test_a_ragged_caption_keeps_its_spaces_and_its_credit_whole():
    caption = etree.fromstring(CAPTION)
    assert compose_caption(caption, caption_setup(ragged=True), 198.0)
    lines = caption.findall("span")
    assert len(lines) > 1
    assert all("ragged" in line.get("class") for line in lines[:-1])
    assert not any("word-spacing" in (line.get("style") or "") for line in lines)
    credit = caption.findall(".//small")
    assert len(credit) == 1 and credit[0].text == "Foto:\u00a0Jan\u00a0de\u00a0Fotograaf"


def test_a_justified_caption_fills_its_lines(tmp_path: Path):
    """``--caption-align: justify`` in a later stylesheet: the design says so, and a
    caption set so fills its lines (the credit, kept whole, may leave one short)."""
    override = tmp_path / "justified.css"
    override.write_text(":root { --caption-align: justify; }", encoding="utf-8")
    styles = [ROOT / "styles" / "print.css"]
    assert not read_design(styles).caption_justified
    assert read_design([*styles, override]).caption_justified
    caption = etree.fromstring(CAPTION)
    assert compose_caption(caption, caption_setup(ragged=False), 198.0)
    lines = caption.findall("span")
    assert len(lines) > 2
    # Spaced to the measure; only the line before the credit, kept whole, may end short.
    assert all(line.get("style") and "ragged" not in line.get("class") for line in lines[:-2])
    assert "".join(lines[-1].itertext()) == "Foto:\u00a0Jan\u00a0de\u00a0Fotograaf"
