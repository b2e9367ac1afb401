"""The typographic figures of real documents, read back from their PDFs, before and after.

Builds the repository's article and every document of ``../shared/corpus`` (the
PDF only) with the working tree and, given a revision, with that revision's
source tree too, and measures each PDF as ``pamphletpress check`` does
(:mod:`pamphletpress.check.typometrics`, always the working tree's, so both
sides are measured alike): lines ending in a hyphen, the widest word space,
loose lines, and how far the justified lines' letters stand from the column
edge (``edge_deviation_pt``: optical margin alignment brings it down)::

    python benchmarks/typography.py            # the working tree only
    python benchmarks/typography.py 71ecf75    # side by side with a revision
    python benchmarks/run.py --only typography [--before REV]   # the same

Where the ``typst`` package (Typst 0.15, from PyPI) and pandoc (pypandoc) are
installed, each document is also converted by pandoc to Typst and set by Typst
on the same page: A4, the same margins, two columns 5 mm apart, Charis SIL
9.5 pt from the project's fonts, justified and hyphenated in the document's
language, the first lines indented (Typst's defaults otherwise: its optimized
line breaking, and its ``overhang`` hanging punctuation out of the column), and
measured the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from same_outputs import _project, documents  # noqa: E402

#: The figures printed, with how each is shown.
COLUMNS = (
    ("hyphenated_share", "hyph %", lambda v: f"{v * 100:.1f}"),
    ("widest_space_em", "widest em", lambda v: f"{v:.3f}"),
    ("loose_share", "loose %", lambda v: f"{v * 100:.1f}"),
    ("right_edge_deviation_pt", "edge R pt", lambda v: f"{v:.2f}"),
    ("edge_deviation_pt", "edges pt", lambda v: f"{v:.2f}"),
    ("beyond_block_pages", "beyond block", str),
    ("cell_words_broken_twice", "cell 2x broken", str),
)

MEASURE = """
import json, sys
from pathlib import Path
from pamphletpress.check.typometrics import measure_pdf
from pamphletpress.read.design import read_design
from pamphletpress.check import pdfread
from pamphletpress.check.cells import broken_twice
from pamphletpress.check.layoutfaults import outside_text_block
design = read_design(sorted(Path(sys.argv[2]).glob("*.css")))
size = design.body_size if design else 9.5
figures = measure_pdf(sys.argv[1], size).as_dict()
pdf = pdfread.read(sys.argv[1])
# pages with a glyph beyond the text block but marks hanging out of it
figures["beyond_block_pages"] = len(outside_text_block(pdf, pdf.body_lines(size)))
# cell lines that are a word's middle, at print.css's table size and leading; not
# for Typst's PDF (its tables at the body's size, on its own leading): None
if len(sys.argv) < 4:
    table = design.table_size or size
    figures["cell_words_broken_twice"] = len(broken_twice(pdf, table, table * 4 / 3))
print(json.dumps(figures))
"""


def measured(source_root: Path, name: str, manuscript: Path, work: Path) -> dict:
    """One document built with ``source_root``'s code, measured with the working tree's."""
    folder = _project(source_root, manuscript, work / name)
    pdf = folder / "output" / f"{name}.pdf"
    env = dict(os.environ, PYTHONPATH=str(source_root / "src"))
    built = subprocess.run(
        [sys.executable, "-m", "pamphletpress", "pdf", "-q", "-o", str(pdf)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    if built.returncode != 0 or not pdf.is_file():
        return {"error": built.stderr.strip()[-300:]}
    env["PYTHONPATH"] = str(ROOT / "src")
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(pdf), str(folder / "styles")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(measured.stdout)


#: Typst's page: pamphletpress's (print.css's numbers), in Typst's set rules.
TYPST_PAGE = """#set page(width: 210mm, height: 297mm, columns: 2,
  margin: (top: 14mm, bottom: 18mm, inside: 32.5mm, outside: 32.5mm))
