"""check on an issue: an article running on without a jump line; a headline stranded at a foot."""

from __future__ import annotations

from pathlib import Path

from pamphletpress.check.issue import IssueFigures, TextLine, _splits


def _line(page: int, top: float, size: float, text: str = "woord") -> TextLine:
    return TextLine(page, 0, top, top + size, 50, 250, size, text)


def _page(number: int, *heads: float, opens_with_body: bool = True) -> list[TextLine]:
    """A page: its running head, then body lines, headlines (21 pt) at ``heads``."""
    lines = [_line(number, 40, 7.5, "De Rode Pen")]
    lines.append(_line(number, 60, 9.5 if opens_with_body else 21))
    lines += [_line(number, top, 21, "Kop") for top in heads]
    lines += [_line(number, 60 + 12.5 * n, 9.5) for n in range(1, 60)]
    return lines


def _split_pages(pages: dict[int, list[TextLine]], jumps=()) -> list[int]:
    figures = IssueFigures(pages=len(pages), jumps=list(jumps))
    heads = {n: [ln for ln in lines if ln.size >= 14.5] for n, lines in pages.items()}
    _splits(figures, pages, heads)
    return figures.splits


def test_an_article_running_on_without_a_jump_line_is_found():
    pages = {1: _page(1, opens_with_body=False), 2: _page(2, 400), 3: _page(3)}
    assert _split_pages(pages) == [3], "page 2 holds two articles; the second runs on"


def test_a_jump_line_or_a_page_given_to_one_article_announces_it():
    pages = {1: _page(1, opens_with_body=False), 2: _page(2, 400), 3: _page(3)}
    assert _split_pages(pages, [(2, 3, True)]) == []
    pages = {1: _page(1, opens_with_body=False), 2: _page(2), 3: _page(3)}
    assert _split_pages(pages) == [], "a long article filling page 2 runs on"


def _issue_pdf(path, pages: list[tuple[int, int]]):
    """A small issue's PDF: on each page a full article, then a headline whose article
    has ``(left, right)`` body lines in the columns under it and a jump line, continued
    on the next page (the last page: a continuation only)."""
    from pamphletpress.layout import weasy

    def lines(count: int, word: str) -> str:
        return "".join(f"<p>{word} regel {n} van de tekst</p>" for n in range(count))

    body = []
    for number, (left, right) in enumerate(pages, 1):
        opening = f'<p class="in">Vervolg van pagina {number - 1}</p>' if number > 1 else ""
        filler = 2 * (53 - max(left, right))  # rows a column above the headline
        body.append(
            f'<section>{opening}<div class="columns">{lines(filler, "eerder")}</div>'
            f"<h2>Kop van artikel {number}</h2>"
            f'<div class="pair"><div class="column">{lines(left, "links")}</div>'
            f'<div class="column">{lines(right, "rechts")}'
            f'<p class="out">Lees verder op pagina {number + 1}</p></div></div></section>'
        )
    body.append(f'<section><p class="in">Vervolg van pagina {len(pages)}</p></section>')
    html = (
        "<html><head><style>@page { size: A4; margin: 20mm }"
        "p { margin: 0; font: 9.5pt/12.5pt serif } .in, .out { font-size: 8pt }"
        "h2 { margin: 0; font: 21pt/25pt sans-serif } section + section { break-before: page }"
        ".columns { columns: 2; column-gap: 5mm } .pair { display: flex; gap: 5mm }"
        ".column { flex: 1 }</style></head><body>" + "".join(body) + "</body></html>"
    )
    weasy.render(html, "file:///", None).write_pdf(path)
    return path


def test_a_headline_over_two_lines_a_column_and_a_jump_is_found_in_the_pdf(tmp_path):
    """Page 1: the headline at the page's foot over three lines left and two right, then
    'Lees verder' (stranded: the right column has two of its lines); page 2: four and
    three lines (not stranded)."""
    from pamphletpress.check.issue import measure

    figures = measure(_issue_pdf(tmp_path / "issue.pdf", [(3, 2), (4, 3)]))
    assert [page for page, _text in figures.stranded] == [1], figures.stranded
    assert "Kop van artikel 1" in figures.stranded[0][1]


def test_holes_in_an_issue_are_judged_planned_unlevel_or_real():
    """pdf-holes in an issue: the room at a page's foot before a page that opens with a
    start is the plan (information); room above the next article in one column is an
    unlevel end (a warning); a hole with text running on below it still fails."""
    from pathlib import Path

    from pamphletpress.check.issue import _holes_judged_as_an_issue
    from pamphletpress.check.report import FAIL, INFO, WARN, Report

    report = Report(Path("issue.pdf"), "pdf")
    for page in (2, 3, 4):
        report.add("pdf-holes", FAIL, "4 empty lines in the right column: not filled", page)
    figures = IssueFigures(pages=8, opens={3, 4, 5})
    figures.empty_lines = {2: [0, 4], 3: [0, 0], 4: [0, 0]}
    figures.gaps = [(2, 1, 4.1, "foot"), (3, 1, 4.0, "start"), (4, 1, 3.9, "body")]
    _holes_judged_as_an_issue(report, figures)
    assert [f.verdict for f in report.findings] == [INFO, WARN, FAIL]


def test_the_empty_lines_judged_are_the_whole_lines_the_report_shows():
    """A column's foot measured 2.09 lines empty (a glyph's depth off the grid) is the
    "2" the message shows, within the goal; 2.6 is 3, above it."""
    from pamphletpress.check.issue import add_findings
    from pamphletpress.check.report import PASS, WARN, Report

    def verdict(empty: float) -> str:
        figures = IssueFigures(pages=8, empty_lines={2: [0.8, empty]}, unused={2: 0.024})
        report = Report(Path("issue.pdf"), "pdf")
        add_findings(figures, report)
        return next(f.verdict for f in report.findings if f.code == "issue-unused")

    assert verdict(2.09) == PASS
    assert verdict(2.6) == WARN


def _last_page_findings(figures: IssueFigures) -> list:
    from pamphletpress.check.issue import add_findings
    from pamphletpress.check.report import Report

    report = Report(Path("issue.pdf"), "pdf")
    add_findings(figures, report)
    return [f for f in report.findings if f.code in ("issue-last-page", "issue-blank")]


def test_the_last_page_is_measured_against_issue_19s_goal():
    """The last page may leave up to 15 % of its text block unused (issue 19); more is
    a warning with the figure, however empty (a blank page is only reported too)."""
    from pamphletpress.check.report import PASS, WARN

    def judged(share: float) -> tuple[str, str]:
        figures = IssueFigures(pages=8, empty_lines={8: [9, 9]}, unused={8: share})
        found = _last_page_findings(figures)
        assert [f.page for f in found] == [8], found
        return found[0].verdict, found[0].message

    assert judged(0.12)[0] == PASS
    verdict, message = judged(0.455)
    assert verdict == WARN and "45.5%" in message, message
    verdict, message = judged(0.62)
    assert verdict == WARN and "62.0%" in message, message


def test_a_blank_padding_page_is_reported_and_the_page_before_it_judged_as_last():
    """A blank page at the end is padding, the last resort: reported as such; the last
    page with content on it is judged by the last page's goal."""
    from pamphletpress.check.report import WARN

    figures = IssueFigures(pages=8, empty_lines={7: [30, 30]}, unused={7: 0.55}, blank=[8])
    found = _last_page_findings(figures)
    assert [(f.code, f.page, f.verdict) for f in found] == [
        ("issue-last-page", 7, WARN),
        ("issue-blank", 8, WARN),
    ], found
