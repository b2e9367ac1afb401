"""Column ends: no column ends in a hyphen and none is left short for it (the
paragraph is broken again), and a picture that does not fit at a column's
foot goes to the next column's top with the text running on under it."""

from __future__ import annotations

import re
import shutil

import pytest

from pamphletpress.compose.breaker import (
    FILL,
    INFINITY,
    Box,
    Glue,
    LineRule,
    NoBreaks,
    Params,
    Penalty,
    break_lines,
    keeps,
)
from tests.conftest import MANUSCRIPT, ROOT
from tests.layout.test_layout import column_lines
from tests.layout.test_layout import test_no_orphans_and_no_widows as no_orphans_and_no_widows

WIDTH = 105.0


def _paragraph(words: int = 40) -> list:
    """Words of two or three syllables (hyphen breaks between them) and spaces."""
    items: list = []
    for number in range(words):
        syllables = [10.0 + number % 7, 8.0 + number % 3] + ([9.0] if number % 2 else [])
        for index, width in enumerate(syllables):
            if index:
                items.append(Penalty(3.0, 50.0, flagged=True))
            items.append(Box(width))
        if number < words - 1:
            items.append(Glue(4.0, 2.0, 1.5))
    return items + [Glue(0.0, FILL, 0.0), Penalty(0.0, -INFINITY)]


def _hyphenated(items, breaks) -> list[int]:
    return [
        number
        for number, end in enumerate(breaks[:-1])
        if isinstance(items[end], Penalty) and items[end].flagged
    ]


def test_a_rule_keeps_the_line_count_and_ends_its_line_in_a_whole_word():
    items = _paragraph()
    params = Params(tolerance=300.0)
    breaks = break_lines(items, [WIDTH], params)
    inner = [n for n in _hyphenated(items, breaks) if 0 < n < len(breaks) - 2]
    assert inner, "the test paragraph must hyphenate inside"
    mended_lines = 0
    for number in inner:
        rule = LineRule(len(breaks), (number,))
        try:
            mended = break_lines(items, [WIDTH], params, rule)
        except NoBreaks:
            assert not keeps(items, [WIDTH], params, rule)
            continue
        assert len(mended) == len(breaks)
        assert number not in _hyphenated(items, mended)
        mended_lines += 1
    assert mended_lines