#set columns(gutter: 5mm)
#set text(font: "Charis SIL", size: 9.5pt, lang: "{lang}", hyphenate: true)
#set par(justify: true, first-line-indent: 9.5pt)
#let horizontalrule = line(length: 100%)
"""


def typst_measured(name: str, manuscript: Path, work: Path) -> dict:
    """One document converted by pandoc to Typst, set by Typst, measured as ours is."""
    import re
    import shutil

    import pypandoc
    import typst

    folder = work / name
    shutil.copytree(manuscript, folder)  # its pictures beside the Typst source
    files = sorted(manuscript.glob("*.md"))
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in files)
    lang = re.search(r"^lang:\s*([\w-]+)", text, re.M)
    # Citations as written (no bibliography), as pamphletpress prints them.
    body = pypandoc.convert_text(
        text, "typst", format="markdown-citations", extra_args=["--wrap=none"]
    )
    # What Typst refuses and pamphletpress leaves out with a warning: a picture
    # not in the project, a link to nowhere (its text stays).
    body = re.sub(
        r'image\("([^"]*)"\)',
        lambda m: m.group(0) if (folder / m.group(1)).is_file() else "[]",
        body,
    )
    body = body.replace('#link("")', "#box")
    source = folder / f"{name}.typ"
    source.write_text(TYPST_PAGE.replace("{lang}", lang.group(1) if lang else "nl") + body)
    pdf = folder / f"{name}.pdf"
    try:
        typst.compile(str(source), output=str(pdf), font_paths=[str(ROOT / "fonts")])
    except Exception as exc:  # Typst's own errors: a construct pandoc's output lacks
        return {"error": str(exc).splitlines()[0][:200]}
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(pdf), str(ROOT / "styles"), "typst"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(measured.stdout)


def typst_all(work: Path) -> dict[str, dict] | None:
    """Every document set by Typst, or None where Typst or pandoc is not installed."""
    try:
        import pypandoc  # noqa: F401
        import typst  # noqa: F401
    except ImportError:
        return None
    docs = documents()
    docs.pop("sample", None)
    return {name: typst_measured(name, path, work) for name, path in docs.items()}


def measure_all(source_root: Path, work: Path) -> dict[str, dict]:
    """Every document built with one source tree, two at a time (two cores)."""
    docs = documents()
    docs.pop("sample", None)  # one page of headings and a box: no column text to speak of
    with ThreadPoolExecutor(max_workers=2) as pool:
        figures = pool.map(lambda item: measured(source_root, *item, work), docs.items())
        return dict(zip(docs, figures))


def compare(revision: str | None) -> dict:
    """The figures of the working tree and, with a ``revision``, of that revision."""
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="typography-") as tmp:
        tmp_path = Path(tmp)
        if revision:
            old_tree = tmp_path / "old"
            old_tree.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", revision, "src", "styles", "fonts"],
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True)
            results["before"] = measure_all(old_tree, tmp_path / "before")
            results["revision"] = revision
        results["after"] = measure_all(ROOT, tmp_path / "after")
        typst = typst_all(tmp_path / "typst")
        if typst is not None:
            results["typst"] = typst
    return results


def report(results: dict) -> str:
    """A table: one row per document, each figure before → after (or as it is)."""
    before = results.get("before", {})
    head = f"{'document':<20}" + "".join(f"{label:>18}" for _key, label, _show in COLUMNS)
    lines = [head]
    for name, after in results["after"].items():
        row = f"{name:<20}"
        if "error" in after:
            lines.append(f"{row}build failed: {after['error']}")
            continue
        old = before.get(name, {})
        for key, _label, show in COLUMNS:
            value = show(after[key]) if key in after else "–"
            if key in old:
                value = f"{show(old[key])} → {value}"
            row += f"{value:>18}"
        lines.append(row)
    if before:
        lines.append(f"(before: {results['revision']}; after: the working tree)")
    if "typst" in results:
        lines += ["", "Typst 0.15, the same texts (pandoc → Typst, the same page and face):", head]
        for name, figures in results["typst"].items():
            if "error" in figures:
                lines.append(f"{name:<20}not set: {figures['error']}")
                continue
            ours = results["after"].get(name, {})
            row = f"{name:<20}"
            for key, _label, show in COLUMNS:
                if figures.get(key) is None:
                    row += f"{'–':>18}"
                    continue
                behind = key in ours and ours[key] <= figures[key]
                row += f"{show(figures[key]) + ('' if behind else ' !'):>18}"
            lines.append(row)
        lines.append("(! where Typst does better than the working tree)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", default=None)
    args = parser.parse_args()
    print(report(compare(args.revision)))


if __name__ == "__main__":
    main()
