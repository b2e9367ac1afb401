"""The newspaper page for every construct, read back from the PDF of
docs/sample/nieuws.md (the session fixture ``nieuws_page``): notes, two photos with
captions and credits, a link, a table."""

from __future__ import annotations

MM = 72 / 25.4


def test_photos_sit_in_a_column_with_caption_and_credit(nieuws_page):
    assert len(nieuws_page["images"]) == 2
    left = min(w["x0"] for w in nieuws_page["words"])
    edges = (left, left + 75 * MM)  # where each column's text begins (70 mm + 5 mm gutter)
    for image in nieuws_page["images"]:
        assert image["x1"] - image["x0"] <= 70 * MM + 0.5  # never wider than its column
        assert any(abs(image["x0"] - edge) < 0.5 for edge in edges)  # not indented
    text = " ".join(nieuws_page["text"].split())
    assert "Containerschepen liggen stil aan de kade terwijl de zon ondergaat" in text
    assert "Foto: Redactie Voorbeeldkrant" in text
    assert "Foto: Piet Jansen" in text


def test_notes_at_the_foot_of_the_page(nieuws_page):
    notes = [w for w in nieuws_page["words"] if w["text"] in ("1.", "2.")]
    assert len(notes) == 2
    body_bottom = max(
        w["bottom"] for w in nieuws_page["words"] if w["text"] == "dicht."
    )  # the article's last line
    assert all(n["top"] > body_bottom for n in notes)
    calls = [c for c in nieuws_page["chars"] if c["text"] in "12" and abs(c["size"] - 6.65) < 0.05]
    assert len(calls) == 2


def test_link_printed_as_text_with_its_short_address(nieuws_page):
    text = " ".join(nieuws_page["text"].split())
    # (broken, if at all, before a hyphen or a dot or after a slash: compose/addresses.py)
    assert "(voorbeeldbond.nl/cao" in text and "haven-2026/voorstellen)" in text
    assert "https://" not in text and "cao- " not in text
    assert not nieuws_page["annots"]  # no link annotations in a print PDF


def test_table_and_check_passes(nieuws_page):
    from pamphletpress.check.preflight import check_pdf

    assert "Ploegentoeslag" in nieuws_page["text"]
    report = check_pdf(nieuws_page["path"], separations=False)
    failed = [f"{f.code}: {f.message}" for f in report.findings if f.verdict == "fail"]
    assert failed == []


def test_pictures_stand_clear_of_the_text(nieuws_page):
    """Half a line of white at the least between a photo and the text over it, and
    between its caption and the paragraph under it (issue 24: the first caption stood
    5.4 pt over the next paragraph, and read as its first line)."""
    from tests.pagefaults import crowded_figures

    assert crowded_figures(nieuws_page["path"]) == []
