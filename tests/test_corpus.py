"""Real manuscripts written outside this project (``../shared/corpus``), built as written.

Each folder is copied into a temporary project and built by the CLI, as an editor
would; the PDF and the EPUB are read back. Skipped where the corpus is absent
(a user's clone). Marked ``corpus``: ``pytest -m 'not corpus'`` leaves it out.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_process
from tests.words import epub_text, missing_words, pdf_text, source_words, syntax_left

CORPUS = ROOT.parent / "shared" / "corpus"
DOCUMENTS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
#: The longest hole (empty body lines in a column) the corpus keeps today; the goal is 2.
#: 3 since a block that text moving up before it kept on a later page is let back where
#: it was written once the page changed (layout/released.py): don-nodemodules' meme,
#: set smaller to take the last page back, fits at page 1's foot again (that page had 4
#: empty lines at both feet), bzk-risicoselectie's boxes, let back after a box above
#: them was nudged, have their text moved anew and fill page 2 (3 at its feet before).
#: don-apiregister p3's 3 above the lifecycle diagram filled by paragraphs set a line
#: looser (layout/footfill.py), which also set its table on p1 a line lower (3 under
#: it before at both feet). osg-nl-leadership p2's 3 at both feet closed since a box
#: that opens a page, where the intertitle after it needs more lines than the foot
#: before has (6 for 5), is raised before that page's last paragraphs, which run on
#: under it (layout/raised.py); setting the paragraphs above a line tighter instead
#: was tried and did not hold (one line was all they gave, and WeasyPrint sends a
#: run of columns it cannot balance on whole). Holes of 3 left (HOLES_LEFT):
#: don-apiregister p1's right column above its table (the run's left column a line
#: longer, and the table's space above; no second paragraph can be set looser), and
#: osg-nl-leadership p1's right column (its paragraphs cannot be set looser within the
#: word-space limit; the box opening p2 moves no more), issue 24 stays open.
#: don-apiregister p1's is WeasyPrint's balancing: its run is 33 lines tall for 32 of
#: text (a paragraph split over the columns stretches to the height the balancing
#: overshot to), the table under it a line lower; a run laid out whole trimmed to its
#: tallest column's text closes it, but leaves don-haven p3's right column 3.07 lines
#: short above its notes (the layout loop, counting line boxes, sees 2.95): tried on
#: branch holes3-trim (layout/balanced.py), not taken.
HOLES_TODAY = 3
#: The documents that meet issue 24's goal today (no hole over 2 lines): they keep it.
#: don-haven p2 had a 4-line foot under a two-line intertitle, filled since by a
#: paragraph set a line tighter or looser (layout/footfill.py). pandoc-testsuite's
#: page 3 "hole" was a list of formulas, drawn as curves, which holes() now counts.
#: don-apiregister was hole-free while its mermaid diagrams printed as code; drawn, the
#: second goes across the columns and the run above it ends 4 lines short on page 3.
#: don-apiregister and osg-de-finding since a block across the columns moves a
#: paragraph up or down where an intertitle left a column short beside it
#: (layout/nudges.py). osg-nl-leadership p1 would be too, but only by leaving
#: 'Hoe formaliseer ik…' at the column's foot with two lines: the move is refused.
#: don-apiregister's 3-line "holes" above and below its table were the table's rules
#: not read (stroked lines); since an h4 keeps three lines it has holes of 3 again
#: (p1 under its table, whose next row did not fit; p3 above the lifecycle diagram).
#: bzk-risicoselectie and don-nodemodules since held blocks are let back (above).
HOLE_FREE = (
    "bzk-risicoselectie", "don-apiregister", "don-haven", "don-kiesraad", "don-manager",
    "don-nodemodules",
    "don-techschuld", "havelaar-1", "kafka-1", "osg-de-finding", "pandoc-testsuite",
    "rust-love",
)  # fmt: skip
#: The pages that keep a hole today in the documents not yet :data:`HOLE_FREE`
#: (don-apiregister's p1 filled since its intertitles opening a column are set close
#: over their text, layout/openings.py).
HOLES_LEFT = {"osg-nl-leadership": {1}}

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not DOCUMENTS, reason="../shared/corpus is not beside this clone"),
]


def _build(name: str, base: Path) -> dict:
    project = base / name
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    shutil.copytree(CORPUS / name, project / "manuscript")
    for path in (project / "manuscript").rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    # ``build``, as an editor runs it: the EPUB with the page list of the PDF laid out
    # beside it (``epub`` alone makes none). A process: the CLI chdirs.
    result = run_process("build", cwd=project)
    results = {"project": project, "pdf": result, "epub": result}
    for kind in ("pdf", "epub"):
        results[f"{kind}_path"] = project / "output" / f"{name}.{kind}"
    return results


@pytest.fixture(scope="session")
def corpus_builds(tmp_path_factory) -> dict[str, dict]:
    """Every corpus document built once per test run, two at a time (two cores)."""
    base = tmp_path_factory.mktemp("corpus")
    with ThreadPoolExecutor(max_workers=2) as pool:
        builds = dict(zip(DOCUMENTS, pool.map(lambda n: _build(n, base), DOCUMENTS)))
    return builds


@pytest.mark.parametrize("name", DOCUMENTS)
def test_builds_as_written(corpus_builds, name):
    for kind in ("pdf", "epub"):
        result = corpus_builds[name][kind]
        assert result.returncode == 0, (kind, result.stderr)
        assert "Traceback" not in result.stderr
        assert corpus_builds[name][f"{kind}_path"].is_file()


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_markdown_syntax_printed(corpus_builds, name):
    from pamphletpress.check.pdftext import pdf_lines

    build = corpus_builds[name]
    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    assert syntax_left("\n".join(pdf_lines(build["pdf_path"])), source, markers=True) == []
    assert syntax_left(epub_text(build["epub_path"]), source) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_word_in_both_outputs(corpus_builds, name):
    from pamphletpress.check.pdftext import pdf_lines

    expected = source_words((CORPUS / name / f"{name}.md").read_text(encoding="utf-8"))
    build = corpus_builds[name]
    lines = pdf_lines(build["pdf_path"])
    printed = pdf_text(build["pdf_path"], set(expected))
    assert missing_words(expected, printed, lines) == []
    assert missing_words(expected, epub_text(build["epub_path"])) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_epubcheck_clean(corpus_builds, name):
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java")
    from tests.warm_epubcheck import epubcheck

    result = epubcheck(corpus_builds[name]["epub_path"])
    problems = [
        f"{m.level} {m.id} {m.location}: {m.message}"
        for m in result.messages
        if m.level in ("FATAL", "ERROR", "WARNING")
    ]
    assert problems == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_epub_links_stay_inside_the_book_or_go_to_the_web(corpus_builds, name):
    from lxml import etree

    with zipfile.ZipFile(corpus_builds[name]["epub_path"]) as book:
        pages = {
            member: etree.fromstring(book.read(member))
            for member in book.namelist()
            if member.endswith(".xhtml") and not member.endswith("nav.xhtml")
        }
        ids = {
            member: {e.get("id") for e in root.iter() if e.get("id")}
            for member, root in pages.items()
        }
        for member, root in pages.items():
            for link in root.iter("{http://www.w3.org/1999/xhtml}a"):
                href = link.get("href", "")
                if href.startswith(("http://", "https://", "mailto:")):
                    continue
                # else a page of the book (a picture's page at full size, and back)
                target, _, anchor = href.partition("#")
                target = str(Path(member).parent / target) if target else member
                assert target in pages, (member, href)
                assert not anchor or anchor in ids[target], (member, href)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_print_layout_read_back(corpus_builds, name):
    """The page as a reader sees it: no glyph on another line's, nothing beyond the
    text block but marks hanging out of it, no column or page ending in a hyphen;
    even word spaces (Typst on the same texts: 0.65–0.77 em widest, 11–16 % loose
    lines, before issue 22 here up to 0.60 em and 3.6 %); the justified lines'
    letters on the column's edge (0.52–1.29 pt off before marks hung out of it)."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.preflight import check_pdf
    from pamphletpress.check.typometrics import measure

    path = corpus_builds[name]["pdf_path"]
    report = check_pdf(path, separations=False)
    faults = [
        f"{f.code} p{f.page}: {f.message}"
        for f in report.findings
        if f.code in ("pdf-collisions", "pdf-text-block", "pdf-column-hyphens")
        and f.verdict != "pass"
    ]
    assert faults == []
    figures = measure(pdfread.read(path), 9.5)
    assert figures.widest_space_em <= 0.65, [
        line.text for line in figures.lines if line.spaces and max(line.spaces) > 0.65 * 9.5
    ]
    assert figures.longest_hyphen_run <= 3
    assert figures.loose_share <= 0.03
    if figures.justified_lines * 2 >= figures.body_lines:  # not pandoc's lists and code
        assert figures.right_edge_deviation_pt <= 0.35
    else:  # a few justified lines (24 of pandoc's 287): an edge of few lines
        assert figures.right_edge_deviation_pt <= 0.5


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_column_left_short(corpus_builds, name):
    """No picture leaves a hole at a column's foot; a column ends short for a
    hyphen only where the paragraph could not be broken again (at most once)."""
    from pamphletpress.check import layoutfaults, pdfread

    text = pdfread.read(corpus_builds[name]["pdf_path"])
    lines = text.body_lines(9.5)
    assert [f.text for f in layoutfaults.figure_holes(text, lines)] == []
    assert len(layoutfaults.short_columns(lines)) <= 1


