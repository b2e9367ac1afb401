"""Shared fixtures: each real output built once per test run, read back by the tests.

The suite runs on every core (pytest-xdist, a test file to a worker): an output that
tests of several files read is built by the first worker that needs it, under a file
lock, and the others read what it left (:func:`once_per_run`).

``run_cli`` runs the command line in this process (no new Python, no second import
of WeasyPrint): the same options, output, errors and exit code a user gets.
``run_process`` starts a real ``python -m pamphletpress`` for the few tests that
are about the process itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

#: The suite reads English messages, whatever the machine's locale (tests/test_i18n.py
#: sets a language where it means one).
os.environ["LANGUAGE"] = "en"
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
    """Run ``pamphletpress ARGS`` in ``cwd`` in this process: exit code, stdout, stderr
    (its EPUBCheck by the run's warm Java)."""
    from pamphletpress.cli import run
    from tests.warm_epubcheck import standing_in

    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_env = Path.cwd(), dict(os.environ)
    try:
        os.chdir(cwd or ROOT)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), standing_in():
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


# A child Python that calls MODULE.NAME(*ARGS), read pickled from stdin, and pickles
# back what it returns.
CALL = (
    "import importlib, pickle, sys; module, name, args = pickle.load(sys.stdin.buffer); "
    "pickle.dump(getattr(importlib.import_module(module), name)(*args), sys.stdout.buffer)"
)


CHECK_EPUB = "tests.warm_epubcheck:check_epub"  # EPUBCheck by the run's warm Java

T = TypeVar("T")


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    """``make(folder)`` once for the whole run, whichever worker asks first: the others
    wait for its lock and read its pickled result (paths into the same folder). Without
    workers, simply ``make`` in a new temporary folder."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent  # the run's folder, shared by its workers
    folder, result = root / f"shared-{name}", root / f"shared-{name}.pickle"
    with FileLock(str(root / f"shared-{name}.lock")):
        if result.is_file():
            return pickle.loads(result.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)  # what a failed first try left
        folder.mkdir()
        made = make(folder)
        result.write_bytes(pickle.dumps(made))
        return made


class Later:
    """Slow checks of a finished output (EPUBCheck's Java above all) run one at a time in
    another process, on the second core, while the tests go on; a test waits for its
    result only when it reads it. Each process gets the environment and folder of the
    moment it was asked for, never the ones a later ``run_cli`` sets for a while."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="later")
        self.running: set[subprocess.Popen] = set()
        self.lock = threading.Lock()
        self.called: dict[tuple, Future] = {}

    def run(self, *args: str, cwd: Path = ROOT) -> Future:
        """``pamphletpress ARGS`` as a process (:func:`run_process`), its EPUBCheck by
        the run's warm Java (:mod:`tests.warm_epubcheck.cli`): a future
        :class:`subprocess.CompletedProcess`."""
        command = [sys.executable, "-m", "tests.warm_epubcheck.cli", *args]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        return self.pool.submit(self._run, command, cwd, env, None)

    def call(self, function: str, *args) -> Future:
        """``module:name`` called with ``args`` in a new Python: a future of its result,
        the same future for the same call asked for again."""
        key = (function, *map(str, args))
        if key not in self.called:
            self.called[key] = self._call(function, *args)
        return self.called[key]

    def _call(self, function: str, *args) -> Future:
        module, name = function.split(":")
        stdin = pickle.dumps((module, name, args))
        command = [sys.executable, "-c", CALL]
        future: Future = Future()

        def done(ran: Future) -> None:
            try:
                result = ran.result()
                if result.returncode != 0:
                    raise RuntimeError(f"{function}{args} failed:\n{result.stderr.decode()}")
                future.set_result(pickle.loads(result.stdout))
            except BaseException as error:  # noqa: BLE001 - the test that reads it sees it
                future.set_exception(error)

        self.pool.submit(self._run, command, ROOT, dict(os.environ), stdin).add_done_callback(done)
        return future

    def _run(self, command, cwd, env, stdin) -> subprocess.CompletedProcess:
        text = stdin is None
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=text,
        )
        with self.lock:
            self.running.add(process)
        try:
            stdout, stderr = process.communicate(stdin, timeout=600)
        finally:
            with self.lock:
                self.running.discard(process)
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)

    def close(self) -> None:
        """What no test came to read is not waited for."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        with self.lock:
            for process in self.running:
                process.kill()


def pytest_configure(config) -> None:
    """A parallel run's one warm EPUBCheck: the controller's (its Java started on the
    first EPUB to check), whose socket every worker, and every process a worker starts,
    inherits. One Java warms up once for all the run's EPUBs, not once a worker."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not config.getoption("numprocesses", None):
        return
    from tests.warm_epubcheck import SOCKET, Server

    server = Server()
    os.environ[SOCKET] = str(server.path)
    config._pamphletpress_epubcheck = server


