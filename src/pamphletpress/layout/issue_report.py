"""What the issue layout tells: where each article went and why, and what does not fit.

The rounds of :mod:`.issue_pages` decide; this says it, for ``-v`` and the
report file beside the PDF (:class:`IssueLayout`), and, when the articles
overflow the pages of ``pages:``, by how many lines and what could go; where the
content leaves the last page thinner than issue 19's goal (``LAST_GOAL`` of its
text block unused), how many lines are left and what the editor could add.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pamphletpress.errors import located
from pamphletpress.i18n import _
from pamphletpress.layout.issue_boxes import line_boxes, page_bottom, page_room

LAST_GOAL = 0.15  # the last page's share left unused that issue 19 allows (check's GOAL_LAST)


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
    last_page: int = 0  # the last page with content (blank pages after it)
    last_lines: int = 0  # lines its columns leave empty, both together
    last_share: float = 0.0  # and that room as a share of its text block
    page_lines: int = 0  # lines a page's two columns hold

    def measure_last(self, rendered, row_px: float) -> None:
        """The room the content leaves on its last page, read from the layout."""
        self.last_page = len(rendered.pages) - self.blank_pages
        page = rendered.pages[self.last_page - 1]
        height = max(page_bottom(page) - page._page_box.content_box_y(), 1.0)
        room = page_room(page)
        self.last_lines = 2 * int(room // row_px)
        self.last_share = room / height
        self.page_lines = 2 * int(height // row_px)

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
        if self.last_page and self.last_share > LAST_GOAL:
            out.append(
                _(
                    "page {page}, the last: about {lines} lines left empty ({share:.0%} of its "
                    "text block; the goal is at most {goal:.0%}): the content ends there; add "
                    "a house box ('house:') or an article of about {lines} lines, or take as "
                    "much out"
                ).format(
                    page=self.last_page,
                    lines=self.last_lines,
                    share=self.last_share,
                    goal=LAST_GOAL,
                )
            )
        if self.blank_pages:
            out.append(
                _("padding: {blank_pages} blank page(s) at the end (last resort)").format(
                    blank_pages=self.blank_pages
                )
                + _(": an article or house boxes of about {lines} lines would fill them").format(
                    lines=self.blank_pages * self.page_lines
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
