"""`import` on other layouts than the seed's: one column, title on top, page furniture.

``data/eenkolom.txt`` is ``pdftotext`` (poppler, default options) run on an A5-ish
one-column article made with WeasyPrint: headline, bold lede, byline "Door …", a
running head on every page, the page number at the foot, justified and hyphenated
text and no blank lines between paragraphs (pdftotext writes none).
"""

from __future__ import annotations

import re

from pamphletpress.importer.command import import_text
from tests.conftest import ROOT, run_cli

EXTRACTION = ROOT / "tests" / "data" / "eenkolom.txt"
LEDE = (
    "Terwijl de huren blijven stijgen, zien steeds meer gezinnen geen uitweg. "
    "Een rondgang langs huurders in Utrecht en Rotterdam."
)


def imported():
    return import_text(EXTRACTION.read_text(encoding="utf-8"), source_name="eenkolom.txt")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_page_numbers_and_running_heads_are_not_text():
    result = imported()
    assert not re.search(r"^#+ *\d+ *$", result.markdown, re.M)  # no "## 1"
    assert not re.search(r"^\d+$", result.markdown, re.M)
    assert "De Krant · maart 2026" not in result.markdown
    assert result.report.page_numbers == ["1", "2"]
    assert result.report.running_heads == {"De Krant · maart 2026": 2}


def test_headline_lede_byline_and_intertitle_are_found():
    result = imported()
    front, body = result.markdown.split("---\n", 2)[1:]
    assert "title: Huurders betalen de prijs van de woningcrisis" in front
    assert "byline: Door Anna de Vries" in front and "author: Anna de Vries" in front
    assert f"::: lede\n{LEDE}\n:::" in body
    assert "\n## Huurders organiseren zich\n" in body
    assert "Door Anna" not in body  # not run into the first paragraph
    first = body.split(":::\n\n", 2)[-1].split("\n\n")[0]
    assert first.startswith("Het kabinet wil de huren in de vrije sector beperken,")


def test_every_word_of_the_text_is_kept_and_the_page_break_rejoined():
    result = imported()
    body = result.markdown.split("---\n", 2)[2]
    source = EXTRACTION.read_text(encoding="utf-8")
    for furniture in ("De Krant · maart 2026", "Door Anna de Vries", "Huurders betalen de\n"):
        source = source.replace(furniture, "")
    source = source.replace("prijs van de\nwoningcrisis\n", "")  # the headline: front matter
    source = re.sub(r"^\d+$", "", source, flags=re.M)
    source = re.sub(r"(\w)‐\n(\w)", r"\1\2", source)  # the typesetter's hyphens, joined
    assert words(body.replace("::: lede", "").replace(":::", "")) == words(source)
    assert "huurwoningen, maar de bouw komt nauwelijks op gang. Corporaties wijzen" in body


def test_the_report_says_what_it_decided(tmp_path):
    result = run_cli("import", str(EXTRACTION), "-o", str(tmp_path / "huur.md"))
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "headline: “Huurders betalen de prijs van de woningcrisis”" in report
    assert "byline: “Door Anna de Vries”" in report
    assert "lede" in report and "1 intertitle" in report
    assert "removed as page furniture: 2 page numbers (1, 2)" in report
    assert "running head “De Krant · maart 2026” (2×)" in report
    assert "set apart (no blank line in the source): headline, byline" in report
    built = run_cli("html", str(tmp_path / "huur.md"), "-o", str(tmp_path / "huur.html"))
    assert built.returncode == 0, built.stderr  # the manuscript it wrote builds


def test_page_number_styles():
    for number in ("7", "- 7 -", "– 7 –", "Pagina 7", "pagina 7 van 12", "7 / 12", "p. 7"):
        text = (
            "Het begin van een lange zin die over de pagina\n\n"
            f"{number}\n\n"
            "heen loopt en daar eindigt.\n"
        )
        result = import_text(text)
        body = result.markdown.split("---\n", 2)[2]
        assert "7" not in body, (number, body)
        assert "pagina heen loopt" in body, (number, body)  # rejoined across the page
        assert result.report.page_numbers == [number]
