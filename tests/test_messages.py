"""Issue 15: each mistake a new user made, planted; the message names the file and the fix.

Most of these stop before any writer runs, so they cost milliseconds; the few that
need a real output build a one-paragraph article in this process.
"""

from __future__ import annotations

import re
import threading
import zipfile
from pathlib import Path

import pypdf
import pytest

from tests.conftest import ROOT, run_cli
from tests.projects import ARTICLE, assert_clear_error, make_project

MM = 72 / 25.4


def settings_file(project: Path, text: str) -> Path:
    path = project / "pamphletpress.yml"
    path.write_text(text, encoding="utf-8")
    return path


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


# ── pamphletpress.yml and front matter: typed, with file and line ──────────


def test_crop_marks_nee_turns_crop_marks_off(tmp_path):
    project = make_project(tmp_path)
    settings_file(project, "pdf:\n  crop_marks: nee\n")
    result = run_cli("pdf", "-o", str(tmp_path / "a.pdf"), cwd=project)
    assert result.returncode == 0, result.stderr
    box = [float(v) for v in pypdf.PdfReader(str(tmp_path / "a.pdf")).pages[0].mediabox]
    assert (box[2] - box[0]) / MM == pytest.approx(216, abs=0.5)  # trim + 3 mm bleed, no marks
    settings_file(project, "pdf:\n  crop_marks: ja\n")
    assert run_cli("pdf", "-o", str(tmp_path / "b.pdf"), cwd=project).returncode == 0
    box = [float(v) for v in pypdf.PdfReader(str(tmp_path / "b.pdf")).pages[0].mediabox]
    assert (box[2] - box[0]) / MM > 230  # the marks need room outside the bleed


@pytest.mark.parametrize(
    ("written", "expected"),
    [("true", True), ("yes", True), ("ja", True), ("Ja", True), ('"false"', False),
     ("nee", False), ("no", False), ("false", False), ("'nee'", False)],
)  # fmt: skip
def test_booleans_take_true_false_yes_no_ja_nee(tmp_path, written, expected):
    from pamphletpress.build import epub_options, pdf_options
    from pamphletpress.read.project import find_project

    project = make_project(tmp_path)
    settings_file(project, f"pdf:\n  crop_marks: {written}\nepub:\n  soft_hyphens: {written}\n")
    found = find_project(project / "manuscript")
    assert pdf_options(found).crop_marks is expected
    assert epub_options(found).soft_hyphens is expected


@pytest.mark.parametrize("written", ["on", "off", "1", "0", "misschien", "[ja]"])
def test_anything_else_is_not_a_boolean(tmp_path, written):
    project = make_project(tmp_path)
    settings_file(project, f"# instellingen\nepub:\n  soft_hyphens: {written}\n")
    assert_clear_error(
        run_cli("epub", cwd=project), "pamphletpress.yml:3:", "soft_hyphens", "true or false"
    )
    assert not (project / "output").exists()


def test_unknown_keys_warn_with_file_line_and_nearest_key(tmp_path):
    project = make_project(tmp_path)
    settings_file(project, "publicatie: De Krant\npdf:\n  varaint: screen\n")
    result = run_cli("html", "-o", str(tmp_path / "x.html"), cwd=project)
    assert result.returncode == 0, result.stderr
    found = warnings_of(result)
    assert any(
        "pamphletpress.yml:1:" in w and "'publicatie'" in w and "did you mean 'publication'" in w
        for w in found
    ), found
    assert any(
        "pamphletpress.yml:3:" in w and "'varaint'" in w and "did you mean 'variant'" in w
        for w in found
    ), found


def test_an_unknown_front_matter_field_warns_with_its_line(tmp_path):
    text = ARTICLE.replace("lang: nl", "lang: nl\nauteur: Iemand")
    project = make_project(tmp_path, text)
    result = run_cli("html", "-o", str(tmp_path / "x.html"), cwd=project)
    assert result.returncode == 0
    assert any(
        "artikel.md:5:" in w and "'auteur'" in w and "did you mean 'author'" in w
        for w in warnings_of(result)
    ), result.stderr


