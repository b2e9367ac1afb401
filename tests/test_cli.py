"""The command line as a user meets it: help, version, exit codes, -o everywhere."""

from __future__ import annotations

import pytest

from pamphletpress import __version__
from tests.conftest import MANUSCRIPT, run_cli, run_process

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


def test_build_writes_both_into_output(tmp_path):
    import shutil

    project = tmp_path / "project"
    shutil.copytree(MANUSCRIPT.parent / "manuscript", project / "manuscript")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "output" / "project.pdf").is_file()  # a folder: the project's name
    assert (project / "output" / "project.epub").is_file()
    assert "pages" in result.stdout and "EPUB" in result.stdout
