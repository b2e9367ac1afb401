"""An issue's print PDF: the articles' print page made an issue, laid out, written.

The articles are set as for a single article (:func:`~pamphletpress.write.pdf.render_html`),
rearranged into the issue (:mod:`~pamphletpress.write.issue_html`), laid out by
the issue layout (:mod:`pamphletpress.layout.issue_pages`) and written as any PDF.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from pamphletpress.errors import PamphletError, display_path
from pamphletpress.i18n import _
from pamphletpress.layout.columnends import Mendables, mended_into
from pamphletpress.layout.fetcher import make_url_fetcher
from pamphletpress.layout.issue_pages import IssuePlan, lay_out_issue
from pamphletpress.layout.issue_render import seldom_collected
from pamphletpress.layout.issue_report import IssueLayout
from pamphletpress.layout.pages import weasyprint_warnings
from pamphletpress.read.document import Box, Document
from pamphletpress.read.issue import Issue, shown_date
from pamphletpress.read.project import Project
from pamphletpress.write.issue_html import article_id, issue_html
from pamphletpress.write.output import write_atomically
from pamphletpress.write.pdf import (
    VARIANTS,
    PdfOptions,
    PdfResult,
    Pictures,
    check_fonts,
    render_html,
    write_laid_out,
)

log = logging.getLogger("pamphletpress")


def plan_of(document: Document, issue: Issue) -> IssuePlan:
    """What the layout must honour, by article id."""
    titles = {article_id(i): a.meta.title for i, a in enumerate(document.articles, 1)}
    pins = {
        article_id(i): (entry.page, f"{display_path(issue.path)}:{entry.line}")
        for i, entry in enumerate(issue.entries, 1)
        if entry.page
    }
    return IssuePlan(
        titles=titles,
        pins=pins,
        issue_path=str(issue.path),
        has_back=bool(issue.colophon or issue.issn or issue.house),
        lead_jumps=issue.entries[0].jump,
        target=issue.pages,
        no_jump=frozenset(
            article_id(i) for i, entry in enumerate(issue.entries, 1) if not entry.jump
        ),
    )


def house_boxes(issue: Issue, project: Project) -> list:
    """The house boxes the editor listed, each a tinted box of its own."""
    from pamphletpress.compose.hyphenation import Hyphenator
    from pamphletpress.read.manuscript import read_article
    from pamphletpress.write.print_html import print_box

    boxes = []
    for path in issue.house:
        article = read_article(path, project)
        blocks = [b for b in article.lede + article.body if not isinstance(b, Box)]
        box = print_box(
            Box(article.meta.title, blocks, kind="house"), Hyphenator(article.meta.lang)
        )
        boxes.append(box)
    return boxes


def _layout(document: Document, issue: Issue, project: Project, options: PdfOptions, pictures):
    from pamphletpress.layout import weasy

    mendables = Mendables()
    page, notes = render_html(document, project, options, pictures, mendables)
    html = issue_html(
        page,
        document,
        issue,
        project.style("issue.css").as_uri(),
        house_boxes(issue, project),
    )
    weasy.check_versions()
    fetcher = make_url_fetcher(project.allowed_roots())
    with weasyprint_warnings(notes):
        rendered, html, mended, decided = lay_out_issue(
            html, mendables, project.root.as_uri() + "/", fetcher, notes, plan_of(document, issue)
        )
    return rendered, html, mended, notes, decided


def write_issue_pdf(
    document: Document,
    issue: Issue,
    project: Project,
    target: Path,
    options: PdfOptions,
    on_layout: Callable[[str, list[str]], None] | None = None,
) -> PdfResult:
    """Lay out and write the issue's PDF, and its placement report beside it
    (``<name>.layout.txt``): where each article went and why."""
    if options.variant not in VARIANTS:
        raise PamphletError(
            _("unknown PDF variant {variant!r}; use one of {VARIANTS}").format(
                variant=options.variant, VARIANTS=", ".join(VARIANTS)
            )
        )
    started = time.perf_counter()
    check_fonts(project)
    pictures = Pictures()
    with seldom_collected():  # the setting, the layout and the writing alike
        rendered, _html, _mended, notes, decided = _layout(
            document, issue, project, options, pictures
        )
        notes += write_laid_out(
            rendered, target, document, project, options, pictures, on_layout, issue_xmp(issue)
        )
    write_report(target.with_suffix(".layout.txt"), issue, decided)
    if decided.blank_pages:
        log.warning(
            _(
                "{file}: {blank_pages} blank page(s) added to reach {pages} pages; add a "
                "house box ('house:' in issue.yml) or a longer article to fill them"
            ).format(
                file=display_path(issue.path), blank_pages=decided.blank_pages, pages=decided.pages
            ),
        )
    notes += decided.lines()
    return PdfResult(
        path=target,
        pages=len(rendered.pages),
        variant=options.variant,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
        notes=notes,
    )


#: The PRISM namespace (Publishing Requirements for Industry Standard Metadata), whose
#: properties name a periodical's issue; ``check`` knows an issue's PDF by them.
PRISM = "http://prismstandard.org/namespaces/basic/3.0/"
DC = "http://purl.org/dc/elements/1.1/"


def issue_xmp(issue: Issue) -> bytes:
    """The issue as PRISM names a periodical's issue, an ``rdf:Description`` for the
    PDF's XMP: publication, number, cover date (ISO and as printed), ISSN if given."""
    values = [
        ("publicationName", issue.publication),
        ("number", issue.number),
        ("coverDate", issue.date),
        ("coverDisplayDate", shown_date(issue.date, issue.lang)),
    ]
    if issue.issn:
        values.append(("issn", issue.issn))
    properties = "".join(f"<prism:{k}>{escape(str(v))}</prism:{k}>" for k, v in values)
    if issue.publisher:
        properties += f"<dc:publisher><rdf:Bag><rdf:li>{escape(issue.publisher)}</rdf:li>"
        properties += "</rdf:Bag></dc:publisher>"
    return (
        f'<rdf:Description rdf:about="" xmlns:prism="{PRISM}" xmlns:dc="{DC}">'
        f"{properties}</rdf:Description>"
    ).encode()


def write_report(path: Path, issue: Issue, decided: IssueLayout) -> None:
    """The placement report beside the PDF, one line a decision."""
    text = f"{issue.title}\n" + "\n".join(decided.lines()) + "\n"
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def laid_out_issue_html(
    document: Document, issue: Issue, project: Project, options: PdfOptions
) -> str:
    """The HTML WeasyPrint lays out as the issue's pages."""
    _rendered, html, mended, _notes, _decided = _layout(document, issue, project, options, None)
    return mended_into(html, mended) if mended else html