@pytest.mark.parametrize("name", DOCUMENTS)
def test_small_marks_read_back(corpus_builds, name):
    """No heading hyphenated where no word is wider than its measure, no address,
    file name or hash hyphenated, no note's call parted from its word, and in
    Dutch and German no dash between two words without its spaces."""
    from pamphletpress.check.pdftext import pdf_lines
    from tests.typesetting import (
        hyphenated_addresses,
        hyphenated_headings,
        parted_calls,
        unspaced_dashes,
    )

    path = corpus_builds[name]["pdf_path"]
    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    # The words an intertitle cannot hold whole at 70 mm (about 24 of its letters).
    long_words = [w for w in re.findall(r"[^\W\d_][\w-]{23,}", source)]
    assert hyphenated_headings(path, long_words) == []
    assert hyphenated_addresses(path) == []
    assert parted_calls(path) == []
    if re.search(r"^lang:\s*(nl|de)", source, re.M):
        assert unspaced_dashes(" ".join(pdf_lines(path))) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_holes(corpus_builds, name):
    """No column of any page but an article's last empty for more than a few lines:
    a box, table or picture that went on took no text's room with it. Issue 24's
    goal is 2 lines (what `check`'s pdf-holes fails on); today the corpus keeps
    holes of 3 to 5 lines where a two-line intertitle cannot stand at a column's
    foot, so this holds the line at :data:`HOLES_TODAY` until they are closed."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.holes import holes

    text = pdfread.read(corpus_builds[name]["pdf_path"])
    found = holes(text, text.body_lines(9.5), 9.5)
    assert [(h.page, h.text) for h in found if h.lines > HOLES_TODAY] == []
    if name in HOLE_FREE:
        assert [(h.page, h.text) for h in found] == []
    else:
        assert {h.page for h in found} <= HOLES_LEFT.get(name, set()), found


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_note_on_the_page_that_calls_it(corpus_builds, name):
    from tests.notes import misplaced_notes

    assert misplaced_notes(corpus_builds[name]["pdf_path"]) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_epub_readable_on_a_phone(corpus_builds, reader, name, tmp_path):
    """Every page on a 375 px phone in light and dark, and at 360 px in a reader's dark
    theme: contrast ≥ 4.5:1, nothing wider than the screen (tables, code, long URLs),
    no text under 0.8 of the body's size, no word broken inside, no word space over 1 em."""
    from tests.reading import MODES, content_documents, problems, unzip

    folder = unzip(corpus_builds[name]["epub_path"], tmp_path / "book")
    base = reader.serve(folder)
    found = []
    widths = {"light": 375, "dark": 375, "reader-dark-theme": 360}
    for document in content_documents(folder):
        for mode, options in MODES.items():
            measured = reader.measure(base + document, width=widths[mode], **options)
            found += [f"{document} {mode}: {p}" for p in problems(measured)]
    assert found == []


