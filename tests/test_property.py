"""Any Markdown and any front matter: the tool builds, or ends with a clear error."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamphletpress.build import Job
from pamphletpress.errors import PamphletError
from pamphletpress.write.epub import EpubOptions, epub_bytes
from pamphletpress.write.pdf import PdfOptions, render_html
from tests.conftest import ROOT

LINES = st.sampled_from(
    [
        "",
        "Een gewone zin met woorden als coördinatie en zeeën.",
        "## Tussenkop",
        "# Kop",
        "::: lede",
        "::: box Wij zeggen",
        "::: byline",
        "::: onbekend",
        ":::",
        "- een punt",
        "1. genummerd",
        "> citaat",
        "*nadruk* en **vet** en `code`",
        "■",
        "![foto](nergens.png)",
        '<img src="http://127.0.0.1:9/x.png">',
        "<script>alert(1)</script>",
        '<p style="background:url(file:///etc/passwd)">x</p>',
        "<div><span>ongesloten",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "---",
        "\u00ad\u200b\ufeff",
    ]
)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.text(max_size=30),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
KEYS = st.sampled_from(
    ["title", "author", "lang", "date", "kicker", "byline", "subjects", "hyphenation",
     "end_mark", "publication", "issue", "description", "slug", "stylesheet", "onbekend"]
)  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # CI runs the same examples every time; explore locally with a seed
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    front=st.one_of(st.none(), st.dictionaries(KEYS, VALUES, max_size=8), st.text(max_size=40)),
    body=st.lists(st.one_of(LINES, st.text(max_size=60)), max_size=25),
)
def test_builds_or_says_why(front, body):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "styles", project / "styles")
        (project / "fonts").symlink_to(ROOT / "fonts")
        (project / "manuscript").mkdir()
        if front is None:
            head = ""
        elif isinstance(front, dict):
            head = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n"
        else:
            head = "---\n" + front + "\n---\n"
        (project / "manuscript" / "a.md").write_text(head + "\n".join(body), encoding="utf-8")
        try:
            job = Job.load(project / "manuscript")
            html, _ = render_html(job.document, job.project, PdfOptions(compose=True))
            assert html.startswith("<!DOCTYPE html>")
            data = epub_bytes(job.document, job.project, EpubOptions(), [])
            assert data[:2] == b"PK"
        except PamphletError as error:
            message = error.format_message()
            assert message and "\n" not in message.strip()


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(body=st.lists(st.one_of(LINES, st.text(max_size=60)), min_size=1, max_size=20))
def test_the_pdf_builds_or_says_why(body):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copytree(ROOT / "styles", project / "styles")
        (project / "fonts").symlink_to(ROOT / "fonts")
        (project / "manuscript").mkdir()
        text = "---\ntitle: Proef\nlang: nl\n---\n" + "\n".join(body)
        (project / "manuscript" / "a.md").write_text(text, encoding="utf-8")
        try:
            job = Job.load(project / "manuscript")
            result = job.pdf(project / "a.pdf")
            assert result.pages >= 1 and (project / "a.pdf").read_bytes()[:5] == b"%PDF-"
        except PamphletError as error:
            assert "\n" not in error.format_message().strip()
