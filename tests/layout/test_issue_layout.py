"""The issue layout's decisions without a layout: where the lead is cut, the inside order."""

from __future__ import annotations

from lxml import html as lxml_html

from pamphletpress.layout.issue_jumps import fill_front as _fill_front
from pamphletpress.layout.issue_plan import Flow, Item, best_order, cost, simulate


def _page(paragraphs: list[list[str]], heading_before: int | None = None) -> str:
    """A front page and a continuation of composed paragraphs; each line's classes given."""
    body = []
    for number, lines in enumerate(paragraphs):
        if number == heading_before:
            body.append("<h2>Tussenkop</h2>")
        spans = "".join(f'<span class="line {c}">w{number}.{i}</span>' for i, c in enumerate(lines))
        body.append(f"<p>{spans}</p>")
    return (
        '<html><body><section class="front-page"><article id="art-1">'
        '<div class="columns front-body" id="front-body"><p class="jump-out">Lees verder</p>'
        '</div></article></section><article id="cont-1"><header class="jump-head"></header>'
        f'<div class="columns">{"".join(body)}</div></article></body></html>'
    )


def _front_and_rest(page: str, rows: int) -> tuple[list[str], list[str]]:
    root = lxml_html.document_fromstring(page)
    _fill_front(root, rows)
    front = root.get_element_by_id("front-body")
    rest = root.get_element_by_id("cont-1")
    return (
        [s.text for s in front.iter("span")],
        [s.text for s in rest.iter("span")],
    )


def test_the_lead_is_cut_mid_paragraph_on_a_whole_word():
    lines = ["first", "", "hyphenated", "", "", "last"]
    front, rest = _front_and_rest(_page([lines, lines]), rows=4)  # 9 lines of room
    assert front + rest == [f"w{p}.{i}" for p in (0, 1) for i in range(6)], "no line lost"
    last = front[-1]
    paragraph, line = map(int, last[1:].split("."))
    assert 0 < line < 5, "mid-paragraph: not its last line"
    assert lines[line] != "hyphenated", "never after a hyphenated line"
    assert len(front) <= 9


def test_a_paragraph_that_would_end_at_the_jump_gives_lines_back():
    five = ["first", "", "", "", "last"]
    front, rest = _front_and_rest(_page([five, five]), rows=2)  # room for exactly one
    assert front == ["w0.0", "w0.1", "w0.2"], "two lines go on, after the jump"
    assert rest[:2] == ["w0.3", "w0.4"]


def test_the_jump_never_falls_right_after_an_intertitle():
    lines = ["first", "", "", "", "last"]
    page = _page([lines, lines], heading_before=1)
    root = lxml_html.document_fromstring(page)
    _fill_front(root, 2)  # 5 lines: the first paragraph fits, the heading does not
    front = root.get_element_by_id("front-body")
    assert front[-2].tag != "h2" and front.find("h2") is None


FLOW = Flow(page_height=1000, start_page=2, start_y=0, min_start=50, gap=16)


def test_the_inside_order_leaves_less_room_than_the_editors():
    items = [  # after "a", only "c" (a short opening) fits the foot of the page
        Item("a", 850, 0, opening=120),
        Item("b", 600, 1, opening=120),
        Item("c", 250, 2, opening=40),
    ]
    editor = simulate(items, FLOW)[0]
    chosen = best_order(items, FLOW)
    assert simulate(chosen, FLOW)[0] < editor
    assert cost(chosen, FLOW) <= cost(items, FLOW)
    assert [i.ident for i in best_order(items, FLOW)] == [i.ident for i in chosen], "repeatable"


def test_a_pinned_article_starts_on_its_page():
    items = [Item("a", 300, 0), Item("b", 300, 1, pin=3), Item("c", 300, 2)]
    starts = simulate(best_order(items, FLOW), FLOW)[2]
    assert starts["b"] == 3