def test_a_label_column_keeps_its_longest_words_whole(corpus_builds):
    """don-apiregister's table: its label column as wide as "Referentie-implementatie"
    beside the running text (WeasyPrint's table layout broke "Gebruiksvoorwaarden"
    over four lines), no word in a cell broken twice."""
    from pamphletpress.check import pdfread
    from tests.write.test_tables import _cell_runs, _small_lines

    pdf = pdfread.read(corpus_builds["don-apiregister"]["pdf_path"])
    segments = _small_lines(pdf)
    labels = {s["text"] for s in segments}
    assert {"Gebruiksvoorwaarden", "Referentie-implementatie", "Documentatie-URL"} <= labels
    for run in _cell_runs(segments):
        for above, line in zip(run, run[1:], strict=False):
            middle = " " not in line["text"] and line["text"].endswith(("\u2010", "-"))
            assert not (above["text"].endswith(("\u2010", "-")) and middle), line["text"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_cell_word_broken_twice(corpus_builds, name):
    """Issue 22: no word in a table cell broken more than once (check/cells.py, at
    print.css's table size and leading; don-apiregister's table had 6)."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.cells import broken_twice

    assert broken_twice(pdfread.read(corpus_builds[name]["pdf_path"]), 7.5, 10.0) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_line_ends_in_an_address_mark(corpus_builds, name):
    """No printed address breaks after a character that looks like a word's break:
    a line whose last word is an address never ends in ``- . _`` when the address
    goes on on the next line (a lower-case letter or digit, no space before it)."""
    from pamphletpress.check import pdfread
    from pamphletpress.compose.addresses import looks_like_address
    from tests.pagefaults import column_neighbours

    lines = pdfread.read(corpus_builds[name]["pdf_path"]).column_lines(9.5)
    found = []
    for line, after in column_neighbours(lines):
        last = line.words[-1].lstrip("(")
        if last.endswith(("-", ".", "_")) and looks_like_address(last.rstrip("-._")):
            if re.match(r"[a-z0-9]", after.words[0]):
                found.append(f"page {line.page}: {last} / {after.words[0]}")
    assert found == []


def _known_faults(faults: dict[str, str], raises: type[Exception] | None = None) -> list:
    """DOCUMENTS, with those that show the fault today marked ``xfail(strict=True)``
    and the reason (tests/pagefaults.py; /work/notes/review.md has the pages); with
    ``raises``, only that exception is the known fault (another is an error)."""
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=faults[name], raises=raises))
        if name in faults
        else name
        for name in DOCUMENTS
    ]


#: Found by the review of every page (not caught before): an intertitle at a column's
#: foot with two lines under it, its text going on at the next column's top.
STRANDED_TODAY: dict[str, str] = {}
# don-haven p2-p4, don-manager p2, don-apiregister p4 and don-techschuld p2 had two
# lines under one, kept since with three (print.css); don-apiregister p2's h4
# 'Koppeling met TOOI' since h4-h6 keep three too, the column before it filled


@pytest.mark.parametrize("name", _known_faults(STRANDED_TODAY))
def test_no_intertitle_stranded_at_a_column_foot(corpus_builds, name):
    """An intertitle that is its column's last has at least three lines under it
    there, unless the article ends: a reader should not turn to the next column (or
    page) to find what the heading announces."""
    from tests.pagefaults import stranded_intertitles

    assert stranded_intertitles(corpus_builds[name]["pdf_path"]) == []


@pytest.mark.parametrize(
    "name",
    DOCUMENTS,  # osg-nl-leadership's last pull quote stood alone after the end mark
    # until a block goes up before the last paragraphs of a page's worth of text
)
def test_the_end_mark_stands_on_the_last_page(corpus_builds, name):
    """Nothing of the article is moved past its end: the end mark (■) is on the PDF's
    last page, and only there (a box or picture deferred beyond it makes a page of
    its own, out of the reading order)."""
    from tests.pagefaults import end_mark_pages

    pages, marked = end_mark_pages(corpus_builds[name]["pdf_path"])
    assert marked == [pages]


@pytest.mark.parametrize(
    "name",
    DOCUMENTS,  # don-nodemodules' page 4 held three lines until a picture across the
    # columns above the text running on to it is set a little smaller (layout/lastpage.py)
)
def test_the_last_page_is_more_than_a_few_lines(corpus_builds, name):
    """The last page carries at least five lines' depth of text: three lines alone on
    a page is a page the printer charges for and the reader turns for nothing."""
    from tests.pagefaults import last_page_depth

    assert last_page_depth(corpus_builds[name]["pdf_path"]) >= 5


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_spaced_hyphen_is_set_as_a_dash(corpus_builds, name):
    """A hyphen between spaces (``doen - doe``) is the writer's dash, printed as an en
    dash (–): a hyphen there reads as a broken word, at a line's end above all (box
    titles and sources, captions, a headline and running text showed it before)."""
    from pamphletpress.check.pdftext import pdf_lines
    from tests.pagefaults import spaced_hyphens

    assert spaced_hyphens(pdf_lines(corpus_builds[name]["pdf_path"])) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_picture_stands_clear_of_the_text(corpus_builds, name):
    """A picture, and its caption, keep at least half a line of white from the running
    text above and below: text that touches a picture reads as its caption, a caption
    that touches the next paragraph as that paragraph's first line."""
    from tests.pagefaults import crowded_figures

    assert crowded_figures(corpus_builds[name]["pdf_path"]) == []


