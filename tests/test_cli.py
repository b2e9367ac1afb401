"""The command line as a user meets it: help, version, exit codes, -o everywhere."""

from __future__ import annotations

import pytest

from pamphletpress import __version__
from tests.conftest import run_cli, run_process

COMMANDS = ["pdf", "epub", "html", "build", "check", "new", "watch", "import"]


def test_help_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "Example:" in result.stdout


def test_version():
    result = run_process("--version")  # `python -m pamphletpress` itself
    assert result.returncode == 0 and __version__ in result.stdout
    assert run_cli("--version").stdout == result.stdout


def test_unknown_option_is_a_usage_error():
    result = run_process("pdf", "--no-such-option")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_manuscript_is_a_clear_error(tmp_path):
    result = run_process("pdf", str(tmp_path / "nope.md"))
    assert result.returncode == 1
    assert "nope.md" in result.stderr and "Traceback" not in result.stderr


def test_html_is_what_weasyprint_gets(built, tmp_path):
    """`weasyprint FILE.html` on our HTML gives the same pages as `pamphletpress pdf`."""
    import pypdf
    import weasyprint

    html = built["html"].read_text(encoding="utf-8")
    assert "print.css" in html and 'lang="nl"' in html
    again = tmp_path / "again.pdf"
    weasyprint.HTML(filename=str(built["html"])).write_pdf(again)
    ours = pypdf.PdfReader(str(built["pdf"]))
    theirs = pypdf.PdfReader(str(again))
    assert len(ours.pages) == len(theirs.pages)
    for a, b in zip(ours.pages, theirs.pages):
        assert a.extract_text() == b.extract_text()


def test_build_writes_both_into_output(sample_project):
    """`build` in a project (the shared one `new` made, built once) writes its PDF and
    EPUB into output/, named after the project's folder (its one article is
    voorbeeld.md), and says so."""
    assert (sample_project / "output" / "krant.pdf").is_file()
    assert (sample_project / "output" / "krant.epub").is_file()
    said = (sample_project.parent / "build.stdout").read_text(encoding="utf-8")
    assert "krant.pdf — 1 page" in said and "EPUB 3" in said  # not voorbeeld.pdf
