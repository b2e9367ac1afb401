"""The adapter's shortcuts (text lines remembered, WeasyPrint's hot functions done in
fewer calls) lay out exactly what WeasyPrint lays out, and leave it as it was."""

from __future__ import annotations

import tinycss2
import weasyprint
from weasyprint import css
from weasyprint import layout as layouts
from weasyprint.formatting_structure import boxes
from weasyprint.layout import block, inline, percent, preferred
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from pamphletpress.layout import weasy
from pamphletpress.layout.computed import Styles
from pamphletpress.layout.textlines import Lines

WORDS = (
    "De huurders van de flat aan de Amstelveenseweg trekken samen op tegen de "
    "verhuurder, die de huur elk jaar verhoogt zonder het onderhoud te doen."
)

#: The same words in styles that each change how a line breaks or is justified
#: (spacing, size, language, hyphenation, decoration, white space), and the
#: boxes whose used lengths come from percentages, calc(), auto, flex and floats.
PAGE = f"""<!DOCTYPE html><html lang="nl"><head><style>
@page {{ size: 120mm 160mm; margin: 10mm; }}
body {{ font-family: serif; font-size: 10pt; line-height: 1.3; }}
p {{ text-align: justify; hyphens: auto; margin: 0 0 4pt; }}
.cols {{ columns: 2; column-gap: 5mm; }}
.box {{ width: 60%; padding: 2% 1em; margin-left: calc(10% + 2mm); border: 1px solid;
        box-sizing: border-box; min-height: 2em; }}
.flex {{ display: flex; }} .flex > div {{ flex: 1; padding: 5%; }}
.float {{ float: left; width: 30%; margin-right: 3mm; }}
</style></head><body>
<div class="cols">
<p>{WORDS} {WORDS}</p>
<p style="word-spacing: 0.4pt">{WORDS} {WORDS}</p>
<p style="letter-spacing: 0.05pt; margin-right: -0.3pt">{WORDS} {WORDS}</p>
<p style="font-size: 11pt">{WORDS} {WORDS}</p>
<p lang="en">{WORDS} {WORDS}</p>
<p style="hyphens: none">{WORDS} {WORDS}</p>
<p style="text-decoration: underline">{WORDS}</p>
<p style="white-space: nowrap; font-size: 5pt">{WORDS}</p>
</div>
<p>{WORDS}</p>
<p style="font-size: 11pt">{WORDS}</p>
<p style="letter-spacing: 0.5pt">{WORDS}</p>
<p style="text-decoration: underline">{WORDS}</p>
<p style="white-space: pre-line">{WORDS}</p>
<p style="font-weight: bold">{WORDS}</p>
<div class="box"><p>{WORDS}</p></div>
<div class="flex"><div><p>{WORDS}</p></div><div>kort</div></div>
<div class="float"><p>{WORDS}</p></div><p>{WORDS} {WORDS} {WORDS}</p>
<p style="width: 50%">{WORDS}</p>
</body></html>"""


def laid_out(document) -> list[tuple]:
    """Every box of every page: its kind, place, size and text."""
    found = []
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            found.append(
                (
                    number,
                    type(box).__name__,
                    round(box.position_x, 6),
                    round(box.position_y, 6),
                    box.width if isinstance(box.width, str) else round(box.width, 6),
                    box.height if isinstance(box.height, str) else round(box.height, 6),
                    getattr(box, "text", None),
                )
            )
    return found


def test_the_shortcuts_lay_out_what_weasyprint_lays_out():
    plain = weasyprint.HTML(string=PAGE).render(font_config=FontConfiguration())
    fonts, lines, styles, sheets = weasy.fonts(), Lines(), Styles(), {}
    fetcher = URLFetcher()
    first = weasy.render(PAGE, "", fetcher, fonts, sheets, lines, styles)
    again = weasy.render(PAGE, "", fetcher, fonts, sheets, lines, styles)  # all remembered
    assert lines.found, "no line was remembered"
    assert styles.values, "no computed value was remembered"
    expected = laid_out(plain)
    assert laid_out(first) == expected
    assert laid_out(again) == expected
    assert len(plain.pages) > 1  # the columns ran over a page: both ways of breaking seen


def test_values_remembered_go_only_to_styles_computed_alike():
    """The same paragraph, style attribute and all, under parents of other font sizes
    and in another document: its em lengths and inherited values are its own each time."""
    fonts, lines, styles, sheets = weasy.fonts(), Lines(), Styles(), {}
    fetcher = URLFetcher()
    para = f'<p style="margin-left: 2em; word-spacing: 0.1em">{WORDS}</p>'
    pages = [
        f'<html><body><div style="font-size: {size}pt">{para}</div>{para}</body></html>'
        for size in (8, 14, 8)
    ]
    for page in pages:
        plain = weasyprint.HTML(string=page).render(font_config=FontConfiguration())
        ours = weasy.render(page, "", fetcher, fonts, sheets, lines, styles)
        assert laid_out(ours) == laid_out(plain)
    assert styles.values


def test_a_render_leaves_weasyprint_as_it_was():
    originals = {
        (inline, "split_first_line"): inline.split_first_line,
        (preferred, "split_first_line"): preferred.split_first_line,
        (inline, "create_layout"): inline.create_layout,
        (inline, "strut"): inline.strut,
        (percent, "resolve_percentages"): percent.resolve_percentages,
        (block, "resolve_percentages"): block.resolve_percentages,
        (boxes.Box, "is_in_normal_flow"): boxes.Box.is_in_normal_flow,
        (css, "preprocess_declarations"): css.preprocess_declarations,
        (css.StyleFor, "set_computed_styles"): css.StyleFor.set_computed_styles,
        (css.ComputedStyle, "__missing__"): css.ComputedStyle.__missing__,
        (tinycss2, "parse_blocks_contents"): tinycss2.parse_blocks_contents,
        (tinycss2, "parse_one_declaration"): tinycss2.parse_one_declaration,
        (layouts, "make_all_pages"): layouts.make_all_pages,
    }
    filters = list(css.LOGGER.filters)
    weasy.render(PAGE, "", URLFetcher(), weasy.fonts(), {}, Lines(), Styles())
    assert css.LOGGER.filters == filters
    for (owner, name), original in originals.items():
        assert getattr(owner, name) is original, f"{owner.__name__}.{name} left replaced"


def test_lists_that_start_elsewhere_keep_their_own_start():
    """Two ordered lists of one kind under one parent, one from 2 and one from 3 (a
    pandoc example list going on after the text): each keeps its start with the styles'
    values remembered (WeasyPrint shares a computed style among siblings of the same
    rules and style declarations; the start is one of them)."""
    fonts, styles, fetcher = weasy.fonts(), Styles(), URLFetcher()
    page = (
        '<html><body><ol class="x" start="2"><li>twee</li></ol><p>tekst</p>'
        '<ol class="x" start="3"><li>drie</li></ol></body></html>'
    )

    def starts(document) -> list:
        return [
            box.style["counter_reset"]
            for box in document.pages[0]._page_box.descendants()
            if getattr(box, "element_tag", None) == "ol"
        ]

    expected = [(("list-item", 2),), (("list-item", 3),)]
    assert starts(weasy.render(page, "", fetcher, fonts, {})) == expected
    assert starts(weasy.render(page, "", fetcher, fonts, {}, Lines(), styles)) == expected
