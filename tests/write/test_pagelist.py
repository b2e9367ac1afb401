"""Page-break markers placed from the printed pages' first words (no PDF needed)."""

from __future__ import annotations

from lxml import etree

from pamphletpress.write.pagelist import PrintEdition, mark_page_breaks

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _article(markup: str) -> etree._Element:
    return etree.fromstring(markup)


def _text_after(node: etree._Element, marker_id: str) -> str:
    marker = next(e for e in node.iter() if e.get("id") == marker_id)
    return (marker.tail or "")[:30]


def test_markers_go_before_each_page_s_first_words_in_order():
    first = _article(
        "<article><h1>Een titel</h1><p>Eerste alinea met woorden, en dan <em>nadruk</em> "
        "op de plek waar pagina twee begint met deze woorden hier.</p>"
        "<section class='notes'><p>pagina twee begint met deze woorden hier</p></section>"
        "</article>"
    )
    second = _article("<article><h1>Tweede stuk</h1><p>Nog meer tekst.</p></article>")
    edition = PrintEdition(
        name="x.pdf",
        starts=[
            "EEN TITEL",
            "pagina twee begint met deze woorden hier. Een afge-",
            "niets van dit alles staat in het boek",
            "",
            "Tweede stuk",
        ],
    )
    pages = mark_page_breaks([("text/a.xhtml", first), ("text/b.xhtml", second)], edition)
    assert pages == [
        ("1", "text/a.xhtml#page-1"),
        ("2", "text/a.xhtml#page-2"),
        ("5", "text/b.xhtml#page-5"),
    ]
    assert first.find("h1")[0].get(EPUB_TYPE) == "pagebreak"
    assert first.find("h1")[0].tail == "Een titel"
    assert _text_after(first, "page-2").startswith("pagina twee begint")
    marker = next(e for e in first.iter() if e.get("id") == "page-2")
    assert marker.getparent().tag == "em" or marker.getprevious().tag == "em"
    assert "".join(first.find("p").itertext()).startswith("Eerste alinea met woorden")
    notes = first.find("section")
    assert not [e for e in notes.iter() if e.get(EPUB_TYPE) == "pagebreak"]
    assert marker.get("role") == "doc-pagebreak" and marker.get("aria-label") == "2"


def test_text_is_kept_whole():
    node = _article("<article><p>alpha beta gamma delta epsilon zeta eta theta</p></article>")
    before = "".join(node.itertext())
    mark_page_breaks([("a", node)], PrintEdition("x.pdf", ["alpha beta", "epsilon zeta eta"]))
    assert "".join(node.itertext()) == before
    assert [e.get("id") for e in node.iter("span")] == ["page-1", "page-2"]


class _Written:
    def __init__(self, path):
        self.path = path


def _with_alarm(seconds: int, call):
    import signal

    def stop(*_):
        raise TimeoutError("the EPUB process kept waiting")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return call()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_build_hands_the_pdf_s_pages_to_the_epub_process(built):
    """``build``: the EPUB, made in a forked process, receives the PDF's pages as soon
    as they are laid out, and keeps them once the PDF is written."""
    from pamphletpress.build import _in_parallel, print_edition

    laid_out = print_edition(built["pdf"])

    def pdf(target, on_layout=None, **flags):
        on_layout(laid_out.name, laid_out.starts)
        return _Written(built["pdf"])

    def epub(target, print_edition=None, confirmed=None, **flags):
        edition = print_edition()
        return (edition.name, edition.pages, edition.starts[1][:20], confirmed())

    results = _with_alarm(
        120, lambda: _in_parallel({"pdf": pdf, "epub": epub}, {"pdf": {}, "epub": {}})
    )
    assert results["epub"] == ("oorlog.pdf", laid_out.pages, laid_out.starts[1][:20], True)


def test_a_pdf_that_fails_after_its_layout_leaves_the_epub_without_pages(tmp_path):
    """The pages were sent, then writing the PDF failed: the EPUB lists no pages."""
    import pytest

    from pamphletpress.build import _in_parallel
    from pamphletpress.errors import PamphletError

    def pdf(target, on_layout=None, **flags):
        on_layout("krant.pdf", ["de eerste woorden", "van pagina twee"])
        raise PamphletError("the disk is full")

    def epub(target, print_edition=None, confirmed=None, **flags):
        assert print_edition().pages == 2
        assert confirmed() is False
        (tmp_path / "epub-told").write_text("not confirmed")
        return "an EPUB without a page list"

    with pytest.raises(PamphletError, match="the disk is full"):
        _with_alarm(120, lambda: _in_parallel({"pdf": pdf, "epub": epub}, {"pdf": {}, "epub": {}}))
    assert (tmp_path / "epub-told").read_text() == "not confirmed"