def _inside(paragraphs: int, lines: int = 6) -> str:
    """An issue with one inside article of ``paragraphs`` composed paragraphs."""
    spans = "".join(
        "<p>" + "".join(f'<span class="line">w{p}.{i}</span>' for i in range(lines)) + "</p>"
        for p in range(paragraphs)
    )
    return (
        '<html><body data-jump-out="Lees verder op pagina" data-jump-in="Vervolg van pagina">'
        '<article class="article" id="art-2" data-short-title="Kort" data-section="Wonen">'
        '<header class="opening"><h1>Kop</h1></header>'
        f'<div class="columns" id="body-art-2">{spans}</div>'
        '<div class="article-end" id="end-art-2"></div></article></body></html>'
    )


def test_an_inside_article_is_cut_at_the_foot_and_continued_overleaf():
    from pamphletpress.layout.issue_jumps import split_article

    root = lxml_html.document_fromstring(_inside(4))  # 24 lines
    assert split_article(root.get_element_by_id("art-2"), rows=5)  # 9 lines and the jump
    part = root.get_element_by_id("body-art-2")
    rest = root.get_element_by_id("cont-art-2")
    jump = part[-1]
    assert jump.get("id") == "jump-art-2" and jump.text.startswith("Lees verder op pagina")
    assert jump.find("a").get("href") == "#cont-art-2", "the number is where the rest lands"
    head = rest.find("header")
    assert head.find("p").text.startswith("Vervolg van pagina")
    assert head.find("p/a").get("href") == "#jump-art-2"
    assert head.find("h2").text == "Kort" and "new-page" in rest.get("class")
    assert rest.get("data-section") == "Wonen" and rest.get("data-of") == "art-2"
    before = [s.text for s in part.iter("span")]
    after = [s.text for s in rest.iter("span")]
    assert before + after == [f"w{p}.{i}" for p in range(4) for i in range(6)], "no line lost"
    assert len(before) <= 9 and before[-1].split(".")[1] not in ("0", "5"), before
    assert rest.find("div[@class='article-end']") is not None, "its end is where it ends"


def test_an_article_that_fits_is_not_cut():
    from pamphletpress.layout.issue_jumps import split_article

    root = lxml_html.document_fromstring(_inside(2))  # 12 lines
    assert not split_article(root.get_element_by_id("art-2"), rows=10)
    assert root.find(".//*[@id='cont-art-2']") is None


def test_the_plan_counts_a_jump_and_keeps_a_no_jump_article_whole():
    flow = Flow(page_height=1000, start_page=2, start_y=0, min_start=50, gap=0, jump=80)
    # "a" runs over its page: its jump costs 80 px overleaf, "b" starts lower
    assert simulate([Item("a", 1200, 0), Item("b", 100, 1)], flow)[0] == 0
    whole = [Item("a", 700, 0), Item("b", 500, 1, jumps=False)]
    waste, pages, starts = simulate(whole, flow)
    assert starts["b"] == 3 and waste == 300, "b may not jump: it opens the next page"


def test_a_numbered_list_is_cut_between_items_and_numbers_on():
    from pamphletpress.layout.issue_jumps import split_article

    line = '<span class="line">i{0}.{1}</span>'
    items = "".join(
        f'<li class="composed">{line.format(n, 0)}{line.format(n, 1)}</li>' for n in range(6)
    )
    page = _inside(1).replace("</p></div>", f"</p><ol>{items}</ol></div>")
    root = lxml_html.document_fromstring(page)
    assert split_article(root.get_element_by_id("art-2"), rows=6)  # 11 lines: 6 + 2 items
    part = root.get_element_by_id("body-art-2")
    rest = root.get_element_by_id("cont-art-2")
    assert [s.text for s in part.iter("span")][-2:] == ["i1.0", "i1.1"], "whole items"
    assert rest.find(".//ol").get("start") == "3", "the items after the jump keep their numbers"
    assert [s.text for s in rest.iter("span")][0] == "i2.0"


