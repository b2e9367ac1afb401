"""The library's front door: read a manuscript, write the outputs asked for.

The CLI only parses options and calls these functions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pamphletpress.document import Document
from pamphletpress.errors import display_path
from pamphletpress.manuscript import read_document
from pamphletpress.project import Project, find_project

log = logging.getLogger("pamphletpress")


@dataclass
class Job:
    """A manuscript read once, for every output built from it."""

    project: Project
    document: Document

    @classmethod
    def load(cls, manuscript: Path | str | None) -> Job:
        project = find_project(manuscript)
        document = read_document(project)
        warn_about_language(document)
        return cls(project, document)

    def target(self, given: Path | str | None, suffix: str) -> Path:
        """The output path, checked before any work: a bad one fails fast."""
        from pamphletpress.output import check_target

        path = Path(given) if given else self.project.output_dir / f"{self.document.slug}{suffix}"
        check_target(path)
        return path

    def pdf(self, target: Path | None = None, **options):
        from pamphletpress.pdf import PdfOptions, write_pdf

        variant = options.get("variant") or self.project.setting("pdf.variant", "pdf/x-4")
        crop = options.get("crop_marks")
        if crop is None:
            crop = bool(self.project.setting("pdf.crop_marks", False))
        compose = options.get("compose")
        if compose is None:
            compose = bool(self.project.setting("pdf.compose", True))
        return write_pdf(
            self.document,
            self.project,
            self.target(target, ".pdf"),
            PdfOptions(variant=variant, crop_marks=crop, compose=compose),
        )

    def epub(self, target: Path | None = None, **options):
        from pamphletpress.epub import EpubOptions, write_epub

        soft = options.get("soft_hyphens")
        if soft is None:
            soft = bool(self.project.setting("epub.soft_hyphens", False))
        return write_epub(
            self.document,
            self.project,
            self.target(target, ".epub"),
            EpubOptions(soft_hyphens=soft),
        )

    def html(self, target: Path | None = None, **options) -> Path:
        """The exact HTML the PDF writer hands to WeasyPrint, styles and fonts linked by path."""
        from pamphletpress.output import write_atomically
        from pamphletpress.pdf import PdfOptions, render_html

        variant = options.get("variant") or self.project.setting("pdf.variant", "pdf/x-4")
        html, _ = render_html(
            self.document,
            self.project,
            PdfOptions(
                variant=variant,
                crop_marks=bool(options.get("crop_marks")),
                compose=options.get("compose", True) is not False,
            ),
        )
        path = self.target(target, ".html")
        write_atomically(path, lambda tmp: tmp.write_text(html, encoding="utf-8"))
        return path


def warn_about_language(document: Document) -> None:
    """An unknown language builds without hyphenation, and says so once."""
    from pamphletpress.hyphenation import Hyphenator

    seen: set[str] = set()
    for article in document.articles:
        lang = article.meta.lang
        if lang in seen:
            continue
        seen.add(lang)
        if not Hyphenator(lang).available:
            log.warning(
                "%s: no hyphenation patterns for lang '%s'; building without hyphenation",
                display_path(article.source),
                lang,
            )
