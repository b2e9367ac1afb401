"""Issue 25: the first hour of a new editor, each mistake planted in a fresh project.

Every test starts from what a new editor has (``pamphletpress new`` or a small
project from :mod:`tests.projects`), makes the mistake, and reads back what the
tool says and makes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.projects import make_project


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


def photo(path: Path, size=(600, 400)) -> Path:
    """A photo sharp enough for one column (217 ppi over 70 mm), not for two (84 ppi)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (120, 140, 160)).save(path)
    return path


# ── 3. an unclosed block ends before the next heading, picture or block ─────

UNCLOSED = """---
title: Huurstaking
lang: nl
---

::: {kind}
De huurders van de Oosterflat leggen hun betaling stil, tot de verhuurder de lekken dicht.

Al drie winters staat het water in de kelders.

![De Oosterflat in de regen](protest.jpg)

Een gewone alinea na de foto, in de kolom.

## Wat nu

De bewonerscommissie vergadert donderdag.
"""


@pytest.mark.parametrize("kind", ["lede", "box Wij zeggen"])
def test_an_unclosed_block_ends_before_the_picture(tmp_path, kind):
    project = make_project(tmp_path, UNCLOSED.replace("{kind}", kind))
    photo(project / "manuscript" / "protest.jpg")
    result = run_cli("pdf", "-o", str(tmp_path / "a.pdf"), cwd=project)
    assert result.returncode == 0, result.stderr  # not "protest.jpg is 84 ppi … use a larger"
    (warning,) = [w for w in warnings_of(result) if "never closed" in w]
    name = kind.split()[0]
    assert warning.startswith("warning: manuscript/artikel.md:6: "), warning
    assert f"':::{name}'" in warning
    assert "ended before the picture on line 11" in warning
    assert "add a line ':::'" in warning

    from pamphletpress.build import Job
    from pamphletpress.read.document import Box

    article = Job.load(project / "manuscript").document.articles[0]
    inside = article.lede if name == "lede" else article.body[0].blocks
    if name == "box":
        assert isinstance(article.body[0], Box)
    assert [e.tag for e in inside] == ["p", "p"]  # the two paragraphs, not the photo
    assert not any(e.iter("img") for e in inside for e in e.iter("img"))
    rest = [b for b in article.body if not isinstance(b, Box)]
    assert any(b.tag in ("figure", "p") and b.find(".//img") is not None for b in rest)


@pytest.mark.parametrize(
    ("after", "reason", "line"),
    [
        ("## Wat nu\n\nDe commissie vergadert.\n", "heading", 9),
        ("Wat nu\n------\n\nDe commissie vergadert.\n", "heading", 9),
        ("::: box Wij zeggen\n- huur omlaag\n:::\n", "block opener", 9),
    ],
)
def test_an_unclosed_lede_ends_before_a_heading_or_a_block(tmp_path, caplog, after, reason, line):
    text = "---\ntitle: Proef\nlang: nl\n---\n\n::: lede\nDe lede, nooit gesloten.\n\n" + after
    project = make_project(tmp_path, text)
    from pamphletpress.build import Job
    from pamphletpress.read.document import text_of

    article = Job.load(project / "manuscript").document.articles[0]
    assert [text_of(e).strip("\xa0■ ") for e in article.lede] == ["De lede, nooit gesloten."]
    assert article.body, "what follows the lede is the article's, not the lede's"
    (message,) = [r.getMessage() for r in caplog.records if "never closed" in r.getMessage()]
    assert "artikel.md:6:" in message
    assert f"ended before the {reason} on line {line}" in message


def test_an_unclosed_lede_at_the_end_still_says_it_runs_to_the_end(tmp_path, caplog):
    text = "---\ntitle: Proef\nlang: nl\n---\n\n::: lede\nDe lede.\n\nNog een alinea.\n"
    project = make_project(tmp_path, text)
    from pamphletpress.build import Job

    Job.load(project / "manuscript")
    (message,) = [r.getMessage() for r in caplog.records if "never closed" in r.getMessage()]
    assert "artikel.md:6:" in message and "runs to the end of the article" in message


def test_a_closed_box_keeps_its_nested_block_and_picture(tmp_path):
    text = (
        "---\ntitle: Proef\nlang: nl\n---\n\nEen alinea.\n\n"
        ":::: box Kader\nTekst in het kader.\n\n![Foto](protest.jpg)\n\n"
        "::: tip\nEen tip.\n:::\n::::\n"
    )
    project = make_project(tmp_path, text)
    photo(project / "manuscript" / "protest.jpg")
    from pamphletpress.build import Job

    (box,) = Job.load(project / "manuscript").document.articles[0].body[1:]
    assert any(b.find(".//img") is not None or b.tag == "img" for b in box.blocks)
    assert any(b.tag == "aside" for b in box.blocks)


# ── 5. a build that skips up-to-date outputs repeats their warnings ──────────


def test_a_skipping_build_repeats_the_warnings(tmp_path):
    text = "---\ntitle: Proef\nkikcer: Bovenkop\nlang: nl\n---\n\nEen gewone alinea.\n"
    project = make_project(tmp_path, text)
    first = run_cli("build", cwd=project)
    assert first.returncode == 0, first.stderr
    said = [w for w in warnings_of(first) if "kikcer" in w]
    assert said == [
        "warning: manuscript/artikel.md:3: unknown setting 'kikcer' is ignored; "
        "did you mean 'kicker'?"
    ]
    again = run_cli("build", cwd=project)
    assert "up to date" in again.stdout
    assert [w for w in warnings_of(again) if "kikcer" in w] == said
    # from manuscript/, the file is named as seen from there
    inside = run_cli("build", cwd=project / "manuscript")
    assert "up to date" in inside.stdout
    assert [w for w in warnings_of(inside) if "kikcer" in w] == [
        said[0].replace("manuscript/artikel.md", "artikel.md")
    ]
    # -q says nothing, but still records: the next build says it again
    assert run_cli("build", "-q", "--force", cwd=project).stderr == ""
    assert [w for w in warnings_of(run_cli("build", cwd=project)) if "kikcer" in w] == said
    # fixed: gone
    manuscript = project / "manuscript" / "artikel.md"
    manuscript.write_text(text.replace("kikcer", "kicker"), encoding="utf-8")
    fixed = run_cli("build", cwd=project)
    assert fixed.returncode == 0 and not warnings_of(fixed), fixed.stderr
    assert not warnings_of(run_cli("build", cwd=project))