@pytest.mark.parametrize("name", DOCUMENTS)  # havelaar-1's address card stood under the mark
def test_the_end_mark_ends_the_article(corpus_builds, name):
    """The end mark (■) follows the article's last text: nothing of the running text,
    code or a card set in the column, stands under it or in a later column (a box
    across the columns, notes and a floated picture's caption may)."""
    from tests.pagefaults import text_after_end_mark

    assert text_after_end_mark(corpus_builds[name]["pdf_path"]) == []


@pytest.mark.parametrize("name", DOCUMENTS)  # don-techschuld's '# Technische schuld - …'
def test_the_headline_is_not_printed_twice(corpus_builds, name):
    """A manuscript that opens with its own title as a heading (blogs do) gets the
    headline once: an intertitle saying the same under it reads as a misprint."""
    from tests.pagefaults import repeated_headline

    assert repeated_headline(corpus_builds[name]["pdf_path"]) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_list_cut_by_a_block_across_the_columns(corpus_builds, name):
    """A list of the manuscript stands whole above or under a box, a wide picture
    or a diagram (don-apiregister's lifecycle list had its first item above the
    diagram, the rest under it); two lists the manuscript puts round a box are two."""
    from tests.pagefaults import lists_cut_by_blocks

    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    assert lists_cut_by_blocks(corpus_builds[name]["pdf_path"], source) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_file_name_broken_over_two_lines(corpus_builds, name):
    """A file name at an address's end is printed in one line: a reader copies it as
    one word (don-haven's caption broke ``Haven+`` / ``_HLD_Ref_Impl.jpg``)."""
    from tests.pagefaults import broken_file_names

    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    assert broken_file_names(corpus_builds[name]["pdf_path"], source) == []