def test_a_rule_no_breaking_can_keep_is_refused():
    items = _paragraph()
    params = Params(tolerance=300.0)
    lines = len(break_lines(items, [WIDTH], params))
    with pytest.raises(NoBreaks):
        break_lines(items, [WIDTH], params, LineRule(lines // 2, ()))
    assert not keeps(items, [WIDTH], params, LineRule(lines // 2, ()))


@pytest.fixture(scope="module")
def seed_with_the_old_rule(tmp_path_factory):
    """The article as it was set before columns were mended: every hyphenated
    line kept from a column's end by breaking a line earlier."""
    from tests.conftest import run_cli

    project = tmp_path_factory.mktemp("oude-regel")
    for name in ("styles", "fonts", "manuscript"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "pamphletpress.yml", project / "pamphletpress.yml")
    css = project / "styles" / "print.css"
    css.write_text(
        css.read_text(encoding="utf-8") + "\n.line.hyphenated { break-after: avoid !important; }\n",
        encoding="utf-8",
    )
    result = run_cli("pdf", "-o", str(project / "old.pdf"), cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "old.pdf"


def test_the_article_leaves_no_column_short_for_a_hyphen(built, seed_with_the_old_rule):
    """The old rule leaves a column short (page 2's left one since the marks hang
    out of the columns, page 1's two before); now a column ends short only
    before a line the composer found no re-break could mend (``held``)."""
    from lxml import html

    from pamphletpress.check import layoutfaults, pdfread

    def faults(path):
        lines = pdfread.read(path).body_lines(9.5)
        assert layoutfaults.column_end_hyphens(lines) == []
        return layoutfaults.short_columns(lines)

    old, new = faults(seed_with_the_old_rule), faults(built["pdf"])
    assert old
    assert not any(fault.page in {f.page for f in old} for fault in new)
    page = html.fromstring(built["html"].read_bytes())
    held = {
        "".join(line.itertext()).split()[-1]
        for line in page.xpath("//span[contains(concat(' ', @class, ' '), ' held ')]")
    }
    for fault in new:
        assert fault.text.split("“")[1].rstrip("”") in held, fault.text


def test_the_composer_holds_only_hyphenated_lines(built):
    """Lines marked ``held`` (no re-break could mend them) are hyphenated ones;
    every paragraph that may be set again (a column end mended, a column's foot
    filled) is the composer's: lines only."""
    from lxml import html

    page = html.fromstring(built["html"].read_bytes())
    for line in page.xpath("//span[contains(@class, 'held')]"):
        assert "hyphenated" in line.get("class").split()
    mendable = page.xpath("//*[@data-mend]")
    assert mendable
    for paragraph in mendable:
        classes = [set((line.get("class") or "").split()) for line in paragraph]
        assert classes and all("line" in c for c in classes)


# ── A picture that does not fit ───────────────────────────────────────────


def _paragraphs() -> list[str]:
    """The article's blocks as written, up to its box."""
    body = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [p for p in re.split(r"\n\n+", body.split("::: box")[0]) if p.strip()]


def _project_with_a_tall_photo(folder, after: int):
    """The article with a tall photo after its ``after``-th paragraph."""
    from PIL import Image, ImageDraw

    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, folder / name)
    images = folder / "manuscript" / "images"
    images.mkdir(parents=True)
    photo = Image.new("RGB", (900, 1100), (200, 210, 220))
    draw = ImageDraw.Draw(photo)
    for x in range(0, 900, 60):
        draw.line([(x, 0), (900 - x, 1100)], fill=(40, 60, 90), width=8)
    photo.save(images / "hoog.png")
    head = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    paragraphs = _paragraphs()
    figure = (
        '![Een hoge foto](images/hoog.png "Een foto die niet onder aan de kolom past. Foto: Test")'
    )
    text = "\n\n".join(paragraphs[:after] + [figure] + paragraphs[after:])
    (folder / "manuscript" / "artikel.md").write_text(f"{head}\n---\n\n{text}\n", encoding="utf-8")
    return folder / "manuscript"


def test_a_photo_that_does_not_fit_goes_on_with_the_text_under_it(tmp_path):
    """After the article's twelfth paragraph the photo would leave a hole at the
    foot of page 1's right column; it goes to the next column's top, and the
    paragraph written after it begins before it, in the hole (cut in two, its
    column end mended across the cut), every word still there."""
    from pamphletpress.build import Job
    from pamphletpress.check import layoutfaults, pdfread
    from pamphletpress.check.preflight import check_pdf
    from tests.words import missing_words, pdf_text, source_words

    manuscript = _project_with_a_tall_photo(tmp_path, 12)
    result = Job.load(manuscript).pdf(tmp_path / "moves.pdf")
    assert any("1 picture that did not fit at a column's foot moved" in n for n in result.notes)
    assert any("broken again so that no column ends in a hyphen" in n for n in result.notes)
    text = pdfread.read(tmp_path / "moves.pdf")
    lines = text.body_lines(9.5)
    assert layoutfaults.figure_holes(text, lines) == []
    page = next(p for p in text.pages if p.images)
    photo = page.images[0]
    side = 0 if photo["x0"] < (page.bbox[0] + page.bbox[2]) / 2 else 1
    # at a column's top: no body line above it in its column
    assert not [
        line
        for line in lines
        if (line.page, line.column) == (page.number - 1, side) and line.top < photo["top"]
    ]
    after = _paragraphs()[12].split()[:3]
    first = next(line for line in lines if line.words[:3] == after)
    assert (first.page, first.column) < (page.number - 1, side)  # it fills the hole
    # and keeps its indent: it follows a paragraph there, not the photo
    edge = min(line.x0 for line in lines if (line.page, line.column) == (first.page, first.column))
    assert first.x0 > edge + 8, (first.x0, edge)
    report = check_pdf(tmp_path / "moves.pdf", manuscript_words=None, separations=False)
    assert not [f for f in report.findings if f.verdict == "fail" and f.code.startswith("pdf-c")]
    source = source_words((manuscript / "artikel.md").read_text(encoding="utf-8"))
    assert missing_words(source, pdf_text(tmp_path / "moves.pdf")) == []


def test_paragraphs_that_call_notes_are_mended_and_keep_their_notes(tmp_path):
    """The article with a note at the end of every long paragraph: its column
    ends are mended (each note still on the page that calls it), none ends in
    a hyphen, none is left short but before a held line."""
    from pamphletpress.build import Job
    from pamphletpress.check import layoutfaults, pdfread
    from tests.notes import calls_and_notes, misplaced_notes

    for name in ("styles", "fonts"):
        shutil.copytree(ROOT / name, tmp_path / name)
    head, body = (MANUSCRIPT / "oorlog.md").read_text(encoding="utf-8").split("\n---\n", 1)
    blocks = [b.strip() for b in re.split(r"\n\n+", body.split("::: box")[0]) if b.strip()]
    text, notes = [], []
    for block in blocks:
        # (Paragraphs of 250 characters and more: so laid out, a column ends on a hyphen.)
        if block.startswith(("#", ":::")) or block.endswith(":::") or len(block) < 250:
            text.append(block)
            continue
        notes.append(
            f"[^n{len(notes) + 1}]: Noot {len(notes) + 1}, met een bron en een toelichting."
        )
        text.append(f"{block}[^n{len(notes)}]")
    (tmp_path / "manuscript").mkdir()
    source = f"{head}\n---\n\n" + "\n\n".join(text) + "\n\n" + "\n".join(notes) + "\n"
    (tmp_path / "manuscript" / "noten.md").write_text(source, encoding="utf-8")
    result = Job.load(tmp_path / "manuscript").pdf(tmp_path / "noten.pdf")
    assert any("broken again so that no column ends in a hyphen" in n for n in result.notes)
    path = tmp_path / "noten.pdf"
    assert misplaced_notes(path) == []
    assert sum(len(calls) for calls, _notes in calls_and_notes(path)) == len(notes)
    lines = pdfread.read(path).body_lines(9.5)
    assert layoutfaults.column_end_hyphens(lines) == []
    assert layoutfaults.short_columns(lines) == []
    no_orphans_and_no_widows(column_lines(path))  # a mended column end keeps both rules
