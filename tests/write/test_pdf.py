"""The print PDF of the article, read back as a print shop would."""

from __future__ import annotations

import re
import statistics

import pypdf
import pytest

from pamphletpress.check.pdftext import pdf_lines, words_of
from pamphletpress.check.preflight import check_pdf
from pamphletpress.compose.hyphenation import join_lines

MM = 72 / 25.4


@pytest.fixture(scope="module")
def reader(built):
    return pypdf.PdfReader(str(built["pdf"]))


@pytest.fixture(scope="module")
def lines(built):
    return pdf_lines(built["pdf"])


def test_page_count_and_a4_trim_with_bleed(reader):
    assert 3 <= len(reader.pages) <= 5
    for page in reader.pages:
        trim = [float(v) for v in page["/TrimBox"]]
        bleed = [float(v) for v in page["/BleedBox"]]
        assert trim[2] - trim[0] == pytest.approx(210 * MM, abs=0.5)
        assert trim[3] - trim[1] == pytest.approx(297 * MM, abs=0.5)
        assert trim[0] - bleed[0] >= 3 * MM - 0.05
        assert bleed[3] - trim[3] >= 3 * MM - 0.05


def test_pdfx_output_intent_with_cmyk_profile(reader):
    intents = reader.trailer["/Root"]["/OutputIntents"]
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    profile = intent["/DestOutputProfile"].get_object().get_data()
    assert profile[16:20] == b"CMYK"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"PDF/X-4" in xmp


def test_no_rgb_and_body_text_in_pure_black(reader):
    black = 0
    for page in reader.pages:
        data = page.get_contents().get_data()
        assert not re.search(rb"(?<![\w/])(rg|RG)(?!\w)", data)
        assert b"/DeviceRGB" not in data
        black += data.count(b"0 0 0 1 k")
    assert black > 0


def test_metadata(reader):
    info = reader.metadata
    assert info["/Title"] == "Een oorlog die de wereld verandert"
    assert info["/Author"] == "Danny Byrne"
    assert info["/Subject"]
    assert "Oekraïne" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert info["/CreationDate"].startswith("D:20220301")


def test_preflight_passes(pdf_report):
    report = pdf_report
    failed = [f"{f.code}: {f.message}" for f in report.findings if f.verdict == "fail"]
    assert not failed
    assert report.figures["missing_words"] == 0
    assert not [f.code for f in report.findings if f.code.startswith("issue-")], "not an issue"


def test_every_word_of_the_manuscript_in_order(lines, manuscript_words):
    printed = words_of(join_lines(lines, set(manuscript_words)))
    assert [w.casefold() for w in printed] == [w.casefold() for w in manuscript_words]


def test_end_mark_after_last_word(lines):
    text = " ".join(lines)
    assert text.count("■") == 1
    assert re.search(r"Sluit bij ons aan!\s*■", text)


def test_two_columns_of_about_45_characters(built):
    from pamphletpress.check import pdfread

    pdf = pdfread.read(built["pdf"])
    lines = pdf.body_lines(9.5)
    for number in range(len(pdf.pages) - 1):
        columns = {line.column for line in lines if line.page == number}
        assert columns == {0, 1}, f"page {number + 1} is not two columns"
    medians = [len(line.text) for line in lines if len(line.text) > 30]
    assert 40 <= statistics.median(medians) <= 50


def test_hyphenated_and_never_before_a_trema(lines):
    body = [line for line in lines if len(line) > 30]
    hyphenated = [line for line in body if line.endswith(("-", "\u2010"))]
    assert len(hyphenated) / len(body) >= 0.05
    for before, after in zip(lines, lines[1:]):
        if before.endswith(("-", "\u2010")):
            assert after[:1] not in "äëïöüÄËÏÖÜ", (before, after)


def test_box_is_not_split(built):
    from pamphletpress.check import pdfread

    pdf = pdfread.read(built["pdf"])
    lines = pdf.reading_order()
    texts = [" ".join(line.text for line in lines if line.page == n) for n in (1, 2, 3, 4, 5)]
    pages = [number for number, text in enumerate(texts) if "ZEGGEN" in text]
    last_demand = [number for number, text in enumerate(texts) if "oorlog en vernietiging" in text]
    assert pages == last_demand and len(pages) == 1


def test_pdfx1a_with_crop_marks_outside_the_bleed(tmp_path, manuscript_words):
    from tests.conftest import MANUSCRIPT, run_cli

    target = tmp_path / "x1a.pdf"
    result = run_cli(
        "pdf", str(MANUSCRIPT), "-o", str(target), "--variant", "pdf/x-1a", "--crop-marks"
    )
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(str(target))
    assert b"PDF/X-1a:2003" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    page = reader.pages[0]
    media = [float(v) for v in page.mediabox]
    bleed = [float(v) for v in page["/BleedBox"]]
    trim = [float(v) for v in page["/TrimBox"]]
    assert trim[0] - bleed[0] >= 3 * MM - 0.05
    assert bleed[0] - media[0] > 5 * MM  # room for the marks beyond the bleed
    data = page.get_contents().get_data()
    assert not re.search(rb"(?<![\w/])(rg|RG)(?!\w)", data)  # marks in K, not RGB black
    report = check_pdf(target, manuscript_words)
    assert not report.failed, [f.message for f in report.findings if f.verdict == "fail"]


def test_screen_variant_is_rgb_without_bleed_and_tagged(screen_pdf):
    reader = pypdf.PdfReader(str(screen_pdf))
    root = reader.trailer["/Root"]
    assert "/OutputIntents" not in root
    assert "/StructTreeRoot" in root
    page = reader.pages[0]
    assert [float(v) for v in page["/TrimBox"]] == [float(v) for v in page.mediabox]
    assert re.search(rb"(?<![\w/])rg(?!\w)", page.get_contents().get_data())


def test_reading_back_restores_words_broken_at_a_trema():
    vocabulary = {"in", "Oekraïne", "en", "zeeën", "VS-imperialisme"}
    lines = ["in Oekra\u2010", "ine en zee\u2010", "en VS-", "imperialisme"]
    assert join_lines(lines, vocabulary) == "in Oekraïne en zeeën VS-imperialisme"


def test_reading_back_matches_a_casefolded_word_list():
    """``check`` hands its word list casefolded; a capitalised word broken at a
    dropped trema (Oekra-/ine) is still given its trema back."""
    vocabulary = {"in", "oekraïne", "ook", "vs-imperialisme"}
    lines = ["in Oekra\u2010", "ine ook VS-", "imperialisme"]
    assert join_lines(lines, vocabulary) == "in Oekraïne ook VS-imperialisme"