def pytest_unconfigure(config) -> None:
    server = getattr(config, "_pamphletpress_epubcheck", None)
    if server is not None:
        from tests.warm_epubcheck import SOCKET

        os.environ.pop(SOCKET, None)
        server.close()


@pytest.fixture(scope="session", autouse=True)
def warm_epubcheck():
    """EPUBCheck in one warm Java (started on the first EPUB to check), for this process
    and those it starts (:mod:`tests.warm_epubcheck`): the controller's in a parallel
    run, else this process's own."""
    from tests.warm_epubcheck import SOCKET, Server

    if os.environ.get(SOCKET):  # the parallel run's, started by its controller
        yield None
        return
    server = Server()
    os.environ[SOCKET] = str(server.path)
    yield server
    os.environ.pop(SOCKET, None)
    server.close()


@pytest.fixture(scope="session")
def later():
    later = Later()
    yield later
    later.close()


def wanted(request, fixture: str) -> bool:
    """Whether a test of this run reads ``fixture``: only then is its slow part started
    early. A worker of a parallel run does not know which tests it will get, so it
    starts nothing early: the other cores are busy with tests anyway."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return False
    return any(fixture in getattr(item, "fixturenames", ()) for item in request.session.items)


def epubcheck(path: str):
    """EPUBCheck on one file, as ``check`` runs it (by the run's warm Java): with
    :meth:`Later.call` in another process, its messages come back."""
    from tests.warm_epubcheck import epubcheck as warm

    return warm(path)


@pytest.fixture(scope="session")
def built(request, tmp_path_factory, later) -> dict[str, Path]:
    """The article's PDF, EPUB and HTML, built by the CLI into a temporary folder; the
    EPUB's preflight (EPUBCheck included) starts at once beside the other tests."""

    def make(out: Path) -> dict[str, Path]:
        paths = {"pdf": out / "oorlog.pdf", "epub": out / "oorlog.epub"}
        paths["html"] = out / "oorlog.html"
        for kind, path in paths.items():
            result = run_cli(kind, str(MANUSCRIPT), "-o", str(path))
            assert result.returncode == 0, result.stderr
            assert path.is_file()
        return paths

    paths = once_per_run(tmp_path_factory, "built", make)
    if wanted(request, "epub_report"):
        later.call(CHECK_EPUB, paths["epub"])
    return paths


@pytest.fixture(scope="session")
def nieuws_page(tmp_path_factory) -> dict:
    """docs/sample/nieuws.md's one printed page, built by the CLI once and read back by
    pdfplumber: the print page tests and the reference pictures share it."""
    return once_per_run(tmp_path_factory, "krant", _nieuws_page)


def _plain(entry: dict) -> dict:
    """A pdfplumber object's plain values (sizes, places, names, addresses), without the
    streams it holds open: what a test reads, and what another worker can be given."""
    simple = (int, float, str, bool, type(None))

    def keep(value) -> bool:
        if isinstance(value, (tuple, list)):
            return all(keep(v) for v in value)
        if isinstance(value, dict):
            return all(keep(v) for v in value.values())
        return isinstance(value, simple)

    return {key: value for key, value in entry.items() if keep(value)}


def _nieuws_page(project: Path) -> dict:
    import pdfplumber

    shutil.copytree(ROOT / "docs" / "sample", project / "manuscript")
    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, project / name)
    # the only article of its project: named after the project unless told otherwise
    result = run_cli("pdf", "manuscript/nieuws.md", "-o", "output/nieuws.pdf", cwd=project)
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
            "images": [_plain(image) for image in first.images],
            "annots": [_plain(annot) for annot in first.annots],
            "height": float(first.height),
            "chars": first.chars,
        }