def test_a_key_that_belongs_under_pdf_says_so(tmp_path):
    project = make_project(tmp_path)
    settings_file(project, "crop_marks: nee\n")
    result = run_cli("html", "-o", str(tmp_path / "x.html"), cwd=project)
    assert "did you mean 'crop_marks' under 'pdf:'" in result.stderr


def test_a_wrong_variant_names_file_line_and_the_choices(tmp_path):
    project = make_project(tmp_path)
    settings_file(project, "lang: nl\npdf:\n  variant: scherm\n")
    assert_clear_error(
        run_cli("pdf", cwd=project), "pamphletpress.yml:3:", "scherm", "pdf/x-4", "screen"
    )


def test_errors_in_the_front_matter_name_file_and_line(tmp_path):
    text = ARTICLE.replace("lang: nl", "lang: nl\ndate: maart\nend_mark: misschien")
    project = make_project(tmp_path, text)
    assert_clear_error(run_cli("pdf", cwd=project), "artikel.md:5:", "2022-03")
    (project / "manuscript" / "artikel.md").write_text(
        ARTICLE.replace("lang: nl", "lang: nl\nend_mark: misschien"), encoding="utf-8"
    )
    assert_clear_error(run_cli("pdf", cwd=project), "artikel.md:5:", "true or false")


def test_settings_table_documents_every_setting():
    from pamphletpress.read.settings import SCHEMA, table

    doc = (ROOT / "docs" / "manuscript-format.md").read_text(encoding="utf-8")
    assert table() in doc  # regenerate: see read/settings.table
    for setting in SCHEMA:
        assert re.search(rf"`({setting.key}|.*{{{setting.key.split('.')[-1]}}})`", doc), setting.key
    for word in ("pdf.compose", "slug", "subtitle", "keywords", "stylesheet", ".markdown"):
        assert word.split(".")[-1] in doc, word


# ── Output names that do not move ─────────────────────────────────────────


