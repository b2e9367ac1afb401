"""Shared fixtures: the real article built once per test session, read back by the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MANUSCRIPT = ROOT / "manuscript"


def run_cli(
    *args: str, cwd: Path | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run ``pamphletpress`` as a user would: a separate process, its exit code and output."""
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
def job():
    from pamphletpress.build import Job

    return Job.load(MANUSCRIPT)


@pytest.fixture(scope="session")
def manuscript_words(job) -> list[str]:
    from pamphletpress.document import article_text
    from pamphletpress.pdftext import words_of

    return words_of(" ".join(article_text(a) for a in job.document.articles))