@pytest.fixture(scope="session")
def epub_report(built, later, tmp_path_factory):
    """The built EPUB's preflight, EPUBCheck included: Java runs once for all who read it,
    started when the EPUB was built."""
    return once_per_run(
        tmp_path_factory, "epub-report", lambda _: later.call(CHECK_EPUB, built["epub"]).result()
    )


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    """`pamphletpress new`'s project, built once by `build` (its stderr kept beside it)."""
    return once_per_run(tmp_path_factory, "sample", _sample_project)


def _sample_project(folder: Path) -> Path:
    assert run_cli("new", "krant", cwd=folder).returncode == 0
    project = folder / "krant"
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    (folder / "build.stderr").write_text(result.stderr, encoding="utf-8")
    (folder / "build.stdout").write_text(result.stdout, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def screen_pdf(tmp_path_factory) -> Path:
    """The article's screen PDF (``--variant screen``), built once by the CLI."""

    def make(folder: Path) -> Path:
        target = folder / "screen.pdf"
        result = run_cli("pdf", "-o", str(target), "--variant", "screen")
        assert result.returncode == 0, result.stderr
        return target

    return once_per_run(tmp_path_factory, "screen", make)


@pytest.fixture(scope="session")
def sample_checked(sample_project, later) -> Future:
    """``pamphletpress check`` in the sample project (EPUBCheck on its EPUB among the
    rest), run as a user's shell runs it: a future of what it did."""
    return later.run("check", cwd=sample_project)


@pytest.fixture(scope="session")
def soft_epub(tmp_path_factory, later) -> dict:
    """The article's EPUB with ``--soft-hyphens``, and its preflight started."""
    target = tmp_path_factory.mktemp("soft") / "soft.epub"
    result = run_cli("epub", str(MANUSCRIPT), "-o", str(target), "--soft-hyphens")
    assert result.returncode == 0, result.stderr
    return {"path": target, "report": later.call(CHECK_EPUB, target)}


@pytest.fixture(scope="session")
def fontless_epub(tmp_path_factory, later) -> dict:
    """A small project's EPUB whose bold italic font went missing, with bold italic in
    the text, and its preflight started."""
    from tests.projects import ARTICLE, make_project

    folder = tmp_path_factory.mktemp("fontless")
    project = make_project(folder, ARTICLE + "\n\nMet *cursief* en ***vet cursief***.\n")
    (project / "fonts" / "CharisSIL-BoldItalic.ttf").unlink()
    target = folder / "x.epub"
    result = run_cli("epub", "-o", str(target), cwd=project)
    return {"path": target, "result": result, "report": later.call(CHECK_EPUB, target)}


@pytest.fixture(scope="session")
def many_names_epub(tmp_path_factory, later) -> dict:
    """One EPUB of many articles with generated names, and EPUBCheck started on it."""
    import random

    from tests.write.test_epub_names import NAME_CHARACTERS, NUMBERED, epub_of, project_with

    draw = random.Random(25)
    generated = [
        "".join(draw.choice(NAME_CHARACTERS) for _ in range(draw.randint(1, 16))).strip(" .")
        for _ in range(12)
    ]
    names = list(dict.fromkeys(n for n in NUMBERED + generated if n and not n.startswith(".")))
    folder = tmp_path_factory.mktemp("names")
    project = project_with(folder, names)
    target = folder / "names.epub"
    target.write_bytes(epub_of(project))
    return {"path": target, "names": names, "report": later.call(CHECK_EPUB, target)}


@pytest.fixture(scope="session")
def imported_documents(tmp_path_factory, later) -> dict:
    """tests/data/word's Word and LibreOffice files imported by the CLI into one project;
    the Word one is built there by `build` in another process while the tests go on."""
    import shutil

    project = tmp_path_factory.mktemp("documents") / "krant"
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    results = {}
    for kind in ("docx", "odt"):
        source = ROOT / "tests" / "data" / "word" / f"artikel.{kind}"
        ran = run_cli("import", str(source), "-o", f"manuscript/{kind}.md", cwd=project)
        assert ran.returncode == 0, ran.stderr
        results[kind] = (project / "manuscript" / f"{kind}.md", ran)
    built = project.parent / "gebouwd"
    shutil.copytree(project, built)
    (built / "manuscript" / "odt.md").unlink()
    results["build"] = later.run("build", cwd=built)
    results["built"] = built
    return results


@pytest.fixture(scope="session", autouse=True)
def slow_checks_first(request) -> None:
    """The outputs whose check is slow and cheap to build, built at the session's start
    when a test of this run reads them: their checks then run beside all the tests."""
    for name in (
        "soft_epub",
        "fontless_epub",
        "sample_checked",
        "many_names_epub",
        "imported_documents",
    ):
        if wanted(request, name):
            request.getfixturevalue(name)


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


@pytest.fixture(scope="session")
def pdf_report(built, manuscript_words, tmp_path_factory):
    """The article PDF's preflight against the manuscript's words: run once for the tests
    that read it."""
    from pamphletpress.check.preflight import check_pdf

    return once_per_run(
        tmp_path_factory, "pdf-report", lambda _: check_pdf(built["pdf"], manuscript_words)
    )


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-references",
        action="store_true",
        help="rewrite the reference pictures in tests/references/ that no longer match "
        "(review them in the git diff before committing)",
    )
    parser.addoption(
        "--record-durations",
        action="store_true",
        help=f"write each test file's seconds in this run to {DURATIONS.name} (the "
        "parallel run's order: longest first); run the whole suite with it",
    )


