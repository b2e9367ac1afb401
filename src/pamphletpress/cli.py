"""The command line: parse options, call the library, report one line per output."""

from __future__ import annotations

import gc
import logging
import re
import shutil
import sys
import time
from pathlib import Path

import click

from pamphletpress import __version__, click_messages, i18n
from pamphletpress.errors import PamphletError, display_path, plural
from pamphletpress.helptext import (
    Group,
    Option,
    epub_options,
    manuscript_argument,
    option,
    output_option,
    pdf_options,
    show_usage_error,
    ui_language_option,
)
from pamphletpress.i18n import N_, _
from pamphletpress.read.project import project_language

log = logging.getLogger("pamphletpress")


class _EchoHandler(logging.Handler):
    """Warnings as one line each on stderr, each said once per run; details with -v."""

    def __init__(self) -> None:
        super().__init__()
        self.said: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        prefix = _("warning: ") if record.levelno >= logging.WARNING else ""
        line = prefix + record.getMessage()
        if line in self.said:  # the same file read twice in one command (check, watch)
            return
        self.said.add(line)
        _clear_progress()
        click.echo(line, err=True)


#: WeasyPrint's steps (its ``weasyprint.progress`` log) as the progress line says them.
WEASYPRINT_STEPS = (
    (re.compile(r"Creating layout - Page (\d+)"), N_("page {0}")),
    (re.compile(r"Creating layout - Repagination"), N_("page numbers")),
    (re.compile(r"Creating PDF"), N_("writing the PDF")),
)


class _ProgressLine(logging.Handler):
    """What a long command is doing (article, page), on one line of the terminal,
    redrawn in place: only on a terminal, only once the command has run ``DELAY``
    seconds, cleared before a warning or the command's own lines and at its end. A
    pipe or a CI log gets none of it."""

    DELAY = 2.0
    #: At most this often a redraw (seconds).
    EVERY = 0.1

    def __init__(self, stream) -> None:
        super().__init__(logging.INFO)
        self.stream = stream
        self.start = self.last = time.monotonic()
        self.context = ""
        self.shown = False

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name.startswith("weasyprint"):
            detail = next((_(t).format(*m.groups()) for r, t in WEASYPRINT_STEPS
                           if (m := r.search(message))), None)  # fmt: skip
            if detail is None:
                return
            text = f"{self.context}: {detail}" if self.context else detail
        else:
            self.context = text = message
        now = time.monotonic()
        if now - self.start < self.DELAY or (self.shown and now - self.last < self.EVERY):
            return
        width = max(20, shutil.get_terminal_size().columns - 1)
        self.stream.write("\r" + text[:width] + "\x1b[K")
        self.stream.flush()
        self.shown, self.last = True, now

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def restart(self) -> None:
        """A new round of work (watch): two seconds again before the line shows."""
        self.clear()
        self.start = time.monotonic()
        self.context = ""


def _progress_lines() -> list[_ProgressLine]:
    logger = logging.getLogger("pamphletpress.progress")
    return [h for h in logger.handlers if isinstance(h, _ProgressLine)]


def _clear_progress() -> None:
    for handler in _progress_lines():
        handler.clear()


def _setup_progress(quiet: bool) -> None:
    """The progress line on a terminal (stderr a TTY), none under -q or in a pipe."""
    stream = sys.stderr
    terminal = not quiet and hasattr(stream, "isatty") and stream.isatty()
    handlers = [_ProgressLine(stream)] if terminal else []
    for name in ("pamphletpress.progress", "weasyprint.progress"):
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.propagate = False  # never among the warnings, nor in -v's lines
        logger.setLevel(logging.INFO)


def _forget_warnings() -> None:
    """A new watch round says its warnings again, and shows its progress anew."""
    for handler in log.handlers:
        if isinstance(handler, _EchoHandler):
            handler.said.clear()
    for handler in _progress_lines():
        handler.restart()


def _setup_logging(quiet: bool, verbose: bool) -> None:
    """-q quiets the echo, not the logger: a build still records its warnings."""
    echo = _EchoHandler()
    echo.setLevel(logging.ERROR if quiet else logging.NOTSET)
    log.handlers[:] = [echo]
    log.propagate = False
    log.setLevel(logging.INFO if verbose and not quiet else logging.WARNING)
    _setup_progress(quiet)


