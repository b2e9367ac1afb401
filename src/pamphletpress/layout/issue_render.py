"""The issue's pages laid out a page run at a time, each run kept while it stays the same.

An issue's page is cut by forced page breaks into runs (page 1; an article or
continuation that opens a page and what follows it there; the back matter),
and nothing in one run moves another: so each run is laid out on its own, as a
small document of its own, and a round of the issue layout
(:mod:`.issue_pages`) lays out again only the runs it changed. Their pages are
joined into one document (WeasyPrint's ``Document.copy``, one set of fonts).

A run laid out on its own still gets the pages it has in the whole issue: a
first page that is thrown away opens its document, a left or a right page as
the page before the run, numbered so that the run's pages have their own
numbers (``@page :first`` is that page's, not the run's), carrying the running
head's strings (the issue's name and date, the section) the pages before left
set, and standing for the block before the run (so that ``.article + .article``
styles its first block as in the whole issue). The page numbers of jump lines
and the contents box, which point to other runs, are written in as numbers
(``page-ref set``) from the last layout and made right at the end
(``Runs.exact``). While the rounds decide, a run whose first page moved (a page
more or less before it) is taken as it was laid out at its old page when left and
right pages have text blocks of one size: nothing a round measures moves with the
folio or the side; the end lays it out again at its own page.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import logging
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.layout import weasy
from pamphletpress.layout.computed import Styles
from pamphletpress.layout.textlines import Lines

log = logging.getLogger("pamphletpress")


class Runs:
    """One issue's layouts, run by run, the runs already laid out kept.

    While the rounds decide (``exact`` false), a run is kept by its HTML whatever
    numbers its page references had (a number's digits move nothing a round decides
    on) and, when left and right pages are alike (``_alike``), whatever page it
    opened. Once ``exact``, a run is laid out again unless it was laid out at its
    own page with the numbers of the last layout, until they are all right
    (``right``).
    """

    def __init__(self, base_url: str, fetcher, fonts) -> None:
        self.base_url, self.fetcher, self.fonts = base_url, fetcher, fonts
        #: a run's layout, its page references' numbers and how many of its pages are
        #: the run's (None: all; fewer where a longer run's first pages are reused)
        self.kept: dict[tuple[str, int], tuple[object, dict[str, int], int | None]] = {}
        self.shapes: dict[str, tuple[object, dict[str, int], int | None]] = {}  # any page
        self.numbers: dict[str, int] = {}  # anchor → page, from the last layout
        self.exact = False
        self.right = False  # the last layout's references and folios were all right
        self.laid_out = 0  # runs laid out (not taken from those kept)
        self.sheets: dict = {}  # the stylesheets, parsed once for all runs
        self.lines = Lines()  # the text lines split, likewise
        self.styles = Styles()  # the styles' values computed, likewise
        self.blocks: set[tuple] = set()  # the text blocks' sizes seen on inside pages

    def render(self, html: str):
        """The issue's pages: every run's, its page references numbered from the last layout."""
        root = lxml_html.document_fromstring(html)
        given = dict(self.numbers)
        documents, used, page, moved = [], {}, 1, False
        for index, run in enumerate(_runs(root.find("body"))):
            unpaged = _run_html(root, run, index == 0)
            shape = _paged(unpaged, page)
            numbers = {name: given.get(name, 1) for name in _MARK.findall(shape)}
            source = _numbered(shape, numbers)
            key = (source if self.exact else shape, page)
            if key not in self.kept and not self.exact and self._alike() and unpaged in self.shapes:
                rendered, numbers, end = self.shapes[unpaged]  # laid out at another page
                moved = True
            else:
                if key not in self.kept:
                    laid = self._begun(source, page, numbers) or (
                        weasy.render(
                            source,
                            self.base_url,
                            self.fetcher,
                            self.fonts,
                            self.sheets,
                            self.lines,
                            self.styles,
                        ),
                        numbers,
                        None,
                    )
                    self.kept[(source, page)] = self.kept[(shape, page)] = laid
                    self.shapes[unpaged] = laid
                    if laid[2] is None:
                        self.blocks.update(_block(p) for p in laid[0].pages[1:])
                        self.laid_out += 1
                rendered, numbers, end = self.kept[key]
            used.update(numbers)
            pages = rendered.pages[0 if index == 0 else 1 : end]
            documents.append((rendered, pages))
            page += len(pages)
        joined = documents[0][0].copy([p for _doc, pages in documents for p in pages])
        self.numbers = _page_numbers(joined)
        self.right = not moved and all(self.numbers.get(name, 1) == n for name, n in used.items())
        return joined

    def _begun(self, source: str, page: int, numbers: dict[str, int]):
        """A run laid out before at ``page`` that began as this one does and went on
        with an article (or the back matter) opening a page of its own: its layout,
        numbers and the count of its pages that are this run's (the article or
        continuation that opens a page where the text put it is made to open it, and
        the pages before it stay as they were); None when there is none."""
        head = source.rsplit("</body>", 1)[0]
        for (laid_source, at), (rendered, _numbers, end) in self.kept.items():
            if at != page or end is not None or _MARK.search(laid_source):
                continue
            if len(laid_source) <= len(source) or not laid_source.startswith(head):
                continue
            opening = _OPENS.match(laid_source, len(head))
            if opening is None:
                continue
            ident = opening[1]
            for number, laid_page in enumerate(rendered.pages[2:], 2):
                if ident in laid_page.anchors:
                    top = laid_page._page_box.content_box_y()
                    if laid_page.anchors[ident][1] <= top + 1:
                        return rendered, numbers, number
                    break
        return None

    def _alike(self) -> bool:
        """Left and right inside pages have text blocks of one size (so far as laid out)."""
        return len(self.blocks) == 1


#: Allocations between the young generation's collections while an issue is laid out
#: (Python's default is 700): the runs kept are a large heap that each collection of
#: the older generations walks again, and a layout allocates millions of objects.
YOUNG_COLLECTION = 50_000
#: Young collections between two of the middle generation's (Python's default is 10):
#: each walks every run kept so far (a 12-page issue makes some 25 young ones).
MIDDLE_COLLECTION = 50


@contextlib.contextmanager
def seldom_collected() -> Iterator[None]:
    """Inside the block, Python's cycle collector runs less often (a tenth of the
    issue layout's time went to it) and leaves what was there before it alone (the
    libraries loaded, the fonts); after it, its thresholds as they were, and what the
    block left is in the oldest generation, for the next full collection."""
    if _COLLECTING_SELDOM:  # inside one already
        yield
        return
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION, MIDDLE_COLLECTION, 20)
    _COLLECTING_SELDOM.append(True)
    try:
        yield
    finally:
        _COLLECTING_SELDOM.pop()
        gc.freeze()  # what the block left, with what was there before, to the oldest
        gc.unfreeze()  # generation: the next young collections do not walk it again
        gc.set_threshold(*before)


_COLLECTING_SELDOM: list[bool] = []


def _block(page) -> tuple[float, float, float]:
    """A page's text block: its width, its height and its top."""
    box = page._page_box
    return (round(box.width, 3), round(box.height, 3), round(box.content_box_y(), 3))