#: Each test file's seconds (setup, test and teardown of all its tests), as a whole run
#: with ``--record-durations`` found them: a parallel run hands out the longest first.
DURATIONS = Path(__file__).with_name("durations.json")


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config, items) -> None:
    """In a parallel run (a test file to a worker, handed out in this order: pyproject
    turns off xdist's reordering by test count), the corpus regression first, its long
    chain of builds then beside everything else; then the files by their recorded
    seconds, longest first, so that the run ends on short files on both workers and
    not on one long file on one while the other waits. A file not recorded yet
    counts as long: a new file is more likely to build than not."""
    # xdist schedules by its workers' collection; in a worker ``numprocesses`` is unset.
    if not (config.getoption("numprocesses", None) or hasattr(config, "workerinput")):
        return
    import json

    seconds = json.loads(DURATIONS.read_text(encoding="utf-8")) if DURATIONS.is_file() else {}
    unknown = max(seconds.values(), default=0.0)
    items.sort(
        key=lambda item: (
            "corpus" not in item.keywords,
            -seconds.get(_file_of(item.nodeid), unknown),
        )
    )


def pytest_sessionstart(session) -> None:
    session.config._pamphletpress_started = time.perf_counter()


def _record_durations(terminalreporter) -> None:
    """Each file's seconds in this run into :data:`DURATIONS` (files this run did not
    reach keep theirs)."""
    import json

    seconds = json.loads(DURATIONS.read_text(encoding="utf-8")) if DURATIONS.is_file() else {}
    ran: dict[str, float] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "duration", None) and getattr(report, "nodeid", ""):
                name = _file_of(report.nodeid)
                ran[name] = ran.get(name, 0.0) + report.duration
    seconds.update({name: round(value, 1) for name, value in ran.items()})
    DURATIONS.write_text(json.dumps(dict(sorted(seconds.items())), indent=1) + "\n")
    terminalreporter.write_line(f"test files' seconds written to {DURATIONS}")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The suite's time, on its own line: the goal is at most 150 s on the 2-core
    machine, for everything but the corpus regression (its own mark, CI runs it too)."""
    if config.getoption("record_durations", False):
        _record_durations(terminalreporter)
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
    if not corpus:
        line = f"pamphletpress test suite: {seconds:.1f} s (goal ≤ 150 s)"
    elif config.pluginmanager.hasplugin("dsession"):  # workers: the corpus ran beside the rest
        line = (
            f"pamphletpress test suite with the corpus regression: {seconds:.1f} s "
            f"(the corpus tests took {corpus:.1f} s of the workers' time, beside the rest; "
            "`pytest -m 'not corpus'` gives the figure for the goal of ≤ 150 s)"
        )
    else:
        line = f"pamphletpress test suite: {seconds - corpus:.1f} s (goal ≤ 150 s)"
        line += f", and {corpus:.1f} s for the corpus regression (-m corpus)"
    terminalreporter.write_line(line)
