"""A whole issue: issue.yml checked, the issue's PDF and EPUB built once and read back."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.projects import assert_clear_error

SAMPLE = ROOT / "docs" / "sample-issue"
CORPUS = ROOT.parent / "shared" / "corpus"


#: The tests' own issue: eight of the sample's articles, the lead long, one that
#: cannot jump, one pinned, a teaser; colophon and house boxes (8 pages).
SMALL = """publication: De Rode Pen
number: 12
date: 2026-03
price: € 2,50
website: derodepen.nl
editors: [Anna de Vries, Piet Jansen]
publisher: Stichting De Rode Pen
sections: [Internationaal, Binnenland, Wonen, Cultuur]
articles:
  - file: oorlog.md
    section: Internationaal
  - file: huur.md
    section: Wonen
    front: teaser
  - zorg.md
  - file: bibliotheek.md
    jump: false
  - staking.md
  - file: fiets.md
    page: 7
  - trein.md
  - sport.md
colophon: Redactie De Rode Pen, Postbus 1234, Amsterdam.
house: [abonnement.md, vrijwilligers.md]
"""


def issue_project(tmp_path: Path, yml: str | None = SMALL) -> Path:
    """The sample issue's folder as a project (the tool's own styles and fonts), with
    ``yml`` as its issue.yml (None: the sample's own); the tests' own issue keeps only
    its articles."""
    project = tmp_path / "krant"
    shutil.copytree(SAMPLE, project / "manuscript")
    manuscript = project / "manuscript"
    if yml is not None:
        (manuscript / "issue.yml").write_text(yml, encoding="utf-8")
    if yml == SMALL:  # the others stay for a misspelt name's hint, unlisted
        listed = set(re.findall(r"(\w+\.md)", yml))
        for path in manuscript.glob("*.md"):
            if path.name not in listed:
                path.unlink()
    return project


@pytest.fixture(scope="session")
def issue_built(tmp_path_factory) -> dict[str, Path]:
    """The sample issue's PDF, EPUB and placement report, built once by ``build``."""
    project = issue_project(tmp_path_factory.mktemp("issue"))
    result = run_cli("build", "-v", str(project))
    assert result.returncode == 0, result.stderr
    out = project / "output"
    return {
        "project": project,
        "pdf": out / "de-rode-pen-12.pdf",
        "epub": out / "de-rode-pen-12.epub",
        "report": out / "de-rode-pen-12.layout.txt",
        "said": Path(result.stdout + result.stderr),
    }


@pytest.fixture(scope="session")
def issue_figures(issue_built):
    from pamphletpress.check.issue import measure

    return measure(issue_built["pdf"])


def test_the_issue_folds_and_every_printed_page_number_is_right(issue_figures):
    assert issue_figures.pages % 4 == 0 and issue_figures.pages >= 8
    assert issue_figures.jumps, "the lead jumps from page 1"
    assert all(right for _start, _to, right in issue_figures.jumps), issue_figures.jumps
    assert [start for start, _to, _right in issue_figures.jumps] == [1]
    titles = [title for title, _said, _is in issue_figures.contents]
    assert len(titles) == 8, titles
    assert all(said == page for _t, said, page in issue_figures.contents), issue_figures.contents
    assert not issue_figures.stranded and not issue_figures.tombstones


def test_page_one_is_full_and_inside_pages_fill_their_columns(issue_figures):
    """Page 1: the lead's start reaches the foot; the inside pages before the last
    articles: columns filled to within a few lines."""
    assert issue_figures.unused[1] <= 0.05, issue_figures.empty_lines[1]
    assert max(issue_figures.empty_lines[2]) <= 2, issue_figures.empty_lines[2]


def test_no_article_turns_a_page_unannounced_and_no_inside_page_is_left_empty(issue_figures):
    """Read back from the PDF: every article that runs on to another page does so by
    a jump whose numbers are right, or fills the page before it; every page but the
    last has at most a few empty lines at a column's foot (the room a headline could
    not take went to a pull quote); ``check`` finds no fault in it."""
    from pamphletpress.check.issue import MAX_EMPTY_LINES, add_findings
    from pamphletpress.check.report import FAIL, Report

    assert not issue_figures.splits, issue_figures.splits
    last = issue_figures.pages
    worst = {n: max(e) for n, e in issue_figures.empty_lines.items() if n != last}
    assert max(worst.values()) <= MAX_EMPTY_LINES, worst
    report = Report(Path("issue.pdf"), "pdf")
    add_findings(issue_figures, report)
    faults = [f for f in report.findings if f.verdict == FAIL]
    assert not faults, faults


def test_the_pdf_says_it_is_an_issue_and_check_alone_judges_it_as_one(issue_built):
    """The PDF's XMP names the issue as PRISM does (well-formed, inside the one
    ``rdf:RDF``), and ``check`` on the PDF alone, with no manuscript, runs the issue's
    checks: its findings appear and none of an article's rules fails the issue."""
    from lxml import etree

    from pamphletpress.check.pdfread import read
    from pamphletpress.check.preflight import check_pdf
    from pamphletpress.check.report import FAIL

    data = read(issue_built["pdf"]).reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    packet = etree.fromstring(data[data.index(b"<x:xmpmeta") : data.rindex(b"</x:xmpmeta>") + 12])
    prism = "{http://prismstandard.org/namespaces/basic/3.0/}"
    rdf = packet.findall("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF")
    assert len(rdf) == 1
    said = {e.tag.removeprefix(prism): e.text for e in rdf[0].iter() if e.tag.startswith(prism)}
    assert said["publicationName"] == "De Rode Pen" and said["number"] == "12", said
    assert said["coverDate"] == "2026-03" and "issn" not in said, said
    dc = "{http://purl.org/dc/elements/1.1/}"
    publishers = [e.findtext(".//{*}li") for e in rdf[0].iter(f"{dc}publisher")]
    assert publishers == ["Stichting De Rode Pen"], publishers
    creators = [li.text for e in rdf[0].iter(f"{dc}creator") for li in e.iter("{*}li")]
    assert creators == ["Anna de Vries, Piet Jansen"], creators
    info = read(issue_built["pdf"]).reader.metadata  # the issue's, not its lead article's
    assert info["/Author"] == "Anna de Vries, Piet Jansen", info
    assert info["/Subject"].startswith("De Rode Pen 12, maart 2026: "), info
    assert "Huurders in Utrecht" in info["/Subject"] and "Poetin" not in info["/Subject"]
    assert info["/CreationDate"].startswith("D:20260301"), info
    report = check_pdf(issue_built["pdf"], separations=False)
    codes = {f.code for f in report.findings}
    assert {"issue-metadata", "issue-pages", "issue-contents", "issue-jump"} <= codes, codes
    assert not [f for f in report.findings if f.verdict == FAIL], report.findings


def test_no_intertitle_stranded_at_a_column_foot(issue_built):
    """An intertitle that is its column's last has three lines or more under it there
    (or its article ends): the issue's own page runs keep an intertitle with its text."""
    from tests.pagefaults import stranded_intertitles

    assert stranded_intertitles(issue_built["pdf"]) == []


def test_every_word_of_every_article_is_printed(issue_built):
    from pamphletpress.check.pdfread import read
    from pamphletpress.check.pdftext import words_of
    from pamphletpress.compose.hyphenation import join_lines
    from pamphletpress.read.document import article_text
    from pamphletpress.read.issue import issue_document, read_issue
    from pamphletpress.read.project import find_project

    project = find_project(issue_built["project"])
    issue = read_issue(project.manuscript / "issue.yml")
    document = issue_document(project, issue)
    printed = {w.casefold() for w in words_of(join_lines(read(issue_built["pdf"]).reading_lines()))}
    for article in document.articles:  # kickers and box titles are set in capitals
        missing = [w for w in words_of(article_text(article)) if w.casefold() not in printed]
        assert not missing, (article.meta.title, missing[:10])
    text = " ".join(read(issue_built["pdf"]).reading_lines())
    assert "**" not in text and "](" not in text and "::: " not in text


def test_the_report_says_where_each_article_went(issue_built):
    report = issue_built["report"].read_text("utf-8")
    assert report.startswith("De Rode Pen 12, maart 2026")
    assert "lead: jumps from page 1 to page" in report
    assert len(re.findall(r"^ *\d+\. .+: page \d", report, re.M)) == 8
    assert "pinned to page 7" in report


def test_the_issue_epub_is_one_book_in_the_editors_order(issue_built):
    with zipfile.ZipFile(issue_built["epub"]) as book:
        opf = next(book.read(n).decode() for n in book.namelist() if n.endswith(".opf"))
        texts = [book.read(n).decode() for n in sorted(book.namelist()) if "text/" in n]
        nav = next(book.read(n).decode() for n in book.namelist() if n.endswith("nav.xhtml"))
    assert "<dc:title>De Rode Pen 12, maart 2026</dc:title>" in opf
    # the issue's publisher and description (issue.yml), not its lead article's
    assert "<dc:publisher>Stichting De Rode Pen</dc:publisher>" in opf, opf
    described = re.search(r"<dc:description>([^<]*)</dc:description>", opf)
    assert described and described[1].startswith("De Rode Pen 12, maart 2026: "), opf
    assert "Zwembad blijft betaalbaar" in described[1]
    assert 'property="belongs-to-collection"' in opf and "PublicationIssue" in opf
    assert not any("Lees verder" in t or "Vervolg van" in t for t in texts)
    order = [nav.index(title) for title in ("Een oorlog die", "Huurders", "Zwembad")]
    assert order == sorted(order)
    assert 'epub:type="page-list"' in nav


@pytest.mark.parametrize(
    "yml, words",
    [
        ("publication: X\nnumber: 1\ndate: 2026-03\narticles: [oorlog.md, oorlog.md]\n",
         ["issue.yml:4", "listed twice"]),
        ("publication: X\nnumber: 1\ndate: 2026-03\narticles:\n  - oorlg.md\n",
         ["issue.yml:5", "does not exist", "oorlog.md"]),
        ("publication: X\nnumber: 1\ndate: 2026-03\npages: 10\narticles: [oorlog.md]\n",
         ["issue.yml:4", "multiple of 4"]),
        ("publication: X\nnumber: 1\ndate: 2026-03\narticles:\n  - file: oorlog.md\n    page: 3\n",
         ["issue.yml:5", "lead article", "page 1"]),
        ("publication: X\ndate: 2026-03\narticles: [oorlog.md]\n", ["issue.yml", "'number:'"]),
        ("publication: X\nnumber: 1\ndate: 2026-03\npages: 8\narticles:\n  - oorlog.md\n"
         "  - file: huur.md\n    page: 12\n", ["issue.yml:7", "pinned to page 12", "8 pages"]),
    ],
)  # fmt: skip
def test_bad_issue_yml_names_file_line_and_fix(tmp_path, yml, words):
    project = issue_project(tmp_path, yml)
    assert_clear_error(run_cli("pdf", str(project)), *words)


def test_unknown_issue_key_is_a_warning_with_the_nearest_key(tmp_path):
    from pamphletpress.read.issue import read_issue

    project = issue_project(tmp_path)
    path = project / "manuscript" / "issue.yml"
    path.write_text(path.read_text("utf-8").replace("price:", "prijs:"), encoding="utf-8")
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("pamphletpress").addHandler(handler)
    try:
        issue = read_issue(path)
    finally:
        logging.getLogger("pamphletpress").removeHandler(handler)
    assert issue.price is None
    said = [r.getMessage() for r in records]
    assert any("issue.yml:4" in s and "'prijs'" in s and "'price'" in s for s in said), said


def test_new_issue_makes_an_issue_project(tmp_path):
    result = run_cli("new", "--issue", str(tmp_path / "krant"))
    assert result.returncode == 0, result.stderr
    manuscript = tmp_path / "krant" / "manuscript"
    assert (manuscript / "issue.yml").is_file()
    from pamphletpress.read.issue import read_issue

    assert len(read_issue(manuscript / "issue.yml").entries) == 16


@pytest.fixture(scope="module")
def sample_issue(tmp_path_factory) -> Path:
    """The sample issue (docs/sample-issue) as ``new --issue`` makes it, its PDF built
    once for the module's corpus-marked tests."""
    project = issue_project(tmp_path_factory.mktemp("sample-issue"), None)
    result = run_cli("pdf", str(project))
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.corpus  # slow: the whole sample issue (12 pages) built once more
def test_the_sample_issue_jumps_inside_both_ways_right_and_jump_false_never_does(sample_issue):
    """The sample issue (docs/sample-issue): inside articles that run over their page's
    foot carry ``Lees verder op pagina N`` there and ``Vervolg van pagina M`` with their
    headline on page N, as the report says; the article marked ``jump: false`` is never
    continued; no article turns a page unannounced; no inside page is left with more
    than a few empty lines at a column's foot but the last; and ``check`` passes it, as
    an editor who made it with ``new --issue`` runs it."""
    from pamphletpress.check.issue import MAX_EMPTY_LINES, measure

    project = sample_issue
    figures = measure(project / "output" / "de-rode-pen-12.pdf")
    inside = [(start, to) for start, to, _right in figures.jumps if start != 1]
    assert inside, figures.jumps
    assert all(right for *_pages, right in figures.jumps), figures.jumps
    for _start, to in inside:
        said = [t for page, t in figures.continued if page == to]
        assert said and said[0], (to, figures.continued)
    report = (project / "output" / "de-rode-pen-12.layout.txt").read_text("utf-8")
    told = {tuple(map(int, m)) for m in re.findall(r"jumps from page (\d+) to page (\d+)", report)}
    assert told == {(s, t) for s, t, _r in figures.jumps}, (told, report)
    continued = " ".join(title for _page, title in figures.continued)
    assert "bibliotheek" not in continued.casefold()
    assert not re.search(r"De bibliotheek.*jumps", report)
    assert not figures.splits, figures.splits
    worst = {n: max(e) for n, e in figures.empty_lines.items() if n < figures.pages}
    assert max(worst.values()) <= MAX_EMPTY_LINES, worst
    checked = run_cli("check", "output/de-rode-pen-12.pdf", cwd=project)
    assert checked.returncode == 0, checked.stdout


@pytest.mark.corpus
def test_the_sample_issue_strands_no_intertitle_at_a_column_foot(sample_issue):
    """No intertitle of the sample issue stands at a column's foot with fewer than
    three lines under it where its article goes on in the next column: page 5's
    'Huurverhoging zonder onderhoud' and page 9's 'Na vijf jaar', whose balanced ends
    no paragraph set a line looser or tighter could mend, are set across their
    columns (a cross-head), as the report tells, and the issue keeps its 12 pages."""
    from tests.pagefaults import stranded_intertitles

    pdf = sample_issue / "output" / "de-rode-pen-12.pdf"
    assert stranded_intertitles(pdf) == []
    from pamphletpress.check.issue import measure

    assert measure(pdf).pages == 12
    report = (sample_issue / "output" / "de-rode-pen-12.layout.txt").read_text("utf-8")
    for page, text in ((5, "Huurverhoging zonder onderhoud"), (9, "Na vijf jaar")):
        assert f"page {page}: the intertitle '{text}' set across the columns" in report, report


@pytest.mark.corpus
def test_the_sample_issue_sets_no_pull_quote_beside_its_sentence(sample_issue):
    """A pull quote stands apart from the sentence it repeats: not the two body lines
    above it, nor the three under it in either column, hold that sentence."""
    from tests.pagefaults import quotes_beside_their_sentence

    assert quotes_beside_their_sentence(sample_issue / "output" / "de-rode-pen-12.pdf") == []


@pytest.mark.corpus
def test_the_sample_issue_sets_no_pull_quote_a_few_lines_under_its_sentence(sample_issue):
    """Nor do the six body lines above a pull quote in either column hold its sentence:
    a reader who has just read it meets it again, set large, before the eye has moved."""
    from tests.pagefaults import LINES_ABOVE_A_QUOTE, quotes_beside_their_sentence

    pdf = sample_issue / "output" / "de-rode-pen-12.pdf"
    assert quotes_beside_their_sentence(pdf, above_lines=LINES_ABOVE_A_QUOTE) == []


@pytest.mark.corpus
def test_no_rule_of_the_sample_issue_touches_its_text(sample_issue):
    """A rule across the columns (a quote's, a box's, the one between two articles)
    keeps its white from the body text over and under it: on the descenders it reads
    as an underline of that line."""
    from tests.pagefaults import rules_on_text

    assert rules_on_text(sample_issue / "output" / "de-rode-pen-12.pdf") == []


@pytest.mark.corpus
def test_no_two_rules_of_the_sample_issue_stand_for_one_break(sample_issue):
    """Two rules across the columns with nothing between them, less than two lines
    apart, are one break drawn twice: a pull quote opening an article's columns under
    its opening's rule (p7 and p10 in the review's third round, 15.3 pt apart) leaves
    its own rule undrawn."""
    from tests.pagefaults import stacked_rules

    assert stacked_rules(sample_issue / "output" / "de-rode-pen-12.pdf") == []


def test_no_two_rules_of_the_built_issue_stand_for_one_break(issue_built):
    """The same on the tests' own issue, built by ``build``."""
    from tests.pagefaults import stacked_rules

    assert stacked_rules(issue_built["pdf"]) == []


@pytest.mark.corpus
def test_the_sample_issue_pads_no_pull_quote_with_white(sample_issue):
    """A pull quote keeps at most two body lines of white over and under its text (the
    sample's keep 13 to 23 pt): more is room the page had left, not the quote's."""
    from tests.pagefaults import padded_quotes

    assert padded_quotes(sample_issue / "output" / "de-rode-pen-12.pdf") == []


@pytest.mark.corpus
@pytest.mark.xfail(
    strict=True,
    reason="review, third round: page 12 (the Agenda and the colophon) leaves 62.2 % "
    "of its text block unused; issue 19's goal for the last page is 15 % (check warns). "
    "Both house boxes fill the feet of pages of short pieces (6, 11), the Agenda is too "
    "short for a quote, and the issue's slack cannot cross the page tops the pages "
    "after page 6 open with (docs/issue.md, Limits)",
)
def test_the_sample_issues_last_page_is_filled_as_issue_19_wants(sample_issue):
    """The last page of an issue leaves at most 15 % of its text block unused (issue 19:
    3 % on every other page): a half-empty back page reads as an issue not finished."""
    from pamphletpress.check.issue import measure

    figures = measure(sample_issue / "output" / "de-rode-pen-12.pdf")
    assert figures.unused[figures.pages] <= 0.15, figures.unused


@pytest.mark.corpus
def test_every_page_of_the_sample_issue_is_in_its_epubs_page_list(sample_issue, tmp_path):
    """The issue's EPUB, made with its PDF's pages (as ``build`` makes it), lists every
    printed page: a reader told "page 2" (a continuation) or "page 1" finds it (EPUB
    Accessibility: the print edition's pages). The review's fourth round saw pages 1,
    2, 8 and 9 left out (the nameplate, the jump lines and repeated heads, which the
    EPUB has not), until main's 420c1be."""
    from pamphletpress.build import Job, print_edition
    from tests.pagefaults import pages_missing_from_the_page_list

    pdf, epub = sample_issue / "output" / "de-rode-pen-12.pdf", tmp_path / "issue.epub"
    Job.load(sample_issue).epub(epub, print_edition=print_edition(pdf))
    assert pages_missing_from_the_page_list(pdf, epub) == []


@pytest.mark.corpus
@pytest.mark.xfail(
    strict=True,
    reason="review, third and fourth rounds: page 6's 'Personeel vertrekt' opens the "
    "right column of 'Wachtlijsten in de jeugdzorg' 9.5 pt further above its first line "
    "than the issue's intertitles inside a column stand (its space above moved under "
    "it, layout/grid.py)",
)
def test_the_sample_issue_s_intertitles_stay_with_their_text(sample_issue):
    """An intertitle opening a column of the issue stands as close above its text as
    one inside a column does: white under it cuts it loose from what it announces."""
    from tests.pagefaults import detached_intertitles

    assert detached_intertitles(sample_issue / "output" / "de-rode-pen-12.pdf") == []


@pytest.mark.corpus
def test_the_sample_issue_leaves_no_scrap_between_blocks(sample_issue):
    """Between two things across the columns (a headline's rule, a pull quote, a box)
    each column holds three lines or more, unless the article ends there: one or two
    lines a column between them is a scrap the eye skips (issue 24)."""
    from tests.pagefaults import scraps

    assert scraps(sample_issue / "output" / "de-rode-pen-12.pdf") == []


@pytest.mark.corpus
def test_the_report_tells_of_every_intertitle_left_at_a_column_foot(sample_issue):
    """An intertitle the layout could not keep off a column's foot (its paragraphs
    could be set no tighter or looser) is told in the report, with its page, for the
    editor to mend in the text."""
    from tests.pagefaults import stranded_intertitles

    report = (sample_issue / "output" / "de-rode-pen-12.layout.txt").read_text("utf-8")
    for found in stranded_intertitles(sample_issue / "output" / "de-rode-pen-12.pdf"):
        page = found.split(":")[0]  # "page 5"
        assert f"{page}: an intertitle at a column's foot" in report, (found, report)


@pytest.mark.corpus
def test_an_article_at_a_page_top_has_no_rule_over_its_headline(sample_issue):
    """The rule and the room between two articles are for an article under another:
    at a page's top, whether the layout sent it there or the text before it did, the
    kicker stands under the running head as on any page."""
    from tests.pagefaults import rules_over_page_tops

    assert rules_over_page_tops(sample_issue / "output" / "de-rode-pen-12.pdf") == []


@pytest.mark.corpus
def test_the_running_head_names_the_section_of_what_opens_the_page(sample_issue):
    """Each inside page's running head names the section (issue.yml) of the article
    whose text opens the page, as the reader meets it under the head: a page that
    opens with the end of an article jumped or run over from the page before is
    that article's, whatever starts lower down."""
    from pamphletpress.read.issue import read_issue
    from tests.pagefaults import page_openings

    def letters(text: str) -> str:
        return re.sub(r"[\W_]+", "", text).casefold()

    issue = read_issue(sample_issue / "manuscript" / "issue.yml")
    texts = [(letters(e.path.read_text("utf-8")), e.section or "") for e in issue.entries]
    wrong = []
    for page, (head, line) in page_openings(sample_issue / "output" / "de-rode-pen-12.pdf").items():
        key = letters(line.rsplit(" ", 1)[0])
        sections = {section.casefold() for text, section in texts if key in text}
        assert sections, (page, line)
        if head.casefold() not in sections:
            wrong.append((page, head, line, sections))
    assert not wrong, wrong


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus")
def test_an_issue_of_corpus_articles_builds_and_checks(tmp_path):
    """Six corpus documents as one issue (the longest leads), and an overflow of ``pages:``."""
    names = [
        "don-techschuld",
        "don-manager",
        "osg-nl-leadership",
        "don-haven",
        "bzk-risicoselectie",
    ]
    manuscript = tmp_path / "krant" / "manuscript"
    manuscript.mkdir(parents=True)
    for name in names:
        for path in (CORPUS / name).iterdir():
            target = manuscript / path.name
            if path.is_dir():  # their pictures share one img/ folder
                shutil.copytree(path, target, dirs_exist_ok=True)
            else:
                shutil.copyfile(path, target)
    listing = "\n".join(f"  - {n}.md" for n in names)
    (manuscript / "issue.yml").write_text(
        f"publication: Corpus\nnumber: 1\ndate: 2026-01\narticles:\n{listing}\n", "utf-8"
    )
    result = run_cli("pdf", str(tmp_path / "krant"))
    assert result.returncode == 0, result.stderr
    from pamphletpress.check.issue import measure

    figures = measure(next((tmp_path / "krant" / "output").glob("*.pdf")))
    assert figures.pages % 4 == 0
    assert all(right for *_j, right in figures.jumps)
    assert not figures.splits, figures.splits
    assert all(said == page for _t, said, page in figures.contents if page)
    (manuscript / "issue.yml").write_text(
        f"publication: Corpus\nnumber: 1\ndate: 2026-01\npages: 4\narticles:\n{listing}\n",
        "utf-8",
    )
    over = run_cli("pdf", str(tmp_path / "krant"))
    assert over.returncode == 1 and "Traceback" not in over.stderr
    said = over.stderr.strip().splitlines()[-1]  # after the corpus's own warnings
    assert said.startswith("error: ") and "issue.yml" in said, said
    assert "lines too many" in said and "'pages:'" in said, said


def test_out_of_rounds_every_page_number_and_the_page_count_are_still_right(tmp_path, monkeypatch):
    """When the layout's rounds give up before all is decided, the issue still folds
    (4n pages) and every jump line's and the contents box's page number is right."""
    from pamphletpress.check.issue import measure
    from pamphletpress.layout import issue_pages

    monkeypatch.setattr(issue_pages, "ROUNDS", 2)  # page 1, then the whole issue once
    project = issue_project(tmp_path)
    result = run_cli("pdf", str(project))
    assert result.returncode == 0, result.stderr
    figures = measure(project / "output" / "de-rode-pen-12.pdf")
    assert figures.pages % 4 == 0, figures.pages
    assert figures.jumps and all(right for *_j, right in figures.jumps), figures.jumps
    said = [(title, said, page) for title, said, page in figures.contents]
    assert len(said) == 8 and all(s == p for _t, s, p in said), said


def test_text_after_an_end_mark_is_read_within_its_article_on_an_issue_page(tmp_path):
    """On an issue's page an article's end mark is followed by the next article, under
    its rule: that is no fault. A paragraph set after the mark, before that rule, is
    (the reader once took every bordered box for a tinted one and the text in it as
    the box's, and read the next article's hanging hyphens as text after the mark)."""
    import weasyprint
    from lxml import html as lxml_html

    from tests.pagefaults import text_after_end_mark

    project = issue_project(tmp_path)
    made = run_cli("html", str(project), "-o", str(tmp_path / "issue.html"))
    assert made.returncode == 0, made.stderr
    root = lxml_html.fromstring((tmp_path / "issue.html").read_bytes())
    articles = [a for a in root.iter("article") if "article" in (a.get("class") or "").split()]
    followed = [
        a
        for a, b in zip(articles, articles[1:])
        if a.get("id") != "art-1"
        and "new-page" not in a.get("class")
        and "new-page" not in b.get("class")
        and a.find(".//span[@class='endmark']") is not None
    ]
    assert followed, "an inside article under another, the next one under it on its page"
    closing = followed[0].find(".//span[@class='endmark']").getparent().getparent()
    stray = lxml_html.fragment_fromstring("<p>Deze zin staat na het einde.</p>")
    closing.addnext(stray)
    pdf = tmp_path / "stray.pdf"
    weasyprint.HTML(
        string=lxml_html.tostring(root, encoding="unicode"), base_url=str(tmp_path)
    ).write_pdf(pdf)
    found = text_after_end_mark(pdf)
    assert len(found) == 1 and "naheteinde" in found[0].replace(" ", ""), found


@pytest.mark.corpus
def test_the_sample_issue_sets_no_text_after_an_end_mark(sample_issue):
    """Every end mark of the sample issue ends its article: what follows it on the page
    is the next article, under its rule, or the back matter."""
    from tests.pagefaults import text_after_end_mark

    assert text_after_end_mark(sample_issue / "output" / "de-rode-pen-12.pdf") == []


def test_a_pull_quote_in_the_text_keeps_its_white_and_no_more(tmp_path):
    """A quote of a short sentence given a deep room (10 rows) inside an article of the
    tests' issue: its rules keep their white from the lines over and under them (the
    red one once stood on the descenders of the line above), and it takes the rows its
    text needs and a row, not the room's 10 rows of white round one line."""
    import weasyprint
    from lxml import html as lxml_html

    from pamphletpress.layout.issue_fill import chosen_quote, insert_quote, quotes_in
    from tests.pagefaults import padded_quotes, rules_on_text

    project = issue_project(tmp_path)
    made = run_cli("html", str(project), "-o", str(tmp_path / "issue.html"))
    assert made.returncode == 0, made.stderr
    html = (tmp_path / "issue.html").read_text(encoding="utf-8")
    root = lxml_html.fromstring(html.encode())
    ident, sentences = next((i, q) for i, q in quotes_in(html).items() if i != "art-1" and q)
    rows, text = chosen_quote(sentences[:1], 10, 12.5)
    insert_quote(root, ident, rows, text, 12.5, whole=True)
    pdf = tmp_path / "quoted.pdf"
    weasyprint.HTML(
        string=lxml_html.tostring(root, encoding="unicode"), base_url=str(tmp_path)
    ).write_pdf(pdf)
    pages = read_pdf(pdf).pages
    said = "".join(c["text"] for p in pages for c in p.chars if _large_italic(c))
    assert text.split()[0] in said, said  # the quote is printed, so the readers see it
    assert rules_on_text(pdf) == []
    assert padded_quotes(pdf) == []


def _large_italic(char: dict) -> bool:
    """Whether ``char`` is set in italic larger than any body or box text: a quote's."""
    return char["size"] > 13.7 and "Italic" in char["fontname"]


def read_pdf(path: Path):
    """The PDF as the project's reader reads it."""
    from pamphletpress.check import pdfread

    return pdfread.read(path)


#: Eight of the sample's articles in the editor's order: the sixth (Havenwerkers) runs
#: over page 7's foot where its cut can fall no lower than five lines above it (its
#: paragraph's last lines and an intertitle stand there).
JUMPING = """publication: De Rode Pen
number: 12
date: 2026-03
articles: [oorlog.md, huur.md, zorg.md, staking.md, onderwijs.md, haven.md, moestuin.md,
  bibliotheek.md]
"""


@pytest.mark.corpus  # slow: an issue of 12 pages built
def test_the_room_above_an_inside_jump_is_given_to_a_quote(tmp_path):
    """Every page an inside article jumps from is filled to within the issue's goal
    (3 % of the text block): the lines the cut could not take went to a pull quote of
    the article's own, whose sentence stands away from it (it left 5.7 % empty). And
    the continuation's balanced end on page 9, whose 'Na vijf jaar' stood at the first
    column's foot with two lines under it (its short paragraphs could be set no
    looser), has it across its columns, each with three lines or more over and under
    it (no scrap)."""
    from pamphletpress.check.issue import GOAL_UNUSED, measure
    from tests.pagefaults import quotes_beside_their_sentence, scraps, stranded_intertitles

    project = issue_project(tmp_path, JUMPING)
    result = run_cli("pdf", str(project))
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "de-rode-pen-12.pdf"
    figures = measure(pdf)
    inside = [start for start, _to, right in figures.jumps if start != 1 and right]
    assert inside, figures.jumps
    assert all(figures.unused[page] <= GOAL_UNUSED for page in inside), figures.unused
    assert quotes_beside_their_sentence(pdf) == [] and scraps(pdf) == []
    assert stranded_intertitles(pdf) == []


@pytest.mark.corpus
def test_a_house_box_fills_the_foot_of_a_page_of_short_articles(sample_issue):
    """Page 11 of the sample holds three short articles: a quote of any of them would
    stand a few lines from its sentence, so the room under them goes to a house box
    from the back (planned content), which ``check`` counts as filling the page, and
    the layout report says where the box went and why."""
    from pamphletpress.check.issue import GOAL_UNUSED, measure
    from pamphletpress.check.pdfread import read

    pdf = sample_issue / "output" / "de-rode-pen-12.pdf"
    pages = read(pdf).pages
    boxed = [
        p.number for p in pages if "NEEM EEN ABONNEMENT" in "".join(c["text"] for c in p.chars)
    ]
    figures = measure(pdf)
    assert boxed and boxed[0] < len(pages), boxed
    assert figures.unused[boxed[0]] <= GOAL_UNUSED, figures.unused
    # and the report tells where the filler went and why (issue 19: "... and told")
    report = (sample_issue / "output" / "de-rode-pen-12.layout.txt").read_text("utf-8")
    told = f"house box 'Neem een abonnement' moved from the back to page {boxed[0]}, under"
    assert told in report and "no article on the page has a place for a pull quote" in report


def test_the_last_pages_house_boxes_take_the_room_the_content_leaves_there(
    issue_built, issue_figures
):
    """The tests' own issue ends a third of a page short of 8 pages, its colophon and
    both house boxes on the last page: the boxes are set larger to take that room (issue
    19: padding goes to planned content), so that the last page leaves at most 15 % of
    its text block unused, no inside page more than 3 %, and the report tells it."""
    from pamphletpress.check.issue import GOAL_LAST, GOAL_UNUSED
    from pamphletpress.check.pdfread import read

    last = issue_figures.pages
    assert issue_figures.unused[last] <= GOAL_LAST, issue_figures.unused
    inside = {n: u for n, u in issue_figures.unused.items() if n != last}
    assert max(inside.values()) <= GOAL_UNUSED, inside
    text = "".join(c["text"] for c in read(issue_built["pdf"]).pages[last - 1].chars)
    assert "NEEM EEN ABONNEMENT" in text and "SCHRIJF MEE" in text
    report = issue_built["report"].read_text("utf-8")
    assert f"house box 'Neem een abonnement' set larger on page {last}, the last" in report


def test_check_measures_the_built_issues_last_page(issue_built, issue_figures):
    """``check`` on a built issue judges its last page too, with the figure it measured
    (issue 19: at most 15 % of the text block unused, more a warning)."""
    from pamphletpress.check.issue import GOAL_LAST

    last = issue_figures.pages
    share = issue_figures.unused[last]
    checked = run_cli("check", str(issue_built["pdf"]))
    line = next(ln for ln in checked.stdout.splitlines() if "issue-last-page" in ln)
    assert f"page {last}:" in line and f"{share:.1%}" in line, line
    word = "ok" if share <= GOAL_LAST else "warn"
    assert line.split()[0].casefold() == word.casefold(), line
    assert not issue_figures.blank, issue_figures.blank


@pytest.mark.corpus
def test_the_report_tells_the_lines_the_content_leaves_on_the_last_page(sample_issue):
    """The sample issue's last page (the Agenda and the colophon; its house boxes fill
    the feet of pages of short pieces, and no article ending there can take a quote)
    stays more than half empty: the report (the report file) says how many lines are
    left on it and what the editor could add, as many as ``check`` measures there (a
    line or two apart: the layout counts whole rows)."""
    from pamphletpress.check.issue import measure

    figures = measure(sample_issue / "output" / "de-rode-pen-12.pdf")
    last = figures.pages
    measured = sum(figures.empty_lines[last])
    assert figures.unused[last] > 0.15, figures.unused  # else nothing to tell
    for text in ((sample_issue / "output" / "de-rode-pen-12.layout.txt").read_text("utf-8"),):
        told = re.search(rf"page {last}, the last: about (\d+) lines left empty", text)
        assert told, text
        assert abs(int(told.group(1)) - measured) <= 4, (told.group(0), measured)
        assert "add a house box ('house:') or an article of about" in text


@pytest.mark.corpus  # slow: an issue built
def test_blank_pages_are_the_last_resort_reported_by_build_and_check(tmp_path):
    """Eight pages of content asked to fill twelve: the back matter gets its page and
    articles their page tops first; what is still missing is blank pages, which the
    report counts with the lines that would fill them and ``check`` reports as blank,
    judging the last page with content as the last."""
    from pamphletpress.check.issue import measure

    project = issue_project(tmp_path, SMALL + "pages: 12\n")
    result = run_cli("pdf", "-v", str(project))
    assert result.returncode == 0, result.stderr
    pdf = project / "output" / "de-rode-pen-12.pdf"
    figures = measure(pdf)
    report = (project / "output" / "de-rode-pen-12.layout.txt").read_text("utf-8")
    told = re.search(r"padding: (\d+) blank page\(s\).*about (\d+) lines would fill them", report)
    assert figures.pages == 12
    assert told and int(told.group(1)) == len(figures.blank) > 0, (report, figures.blank)
    assert figures.blank == list(range(13 - len(figures.blank), 13)), figures.blank
    checked = run_cli("check", str(pdf))
    blank = [ln for ln in checked.stdout.splitlines() if "issue-blank" in ln]
    assert len(blank) == len(figures.blank), checked.stdout
    last = [ln for ln in checked.stdout.splitlines() if "issue-last-page" in ln]
    assert len(last) == 1 and f"page {figures.last}:" in last[0], checked.stdout