def test_no_cut_leaves_a_headline_over_a_line_or_two_a_column():
    """Four rows at a page's foot, but the cut may only fall after the first paragraph's
    fourth line (never after a paragraph's last): that would leave the headline over two
    lines a column and the jump line (stranded), so the article is not cut there; five
    rows take nine lines."""
    from pamphletpress.layout.issue_jumps import MIN_LINES, split_article

    root = lxml_html.document_fromstring(_inside(4))
    assert not split_article(root.get_element_by_id("art-2"), rows=4)
    assert root.find(".//*[@id='cont-art-2']") is None
    assert root.find(".//p[@class='jump-out']") is None
    root = lxml_html.document_fromstring(_inside(4))
    assert split_article(root.get_element_by_id("art-2"), rows=5)
    part = root.get_element_by_id("body-art-2")
    assert len(list(part.iter("span"))) >= 2 * MIN_LINES + 1


def test_a_picture_where_the_cut_would_fall_follows_the_jump():
    """A picture after the first paragraph would stop the cut there, far above the
    page's foot (the page left half empty): it is passed over, the text after it fills
    the rows, and it follows the jump, after the cut paragraph's rest."""
    from pamphletpress.layout.issue_jumps import split_article

    page = _inside(3).replace("</p><p>", '</p><figure id="foto"><img src="a.png"></figure><p>', 1)
    root = lxml_html.document_fromstring(page)
    assert split_article(root.get_element_by_id("art-2"), rows=5)
    part = root.get_element_by_id("body-art-2")
    rest = root.get_element_by_id("cont-art-2")
    assert len(list(part.iter("span"))) == 9 and part.find(".//figure") is None
    columns = rest.find("div")
    assert [c.tag for c in columns][:2] == ["p", "figure"], "after the cut paragraph's rest"
    before = [s.text for s in part.iter("span")]
    after = [s.text for s in rest.iter("span")]
    assert before + after == [f"w{p}.{i}" for p in range(3) for i in range(6)], "no line lost"


def test_a_box_across_the_columns_where_the_cut_would_fall_follows_the_jump():
    from pamphletpress.layout.issue_jumps import split_article

    page = _inside(3).replace(
        "</p><p>", '</p></div><aside class="box">Kader</aside><div class="columns"><p>', 1
    )
    root = lxml_html.document_fromstring(page)
    assert split_article(root.get_element_by_id("art-2"), rows=5)
    part = root.get_element_by_id("body-art-2")
    rest = root.get_element_by_id("cont-art-2")
    assert len(list(part.iter("span"))) == 9
    assert [c.tag for c in rest][1:3] == ["div", "aside"], "after the run of the cut's rest"
    assert root.find(".//aside").getparent() is rest, "still across the columns"


def _placings(d_top: float) -> list:
    from pamphletpress.layout.issue_ahead import Placing

    return [
        Placing("a", 0, 100, 600, True),
        Placing("b", 900, 1010, 1400, False),  # laid out stranded: its body overleaf
        Placing("c", 1400, 1500, 1850, True),
        Placing("d", d_top, d_top + 100, d_top + 300, True),
        Placing("e", d_top + 300, d_top + 400, d_top + 900, True),
    ]


def test_the_headlines_a_move_strands_are_foreseen():
    from pamphletpress.layout.issue_ahead import stranded_ahead

    # b moves 90 down the flow (to page 2's top, its body as deep below as a's);
    # d, which fitted at 850 on page 2, then stands at 940: no room for its opening
    assert stranded_ahead(_placings(1850), 1000, 30, 10) == ["b", "d"]
    assert stranded_ahead(_placings(1700), 1000, 30, 10) == ["b"], "d still fits"


def test_foretelling_stops_where_it_is_not_sure():
    from pamphletpress.layout.issue_ahead import stranded_ahead

    # d at 890 after b's move: 10 of room for the 30 it needs, within the doubt
    assert stranded_ahead(_placings(1800), 1000, 30, 10) == ["b"]
    assert stranded_ahead(_placings(1800), 1000, 30, 10, lift=40) == ["b", "d"]


def _quoted(counts: list[int]):
    from pamphletpress.layout.issue_fill import balancing_row

    paragraphs = "".join(
        "<p>" + "".join(f'<span class="line">w{i}</span>' for i in range(n)) + "</p>"
        for n in counts
    )
    root = lxml_html.document_fromstring(
        f'<html><body><article id="a"><div class="columns">{paragraphs}</div>'
        '<div id="end-a"></div></article></body></html>'
    )
    return balancing_row(root, "a")


