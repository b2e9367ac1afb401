"""The progress line: on a terminal only, after two seconds, cleared before other output.

A terminal is stood in for by a text stream that says it is one (``isatty``); the
two seconds by :attr:`_ProgressLine.DELAY`, set to nought so that a small build shows
what a long one would."""

from __future__ import annotations

import contextlib
import io
import logging
import os

import pytest

from pamphletpress import cli
from tests.conftest import ROOT
from tests.projects import make_project


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_on(stream: io.StringIO, *args: str, cwd) -> tuple[int, str, str]:
    out = io.StringIO()
    old = os.getcwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(stream):
            code = cli.run(list(args))
    finally:
        os.chdir(old)
    return code, out.getvalue(), stream.getvalue()


@pytest.fixture
def at_once(monkeypatch):
    monkeypatch.setattr(cli._ProgressLine, "DELAY", 0.0)
    monkeypatch.setattr(cli._ProgressLine, "EVERY", 0.0)


@pytest.mark.usefixtures("at_once")
def test_a_terminal_sees_what_is_being_done_then_the_line_is_cleared(tmp_path):
    project = make_project(tmp_path)
    code, out, err = run_on(Terminal(), "html", "-o", str(tmp_path / "a.html"), cwd=project)
    assert code == 0, err
    assert "\rcomposing “Proef” (article 1 of 1)\x1b[K" in err
    assert err.endswith("\r\x1b[K")  # nothing left standing after the command
    assert "a.html — the HTML the PDF is made from\n" in out  # the command's own line


DOCX = ROOT / "tests" / "data" / "word" / "artikel.docx"


@pytest.mark.usefixtures("at_once")
def test_an_import_shows_its_steps_on_a_terminal(tmp_path):
    code, out, err = run_on(Terminal(), "import", str(DOCX), cwd=tmp_path)
    assert code == 0, err
    assert "\rreading artikel.docx (Word document)\x1b[K" in err
    assert "\rsaving picture 1 of 1\x1b[K" in err
    assert "\r\x1b[Kwarning: " in err  # the line cleared before the warnings
    assert out.startswith("manuscript/artikel.md — ")


@pytest.mark.usefixtures("at_once")
def test_a_pipe_or_a_log_gets_no_progress(tmp_path):
    code, _out, err = run_on(io.StringIO(), "import", str(DOCX), cwd=tmp_path)
    assert code == 0, err
    assert err.startswith("warning: ")  # the command's own lines only
    assert "\r" not in err and "reading" not in err and "\x1b" not in err


@pytest.mark.usefixtures("at_once")
def test_quiet_shows_no_progress_on_a_terminal(tmp_path):
    code, _out, err = run_on(Terminal(), "-q", "import", str(DOCX), cwd=tmp_path)
    assert code == 0 and err == ""


def test_nothing_shows_in_a_short_command(tmp_path, monkeypatch):
    """A command done before the delay shows no line (the delay made longer than any
    machine's import takes, so a loaded machine does not make it a long command)."""
    monkeypatch.setattr(cli._ProgressLine, "DELAY", 600.0)
    code, _out, err = run_on(Terminal(), "import", str(DOCX), cwd=tmp_path)
    assert code == 0 and "\r" not in err and err.startswith("warning: ")


@pytest.mark.usefixtures("at_once")
def test_pages_come_from_weasyprint_and_a_warning_clears_the_line():
    terminal = Terminal()
    with contextlib.redirect_stderr(terminal):
        cli._setup_logging(quiet=False, verbose=False)
        try:
            logging.getLogger("pamphletpress.progress").info("laying out the pages")
            logging.getLogger("weasyprint.progress").info("Step 5 - Creating layout - Page %d", 3)
            logging.getLogger("weasyprint.progress").info("Step 3 - Applying CSS")  # not said
            logging.getLogger("pamphletpress").warning("manuscript/a.md:4: a picture is missing")
        finally:
            cli._clear_progress()
            for name in ("pamphletpress.progress", "weasyprint.progress"):
                logging.getLogger(name).handlers.clear()
    shown = terminal.getvalue()
    assert "\rlaying out the pages: page 3\x1b[K" in shown
    assert "CSS" not in shown
    assert "page 3\x1b[K\r\x1b[Kwarning: manuscript/a.md:4: a picture is missing\n" in shown
    assert shown.endswith("missing\n")  # cleared before the warning, not drawn again
