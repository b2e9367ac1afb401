"""The paragraph composer: whole-paragraph line breaking (Knuth–Plass) with the
real fonts, in front of WeasyPrint's greedy one-line-at-a-time breaking."""

from pamphletpress.compose.breaker import Box, Glue, Params, Penalty, break_lines
from pamphletpress.compose.lines import line_css
from pamphletpress.compose.metrics import FontMetrics, load_font
from pamphletpress.compose.paragraph import compose_paragraph
from pamphletpress.compose.setup import ComposeReport, FontSet, HyphenPenalties, Setup, Spacing

__all__ = [
    "Box",
    "ComposeReport",
    "FontMetrics",
    "FontSet",
    "Glue",
    "HyphenPenalties",
    "Params",
    "Penalty",
    "Setup",
    "Spacing",
    "break_lines",
    "compose_paragraph",
    "line_css",
    "load_font",
]