@pytest.mark.parametrize("name", DOCUMENTS)  # don-nodemodules' 'tree/d079' / '84fe…'
def test_no_address_broken_between_two_letters_unmarked(corpus_builds, name):
    """An address, file name or hash breaks after a slash or before a dot, never
    between two letters or digits with no mark: ``no`` over ``de_modules`` reads as
    two words, and a reader types the address wrong."""
    from tests.pagefaults import unmarked_breaks

    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    assert unmarked_breaks(corpus_builds[name]["pdf_path"], source) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_an_e_mail_address_breaks_only_before_its_at(corpus_builds, name):
    """An e-mail address keeps its name and its domain whole: don-apiregister p5 had
    ``developer`` over ``.overheid@geonovum.nl!``, bzk p4 ``.nl. ■`` alone on the
    article's last line."""
    from tests.pagefaults import broken_mail_addresses

    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    assert broken_mail_addresses(corpus_builds[name]["pdf_path"], source) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_host_name_broken_inside_a_label(corpus_builds, name):
    """A host name breaks only before a dot, never with a hyphen and never inside a
    label: osg-nl-leadership p3 had ``(oss`` over ``-watch.ac.uk/resources/``."""
    from tests.typesetting import broken_host_names

    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    assert broken_host_names(corpus_builds[name]["pdf_path"], source) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_piece_of_an_address_alone_on_a_short_line(corpus_builds, name):
    """Issue 24's short lines inside justified text: a line holding only a piece of
    an address, less than half the column, the address going on below, is a hole
    in a justified column (the composer leaves such a line short rather than
    stretch it: the address's pieces share their lines). don-apiregister p2 had
    ``.standaarden`` alone between ``…API: api`` and ``.overheid.nl/v1/…``, osg-nl
    p3 ``.ac.uk/resources/``, don-techschuld p1 ``(wiki.c2.com/`` over
    ``?WardExplainsDebtMetaphor)``."""
    from tests.pagefaults import address_scraps

    assert address_scraps(corpus_builds[name]["pdf_path"]) == []


