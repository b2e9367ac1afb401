"""What a Word, LibreOffice or web document's import carried over, changed and left behind."""

from __future__ import annotations

from dataclasses import dataclass, field

from pamphletpress.errors import plural
from pamphletpress.i18n import _


@dataclass
class Notice:
    """Something the manuscript does not carry as the document had it, and where it was."""

    what: str  # "tracked changes", "comment", "text box", "shape", "field", "page layout" …
    detail: str
    where: str = ""

    def __str__(self) -> str:
        return f"{_(self.what)}: {self.detail}" + (f" ({self.where})" if self.where else "")


@dataclass
class Reading:
    """What a document reader hands on: HTML, front matter facts, and the notices."""

    html: str
    meta: dict = field(default_factory=dict)
    warnings: list[Notice] = field(default_factory=list)
    left_out: list[Notice] = field(default_factory=list)


@dataclass
class DocumentReport:
    """The import of one document, for the editor who checks the manuscript."""

    source: str
    kind: str  # "Word document", "OpenDocument text", "web page"
    title: str | None = None
    author: str | None = None
    byline: str | None = None
    lang: str = "nl"
    headings: int = 0
    paragraphs: int = 0
    lists: int = 0
    tables: int = 0
    quotes: int = 0
    notes: int = 0
    links: int = 0
    pictures: list[str] = field(default_factory=list)
    missing_pictures: list[str] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    left_out: list[Notice] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    bold_headings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the terminal: what was found, what was changed, what to check."""
        found = [
            plural(self.headings, "{count} heading", "{count} headings"),
            plural(self.paragraphs, "{count} paragraph", "{count} paragraphs"),
            plural(self.lists, "{count} list", "{count} lists"),
            plural(self.tables, "{count} table", "{count} tables"),
            plural(self.quotes, "{count} quotation", "{count} quotations"),
            plural(self.notes, "{count} note", "{count} notes"),
            plural(self.links, "{count} link", "{count} links"),
            plural(len(self.pictures), "{count} picture", "{count} pictures"),
        ]
        lines = [f"{self.source} ({self.kind}): " + ", ".join(found)]
        lines.append(
            _("headline: “{title}”").format(title=self.title)
            if self.title
            else _("headline: none found (TITEL in the front matter: fill it in)")
        )
        lines.append(
            _("author: {author}").format(author=self.author)
            if self.author
            else _("author: none in the document")
        )
        if self.byline:
            lines.append(
                _("byline: “{byline}” (moved to the front matter)").format(byline=self.byline)
            )
        lines.append(_("language: {lang}").format(lang=self.lang))
        for text in self.bold_headings:
            lines.append(
                _("intertitle “{text}”: a short line all in bold, taken as a heading").format(
                    text=text
                )
            )
        if self.pictures:
            lines.append(_("pictures saved: ") + ", ".join(self.pictures))
        for missing in self.missing_pictures:
            lines.append(
                _("picture not in the saved folder: {missing} (alt text kept)").format(
                    missing=missing
                )
            )
        for notice in self.warnings:
            lines.append(_("changed: {notice}").format(notice=notice))
        if self.left_out:
            lines.append(
                _("not carried over ({left_out_count}):").format(left_out_count=len(self.left_out))
            )
            lines.extend(f"  {notice}" for notice in self.left_out)
        else:
            lines.append(_("not carried over: nothing"))
        if self.placeholders:
            lines.append(_("fill in the front matter: ") + ", ".join(self.placeholders))
        return "\n".join(lines)