_MARK = re.compile("\ue000([^\ue001]*)\ue001")  # a page reference's anchor, to be numbered
_OPENS = re.compile(r"\s*<(?:article|section)\b[^>]*\bid=\"([^\"]+)\"")  # the next run's opening
_PAGE = "\ue002"  # where a run's first page is written in


def _paged(unpaged: str, first_page: int) -> str:
    """The run opening ``first_page``: the page thrown away before it a left or a right
    one, numbered so that the run's pages have their own numbers."""
    side = "left" if (first_page - 1) % 2 == 0 else "right"
    numbered = f" @page :first {{ counter-reset: page {first_page - 1}; }}"
    return unpaged.replace(_PAGE, f" html {{ break-before: {side}; }}" + numbered)


def _numbered(shape: str, numbers: dict[str, int]) -> str:
    return _MARK.sub(lambda mark: str(numbers[mark.group(1)]), shape)


def _runs(body) -> list[list]:
    """The body's children in runs, each opening a page (the first: page 1)."""
    runs: list[list] = [[]]
    previous = None
    for child in body:
        classes = (child.get("class") or "").split()
        after_front = (
            previous is not None
            and "front-page" in (previous.get("class") or "").split()
            and "whole-lead" not in (previous.get("class") or "").split()
        )
        if runs[-1] and ("new-page" in classes or "blank-page" in classes or after_front):
            runs.append([])
        runs[-1].append(child)
        previous = child
    return runs


def _run_html(root, run: list, opens: bool) -> str:
    """One run as a document of its own: (unless it ``opens`` the issue) a page thrown
    away before it that sets the running head's strings, and the side and the page
    number (marked ``_PAGE``, for :func:`_paged`); each page reference's number marked
    (``_MARK``) for :meth:`Runs.render` to write in."""
    page = etree.Element("html", dict(root.attrib))
    page.append(copy.deepcopy(root.find("head")))
    body = etree.SubElement(page, "body", dict(root.find("body").attrib))
    strings = None if opens else _strings_before(root, run[0])
    style = etree.SubElement(page.find("head"), "style")
    style.text = ".page-ref.set::after { content: none; }"  # numbered here, not by WeasyPrint
    if strings is not None:
        head, section = strings
        style.text += _PAGE  # the page it opens (:func:`_paged`)
        previous = run[0].getprevious()  # its likeness: the run's first block styled as there
        while previous is not None and not isinstance(previous.tag, str):
            previous = previous.getprevious()  # a comment
        before = etree.SubElement(body, previous.tag, {"class": previous.get("class") or ""})
        before.set("style", "break-after: page")
        etree.SubElement(before, "div", {"class": "nameplate", "data-head": head})
        opening = etree.SubElement(before, "div", {"class": "opening"})
        if section:
            opening.set("data-section", section)
    for child in run:
        body.append(copy.deepcopy(child))
    for ref in body.iter("a"):
        if "page-ref" in (ref.get("class") or "").split():
            ref.set("class", ref.get("class") + " set")
            ref.text = "\ue000" + (ref.get("href") or "#")[1:] + "\ue001"
    return "<!DOCTYPE html>\n" + etree.tostring(page, encoding="unicode", method="html")


def _strings_before(root, first) -> tuple[str, str]:
    """The running head's strings as the pages before ``first`` left them: the issue's
    head (the nameplate's) and the last section an opening or a jump's head set."""
    head, section = "", ""
    for element in root.find("body").iter():
        if element is first:
            break
        classes = (element.get("class") or "").split()
        if "nameplate" in classes:
            head = element.get("data-head", "")
        if "opening" in classes or "jump-head" in classes:
            section = element.get("data-section", "")
    return head, section


def _page_numbers(rendered) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, 1):
        for name in page.anchors:
            found.setdefault(name, number)
    return found