#: Short lines inside justified text the composer cannot avoid today (issue 24).
#: bzk-risicoselectie p3, don-apiregister p2 and don-haven p4 kept a line a quarter or more
#: short before an address or code that could not follow it, until the breaker weighed
#: such a gaping line as worse than a few lines a little short (compose/breaker.py).
SHORT_LINES_TODAY = {
    "osg-nl-leadership": "p3: '• BDFL-modelsjabloon' and '(oss-watch.ac.uk/resources/' "
    "before a path part of 33 letters: no breaking at the address's allowed points "
    "meets all three rules (with the words, the host and 'resources/' it overruns the "
    "item's 187 pt; after 'oss-watch.ac' or '.uk/' a scrap of the address stands alone)",
}


@pytest.mark.parametrize("name", _known_faults(SHORT_LINES_TODAY))
def test_no_short_line_inside_justified_text(corpus_builds, name):
    """No line of a justified paragraph, quotation or list item ends well short of
    the column (a quarter of it) while its text goes on under it: a hole in the
    column's edge (issue 24's short lines: a hyphenated line left short, ``• BDFL-``
    alone 162 pt short in osg-nl p3 once). A block's last line, one before a hard
    break, and those a heading's or a list's next item follows are no such line."""
    from tests.typesetting import short_lines

    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    assert short_lines(corpus_builds[name]["pdf_path"], source) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_scrap_of_text_between_blocks(corpus_builds, name):
    """Between two things across the columns (boxes, wide pictures and tables) each
    column holds three lines or more, unless the article ends there (bzk's and
    osg-de's stacks of boxes had 2-6-line scraps between them before)."""
    from tests.pagefaults import scraps

    assert scraps(corpus_builds[name]["pdf_path"]) == []


#: Pages whose columns start under the same thing at different heights today (issue 24):
#: none since an intertitle opening a column moves its space above below it
#: (layout/grid.py); before, bzk p1 p2 p4, don-apiregister p2 p3, don-haven p1,
#: osg-de-finding p1 p3 p4 and osg-nl-leadership p1 p3 p4 (15 places).
COLUMN_TOPS_TODAY: dict[str, str] = {}


@pytest.mark.parametrize("name", _known_faults(COLUMN_TOPS_TODAY))
def test_columns_start_level(corpus_builds, name):
    """Both columns under the page's top or a block across them start at one
    height, within a few points: an intertitle opening a column stands level with
    the text beside it (don-apiregister p2 and osg-de-finding p4 had the right
    column's intertitle a line's space lower, bzk p2-p4 the left's)."""
    from tests.pagefaults import uneven_column_tops

    assert uneven_column_tops(corpus_builds[name]["pdf_path"]) == []


