"""The placeholders ``import`` writes where its source showed nothing: ``TITEL``, ``door …``.

A field still holding one is not ready to print or publish: the reader warns about it
(naming the line), and ``check`` fails a PDF or EPUB that carries one, whoever made it.
"""

from __future__ import annotations

from pamphletpress.i18n import N_

TITLE = "TITEL"
BYLINE = "door …"
DATE = "YYYY-MM-DD"

#: Each placeholder → what the editor does about it.
FILL_IN = {
    TITLE: N_("write the headline in its place"),
    BYLINE: N_("write the byline in its place (door Naam) or remove the line"),
    DATE: N_("write the date in its place (2022-03-04)"),
}


def placeholder_in(value: object) -> str | None:
    """The placeholder ``value`` still is (``door ...`` too), or ``None``: a field whose
    whole text is one, or that holds the date's pattern anywhere."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace("...", "…").split())
    if DATE in text:
        return DATE
    return next((p for p in (TITLE, BYLINE) if text == p), None)
