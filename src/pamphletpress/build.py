"""The library's front door: read a manuscript, write the outputs asked for.

The CLI only parses options and calls these functions. Settings are merged
here: the tool's defaults < ``pamphletpress.yml`` < command-line flags (a flag
left unset never overrides the file).
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pamphletpress.errors import PamphletError, display_path
from pamphletpress.i18n import _
from pamphletpress.read.document import Document
from pamphletpress.read.manuscript import read_document
from pamphletpress.read.project import Project, find_project

log = logging.getLogger("pamphletpress")


def _setting(flag: Any, project: Project, key: str, default: Any) -> Any:
    return flag if flag is not None else project.setting(key, default)


def pdf_options(project: Project, variant=None, crop_marks=None, compose=None):
    from pamphletpress.write.pdf import PdfOptions

    return PdfOptions(
        variant=_setting(variant, project, "pdf.variant", "pdf/x-4"),
        crop_marks=bool(_setting(crop_marks, project, "pdf.crop_marks", False)),
        compose=bool(_setting(compose, project, "pdf.compose", True)),
        min_ppi=float(project.setting("pdf.min_ppi", 100)),
    )


def epub_options(project: Project, soft_hyphens=None):
    from pamphletpress.write.epub import EpubOptions

    return EpubOptions(
        soft_hyphens=bool(_setting(soft_hyphens, project, "epub.soft_hyphens", False)),
        toc_depth=min(max(int(project.setting("epub.toc_depth", 3)), 2), 4),
        max_image_size=int(project.setting("epub.max_image_size", 1600)),
    )


@dataclass
class Job:
    """A manuscript read once, for every output built from it."""

    project: Project
    document: Document
    #: The issue (``issue.yml`` beside the articles), or None for articles alone.
    issue: Any = None

    @classmethod
    def load(cls, manuscript: Path | str | None) -> Job:
        return cls.for_project(find_project(manuscript))

    @classmethod
    def for_project(cls, project: Project) -> Job:
        from pamphletpress.read.issue import issue_file

        found = issue_file(project.manuscript)
        if found is not None:
            from pamphletpress.read.issue import issue_document, read_issue

            issue = read_issue(found)
            document = issue_document(project, issue)
            warn_about_language(document)
            return cls(project, document, issue)
        document = read_document(project)
        warn_about_language(document)
        return cls(project, document)

    def target(self, given: Path | str | None, suffix: str) -> Path:
        """The output path, checked before any work: a bad one fails fast."""
        from pamphletpress.write.output import check_suffix, check_target

        if given:
            path = Path(given)
            check_suffix(path, suffix)
        else:
            path = self.project.output_dir / f"{self.document.slug}{suffix}"
        check_target(path)
        return path

    def pdf(self, target: Path | None = None, on_layout=None, **flags):
        """The PDF; ``on_layout(name, starts)`` hears its pages' first lines once laid out."""
        from pamphletpress.write.pdf import write_pdf

        options = pdf_options(self.project, **flags)
        path = self.target(target, ".pdf")
        if self.issue is not None:
            from pamphletpress.write.issue_pdf import write_issue_pdf

            return write_issue_pdf(
                self.document, self.issue, self.project, path, options, on_layout
            )
        return write_pdf(self.document, self.project, path, options, on_layout)

    def epub(self, target: Path | None = None, print_edition=None, confirmed=None, **flags):
        """The EPUB; with ``print_edition`` (or a function waiting for it) the printed
        PDF's pages too, kept only if ``confirmed()`` says the PDF was written."""
        from pamphletpress.write.epub import write_epub

        options = epub_options(self.project, **flags)
        path = self.target(target, ".epub")
        return write_epub(self.document, self.project, path, options, print_edition, confirmed)

    def html(self, target: Path | None = None, **flags) -> Path:
        """The exact HTML WeasyPrint lays out as the PDF's pages (figures moved, column
        ends mended), styles and fonts linked by path."""
        from pamphletpress.write.output import write_atomically
        from pamphletpress.write.pdf import laid_out_html

        options = pdf_options(self.project, **flags)
        if self.issue is not None:
            from pamphletpress.write.issue_pdf import laid_out_issue_html

            html = laid_out_issue_html(self.document, self.issue, self.project, options)
        else:
            html = laid_out_html(self.document, self.project, options)
        path = self.target(target, ".html")
        write_atomically(path, lambda tmp: tmp.write_text(html, encoding="utf-8"))
        return path