def test_a_folder_keeps_its_output_name_when_the_headline_changes(tmp_path):
    project = make_project(tmp_path)
    second = ARTICLE.replace("title: Proef", "title: Tweede stuk")
    (project / "manuscript" / "tweede.md").write_text(second, encoding="utf-8")
    first = run_cli("build", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "output/project.pdf" in first.stdout and "output/project.epub" in first.stdout
    article = project / "manuscript" / "artikel.md"
    article.write_text(ARTICLE.replace("title: Proef", "title: Een nieuwe kop"), "utf-8")
    again = run_cli("build", cwd=project)
    assert again.returncode == 0 and "output/project.pdf" in again.stdout
    assert sorted(p.name for p in (project / "output").iterdir()) == [
        "project.epub",
        "project.pdf",
    ]
    settings_file(project, "slug: krant-2026-01\n")
    named = run_cli("epub", cwd=project)
    assert "output/krant-2026-01.epub" in named.stdout


def test_every_build_says_where_the_output_went(tmp_path):
    project = make_project(tmp_path)
    assert run_cli("epub", cwd=project).returncode == 0
    inside = run_cli("build", cwd=project / "manuscript")
    assert inside.returncode == 0, inside.stderr
    assert str(project / "output" / "project.pdf") in inside.stdout
    assert str(project / "output" / "project.epub") in inside.stdout


# ── Finding the manuscript, or saying where it is ────────────────────────


def test_an_article_saved_as_md_txt(tmp_path):
    project = make_project(tmp_path, name="huur.md.txt")
    assert_clear_error(
        run_cli("pdf", cwd=project), "manuscript", "huur.md.txt", "rename", "huur.md"
    )
    assert_clear_error(run_cli("pdf", "manuscript/huur.md", cwd=project), "huur.md.txt", "rename")


def test_a_txt_beside_the_articles_is_named(tmp_path):
    project = make_project(tmp_path)
    (project / "manuscript" / "huur.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("html", "-o", str(tmp_path / "x.html"), cwd=project)
    assert result.returncode == 0
    assert "huur.txt: not read" in result.stderr and "rename it to huur.md" in result.stderr


def test_an_article_in_the_project_root(tmp_path):
    project = make_project(tmp_path)
    (project / "manuscript" / "artikel.md").rename(project / "artikel.md")
    assert_clear_error(run_cli("pdf", cwd=project), "manuscript", "artikel.md", "move")
    (project / "manuscript").rmdir()  # no manuscript folder at all
    assert_clear_error(
        run_cli("pdf", cwd=project), "no manuscript folder", "artikel.md", "make a folder"
    )


def test_naming_the_project_folder_and_standing_in_manuscript(tmp_path):
    project = make_project(tmp_path)
    named = run_cli("html", "project", "-o", str(tmp_path / "a.html"), cwd=tmp_path)
    assert named.returncode == 0, named.stderr
    inside = run_cli("html", "-o", str(tmp_path / "b.html"), cwd=project / "manuscript")
    assert inside.returncode == 0, inside.stderr
    assert (tmp_path / "a.html").read_text() == (tmp_path / "b.html").read_text()


def test_no_project_here_says_what_to_do(tmp_path):
    assert_clear_error(run_cli("build", cwd=tmp_path), "cd", "pamphletpress new")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ("artikel.md:", "empty", "---")),
        ("\n\n  \n", ("artikel.md:", "empty")),
        ("Gewoon een alinea zonder kop.\n", ("artikel.md:", "no front matter", "title:")),
        ("---\nauthor: Iemand\n---\nTekst.\n", ("artikel.md:", "no title", "title:")),
        ("---\n title: Proef\nauthor: Iemand\n---\nTekst.\n",
         ("artikel.md:2:", "remove the space before 'title:'")),
        ("\n---\ntitle: Proef\n---\nTekst.\n", ("artikel.md:1:", "first line")),
        ("---\ntitle: Een: twee\n---\nTekst.\n", ("artikel.md:2:", "quotes")),
        ("---\ntitle: Proef\nlang: nl\nTekst.\n", ("artikel.md:1:", "never closed", "'---'")),
    ],
)  # fmt: skip
def test_front_matter_slips_are_said_plainly(tmp_path, text, words):
    project = make_project(tmp_path, text)
    result = run_cli("pdf", cwd=project)
    assert_clear_error(result, *words)
    if "no title" not in words:
        assert "no title" not in result.stderr
    assert "mapping values" not in result.stderr and "scanner" not in result.stderr


# ── The command line's own words ─────────────────────────────────────────


