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
)

MEASURE = """
import json, sys
from pathlib import Path
from pamphletpress.check.typometrics import measure_pdf
from pamphletpress.read.design import read_design
design = read_design(sorted(Path(sys.argv[2]).glob("*.css")))
print(json.dumps(measure_pdf(sys.argv[1], design.body_size if design else 9.5).as_dict()))
"""


def _measured(source_root: Path, name: str, manuscript: Path, work: Path) -> dict:
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


def measure_all(source_root: Path, work: Path) -> dict[str, dict]:
    """Every document built with one source tree, two at a time (two cores)."""
    docs = documents()
    docs.pop("sample", None)  # one page of headings and a box: no column text to speak of
    with ThreadPoolExecutor(max_workers=2) as pool:
        figures = pool.map(lambda item: _measured(source_root, *item, work), docs.items())
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
            value = show(after[key])
            if key in old:
                value = f"{show(old[key])} → {value}"
            row += f"{value:>18}"
        lines.append(row)
    if before:
        lines.append(f"(before: {results['revision']}; after: the working tree)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", default=None)
    args = parser.parse_args()
    print(report(compare(args.revision)))


if __name__ == "__main__":
    main()
