"""What an import found and could not decide: the doubts, the report and the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pamphletpress.errors import plural
from pamphletpress.i18n import N_, _


@dataclass
class Doubt:
    """A decision the importer could not make with confidence: check it by hand."""

    line: int
    text: str
    choice: str
    page: int | None = None

    def __str__(self) -> str:
        where = _("line {line}").format(line=self.line) + (
            _(" (page {page})").format(page=self.page) if self.page else ""
        )
        return f"{where}: {self.text} — {self.choice}"


@dataclass
class ImportReport:
    """What the importer found and did, for the editor who checks the result."""

    source: str = ""
    lang: str = "nl"
    joins: list[str] = field(default_factory=list)
    kept_hyphens: list[str] = field(default_factory=list)
    rejoined_breaks: int = 0
    restored_breaks: int = 0
    doubtful: list[Doubt] = field(default_factory=list)
    paragraphs: int = 0
    intertitles: list[str] = field(default_factory=list)
    title: str | None = None
    kicker: str | None = None
    lede: bool = False
    byline: str | None = None
    box: str | None = None
    box_items: int = 0
    end_mark: bool = False
    ligatures: int = 0
    placeholders: list[str] = field(default_factory=list)
    page_numbers: list[str] = field(default_factory=list)
    running_heads: dict[str, int] = field(default_factory=dict)
    separated: list[str] = field(default_factory=list)
    other_layout: list[str] = field(default_factory=list)  # author, date, tables, notes …

    def summary(self) -> str:
        """A few lines for the terminal: what was found, what to check."""
        found = [
            plural(self.paragraphs, "{count} paragraph", "{count} paragraphs"),
            plural(len(self.intertitles), "{count} intertitle", "{count} intertitles"),
        ]
        found += [
            _(name) for name, ok in ((N_("lede"), self.lede), (N_("byline"), self.byline)) if ok
        ]
        if self.box is not None:
            found.append(
                _("box “{box}” ({box_items} items)").format(box=self.box, box_items=self.box_items)
            )
        found.append(_("end mark ■") if self.end_mark else _("no end mark"))
        lines = [f"{self.source or _('text')}: " + ", ".join(found)]
        lines.append(
            _("headline: “{title}”").format(title=self.title)
            + (_(", kicker “{kicker}”").format(kicker=self.kicker) if self.kicker else "")
            if self.title
            else _("headline: none found (TITEL in the front matter: fill it in)")
        )
        if self.byline:
            lines.append(_("byline: “{byline}”").format(byline=self.byline))
        furniture = []
        if self.page_numbers:
            shown = ", ".join(self.page_numbers[:5]) + (", …" if len(self.page_numbers) > 5 else "")
            numbers = plural(len(self.page_numbers), "{count} page number", "{count} page numbers")
            furniture.append(f"{numbers} ({shown})")
        furniture += [
            _("running head “{h}” ({n}×)").format(h=h, n=n) for h, n in self.running_heads.items()
        ]
        if furniture:
            lines.append(_("removed as page furniture: ") + "; ".join(furniture))
        if self.separated:
            lines.append(_("set apart (no blank line in the source): ") + ", ".join(self.separated))
        lines.extend(self.other_layout)
        examples = ", ".join(self.joins[:3]) + (", …" if len(self.joins) > 3 else "")
        kept = ", ".join(self.kept_hyphens[:4]) + (", …" if len(self.kept_hyphens) > 4 else "")
        lines.append(
            _("line-end hyphens: {joins_count} joined").format(joins_count=len(self.joins))
            + (f" ({examples})" if examples else "")
            + _(", {kept_hyphens_count} kept").format(kept_hyphens_count=len(self.kept_hyphens))
            + (f" ({kept})" if kept else "")
        )
        lines.append(
            _(
                "column/page breaks rejoined: {rejoined_breaks}; lost paragraph breaks "
                "restored: {restored_breaks}"
            ).format(rejoined_breaks=self.rejoined_breaks, restored_breaks=self.restored_breaks)
            + (
                _("; ligatures repaired: {ligatures}").format(ligatures=self.ligatures)
                if self.ligatures
                else ""
            )
        )
        if self.doubtful:
            lines.append(
                _("doubtful ({doubtful_count}), check these:").format(
                    doubtful_count=len(self.doubtful)
                )
            )
            lines.extend(f"  {doubt}" for doubt in self.doubtful[:12])
            if len(self.doubtful) > 12:
                lines.append(_("  … and {value} more").format(value=len(self.doubtful) - 12))
        else:
            lines.append("doubtful: none")
        if self.placeholders:
            lines.append(_("fill in the front matter: ") + ", ".join(self.placeholders))
        return "\n".join(lines)


@dataclass
class ImportResult:
    markdown: str
    report: ImportReport
    path: Path | None = None
