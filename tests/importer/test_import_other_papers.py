"""`import` of other papers' text: author and date lines, a table, a quotation, notes.

``data/anderekrant.txt`` is written for these tests as another paper's page comes out
of ``pdftotext -layout``: a headline over three lines, the author and the date each on
a line of their own under it, hyphenated justified text, an intertitle after a note
call, a bulleted list with indented turnovers, a quotation with its attribution line,
a table set in columns, and the notes at the end.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pamphletpress.importer.command import import_text
from pamphletpress.importer.other_layouts import iso_date
from tests.conftest import ROOT
from tests.words import source_words, tokens

SOURCE = ROOT / "tests" / "data" / "anderekrant.txt"


@pytest.fixture(scope="module")
def imported():
    return import_text(SOURCE.read_text(encoding="utf-8"), source_name="anderekrant.txt")


def split(markdown: str) -> tuple[str, str]:
    front, body = markdown.split("\n---\n", 1)
    return front + "\n", body


def test_every_word_arrives_once_and_no_line_end_hyphen_is_left(imported):
    front, body = split(imported.markdown)
    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # the typesetter's breaks, undone
    text = text.replace("Marieke Jansen\n12 maart 2026", "")  # into the front matter
    text = re.sub(r"[¹²]", " ", text)  # note marks: numbers the build writes
    title = re.search(r"^title: (.+)$", front, re.M).group(1)
    assert source_words(body) + Counter(tokens(title)) == Counter(tokens(text))
    assert not re.search(r"\w-\s", body)
    for word in ("huurverhoging", "moeite", "wijzen", "gezinnen", "inkomen"):
        assert word in body


def test_headline_author_and_date_go_to_the_front_matter(imported):
    front, body = split(imported.markdown)
    assert "\ntitle: Gemeente wil de huurverhoging van dit jaar terugdraaien\n" in front
    assert "\nauthor: Marieke Jansen\n" in front
    assert "\ndate: '2026-03-12'\n" in front
    assert "Marieke" not in body and "12 maart" not in body
    assert body.lstrip().startswith("De gemeenteraad van Arnhem heeft dinsdag")


def test_intertitle_list_quotation_table_and_notes_are_recognised(imported):
    _front, body = split(imported.markdown)
    assert "\n## Wat de motie vraagt\n" in body  # after a line ending in a note call
    assert (
        "\n- de huurverhoging voor sociale huurwoningen te bevriezen;\n"
        "- een noodfonds op te zetten voor huurders met betalingsachterstanden;\n"
        "- voor de zomer met de corporaties in overleg te gaan.\n"
    ) in body
    assert (
        "\n> “We kunnen niet langer toekijken hoe gezinnen in de problemen komen. Dit is het "
        "minste wat we als raad kunnen doen.” — Ahmed Bouali, raadslid\n"
    ) in body
    assert (
        "\n| Corporatie | Woningen | Verhoging |\n|---|---|---|\n"
        "| Volkshuisvesting | 12.400 | 5,8 % |\n| Portaal | 8.900 | 6,1 % |\n"
        "| Vivare | 10.200 | 5,5 % |\n"
    ) in body
    assert "door de huurders moeten worden gedragen.[^1]\n" in body
    assert "aan huur.[^2] De verhogingen" in body
    assert body.rstrip().endswith(
        "[^1]: Reactie van Aedes, de vereniging van woningcorporaties, 10 maart 2026.\n\n"
        "[^2]: Monitor Wonen 2025, gemeente Arnhem."
    )
    assert "¹" not in body and "²" not in body


def test_the_report_says_what_it_decided_and_where(imported):
    summary = imported.report.summary()
    assert "author: “Marieke Jansen” (line 5, a line of its own)" in summary
    assert "date: “12 maart 2026” → 2026-03-12 (line 6)" in summary
    assert "table at line 41: 3 columns, 4 rows" in summary
    assert "quotation at line 31, attributed to “Ahmed Bouali, raadslid”" in summary
    assert "notes at the end: 2 (line 48: 1, 2), each called in the text" in summary
    assert "doubtful: none" in summary  # the attribution's short line is settled
    assert imported.report.intertitles == ["Wat de motie vraagt"]


ENGLISH = """\
Council votes to
freeze the rents

Sarah O'Neill
March 12, 2026

The city council voted on Tuesday to freeze social rents for a year, after
months of protest by tenants whose homes have been left without repairs.[1]
The housing associations say they will study the decision.

Landlord\tHomes\tRise
North Homes\t4,100\t6.2 %
Riverside\t2,300\t5.9 %

[1] Tenants' Union survey, February 2026.
"""


def test_another_language_and_other_marks():
    result = import_text(ENGLISH, lang="en", source_name="council.txt")
    front, body = split(result.markdown)
    assert "\ntitle: Council votes to freeze the rents\n" in front
    assert "\nauthor: Sarah O'Neill\n" in front and "\ndate: '2026-03-12'\n" in front
    assert "without repairs.[^1]\nThe housing" in body or "without repairs.[^1] The" in body
    assert "| Landlord | Homes | Rise |\n|---|---|---|\n| North Homes | 4,100 | 6.2 % |" in body
    assert body.rstrip().endswith("[^1]: Tenants' Union survey, February 2026.")


def test_a_numbered_list_at_the_end_is_not_taken_for_notes():
    text = (
        "Drie eisen\n\nDe bewoners stellen drie eisen aan de verhuurder, en zij willen\n"
        "dat die voor de zomer worden ingewilligd:\n\n1. lagere huren\n2. minder schimmel\n"
    )
    result = import_text(text, source_name="eisen.txt")
    assert "[^" not in result.markdown
    assert "lagere huren" in result.markdown and "minder schimmel" in result.markdown


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12 maart 2026", "2026-03-12"),
        ("dinsdag 3 februari 2026", "2026-02-03"),
        ("March 12, 2026", "2026-03-12"),
        ("12. März 2026", "2026-03-12"),
        ("1 décembre 2025", "2025-12-01"),
        ("12-03-2026", "2026-03-12"),
        ("2026-03-12", "2026-03-12"),
        ("Marieke Jansen", None),
        ("32 maart 2026", None),
    ],
)
def test_dates_as_papers_print_them(text, iso):
    assert iso_date(text) == iso


def test_another_paper_s_pdf_reads_as_its_text(imported):
    """``data/otherpaper/anderekrant.pdf``: the same article set by LibreOffice in its own
    layout (``make.sh``), its notes at the page's foot: the same manuscript comes out."""
    from pamphletpress.importer.command import import_pdf

    result = import_pdf(ROOT / "tests" / "data" / "otherpaper" / "anderekrant.pdf")
    assert split(result.markdown)[1] == split(imported.markdown)[1]
    front = split(result.markdown)[0]
    assert "\nauthor: Marieke Jansen\n" in front and "\ndate: '2026-03-12'\n" in front
    summary = result.report.summary()
    assert "quotation at line" in summary and "notes at the end: 2" in summary
    assert "table at line" in summary and "doubtful: none" in summary
