"""The newspaper page for every construct, read back from the PDF of
docs/sample/nieuws.md: notes, two photos with captions and credits, a link, a table."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, run_cli

MM = 72 / 25.4


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    import pdfplumber

    project = tmp_path_factory.mktemp("krant")
    shutil.copytree(ROOT / "docs" / "sample", project / "manuscript")
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, project / name)
    result = run_cli("pdf", "manuscript/nieuws.md", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "output" / "nieuws.pdf"
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        yield {
            "path": path,
            "stderr": result.stderr,
            "text": first.extract_text(),
            "words": first.extract_words(),
            "images": first.images,
            "annots": first.annots,
            "height": float(first.height),
            "chars": first.chars,
        }


def test_photos_sit_in_a_column_with_caption_and_credit(page):
    assert len(page["images"]) == 2
    left = min(w["x0"] for w in page["words"])
    edges = (left, left + 75 * MM)  # where each column's text begins (70 mm + 5 mm gutter)
    for image in page["images"]:
        assert image["x1"] - image["x0"] <= 70 * MM + 0.5  # never wider than its column
        assert any(abs(image["x0"] - edge) < 0.5 for edge in edges)  # not indented
    text = " ".join(page["text"].split())
    assert "Containerschepen liggen stil aan de kade terwijl de zon ondergaat" in text
    assert "Foto: Redactie Voorbeeldkrant" in text
    assert "Foto: Piet Jansen" in text


def test_notes_at_the_foot_of_the_page(page):
    notes = [w for w in page["words"] if w["text"] in ("1.", "2.")]
    assert len(notes) == 2
    body_bottom = max(
        w["bottom"] for w in page["words"] if w["text"] == "dicht."
    )  # the article's last line
    assert all(n["top"] > body_bottom for n in notes)
    calls = [c for c in page["chars"] if c["text"] in "12" and abs(c["size"] - 6.65) < 0.05]
    assert len(calls) == 2


def test_link_printed_as_text_with_its_short_address(page):
    text = " ".join(page["text"].split())
    assert "voorbeeldbond.nl/cao-" in text and "https://" not in text
    assert not page["annots"]  # no link annotations in a print PDF


def test_table_and_check_passes(page):
    from pamphletpress.check.preflight import check_pdf

    assert "Ploegentoeslag" in page["text"]
    report = check_pdf(page["path"], separations=False)
    failed = [f"{f.code}: {f.message}" for f in report.findings if f.verdict == "fail"]
    assert failed == []
