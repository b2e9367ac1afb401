"""Several articles in one manuscript folder, and builds that skip what is up to date."""

from __future__ import annotations

import zipfile

import pdfplumber
from lxml import etree

from tests.conftest import run_cli
from tests.projects import make_project

ARTICLE = """---
title: {title}
author: {author}
lang: {lang}
publication: De Krant
issue: nummer 3
---

::: lede
{lede}
:::

{body}

## Tussenkop {n}

{body}

::: box Kader {n}
- punt een van {title}
- punt twee
:::
"""


def write_articles(project, count: int = 3) -> list[str]:
    titles = []
    for n in range(1, count + 1):
        title = f"Artikel nummer {n}"
        titles.append(title)
        body = " ".join(
            f"Zin {k} van artikel {n} met samenstellingen als arbeidersbeweging." for k in range(40)
        )
        text = ARTICLE.format(
            title=title, author=f"Auteur {n}", lang="nl" if n != 2 else "en",
            lede=f"De lede van artikel {n}.", body=body, n=n,
        )  # fmt: skip
        (project / "manuscript" / f"{n:02d}-artikel.md").write_text(text, encoding="utf-8")
    return titles


def test_each_article_opens_a_page_and_folios_continue(tmp_path):
    project = make_project(tmp_path)
    (project / "manuscript" / "artikel.md").unlink()
    titles = write_articles(project)
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    pdf_path = next((project / "output").glob("*.pdf"))
    with pdfplumber.open(str(pdf_path)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    starts = []
    for title in titles:
        pages = [i for i, text in enumerate(texts) if title in text.split("\n")[:3]]
        assert pages, title
        starts.append(pages[0])
    assert starts == sorted(starts) and len(set(starts)) == 3
    for number, text in enumerate(texts, 1):  # the folio outside: a left page's at the left
        foot = text.rstrip().splitlines()[-1].split()
        assert foot[-1 if number % 2 else 0] == str(number), (number, text[-80:])
    for title in titles:
        assert sum(f"punt een van {title}" in text for text in texts) == 1

    epub_path = next((project / "output").glob("*.epub"))
    with zipfile.ZipFile(epub_path) as epub:
        names = [n for n in epub.namelist() if n.startswith("EPUB/text/") and "cover" not in n]
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
        english = etree.fromstring(epub.read("EPUB/text/02-artikel.xhtml"))
    assert len(names) == 3
    toc = "".join(nav.itertext())
    for title in titles:
        assert title in toc
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_build_skips_what_is_up_to_date(tmp_path):
    project = make_project(tmp_path)
    first = run_cli("build", cwd=project)
    assert first.returncode == 0, first.stderr
    pdf = project / "output" / "project.pdf"
    stamp = pdf.stat().st_mtime_ns
    again = run_cli("build", cwd=project)
    assert again.returncode == 0
    assert again.stdout.count("up to date") == 2
    assert pdf.stat().st_mtime_ns == stamp

    (project / "styles" / "print.css").write_text(
        (project / "styles" / "print.css").read_text() + "\n/* changed */\n"
    )
    changed = run_cli("build", cwd=project)
    assert "up to date" not in changed.stdout
    assert run_cli("build", cwd=project).stdout.count("up to date") == 2
    forced = run_cli("build", "--force", cwd=project)
    assert "up to date" not in forced.stdout
    # A new PDF means a new EPUB too: its page list follows the PDF's pages.
    assert run_cli("build", "--variant", "screen", cwd=project).stdout.count("up to date") == 0
    assert run_cli("build", "--variant", "screen", cwd=project).stdout.count("up to date") == 2
    pdf.write_bytes(b"%PDF-1.4 damaged")
    repaired = run_cli("build", cwd=project)
    assert "project.pdf — 1 page," in repaired.stdout


def test_a_second_build_in_one_process_reuses_work_and_gives_the_same_pdf(tmp_path):
    """What `watch` relies on: composed paragraphs are remembered, output unchanged."""
    from pamphletpress.build import Job
    from pamphletpress.compose import wiring as pdf_writer

    project = make_project(tmp_path)
    manuscript = project / "manuscript" / "artikel.md"
    manuscript.write_text(
        manuscript.read_text(encoding="utf-8")
        + "\nEen tweede alinea met meer woorden dan de eerste, zodat er regels zijn.\n",
        encoding="utf-8",
    )
    first = Job.load(project / "manuscript").pdf(tmp_path / "a.pdf")
    remembered = len(pdf_writer._COMPOSED)
    second = Job.load(project / "manuscript").pdf(tmp_path / "b.pdf")
    assert len(pdf_writer._COMPOSED) == remembered  # nothing composed again
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert first.notes[-1] == second.notes[-1]
    manuscript.write_text(
        manuscript.read_text(encoding="utf-8").replace("tweede", "derde"), encoding="utf-8"
    )
    Job.load(project / "manuscript").pdf(tmp_path / "c.pdf")
    assert len(pdf_writer._COMPOSED) == remembered + 1  # only the edited paragraph


def test_a_rebuild_after_a_save_loads_no_font_again_and_gives_a_cold_builds_bytes(
    tmp_path, monkeypatch
):
    """`watch` keeps the fonts and parsed stylesheets between rebuilds (layout.weasy.kept_warm),
    and the last layout, whose pages before the edit the next build's first layout takes
    over: a save in the manuscript loads no font again, a save in a stylesheet loads them anew,
    and each rebuild's PDF and EPUB are byte for byte those of a cold build in a new
    process (the output-intent profile included, which littleCMS changes once used)."""
    from weasyprint.text.fonts import FontConfiguration

    from pamphletpress.build import build
    from pamphletpress.layout import resumed
    from pamphletpress.layout.weasy import kept_warm
    from tests.conftest import run_process

    loaded = []
    taken_over: list[int] = []  # the pages each layout took over from the one before
    start_page = resumed.start_page
    monkeypatch.setattr(
        resumed,
        "start_page",
        lambda *args: taken_over.append(start_page(*args)[0]) or start_page(*args),
    )
    add_font_face = FontConfiguration.add_font_face
    monkeypatch.setattr(
        FontConfiguration,
        "add_font_face",
        lambda self, *args: loaded.append(args) or add_font_face(self, *args),
    )
    from tests.projects import ARTICLE, article_paragraphs

    paragraphs = article_paragraphs()[1][:24]  # two pages: one to take over
    project = make_project(tmp_path, ARTICLE + "\n\n" + "\n\n".join(paragraphs) + "\n")
    manuscript = project / "manuscript" / "artikel.md"
    text = manuscript.read_text(encoding="utf-8")
    monkeypatch.chdir(project)
    outputs = [project / "output" / f"project.{kind}" for kind in ("pdf", "epub")]

    def rebuilt_as_cold() -> tuple[int, list[bytes]]:
        loaded.clear()
        rebuilt = [result.path.read_bytes() for result in build(None, {}, {})]
        fonts_loaded = len(loaded)
        ran = run_process("build", "--force", "-q", cwd=project)
        assert ran.returncode == 0, ran.stderr
        assert rebuilt == [path.read_bytes() for path in outputs]
        return fonts_loaded, rebuilt

    with kept_warm():  # as `watch` builds
        build(None, {}, {}, force=True)
        assert loaded  # the first build loads the fonts
        manuscript.write_text(text + "\nEen extra zin, na het bewaren.\n", encoding="utf-8")
        taken_over.clear()
        fonts_loaded, after_save = rebuilt_as_cold()
        assert fonts_loaded == 0
        # the first layout after the save took the pages before the edit over from the
        # build before (and gave the cold build's bytes all the same)
        assert taken_over and taken_over[0] > 0, taken_over
        with (project / "styles" / "print.css").open("a", encoding="utf-8") as css:
            css.write("\n.lede { letter-spacing: 0.05em; }\n")
        fonts_loaded, after_style = rebuilt_as_cold()
        assert fonts_loaded > 0  # a changed stylesheet is parsed again, its fonts loaded
        assert after_style[0] != after_save[0]
    loaded.clear()
    build(None, {}, {}, force=True)
    assert loaded  # a build outside `watch` loads its fonts itself


def test_an_undated_manuscript_still_gives_the_same_pdf_and_epub(tmp_path):
    import os
    import time

    import pypdf

    project = make_project(tmp_path)  # its front matter has no date
    outputs = []
    for name in ("a", "b"):
        for kind in ("pdf", "epub"):
            assert (
                run_cli(kind, "-o", str(tmp_path / f"{name}.{kind}"), cwd=project).returncode == 0
            )
        outputs.append(name)
        time.sleep(1.1)  # a clock in the output would show now
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert (tmp_path / "a.epub").read_bytes() == (tmp_path / "b.epub").read_bytes()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    assert run_cli("pdf", "-o", str(tmp_path / "c.pdf"), cwd=project, env=env).returncode == 0
    info = pypdf.PdfReader(str(tmp_path / "c.pdf")).metadata
    assert info["/CreationDate"].startswith("D:20231114")