#: Pictures across the columns, narrower than the text block, set flush left (review,
#: third round): none since a picture narrower than its measure stands in its middle,
#: its caption at its width under it (print.css, write/print_html.py); before,
#: don-nodemodules p1's meme (2 pt left, 111 pt right) and don-techschuld p2's
#: screenshot (0 pt left, 87 pt right).
OFF_CENTRE_TODAY: dict[str, str] = {}


@pytest.mark.parametrize("name", _known_faults(OFF_CENTRE_TODAY))
def test_a_picture_across_the_columns_stands_in_their_middle(corpus_builds, name):
    """A picture over the gutter that is narrower than the text block stands in its
    middle: flush left it leaves a hole beside it, which reads as a picture missing
    (and the caption under it runs on past its edge)."""
    from tests.pagefaults import pictures_off_centre

    assert pictures_off_centre(corpus_builds[name]["pdf_path"]) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_rule_across_the_columns_touches_the_text(corpus_builds, name):
    """A rule across the columns (a box's border, a table's or a picture's) keeps its
    white from the body text over and under it (the sample issue's quote rules stood on
    the descenders of the line above)."""
    from tests.pagefaults import rules_on_text

    assert rules_on_text(corpus_builds[name]["pdf_path"]) == []


#: Intertitles opening a column (or its run under a box or picture across the columns)
#: with a line's white under them (review, third round, after main's grid change moved
#: their space above below them, 2fcffc4): the column tops are level, the heading is
#: cut loose from its text. None in the round's first look (on main at ba1758c). Since
#: layout/openings.py they are set close over their text (bzk-risicoselectie,
#: don-apiregister, don-haven, don-kiesraad, don-nodemodules, pandoc-testsuite and the
#: sample page cleared; don-apiregister's p1 hole with them) but where that adds a fault
#: to the document: these keep their space below them, for the fault named.
DETACHED_TODAY = {
    name: "an intertitle opening a column keeps about 9.5 pt more white under it than "
    "one inside a column: " + pages + "; set close over its text, " + why
    for name, pages, why in (
        (
            "osg-de-finding",
            "p1, p4 'Weitermachen!'",
            "p2 and p3 would keep a 4-line hole at a column's foot",
        ),
        (
            "osg-nl-leadership",
            "p1, p3, p4",
            "p2 would keep two 5-line holes and an intertitle stranded at a column's foot",
        ),
    )
}


@pytest.mark.parametrize("name", _known_faults(DETACHED_TODAY))
def test_an_intertitle_opening_a_column_stays_with_its_text(corpus_builds, name):
    """An intertitle at a column's top, or under a block across the columns, stands
    as close above its first line as one inside a column does: white under it cuts it
    loose from the text it announces (the white belongs above a heading, or nowhere)."""
    from tests.pagefaults import detached_intertitles

    assert detached_intertitles(corpus_builds[name]["pdf_path"]) == []


#: Lines that end in a hyphen and are then set short, in justified text (review, fourth
#: round): the composer broke a word to fill the line and did not fill it.
HYPHENATED_SHORT_TODAY = {
    "bzk-risicoselectie": "p3, Bronnen: '• Autoriteit Persoonsgegevens, Rap-' 43 pt and "
    "'portage AI- en algoritmerisico's Ne-' 37 pt short of the column's edge, two lines "
    "in a row, above 'derland (RAN), zomer 2024, hoofdstuk 4' and its address (the "
    "item's words fill 2.6 lines before an address that takes a line of its own: whole "
    "words leave '(RAN), zomer 2024, hoofdstuk 4' 49 pt short instead, over a quarter; "
    "tried with a dearer short hyphen, not kept: it made test_print_marks' address "
    "item gape)",
}


@pytest.mark.parametrize("name", _known_faults(HYPHENATED_SHORT_TODAY))
def test_no_hyphenated_line_set_short(corpus_builds, name):
    """A line of justified text that ends in a hyphen reaches the column's edge (within
    a twentieth of the measure): a word broken for a line left short is a break for
    nothing, and the short line reads as a paragraph's end with a stray hyphen. Every
    other such line of the corpus ends within 4 pt of the edge."""
    from tests.typesetting import HYPHENATED_SHORT_SHARE, short_lines

    source = (CORPUS / name / f"{name}.md").read_text(encoding="utf-8")
    pdf = corpus_builds[name]["pdf_path"]
    assert short_lines(pdf, source, share=HYPHENATED_SHORT_SHARE, hyphenated=True) == []


