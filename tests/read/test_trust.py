"""A tool people can trust: clear errors, nothing lost, nothing fetched from outside."""

from __future__ import annotations

import http.server
import json
import shutil
import socketserver
import threading
import zipfile
from pathlib import Path

import pypdf
import pytest

from tests.conftest import ROOT, run_cli
from tests.projects import ARTICLE, assert_clear_error, make_project


def test_front_matter_not_yaml(tmp_path):
    project = make_project(tmp_path, "---\ntitle: Een: twee: drie\n  - x\n---\nTekst.\n")
    assert_clear_error(run_cli("pdf", cwd=project), "artikel.md:", "YAML")


def test_manuscript_not_utf8(tmp_path):
    project = make_project(tmp_path)
    (project / "manuscript" / "artikel.md").write_bytes(
        ARTICLE.encode() + "Caf\xe9\n".encode("latin-1")
    )
    assert_clear_error(run_cli("epub", cwd=project), "artikel.md:12", "UTF-8")


def test_missing_manuscript(tmp_path):
    assert_clear_error(run_cli("build", cwd=tmp_path), "manuscript")


def test_missing_image_and_network_image_are_the_same_warning(tmp_path):
    """A missing local image and a network image: both a warning naming the image's own
    line, the build goes on, the picture left out (no frame with its alt text, which a
    print shop would take for a fault: issue 24)."""
    from pamphletpress.check.pdftext import pdf_lines

    text = (
        ARTICLE + "\n![verloren foto](beelden/weg.png)\n\n![webfoto](https://example.org/x.png)\n"
    )
    project = make_project(tmp_path, text)
    result = run_cli("pdf", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "artikel.md:13: image beelden/weg.png does not exist" in result.stderr
    assert "fix the path or add the file" in result.stderr
    assert "artikel.md:15: image skipped: https://example.org/x.png is on the network" in (
        result.stderr
    )
    assert result.stderr.count("; the picture is left out") == 2, result.stderr
    printed = " ".join(pdf_lines(project / "output" / "project.pdf"))
    assert "verloren foto" not in printed and "webfoto" not in printed


def test_a_picture_left_out_leaves_its_text_as_it_was(tmp_path):
    """A picture alone in its paragraph goes with that paragraph (an empty mark in its
    place, for `check`), and the text after an intertitle stays unindented under it;
    a picture in a line of text leaves the line's words as they were."""
    from lxml import html

    text = ARTICLE + (
        "\n## Een kop\n\n![verloren foto](beelden/weg.png)\n\n"
        "Tekst onder de kop die verder gaat.\n\n"
        "Een regel met ![webfoto](https://example.org/x.png) een plaatje erin.\n"
    )
    project = make_project(tmp_path, text)
    result = run_cli("html", "-o", "pagina.html", cwd=project)
    assert result.returncode == 0, result.stderr
    page = html.fromstring((project / "pagina.html").read_text(encoding="utf-8"))
    marks = page.find_class("missing-image")
    assert [(m.tag, m.get("data-alt"), m.text_content()) for m in marks] == [
        ("div", "verloren foto", ""),
        ("span", "webfoto", ""),
    ]
    assert marks[0].getprevious().tag == "h2" and marks[0].getnext().tag == "p"
    line = marks[1].getparent().text_content().replace("\u00ad", "")
    assert " ".join(line.split()).startswith("Een regel met een plaatje erin.")
    assert not [p for p in page.iter("p") if not p.text_content().strip()]


def test_missing_stylesheet_named_by_the_manuscript(tmp_path):
    text = ARTICLE.replace("lang: nl", "lang: nl\nstylesheet: styles/krant.css")
    project = make_project(tmp_path, text)
    assert_clear_error(run_cli("pdf", cwd=project), "artikel.md:5:", "krant.css", "does not exist")


def test_extra_stylesheet_is_used(tmp_path):
    text = ARTICLE.replace("lang: nl", "lang: nl\nstylesheet: styles/krant.css")
    project = make_project(tmp_path, text)
    (project / "styles" / "krant.css").write_text(".headline { font-size: 50pt }")
    result = run_cli("html", "-o", str(tmp_path / "x.html"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "krant.css" in (tmp_path / "x.html").read_text()


@pytest.mark.parametrize("target", ["folder", "file-as-folder"])
def test_output_path_that_cannot_be_written(tmp_path, target):
    project = make_project(tmp_path)
    if target == "folder":
        (tmp_path / "out").mkdir()
        output = tmp_path / "out"
    else:
        (tmp_path / "plain.txt").write_text("x")
        output = tmp_path / "plain.txt" / "x.pdf"
    assert_clear_error(run_cli("pdf", "-o", str(output), cwd=project), output.name)


def test_missing_style_and_missing_font(tmp_path):
    project = make_project(tmp_path)
    (project / "fonts" / "CharisSIL-Italic.ttf").unlink()
    assert_clear_error(run_cli("pdf", cwd=project), "CharisSIL-Italic.ttf", "missing")
    (project / "styles" / "print.css").unlink()
    assert_clear_error(run_cli("pdf", cwd=project), "print.css", "missing")


def test_unknown_language_builds_without_hyphenation_and_says_so_once(tmp_path):
    project = make_project(tmp_path, ARTICLE.replace("lang: nl", "lang: tlh"))
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no hyphenation patterns for lang 'tlh'") == 1


def test_empty_manuscript(tmp_path):
    project = make_project(tmp_path, "")
    assert_clear_error(run_cli("pdf", cwd=project), "artikel.md")


def test_unknown_option_exits_2(tmp_path):
    result = run_cli("build", "--frobnicate")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_failed_build_leaves_the_last_good_pdf(tmp_path):
    project = make_project(tmp_path)
    assert run_cli("build", cwd=project).returncode == 0
    pdf = project / "output" / "project.pdf"
    epub = project / "output" / "project.epub"
    good_pdf, good_epub = pdf.read_bytes(), epub.read_bytes()
    (project / "manuscript" / "artikel.md").write_text("---\ntitle: [kapot\n---\n")
    assert run_cli("build", cwd=project).returncode == 1
    broken = ARTICLE.replace("lang: nl", "lang: nl\nstylesheet: weg.css")
    (project / "manuscript" / "artikel.md").write_text(broken)
    assert run_cli("build", cwd=project).returncode == 1
    assert pdf.read_bytes() == good_pdf
    assert epub.read_bytes() == good_epub
    assert sorted(p.name for p in (project / "output").iterdir()) == ["project.epub", "project.pdf"]


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(Path(ROOT / "docs" / "page-1-1.png").read_bytes())

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Recorder.requests = []
    httpd = socketserver.TCPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_nothing_outside_the_project_and_nothing_from_the_network(tmp_path, server):
    outside = tmp_path / "geheim.png"
    shutil.copy(ROOT / "docs" / "page-1-1.png", outside)
    text = ARTICLE + (
        f"\n![a]({outside.as_uri()})\n\n![b]({outside})\n\n![c](../../geheim.png)\n\n"
        f"![d]({server}/beeld.png)\n\n"
        f'<img src="{server}/raw.png" alt="e">\n\n'
        f'<p style="background: url({server}/bg.png)">Achtergrond.</p>\n\n'
        f'<link rel="stylesheet" href="{server}/x.css">\n\n'
        f'<iframe src="{server}/frame"></iframe>\n'
    )
    project = make_project(tmp_path, text)
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr and "outside the project" in result.stderr
    assert _Recorder.requests == []
    pdf = pypdf.PdfReader(str(project / "output" / "project.pdf"))
    for page in pdf.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    with zipfile.ZipFile(project / "output" / "project.epub") as epub:
        names = epub.namelist()
        text = epub.read("EPUB/text/artikel.xhtml").decode()
    assert [n for n in names if n.startswith("EPUB/images/")] == ["EPUB/images/cover.png"]
    assert "127.0.0.1" not in text and "geheim" not in text and "<iframe" not in text


def test_check_judges_a_screen_pdf_by_its_own_rules(screen_pdf, pdf_report):
    """The screen PDF by `check --json`; the press PDF of the same article beside it by
    the run's one preflight of it (``pdf_report``, as `check` runs it): the press's rules
    judge it, and it passes them."""
    screen = screen_pdf
    result = run_cli("check", str(screen), "--json")
    assert result.returncode == 0, result.stdout
    reports = json.loads(result.stdout)
    verdicts = {r["path"]: {f["code"]: f["verdict"] for f in r["findings"]} for r in reports}
    # The screen PDF claims PDF/UA-1 and is judged as such, not by the press's rules.
    assert verdicts[str(screen)]["pdf-ua"] == "pass"
    assert "pdf-output-intent" not in verdicts[str(screen)]
    assert "pdf-rgb" not in verdicts[str(screen)]
    press = {f.code: f.verdict for f in pdf_report.findings}
    assert press["pdf-output-intent"] != "fail" and "pdf-rgb" in press
    assert all(v != "fail" for v in press.values())
    assert press["pdf-words"] == "pass"
    assert press["pdf-ink-total"] == "pass"


def test_check_table_for_the_epub(epub_report):
    from pamphletpress.check.report import format_table

    table = format_table([epub_report])  # what `pamphletpress check FILE.epub` prints
    assert "oorlog.epub (EPUB) — passed" in table
    assert "epubcheck" in table and "0 errors, 0 warnings" in table


def test_new_project_builds_out_of_the_box(sample_project, sample_checked):
    project = sample_project
    for part in ("styles/print.css", "fonts", "pamphletpress.yml", ".gitignore"):
        assert (project / part).exists(), part
    # Built once for the session by `pamphletpress build`, without a warning.
    assert (project.parent / "build.stderr").read_text(encoding="utf-8") == ""
    assert (project / "output" / "krant.pdf").is_file()
    assert (project / "output" / "krant.epub").is_file()
    check = sample_checked.result()  # `pamphletpress check` in the project
    assert check.returncode == 0, check.stdout
    assert "2 images at 300 ppi or more" in check.stdout  # the column photo and the wide one
    assert "passed" in check.stdout and "not fully checked" not in check.stdout
    again = run_cli("new", "krant", cwd=project.parent)
    assert_clear_error(again, "krant", "choose a new name")  # never over an existing project


def test_watch_rebuilds_after_a_change(tmp_path):
    import threading

    from pamphletpress.read.project import find_project
    from pamphletpress.watch import changes

    project_dir = make_project(tmp_path)
    project = find_project(project_dir / "manuscript")
    manuscript = project_dir / "manuscript" / "artikel.md"
    stop = threading.Event()
    seen: list[list[Path]] = []
    for changed in changes(project, stop):
        seen.append(changed)
        if len(seen) == 1:  # watching: now change the manuscript, and a file in output/
            (project_dir / "output").mkdir()
            (project_dir / "output" / "x.pdf").write_text("not an input")
            manuscript.write_text(ARTICLE + "\nNog een zin.\n", encoding="utf-8")
        else:
            stop.set()
    assert seen == [[], [manuscript]]
