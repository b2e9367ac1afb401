"""What the issue layout tells: where each article went and why, and what does not fit.

The rounds of :mod:`.issue_pages` decide; this says it, for ``-v`` and the
report file beside the PDF (:class:`IssueLayout`), and, when the articles
overflow the pages of ``pages:``, by how many lines and what could go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pamphletpress.errors import located
from pamphletpress.i18n import _
from pamphletpress.layout.issue_boxes import line_boxes


@dataclass
class Placed:
    """Where one article went, and why."""

    title: str
    first: int
    last: int
    why: list[str] = field(default_factory=list)


@dataclass
class IssueLayout:
    """What the issue layout decided, for ``-v`` and the report file."""

    pages: int = 0
    target: int = 0
    front_lines: int = 0
    jump_to: int | None = None
    placed: list[Placed] = field(default_factory=list)
    blank_pages: int = 0
    back_on_own_page: bool = False
    rounds: int = 0
    runs_laid_out: int = 0  # page runs laid out over all rounds (:mod:`.issue_render`)
    fillers: list[str] = field(default_factory=list)  # house boxes and quotes given a room

    def lines(self) -> list[str]:
        out = [
            _(
                "{pages} pages (target {target}); {rounds} layouts ({runs} page runs laid out)"
            ).format(
                pages=self.pages, target=self.target, rounds=self.rounds, runs=self.runs_laid_out
            )
        ]
        if self.jump_to:
            out.append(
                _(
                    "page 1: the lead's first {front_lines} lines a column, 'continued' on "
                    "page {jump_to}"
                ).format(front_lines=self.front_lines, jump_to=self.jump_to)
            )
        for index, placed in enumerate(self.placed, 1):
            pages = f"page {placed.first}" + (
                f"–{placed.last}" if placed.last != placed.first else ""
            )
            why = f" ({'; '.join(placed.why)})" if placed.why else ""
            out.append(f"{index:2}. {placed.title}: {pages}{why}")
        out += [_("filler: {told}").format(told=told) for told in self.fillers]
        if self.back_on_own_page:
            out.append(_("padding: the colophon and house boxes on a page of their own"))
        if self.blank_pages:
            out.append(
                _("padding: {blank_pages} blank page(s) at the end (last resort)").format(
                    blank_pages=self.blank_pages
                )
            )
        return out


def overflow(rendered, target: int, titles: dict[str, str], issue_path: str) -> str:
    """Too much for ``pages:``: by how many lines, and what could go."""
    over = 0
    for page in rendered.pages[target:]:
        over += sum(1 for _box in line_boxes(page._page_box))
    candidates = [t for i, t in reversed(titles.items()) if i != "art-1"][:2]
    where = located(issue_path)
    return _(
        "{where}: the articles do not fit the {target} pages of 'pages:': about "
        "{over} lines too many ({pages_count} pages); shorten {value} or move "
        "one to the next issue, or raise 'pages:' to {value2}"
    ).format(
        where=where,
        target=target,
        over=over,
        pages_count=len(rendered.pages),
        value=" or ".join(repr(c) for c in candidates),
        value2=-(-len(rendered.pages) // 4) * 4,
    )