def test_a_quote_between_two_odd_counts_of_lines_takes_a_row_less():
    assert _quoted([3, 6, 5, 4]), "9 lines above it, 9 below: a row at both feet"
    assert not _quoted([4, 6, 5, 4]), "10 above, 9 below: the columns end level"
    assert not _quoted([3, 6, 4, 4]), "9 above, 8 below"


def _run(counts: list[int], said: dict[int, str] | None = None) -> str:
    """A run of columns of composed paragraphs, ``counts`` lines each; paragraph k's
    first line says ``said[k]``."""
    said = said or {}
    return "".join(
        "<p>"
        + "".join(
            f'<span class="line">{said.get(k, f"filler{k}x") if i == 0 else f"line{k}x{i}"}</span>'
            for i in range(n)
        )
        + "</p>"
        for k, n in enumerate(counts)
    )


def _article(ident: str, counts: list[int], said: dict[int, str] | None = None) -> str:
    return (
        f'<article id="{ident}"><div class="columns">{_run(counts, said)}</div>'
        f'<div id="end-{ident}"></div></article>'
    )


def _quote_place(counts: list[int], text: str, said: dict[int, str] | None = None) -> int:
    """Before which paragraph the quote of ``text`` stands in a run of ``counts``."""
    from pamphletpress.layout.issue_fill import insert_quote

    root = lxml_html.document_fromstring(f"<html><body>{_article('a', counts, said)}</body></html>")
    insert_quote(root, "a", 4, text, 12.5, whole=True)
    children = list(root.get_element_by_id("end-a").getparent().find("div"))
    return next(i for i, c in enumerate(children) if c.tag == "aside")


def test_a_pull_quote_leaves_no_scrap_of_lines_above_it():
    """5 lines above a quote are 3 + 2 in the columns: a scrap between the headline's
    rule and the quote; it stands after the second paragraph (11 lines), not the first."""
    assert _quote_place([5, 6, 6], "Someone said something worth repeating.") == 2


def test_a_pull_quote_stands_away_from_the_sentence_it_quotes():
    """The quoted sentence opens the third paragraph: before it the quote would stand
    right above it; it stands before the second (the sentence 6 lines down the second
    column, not among the 3 under its top)."""
    text = "Paragraph three says something here."
    assert _quote_place([6, 6, 6, 6], text, {2: text}) == 1


def test_where_the_foot_article_quotes_badly_the_article_above_takes_the_quote():
    """The room under article b at the page's foot: b's one paragraph would have the
    quote at its top, right under the headline; article a above it on the page takes
    it, inside its text."""
    from pamphletpress.layout.issue_fill import gap_quote

    root = lxml_html.document_fromstring(
        "<html><body>"
        + _article("a", [6, 6, 6, 6], {0: "Alpha opens here"})
        + _article("b", [7], {0: "Beta says"})
        + "</body></html>"
    )
    anchors = {"a": (3, 0.0), "end-a": (3, 500.0), "b": (3, 520.0), "end-b": (3, 700.0)}
    sentences = {"a": ["Alpha opens here with a point."], "b": ["Beta says its thing here."]}
    quote = gap_quote(root, anchors, ["a"], "b", 3, 4, sentences, 12.5)
    assert quote is not None and quote.holder == "a" and quote.foot == "b", quote


def test_a_pull_quote_never_stands_right_under_an_intertitle():
    """Before the paragraph under an intertitle the quote would cut the intertitle off
    from its text (it would end the run above the quote); it stands before the
    intertitle instead."""
    from pamphletpress.layout.issue_fill import insert_quote

    page = _article("a", [6, 6, 6, 6]).replace("<p>", "<h2>Kop</h2><p>", 3)
    page = page.replace("<h2>Kop</h2>", "", 2)  # the intertitle before the third paragraph
    root = lxml_html.document_fromstring(f"<html><body>{page}</body></html>")
    insert_quote(root, "a", 4, "Someone said something worth repeating.", 12.5, whole=True)
    children = [c.tag for c in root.get_element_by_id("end-a").getparent().find("div")]
    at = children.index("aside")
    assert children[at - 1] != "h2", children