@dataclass
class Skipped:
    """An output left as it was: its inputs have not changed."""

    path: Path


def build(
    manuscript: Path | str | None,
    pdf_flags: dict[str, Any],
    epub_flags: dict[str, Any],
    force: bool = False,
) -> list:
    """PDF and EPUB into ``output/``: skip what is up to date, build the rest in parallel.

    Returns one result per output (a :class:`Skipped` for an untouched one).
    """
    from pamphletpress.freshness import (
        fresh_output,
        inputs_keys,
        record_output,
        recorded_warnings,
    )

    project = find_project(manuscript)
    options = {
        "pdf": pdf_options(project, **pdf_flags),
        "epub": epub_options(project, **epub_flags),
    }
    keys = inputs_keys(project, {kind: asdict(opts) for kind, opts in options.items()})
    results: dict[str, Any] = {}
    for kind, key in keys.items():
        fresh = None if force else fresh_output(project, kind, key)
        if fresh is not None:
            results[kind] = Skipped(fresh)
    if "pdf" not in results:
        results.pop("epub", None)  # the EPUB's page list follows the PDF's pages
    for kind in results:  # what their build warned about is still so: say it again
        for warning in recorded_warnings(project, kind):
            log.warning("%s", warning)
    todo = [kind for kind in keys if kind not in results]
    if todo:
        with collected_warnings() as warnings:
            job = Job.for_project(project)
            writers = {"pdf": job.pdf, "epub": job.epub}
            flags = {"pdf": pdf_flags, "epub": epub_flags}
            if len(todo) == 2:
                results.update(_in_parallel(writers, flags))
            else:  # the EPUB alone: the PDF is up to date, its pages are read from it
                results["epub"] = job.epub(
                    None, print_edition=print_edition(results["pdf"].path), **epub_flags
                )
        for kind in todo:
            record_output(project, kind, keys[kind], results[kind].path, warnings)
    return [results["pdf"], results["epub"]]


class _Collector(logging.Handler):
    """Every record logged while it is attached, in order, each once."""

    def __init__(self, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        said = (record.levelno, record.getMessage())
        if said not in self.records:
            self.records.append(said)


@contextlib.contextmanager
def collected_warnings():
    """The warnings logged inside the ``with`` (a list, filled as they come), also
    under ``-q``: the record keeps them for the builds that skip this output."""
    collector = _Collector(logging.WARNING)
    level = log.level
    if not log.isEnabledFor(logging.WARNING):
        log.setLevel(logging.WARNING)  # -q silences the echo, not the record
    log.addHandler(collector)
    lines: list[str] = []
    try:
        yield lines
    finally:
        log.removeHandler(collector)
        log.setLevel(level)
        lines.extend(message for _level, message in collector.records)


def print_edition(pdf: Path):
    """The first lines of every page of a pamphletpress PDF, as the EPUB's page list
    needs them (read back by :mod:`pamphletpress.check.pdfread.starts`), or None
    when unreadable."""
    from pamphletpress.check.pdfread.starts import page_starts
    from pamphletpress.write.pagelist import PrintEdition

    try:
        return PrintEdition(name=pdf.name, starts=page_starts(pdf))
    except Exception as exc:  # a page list is worth a warning, not a failed build
        log.warning(
            _("{pdf}: could not read its pages for the EPUB's page list ({exc})").format(
                pdf=pdf, exc=exc
            )
        )
        return None


def _in_parallel(writers, flags) -> dict[str, Any]:
    """The EPUB in a forked process while this one lays out the PDF: two cores, one wait.

    The EPUB waits for the PDF only at the end, for its page list: this process
    reads the printed pages and sends them over. Where fork is not available, one
    after the other.
    """
    import multiprocessing

    from pamphletpress.write.pagelist import PrintEdition

    if "fork" not in multiprocessing.get_all_start_methods():
        laid_out: list[PrintEdition] = []
        pdf = writers["pdf"](
            None, on_layout=lambda *a: laid_out.append(PrintEdition(*a)), **flags["pdf"]
        )
        epub = writers["epub"](None, print_edition=laid_out[0], **flags["epub"])
        return {"pdf": pdf, "epub": epub}
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    pages_receiver, pages_sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(writers["epub"], flags["epub"], sender, pages_receiver, pages_sender)
    )
    child.start()
    sender.close()
    pages_receiver.close()
    try:
        # The pages as soon as they are laid out; "written" once the PDF is on disk.
        pdf = writers["pdf"](
            None,
            on_layout=lambda name, starts: pages_sender.send(PrintEdition(name, starts)),
            **flags["pdf"],
        )
        pages_sender.send("written")
    finally:
        pages_sender.close()  # a failed PDF: the EPUB goes on without a page list
        try:
            status, payload = receiver.recv()
        except EOFError:
            status, payload = "crash", _("the EPUB process ended without a result")
        child.join()
    if status == "error":
        raise PamphletError(payload)
    if status == "crash":
        raise RuntimeError(_("building the EPUB failed:\n{payload}").format(payload=payload))
    epub, said = payload
    for level, message in said:  # the EPUB's warnings, said (and recorded) here
        log.log(level, "%s", message)
    return {"pdf": pdf, "epub": epub}