def test_new_quotes_a_folder_name_with_spaces(tmp_path):
    result = run_cli("new", "Mijn Krant 2026", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cd 'Mijn Krant 2026' && pamphletpress build" in result.stdout


def test_the_sample_builds_without_a_warning_and_counts_in_the_singular(sample_project):
    stderr = (sample_project.parent / "build.stderr").read_text(encoding="utf-8")
    stdout = (sample_project.parent / "build.stdout").read_text(encoding="utf-8")
    assert stderr == ""  # no composer fallback: the sample holds nothing it cannot set
    assert re.search(r"output/krant\.pdf — 1 page, PDF/X-4", stdout), stdout
    assert "1 article," in stdout


def test_epub_refuses_a_pdf_name(tmp_path):
    project = make_project(tmp_path)
    assert_clear_error(
        run_cli("epub", "-o", "krant.pdf", cwd=project), "krant.pdf", ".pdf", "krant.epub"
    )
    assert_clear_error(run_cli("pdf", "-o", "krant.epub", cwd=project), "krant.pdf")
    assert not (project / "krant.pdf").exists() and not (project / "krant.epub").exists()


def test_watch_says_rebuilt_only_when_it_rebuilt(tmp_path):
    from pamphletpress.cli import State, report_round
    from pamphletpress.watch import watch

    project = make_project(tmp_path)
    manuscript = project / "manuscript" / "artikel.md"
    rounds, stop = [], threading.Event()
    said: list[str] = []
    state = State(quiet=False, verbose=False, debug=False)
    state.say = said.append

    def report(done) -> None:
        rounds.append(done)
        report_round(state, done)
        if len(rounds) == 1:  # touched, not changed: nothing to rebuild
            manuscript.write_bytes(manuscript.read_bytes())
        elif len(rounds) == 2:
            manuscript.write_text(ARTICLE + "\nNog een zin.\n", encoding="utf-8")
        else:
            stop.set()

    thread = threading.Thread(
        target=watch, args=(project / "manuscript", {}, {}, report, None, stop)
    )
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert [len(r.rebuilt) for r in rounds] == [2, 0, 2]
    assert rounds[1].changed == rounds[2].changed == [manuscript]
    assert said.count("nothing to rebuild; watching (Ctrl-C stops)") == 1
    assert sum(line.startswith("rebuilt in") for line in said) == 2


# ── check ────────────────────────────────────────────────────────────────


def test_check_compares_words_only_with_the_manuscript_the_pdf_was_made_from(
    tmp_path, sample_project, built
):
    other = tmp_path / "other.pdf"
    other.write_bytes(built["pdf"].read_bytes())  # the repository's article, not the sample
    result = run_cli("check", str(other), "output/krant.pdf", "--json", cwd=sample_project)
    import json

    reports = {Path(r["path"]).name: r for r in json.loads(result.stdout)}
    words = {n: [f for f in r["findings"] if f["code"] == "pdf-words"] for n, r in reports.items()}
    assert words["other.pdf"][0]["verdict"] == "info"
    assert "not made from" in words["other.pdf"][0]["message"]
    assert "manuscript words not in the PDF" not in result.stdout
    assert words["krant.pdf"][0]["verdict"] == "pass"
    assert not reports["other.pdf"]["findings"][-1]["verdict"] == "fail"


def test_check_without_java_does_not_say_passed(tmp_path, sample_project, monkeypatch):
    import shutil

    real = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "java" else real(name, *a, **k)
    )
    result = run_cli("check", "output/krant.epub", cwd=sample_project)
    assert "EPUBCheck not run (Java missing)" in result.stdout
    assert "install Java" in result.stdout
    assert "passed" not in result.stdout and "not fully checked" in result.stdout


# ── The README's set-up, and CI running the same ─────────────────────────


def test_readme_set_up_makes_a_virtual_environment_in_the_same_line():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    build = next(c for c in commands if c.endswith("pamphletpress build"))
    test = next(c for c in commands if c.endswith("pytest"))
    for command in (build, test):
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install")
    assert "'.[test]'" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci  # CI runs exactly the README's test command
    assert "afbeeldingen/" in readme and "images/" not in readme.replace("EPUB/images", "")


def test_the_epub_of_a_folder_is_named_and_complete(tmp_path):
    project = make_project(tmp_path)
    assert run_cli("epub", cwd=project).returncode == 0
    with zipfile.ZipFile(project / "output" / "project.epub") as epub:
        assert "EPUB/text/artikel.xhtml" in epub.namelist()


def test_pdf_settings_in_the_front_matter_point_to_pamphletpress_yml(tmp_path):
    text = ARTICLE.replace("lang: nl", "lang: nl\npdf:\n  variant: screen")
    project = make_project(tmp_path, text)
    result = run_cli("html", "-o", str(tmp_path / "x.html"), cwd=project)
    assert result.returncode == 0
    assert any(
        "artikel.md:5:" in w and "'pdf:' belongs in pamphletpress.yml" in w
        for w in warnings_of(result)
    ), result.stderr
