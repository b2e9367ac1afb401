"""The paragraph composer: whole-paragraph line breaking (Knuth–Plass) with the
real fonts, in front of WeasyPrint's greedy one-line-at-a-time breaking."""

import importlib

#: Where each name lives: loaded on first use, so that what needs only
#: ``compose.hyphenation`` (the EPUB) does not load the composer and HarfBuzz.
_HOMES = {
    "Box": "breaker", "Glue": "breaker", "Params": "breaker", "Penalty": "breaker",
    "break_lines": "breaker", "line_css": "lines", "FontMetrics": "metrics",
    "load_font": "metrics", "compose_paragraph": "paragraph", "ComposeReport": "setup",
    "FontSet": "setup", "HyphenPenalties": "setup", "Setup": "setup", "Spacing": "setup",
}  # fmt: skip


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


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
