"""Shared fixtures: each real output built once per test session, read back by the tests.

``run_cli`` runs the command line in this process (no new Python, no second import
of WeasyPrint): the same options, output, errors and exit code a user gets.
``run_process`` starts a real ``python -m pamphletpress`` for the few tests that
are about the process itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MANUSCRIPT = ROOT / "manuscript"

# EPUBCheck's JVM lives for seconds: the quick compiler and the simple collector
# start faster (12 s → 7 s a run on the 2-core machine) and change no result.
os.environ.setdefault("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")


@dataclass
class Ran:
    """What a command did: as :class:`subprocess.CompletedProcess` has it."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> Ran:
    """Run ``pamphletpress ARGS`` in ``cwd`` in this process: exit code, stdout, stderr."""
    from pamphletpress.cli import run

    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_env = Path.cwd(), dict(os.environ)
    try:
        os.chdir(cwd or ROOT)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
    finally:
        os.chdir(old_cwd)
        if env is not None:
            os.environ.clear()
            os.environ.update(old_env)
    return Ran(code, out.getvalue(), err.getvalue())


def run_process(
    *args: str, cwd: Path | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run ``pamphletpress`` as a separate process, as a user's shell does."""
    return subprocess.run(
        [sys.executable, "-m", "pamphletpress", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, Path]:
    """The article's PDF, EPUB and HTML, built by the CLI into a temporary folder."""
    out = tmp_path_factory.mktemp("built")
    paths = {"pdf": out / "oorlog.pdf", "epub": out / "oorlog.epub", "html": out / "oorlog.html"}
    for kind, path in paths.items():
        result = run_cli(kind, str(MANUSCRIPT), "-o", str(path))
        assert result.returncode == 0, result.stderr
        assert path.is_file()
    return paths


@pytest.fixture(scope="session")
def nieuws_page(tmp_path_factory) -> dict:
    """docs/sample/nieuws.md's one printed page, built by the CLI once and read back by
    pdfplumber: the print page tests and the reference pictures share it."""
    import pdfplumber

    project = tmp_path_factory.mktemp("krant")
    shutil.copytree(ROOT / "docs" / "sample", project / "manuscript")
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, project / name)
    result = run_cli("pdf", "manuscript/nieuws.md", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "output" / "nieuws.pdf"
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        return {
            "path": path,
            "pages": len(pdf.pages),
            "stderr": result.stderr,
            "text": first.extract_text(),
            "words": first.extract_words(),
            "images": first.images,
            "annots": first.annots,
            "height": float(first.height),
            "chars": first.chars,
        }


@pytest.fixture(scope="session")
def epub_report(built):
    """The built EPUB's preflight, EPUBCheck included: Java runs once for all who read it."""
    from pamphletpress.check.preflight import check_epub

    return check_epub(built["epub"])


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    """`pamphletpress new`'s project, built once by `build` (its stderr kept beside it)."""
    folder = tmp_path_factory.mktemp("sample")
    assert run_cli("new", "krant", cwd=folder).returncode == 0
    project = folder / "krant"
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    (folder / "build.stderr").write_text(result.stderr, encoding="utf-8")
    (folder / "build.stdout").write_text(result.stdout, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def reader():
    """One headless Chromium for the whole run (Playwright's sync API allows one at a
    time): the EPUB reading tests and the preview's browser test share it."""
    from tests.reading import Reader

    reader = Reader()
    yield reader
    reader.close()


@pytest.fixture(scope="session")
def job():
    from pamphletpress.build import Job

    return Job.load(MANUSCRIPT)


@pytest.fixture(scope="session")
def manuscript_words(job) -> list[str]:
    from pamphletpress.check.pdftext import words_of
    from pamphletpress.read.document import article_text

    return words_of(" ".join(article_text(a) for a in job.document.articles))


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a built project (outputs and build record too) to change in one test."""
    shutil.copytree(source, target, symlinks=True)
    return target


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-references",
        action="store_true",
        help="rewrite the reference pictures in tests/references/ that no longer match "
        "(review them in the git diff before committing)",
    )


def pytest_sessionstart(session) -> None:
    session.config._pamphletpress_started = time.perf_counter()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The suite's time, on its own line: the goal is at most 150 s on the 2-core
    machine, for everything but the corpus regression (its own mark, CI runs it too)."""
    started = getattr(config, "_pamphletpress_started", None)
    if started is None:
        return
    seconds = time.perf_counter() - started
    corpus = sum(
        report.duration
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "duration", None) and "corpus" in getattr(report, "keywords", {})
    )
    line = f"pamphletpress test suite: {seconds - corpus:.1f} s (goal ≤ 150 s)"
    if corpus:
        line += f", and {corpus:.1f} s for the corpus regression (-m corpus)"
    terminalreporter.write_line(line)