def test_a_failed_pdf_does_not_keep_the_epub_waiting():
    import pytest

    from pamphletpress.build import _in_parallel
    from pamphletpress.errors import PamphletError

    def pdf(target, on_layout=None, **flags):
        raise PamphletError("the PDF failed")

    def epub(target, print_edition=None, confirmed=None, **flags):
        assert print_edition() is None
        return "an EPUB without a page list"

    with pytest.raises(PamphletError, match="the PDF failed"):
        _with_alarm(120, lambda: _in_parallel({"pdf": pdf, "epub": epub}, {"pdf": {}, "epub": {}}))


def test_a_page_whose_first_words_stand_elsewhere_in_the_book_is_marked_by_its_later_words():
    """Review, fourth round: a page opening with a box the print raised (its words earlier
    in the book than the page before's), with an ordered list's numbers (the e-book's
    list counts its items) or with a jump line and a nameplate (printed, never written)
    was left out of the page list. Its later words mark it now, and an issue's page whose
    article stands earlier in the book than the page before's is found there."""
    lead = _article(
        "<article><h1>Oorlog in Europa</h1><p>De eerste alinea van het stuk loopt door "
        "tot de voet van de eerste pagina en verder.</p><aside><p>Een kader dat de druk "
        "naar pagina drie tilde, met zijn eigen woorden erin.</p></aside><p>Op pagina "
        "twee gaat de tekst verder met nieuwe woorden voor de lezer.</p><p>Op pagina drie "
        "staat deze alinea met andere woorden.</p><ol><li>Een eerste punt</li><li>Twee "
        "punten verder in de lijst</li></ol><p>Slotwoorden van het stuk dat hier eindigt "
        "na de lijst.</p></article>"
    )
    second = _article(
        "<article><h1>Markt naar de kade</h1><p>De weekmarkt verhuist in het voorjaar naar "
        "de kade bij de haven.</p></article>"
    )
    edition = PrintEdition(
        name="x.pdf",
        starts=[
            "De Rode Pen Nr. 12 maart 2026 Oorlog in Europa De eerste alinea van het stuk loopt",
            "Op pagina twee gaat de tekst verder met nieuwe woorden voor de lezer.",
            "Een kader dat de druk naar pagina drie tilde, met zijn eigen woorden erin. Op "
            "pagina drie staat deze alinea met andere woorden.",
            "Markt naar de kade De weekmarkt verhuist in het voorjaar naar de kade",
            "Vervolg van pagina 3 Oorlog in Europa 2. Twee punten verder in de lijst "
            "Slotwoorden van het stuk dat hier eindigt",
        ],
    )
    pages = mark_page_breaks([("a.xhtml", lead), ("b.xhtml", second)], edition)
    assert [number for number, _ in pages] == ["1", "2", "3", "4", "5"], pages
    assert _text_after(lead, "page-1").startswith("Oorlog in Europa")
    assert _text_after(lead, "page-2").startswith("Op pagina twee")
    assert _text_after(lead, "page-3").startswith("Op pagina drie")
    assert _text_after(second, "page-4").startswith("Markt naar de kade")
    assert _text_after(lead, "page-5").startswith("Twee punten"), _text_after(lead, "page-5")
    assert dict(pages)["4"] == "b.xhtml#page-4" and dict(pages)["5"] == "a.xhtml#page-5"


def test_a_page_opening_with_several_numbered_items_is_marked_without_their_numbers():
    """Review, fourth round (pandoc-testsuite p2, '2. Two 3. Three Loose using tabs:'):
    a page opening with short numbered items holds a printed number between every two
    of its words, so no run of its words stands in the e-book, whose list counts its
    items; the page's words less those numbers mark it."""
    node = _article(
        "<article><h1>Lists</h1><p>Tight lists come first in the document here.</p>"
        "<ol><li>One</li><li>Two</li><li>Three</li></ol><p>Loose using tabs: the next "
        "list follows after this line.</p></article>"
    )
    edition = PrintEdition(
        name="x.pdf",
        starts=[
            "Lists Tight lists come first in the document here. 1. One",
            "2. Two 3. Three Loose using tabs: the next list follows after this line.",
        ],
    )
    pages = mark_page_breaks([("a.xhtml", node)], edition)
    assert [number for number, _ in pages] == ["1", "2"], pages
    assert _text_after(node, "page-2").startswith("Two"), _text_after(node, "page-2")