def _child(write, flags, sender, pages, pages_sender) -> None:
    pages_sender.close()  # only the parent sends: its closing is the end of the pages

    def receive():
        try:
            return pages.recv()
        except EOFError:
            return None

    def confirmed() -> bool:  # the PDF whose pages the EPUB lists was written
        return receive() == "written"

    # What the EPUB writer logs goes to the parent, which says it once and records it.
    collector = _Collector()
    log.handlers[:] = [collector]
    try:
        result = write(None, print_edition=receive, confirmed=confirmed, **flags)
        sender.send(("ok", (result, collector.records)))
    except PamphletError as exc:
        sender.send(("error", exc.format_message()))
    except BaseException:  # report it to the parent, which decides how to say it
        sender.send(("crash", traceback.format_exc()))
    finally:
        sender.close()


def check(files: list[Path], manuscript: Path | str | None = None) -> list:
    """Preflight ``files`` (or, without any, the project's PDF and EPUB, built if not up to date).

    A PDF's words are compared with the manuscript only when the PDF was made from
    it as it is now (the PDF's /ID says so); otherwise the report says why not.
    """
    from pamphletpress.check.pdftext import words_of
    from pamphletpress.check.preflight import check_files
    from pamphletpress.check.report import INFO
    from pamphletpress.read.document import article_text

    job = None
    try:
        job = Job.load(manuscript)
    except PamphletError:
        if not files or manuscript is not None:
            raise
    if not files:  # the project's outputs, built unless up to date
        files = [result.path for result in build(manuscript, {}, {})]
    words = None
    if job is not None:
        words = words_of(" ".join(article_text(a) for a in job.document.articles))
    reports = []
    for path in map(Path, files):
        made_here = job is not None and _made_from(path, job.document)
        report = check_files([path], words if made_here else None)[0]
        if report.kind == "pdf" and not made_here:
            report.add("pdf-words", INFO, _why_not_compared(job, manuscript))
        reports.append(report)
    return reports


def _made_from(path: Path, document: Document) -> bool:
    """Whether the PDF at ``path`` was made from ``document`` as it is now."""
    if path.suffix.lower() != ".pdf" or not path.is_file():
        return False
    from pamphletpress.check.identifier import pdf_identifier_of
    from pamphletpress.write.pdf import pdf_identifier

    return pdf_identifier_of(path) == pdf_identifier(document)


def _why_not_compared(job: Job | None, manuscript) -> str:
    if job is None:
        return _("words not compared: no manuscript here (--manuscript FILE names one)")
    where = display_path(job.project.manuscript)
    return _(
        "words not compared: this PDF was not made from {where} as it is now "
        "(build it again, or name its manuscript with --manuscript)"
    ).format(where=where)


def warn_about_language(document: Document) -> None:
    """An unknown language builds without hyphenation, and says so once."""
    from pamphletpress.compose.hyphenation import has_patterns

    seen: set[str] = set()
    for article in document.articles:
        lang = article.meta.lang
        if lang in seen:
            continue
        seen.add(lang)
        if not has_patterns(lang):
            log.warning(
                _(
                    "{file}: no hyphenation patterns for lang '{lang}'; building without "
                    "hyphenation"
                ).format(file=display_path(article.source), lang=lang),
            )