#: Articles whose last columns end more than a line and a half apart (review, fourth
#: round: don-manager p3, osg-nl-leadership p5 and rust-love p6 2 lines, levelled since by
#: a paragraph set a line tighter or looser, layout/lastcolumns.py; so is the sample page).
UNLEVEL_END_TODAY = {
    "don-techschuld": "p2: under the screenshot the left column ends 4 lines below the "
    "right: 'Hoe doe jij dat?' needs its three lines in the left; of the two paragraphs "
    "of that run, 'Hier zie je' set a line looser ends it 5 lines apart and neither can "
    "be set tighter, nor the last looser, within the word-space limit; the screenshot "
    "moved a paragraph later or earlier levels it but leaves an intertitle right under "
    "it, its white cut loose from its text (layout/lastcolumns.py refuses both)",
}


@pytest.mark.parametrize("name", _known_faults(UNLEVEL_END_TODAY))
def test_the_articles_last_columns_end_level(corpus_builds, name):
    """The article's last columns (from the end mark's block across the columns or its
    page's top) end level, at most a line and a half apart (issue 19: "at most one line
    apart"; the brief: "columns of the last page balanced"): a column ending lines
    deeper than the other reads as text missing from the shorter one."""
    from tests.pagefaults import unlevel_last_columns

    assert unlevel_last_columns(corpus_builds[name]["pdf_path"]) == []


#: Printed pages the EPUB's page list leaves out (review, fourth round). Its first look
#: saw osg-nl-leadership's p4 (opening with a box the print raised) and
#: pandoc-testsuite's p2 and p3 left out; since main's 420c1be (a page marked by a later
#: run of its words) only pandoc's p2 was, and since its words are looked for less the
#: numbers printed before list items, none is.
PAGE_LIST_TODAY: dict[str, str] = {}


@pytest.mark.parametrize("name", _known_faults(PAGE_LIST_TODAY, raises=AssertionError))
def test_every_printed_page_is_in_the_epubs_page_list(corpus_builds, name):
    """The EPUB that ``build`` makes with the PDF holds every page of that PDF in its
    page list: a reader (or a class) told "page 4" can go there, and the NCX's page
    count is the paper's (EPUB Accessibility 1.1 asks for the print edition's pages)."""
    from tests.pagefaults import pages_missing_from_the_page_list

    build = corpus_builds[name]
    assert pages_missing_from_the_page_list(build["pdf_path"], build["epub_path"]) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_white_around_a_box_is_even(corpus_builds, name):
    """A box with body text over and under it stands in even white: from the letters
    above to its tint as from its tint to the letters under it, within 1.5 pt (issue
    24: "symmetric space around boxes"; 11 of the corpus's boxes stood 6 pt nearer the
    text above, osg-de p2 14.3 pt against 20.3)."""
    from tests.pagefaults import uneven_box_whites

    assert uneven_box_whites(corpus_builds[name]["pdf_path"]) == []


#: Intertitles set close under a picture across the columns, on its caption (the
#: review of 9995735): the close setting drops the intertitle's space above at a run's
#: top, and under a figure only the figure's own white is left.
ON_CAPTIONS_TODAY = {
    "don-techschuld": "p2: 'Hoe doe jij dat?' 6.6 pt under the screenshot's caption "
    "(about 9 pt of visible white against 13.7 under don-haven p4's): it reads as the "
    "caption's last line",
}


@pytest.mark.parametrize("name", _known_faults(ON_CAPTIONS_TODAY))
def test_no_intertitle_stands_on_a_caption(corpus_builds, name):
    """An intertitle under a picture's caption keeps a clear white from it (at least
    9 pt, glyph to glyph), so that it reads as the head of the text under it."""
    from tests.pagefaults import intertitles_on_captions

    assert intertitles_on_captions(corpus_builds[name]["pdf_path"]) == []
