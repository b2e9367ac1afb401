"""A layout of a changed document made from the page the change starts on (the
pages before it taken over from the layout before) is the layout WeasyPrint makes
of the whole document: every box in place, running heads, notes and folios on
every page, and a paragraph going on over the seam one element on both pages."""

from __future__ import annotations

import pytest
from weasyprint.formatting_structure import boxes
from weasyprint.urls import URLFetcher

from pamphletpress.layout import resumed, weasy
from pamphletpress.layout.computed import Styles
from pamphletpress.layout.textlines import Lines
from tests.layout.test_layout_shortcuts import laid_out

WORDS = (
    "De huurders van de flat aan de Amstelveenseweg trekken samen op tegen de "
    "verhuurder, die de huur elk jaar verhoogt zonder het onderhoud te doen."
)


def page(changed: dict[int, str] | None = None, paragraphs: int = 40, box: str = "") -> str:
    """A newspaper page of a few pages: running head and folio, two columns,
    intertitles, notes at the page foot; paragraph ``n`` given ``changed[n]``; with
    ``box`` (a height), a box that tall after paragraph 30."""
    changed = changed or {}
    body = []
    for number in range(paragraphs):
        if number % 7 == 3:
            body.append(f"<h2>Tussenkop {number}</h2>")
        note = f'<span class="note">Noot bij alinea {number}.</span>' if number % 9 == 5 else ""
        words = changed.get(number, f"{WORDS} {WORDS}")
        body.append(f'<p id="p{number}">{number}. {words}{note} {WORDS}</p>')
        if box and number == 30:
            body.append(
                f'<div id="box" style="height: {box}; border: 1px solid"><p>Kader</p></div>'
            )
    return f"""<!DOCTYPE html><html lang="nl"><head><style>
@page {{ size: 120mm 160mm; margin: 14mm 10mm;
  @top-center {{ content: string(head); font-size: 7pt; }}
  @bottom-right {{ content: counter(page); font-size: 7pt; }} }}
@page :left {{ margin-left: 14mm; }}
body {{ font-family: serif; font-size: 10pt; line-height: 1.3; }}
h1 {{ string-set: head content(); font-size: 14pt; }}
.cols {{ columns: 2; column-gap: 5mm; }}
p {{ text-align: justify; hyphens: auto; margin: 0; orphans: 2; widows: 2; }}
h2 {{ font-size: 11pt; margin: 6pt 0 0; break-after: avoid; }}
.note {{ float: footnote; font-size: 7pt; }}
</style></head><body><h1>Een krant</h1><div class="cols">{"".join(body[:-20])}</div>
{"".join(body[-20:])}</body></html>"""


def render(html: str, since=None):
    fonts = weasy.fonts()
    return weasy.render(html, "", URLFetcher(), fonts, {}, Lines(), Styles(), since=since)


@pytest.fixture(scope="module")
def before():
    return render(page())


def first_page_of(document, ident: str) -> int:
    return next(
        number
        for number, each in enumerate(document.pages)
        for box in each._page_box.descendants()
        if getattr(box, "element", None) is not None and box.element.get("id") == ident
    )


def started(monkeypatch) -> list[int]:
    """The pages each layout from here on took over (0: laid out whole)."""
    taken: list[int] = []
    original = resumed.start_page

    def start_page(*args):
        found = original(*args)
        taken.append(found[0])
        return found

    monkeypatch.setattr(resumed, "start_page", start_page)
    return taken


def test_a_change_on_the_last_page_lays_out_from_there(before, monkeypatch):
    last = len(before.pages) - 1
    assert last >= 2, "the test page must run over three pages at least"
    number = next(n for n in range(39, 0, -1) if first_page_of(before, f"p{n - 1}") < last)
    assert first_page_of(before, f"p{number}") == last
    html = page({number: f"{WORDS} Een zin erbij, lang genoeg voor een regel meer. {WORDS}"})
    taken = started(monkeypatch)
    again = render(html, since=before)
    assert taken == [last], "the pages before the change were laid out again"
    assert laid_out(again) == laid_out(render(html))
    for each in again.pages:  # running head and folio on the pages taken over too
        heads = [b for b in each._page_box.descendants() if isinstance(b, boxes.MarginBox)]
        assert any(getattr(t, "text", "") == "Een krant" for h in heads for t in h.descendants())


def test_a_change_on_the_first_page_lays_out_the_whole(before, monkeypatch):
    html = page({1: "Korter."})
    taken = started(monkeypatch)
    again = render(html, since=before)
    assert taken == [0]
    assert laid_out(again) == laid_out(render(html))


def test_a_block_that_opens_a_page_takes_the_page_before_along(monkeypatch):
    """A box too tall for the foot of a page opens the next; set shorter, it fits
    at the foot of the page before: that page is laid out again too."""
    tall = render(page(box="110mm"))
    opened = first_page_of(tall, "box")
    assert opened > 0 and _opens_page(tall, "box"), "the box must open a page"
    html = page(box="12mm")
    taken = started(monkeypatch)
    again = render(html, since=tall)
    assert taken == [opened - 1]
    assert laid_out(again) == laid_out(render(html))
    assert first_page_of(again, "box") == opened - 1  # it did come up


def _opens_page(document, ident: str) -> bool:
    """Whether the page ``ident`` starts on has nothing of another block above it."""
    number = first_page_of(document, ident)
    first = next(
        box
        for box in document.pages[number]._page_box.descendants()
        if isinstance(box, boxes.TextBox) and not _in_margin(document.pages[number], box)
    )
    return _inside(document.pages[number]._page_box, first, ident, False)


def _in_margin(each, wanted) -> bool:
    return any(
        isinstance(child, boxes.MarginBox) and any(b is wanted for b in child.descendants())
        for child in each._page_box.children
    )


def _inside(box, wanted, ident: str, within: bool) -> bool:
    """Whether ``wanted`` is inside the element ``ident``'s boxes."""
    element = getattr(box, "element", None)
    within = within or (element is not None and element.get("id") == ident)
    if box is wanted:
        return within
    return any(
        _inside(child, wanted, ident, within) for child in getattr(box, "children", ()) or ()
    )


def test_layouts_resumed_one_from_another_stay_whole_and_one_tree(before):
    """A paragraph over the seam between a page taken over and a page laid out anew is
    one element on both (the build compares boxes' elements across pages), also in a
    layout resumed from a resumed one."""
    first = render(page({38: "Anders."}), since=before)
    second_html = page({38: "Anders.", 39: "Ook anders."})
    second = render(second_html, since=first)
    assert laid_out(second) == laid_out(render(second_html))
    kept = getattr(second, resumed.KEPT).tree
    elements = {id(e) for e in kept.iter()}
    for each in second.pages:
        for box in each._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.tag == "p":
                assert id(element) in elements, f"{box} stands for an old tree's element"
