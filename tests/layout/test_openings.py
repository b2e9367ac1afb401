"""An intertitle opening a column set close over its text, or as before where that adds
a fault (issue 24, layout/openings.py): the decision, and the class that sets it."""

from __future__ import annotations

import pytest

from pamphletpress.layout.openings import BELOW, Faults, adds_fault, below_html

#: A document's pages with the intertitles' space above moved below them.
BEFORE = Faults(holes=(2, 4), stranded=1, scraps=0, pages=3, apart=0)


def test_close_is_kept_where_it_adds_no_fault():
    assert not adds_fault(BEFORE, BEFORE)
    fewer = BEFORE._replace(holes=(0, 0), stranded=0)
    assert not adds_fault(fewer, BEFORE)


@pytest.mark.parametrize(
    "close",
    [
        BEFORE._replace(holes=(3, 4)),  # a longer hole (osg-de p2 on the first try)
        BEFORE._replace(holes=(2, 6)),  # more empty lines
        BEFORE._replace(stranded=2),
        BEFORE._replace(scraps=1),
        BEFORE._replace(pages=4),
        BEFORE._replace(apart=1),  # the article's last columns further apart
        BEFORE._replace(holes=(0, 0), pages=4),  # fewer holes do not buy a page
    ],
)
def test_any_fault_added_falls_back(close):
    assert adds_fault(close, BEFORE)


def test_the_body_class_switches_to_the_old_setting():
    html = '<!DOCTYPE html>\n<html><body class="variant-pdfx4"><p class="x">a</p></body></html>'
    assert f'<body class="{BELOW} variant-pdfx4">' in below_html(html)
    assert f'<body class="{BELOW}">' in below_html("<html><body><p>a</p></body></html>")