class State:
    def __init__(self, quiet: bool, verbose: bool, debug: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.debug = debug

    def say(self, message: str) -> None:
        if not self.quiet:
            _clear_progress()
            click.echo(message)

    def explain(self, message: str) -> None:
        if self.verbose and not self.quiet:
            _clear_progress()
            click.echo("  " + message)


def _verbosity_callback(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """-q / -v / --debug work after the command name too (pamphletpress pdf -q)."""
    if value:
        state = ctx.find_object(State)
        if state is not None:
            setattr(state, param.name, True)
            _setup_logging(state.quiet, state.verbose)
    return value


def verbosity_options(func):
    for flags, name, text in (
        (("-q", "--quiet"), "quiet", N_("Print nothing but errors.")),
        (("-v", "--verbose"), "verbose", N_("Explain what is done.")),
        (("--debug",), "debug", N_("Show a traceback on errors.")),
    ):
        func = option(
            *flags,
            name,
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_verbosity_callback,
            help=text,
        )(func)
    return func


@click.group(
    cls=Group,
    help=N_(
        "Turn a Markdown manuscript into a print-ready newspaper PDF and an EPUB 3.\n\n"
        "Run it in a project folder (manuscript/, styles/, fonts/); outputs go to "
        "output/."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(
    __version__, prog_name="pamphletpress", cls=Option, help=N_("Show the version and exit.")
)
@ui_language_option
@option("-q", "--quiet", is_flag=True, help=N_("Print nothing but errors."))
@option("-v", "--verbose", is_flag=True, help=N_("Explain what is done."))
@option("--debug", is_flag=True, help=N_("Show a traceback on errors."))
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    _setup_logging(quiet, verbose)
    ctx.obj = State(quiet, verbose, debug)


def _load(manuscript: Path | None):
    from pamphletpress.build import Job

    return Job.load(manuscript)


def report_pdf(state: State, result) -> None:
    label = {"pdf/x-4": "PDF/X-4", "pdf/x-1a": "PDF/X-1a", "screen": _("screen PDF")}[
        result.variant
    ]
    state.say(
        _("{file} — {pages}, {label}, {size}, {seconds:.1f} s").format(
            file=display_path(result.path),
            pages=plural(result.pages, "{count} page", "{count} pages"),
            label=label,
            size=_size(result.size),
            seconds=result.seconds,
        )
    )
    for note in result.notes:
        state.explain(note)


def report_epub(state: State, result) -> None:
    state.say(
        _("{file} — EPUB 3, {articles}, {size}, {seconds:.1f} s").format(
            file=display_path(result.path),
            articles=plural(result.articles, "{count} article", "{count} articles"),
            size=_size(result.size),
            seconds=result.seconds,
        )
    )
    for note in result.notes:
        state.explain(note)


def report_all(state: State, results: list, skipped: str) -> None:
    """One line per output of a build: what was made, or that it was up to date."""
    from pamphletpress.build import Skipped

    for result in results:
        if isinstance(result, Skipped):
            state.say(
                _("{file} — {skipped}").format(file=display_path(result.path), skipped=skipped)
            )
        elif result.path.suffix == ".pdf":
            report_pdf(state, result)
        else:
            report_epub(state, result)


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


@cli.command(
    help=N_(
        "Build the print PDF.\n\nExample: pamphletpress pdf manuscript/ -o krant.pdf --crop-marks"
    )
)
@verbosity_options
@manuscript_argument
@output_option
@pdf_options
@click.pass_obj
def pdf(state: State, manuscript, output, variant, crop_marks, compose) -> None:
    job = _load(manuscript)
    report_pdf(state, job.pdf(output, variant=variant, crop_marks=crop_marks, compose=compose))


@cli.command(
    help=N_(
        "Build the EPUB 3.\n\nExample: pamphletpress epub manuscript/artikel.md -o artikel.epub"
    )
)
@verbosity_options
@manuscript_argument
@output_option
@epub_options
@click.pass_obj
def epub(state: State, manuscript, output, soft_hyphens) -> None:
    job = _load(manuscript)
    report_epub(state, job.epub(output, soft_hyphens=soft_hyphens))


@cli.command(
    help=N_(
        "Write the HTML page the PDF is made from, to open in a browser.\n\n"
        "Example: pamphletpress html -o voorbeeld.html"
    )
)
@verbosity_options
@manuscript_argument
@output_option
@pdf_options
@click.pass_obj
def html(state: State, manuscript, output, variant, crop_marks, compose) -> None:
    job = _load(manuscript)
    path = job.html(output, variant=variant, crop_marks=crop_marks, compose=compose)
    state.say(_("{file} — the HTML the PDF is made from").format(file=display_path(path)))


@cli.command(
    help=N_(
        "Build the PDF and the EPUB into output/ (skipping what is up to date).\n\n"
        "Example: pamphletpress build"
    )
)
@verbosity_options
@manuscript_argument
@pdf_options
@epub_options
@option("--force", is_flag=True, help=N_("Rebuild even what is up to date."))
@click.pass_obj
def build(state: State, manuscript, variant, crop_marks, compose, soft_hyphens, force) -> None:
    from pamphletpress.build import build as build_outputs

    results = build_outputs(
        manuscript,
        {"variant": variant, "crop_marks": crop_marks, "compose": compose},
        {"soft_hyphens": soft_hyphens},
        force=force,
    )
    report_all(state, results, _("up to date (--force rebuilds)"))


@cli.command(
    help=N_(
        "Check PDFs and EPUBs as a print shop and a reader's e-book app would.\n\n"
        "Without FILE it builds the project and checks its outputs. Exit 1 if "
        "anything fails. With -v also the typographic figures (lines ending in a "
        "hyphen, word spaces) and how the lines were broken.\n\n"
        "Example: pamphletpress check output/oorlog.pdf --json"
    )
)
@verbosity_options
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@option(
    "--manuscript",
    "manuscript",
    type=click.Path(path_type=Path),
    default=None,
    help=N_("The manuscript to compare the PDF's words with (default: ./manuscript)."),
)
@option("--json", "as_json", is_flag=True, help=N_("Print the report as JSON."))
@click.pass_obj
def check(state: State, files, manuscript, as_json) -> None:
    import json

    from pamphletpress.build import check as check_outputs
    from pamphletpress.check.report import format_table

    reports = check_outputs(list(files), manuscript)
    _clear_progress()
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    elif not state.quiet:
        click.echo(format_table(reports, detail=state.verbose), nl=False)
    if any(r.failed for r in reports):
        raise PamphletError(_("the check found problems (see above)"))


@cli.command(
    help=N_(
        "Make a new project with a sample manuscript that shows every feature.\n\n"
        "Example: pamphletpress new krant && cd krant && pamphletpress "
        "build\n(--issue: an example issue of 16 articles, 12 pages, with its house "
        "boxes)"
    )
)
@verbosity_options
@click.argument("folder", type=click.Path(path_type=Path))
@option(
    "--issue",
    is_flag=True,
    help=N_("A whole newspaper issue: manuscript/issue.yml and its articles."),
)
@click.pass_obj
def new(state: State, folder: Path, issue: bool) -> None:
    import shlex

    from pamphletpress.scaffold import new_project

    files = new_project(folder, issue=issue)
    state.say(
        _("{file} — new project, {count}").format(
            file=display_path(folder), count=plural(len(files), "{count} file", "{count} files")
        )
    )
    state.say(
        _("  next: cd {quote} && pamphletpress build").format(
            quote=shlex.quote(display_path(folder))
        )
    )


@cli.command(
    help=N_(
        "Rebuild the PDF and EPUB whenever the manuscript, settings, styles or fonts "
        "change.\n\n"
        "With --serve, http://127.0.0.1:8000/ shows the PDF's pages and reloads "
        "itself after every rebuild. Stop it with Ctrl-C.\n\n"
        "Example: pamphletpress watch --open"
    )
)
@verbosity_options
@manuscript_argument
@pdf_options
@epub_options
@option(
    "--serve", is_flag=True, help=N_("Show the newest PDF's pages in the browser, updated live.")
)
@option("--open", "open_", is_flag=True, help=N_("Open the preview in the browser (and serve)."))
@option(
    "--port", type=int, default=8000, show_default=True, help=N_("The preview's port on 127.0.0.1.")
)
@click.pass_obj
def watch(
    state: State, manuscript, variant, crop_marks, compose, soft_hyphens, serve, open_, port
) -> None:
    from pamphletpress.watch import watch as watch_files

    preview = None
    if serve or open_:
        from pamphletpress.preview import Preview

        preview = Preview(port).start()
        state.say(_("preview: {url} (only on this computer)").format(url=preview.url))
        if open_:
            import webbrowser

            webbrowser.open(preview.url)
    try:
        watch_files(
            manuscript,
            {"variant": variant, "crop_marks": crop_marks, "compose": compose},
            {"soft_hyphens": soft_hyphens},
            lambda done: report_round(state, done),
            preview=preview,
        )
    except KeyboardInterrupt:
        state.say(_("stopped watching"))
    finally:
        if preview is not None:
            preview.close()


def report_round(state: State, done) -> None:
    """One watch round: what changed, then what was made, or the error, or that nothing was."""
    _forget_warnings()
    if done.changed:
        names = ", ".join(display_path(p) for p in done.changed[:3])
        more = (
            _(" and {value} more").format(value=len(done.changed) - 3)
            if len(done.changed) > 3
            else ""
        )
        state.say(_("changed: {names}{more}").format(names=names, more=more))
    if done.error:  # keep watching: the editor fixes it and saves again
        _clear_progress()
        click.echo(_("error: {error}").format(error=done.error), err=True)
        state.say(_("not rebuilt; fix it and save again (Ctrl-C stops)"))
        return
    report_all(state, done.results, _("up to date"))
    if done.rebuilt:
        state.say(
            _("rebuilt in {seconds:.1f} s; watching (Ctrl-C stops)").format(seconds=done.seconds)
        )
    else:
        state.say(_("nothing to rebuild; watching (Ctrl-C stops)"))


@cli.command(
    "import",
    help=N_(
        "Turn a document into a manuscript: Word (.docx), LibreOffice (.odt), a web "
        "article saved with its _files folder (.html), or a printed paper's text "
        "(.txt, or a .pdf).\n\n"
        "From Word and LibreOffice it takes the title, author and language, "
        "headings, lists, tables, notes, links, quotations and pictures (saved in "
        "afbeeldingen/ beside the manuscript, as they were); tracked changes are "
        "accepted and comments left out, each with a warning, and the report lists "
        "what could not be carried over (text boxes, shapes, fields, page layout) "
        "and where it was. From a web page it takes the article, not the site's "
        "menus and footers; nothing is fetched. From a printed paper it removes the "
        "typesetter's line-end hyphens, rejoins paragraphs split at column ends, "
        "finds intertitles, byline, lede, box and end mark, and reports what it "
        "could not decide.\n\n"
        "It writes manuscript/NAME.md inside the folder you run it in (NAME from the "
        "source's file name; run it in the project folder), or the file -o names, "
        "and never replaces a file that exists unless --force. Old .doc, .rtf and "
        ".pages files: save them as .docx first.\n\n"
        "Example: pamphletpress import artikel.docx, then pamphletpress build"
    ),
)
@verbosity_options
@click.argument("source", type=click.Path(path_type=Path))
@option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("Write the manuscript to this file instead of manuscript/NAME.md."),
)
@option("--force", is_flag=True, help=N_("Replace the output file if it exists."))
@option(
    "--lang", default=None, help=N_("The text's language (default: the document's own, or nl).")
)
@click.pass_obj
def import_(state: State, source: Path, output, force, lang) -> None:
    from pamphletpress.importer.command import run_import

    result = run_import(source, output, force=force, lang=lang)
    state.say(
        _("{file} — manuscript from {file2}").format(
            file=display_path(result.path), file2=display_path(source)
        )
    )
    if not state.quiet:
        for line in result.report.summary().splitlines():
            state.say("  " + line)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code: usage errors 2, build errors 1, never a
    traceback without --debug. Tests call this in-process; ``main`` exits with it."""
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    try:
        with click_messages.speaking():  # the parser's own words in the chosen language
            return _run(args, debug)
    finally:
        _clear_progress()
        for name in ("pamphletpress.progress", "weasyprint.progress"):
            logging.getLogger(name).handlers.clear()


def _run(args: list[str], debug: bool) -> int:
    i18n.reset()
    log.disabled = True  # its warnings are said when the command reads the settings
    try:
        i18n.choose(setting=project_language(Path.cwd()))
    finally:
        log.disabled = False
    try:
        code = cli.main(args, prog_name="pamphletpress", standalone_mode=False)
    except click.exceptions.Abort:
        _clear_progress()
        click.echo(_("Aborted."), err=True)
        return 130
    except click.UsageError as exc:
        _clear_progress()
        show_usage_error(exc)
        return exc.exit_code
    except PamphletError as exc:
        _clear_progress()
        if debug:
            raise
        click.echo(_("error: {message}").format(message=exc.format_message()), err=True)
        return exc.exit_code
    except click.ClickException as exc:
        _clear_progress()
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        _clear_progress()
        click.echo(_("Interrupted; earlier outputs are untouched."), err=True)
        return 130
    except Exception as exc:  # a bug: still one line unless --debug
        _clear_progress()
        if debug:
            raise
        click.echo(
            _("error: internal error ({kind}: {exc}); run again with --debug and report it").format(
                kind=type(exc).__name__, exc=exc
            ),
            err=True,
        )
        return 1
    return code if isinstance(code, int) else 0


def main() -> None:
    code = run()
    gc.freeze()  # the process ends: the cycle collector need not walk the heap a last time
    sys.exit(code)