def _cut_part(counts: list[int], said: dict[int, str] | None = None) -> str:
    """An inside article's first part, cut: its paragraphs and the jump line."""
    return (
        '<html><body><article id="a"><div class="columns" id="body-a">'
        f'{_run(counts, said)}<p class="jump-out" id="jump-a">Lees verder</p></div>'
        '</article><article id="cont-a"><div class="columns"><p>'
        '<span class="line">rest</span></p></div><div id="end-a"></div></article>'
        "</body></html>"
    )


def test_the_room_above_a_jump_takes_a_quote_of_a_sentence_after_it():
    """The part before the jump holds paragraphs of 4, 8 and 6 lines: the quote (one of
    the article's sentences that stands after the jump) goes among them, the jump line
    stays the part's last; a sentence of the part itself stands too near every place
    there and is not taken."""
    from pamphletpress.layout.issue_fill import insert_jump_quote, jump_quote, quoted_lines

    later = "A sentence the rest after the jump holds."
    root = lxml_html.document_fromstring(_cut_part([4, 8, 6], {1: "Near said this thing."}))
    columns = root.get_element_by_id("body-a")
    assert jump_quote(["Near said this thing."], 3, 12.5, columns) is None
    chosen = jump_quote([later, "Near said this thing."], 3, 12.5, columns)
    assert chosen == (3, later), chosen
    assert insert_jump_quote(root, "a", *chosen, 12.5)
    kinds = [c.get("class") for c in root.get_element_by_id("body-a")]
    assert kinds[-1] == "jump-out" and "pull-quote" in kinds, kinds
    above, under = quoted_lines(root.get_element_by_id("body-a"))
    assert above + under == 18


def test_the_lines_a_cut_moves_up_are_left_out_where_the_quote_is_placed():
    from pamphletpress.layout.issue_fill import _drop_lines

    root = lxml_html.document_fromstring(f"<html><body><div>{_run([4, 8, 2])}</div></body></html>")
    shell = root.find(".//div")
    _drop_lines(shell, 3)  # the last paragraph whole, and a line of the one before
    assert [len(p) for p in shell] == [4, 7]


def test_a_pull_quote_stands_away_from_its_sentence_in_the_lines_above_it_too():
    """The quoted sentence opens the fourth paragraph of six of 6 lines: before the
    fifth the quote would stand six lines under it in the second column (the reader
    has just read it); it stands before the third, above the sentence and away from it."""
    text = "Paragraph four says something here."
    assert _quote_place([6] * 6, text, {3: text}) == 2


def test_a_pull_quote_takes_the_rows_its_text_needs_and_a_row_of_white_at_most():
    """A one-line sentence in a room of 12 rows does not stand in 12 rows of white: it
    takes what it needs (at 18 pt where that fills more) and a row; the rest is not
    the quote's (a house box or nothing takes it)."""
    from pamphletpress.layout.issue_fill import (
        QUOTE_WHITE_ROWS,
        chosen_quote,
        quote_size,
        rows_needed,
    )

    text = "Someone said something worth repeating here."
    rows, chosen = chosen_quote([text], 12, 12.5)
    size = quote_size(text, 12, 12.5)
    assert chosen == text and rows <= rows_needed(text, 12.5, size) + QUOTE_WHITE_ROWS < 12


def test_a_quote_in_a_room_deeper_than_its_text_needs_is_set_large():
    """Three lines at 14 pt, fewer rows than the room: set at 18 pt it fills more of it
    (issue.css's ``large``), and the quote's box says so."""
    from pamphletpress.layout.issue_fill import insert_quote, quote_size, rows_needed

    text = " ".join(["Someone said something worth repeating about the town hall."] * 3)
    small, large = rows_needed(text, 12.5, 0), rows_needed(text, 12.5, 1)
    assert small < large and quote_size(text, large, 12.5) == 1
    assert quote_size(text, small, 12.5) == 0
    root = lxml_html.document_fromstring(f"<html><body>{_article('a', [8] * 4)}</body></html>")
    insert_quote(root, "a", large, text, 12.5, whole=True)
    assert root.find(".//aside").get("class") == "pull-quote large"
