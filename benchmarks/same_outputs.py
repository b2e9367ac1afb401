"""Do two versions of pamphletpress give the same files? Byte for byte, on real manuscripts.

A restructuring must change no output. This builds the repository's article,
``docs/sample`` and every document of ``../shared/corpus`` (PDF and EPUB, with
``build --force``, so the EPUB carries the PDF's page list) once with the source
tree of a git revision and once with the working tree, in the same folder (paths
never differ), and compares the files' SHA-256::

    python benchmarks/same_outputs.py            # against HEAD
    python benchmarks/same_outputs.py 2ab759f    # against any revision

Exit 0 when every file is identical, 1 otherwise (the differing files are named).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def documents() -> dict[str, Path]:
    """Name → manuscript folder (or file) of every document compared."""
    found = {"article": ROOT / "manuscript", "sample": ROOT / "docs" / "sample"}
    if CORPUS.is_dir():
        found.update({p.name: p for p in sorted(CORPUS.iterdir()) if p.is_dir()})
    return found


def _project(source_root: Path, manuscript: Path, folder: Path) -> Path:
    """A fresh project: the source tree's styles and fonts, the manuscript copied in."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source_root / "styles", folder / "styles")
    shutil.copytree(source_root / "fonts", folder / "fonts")
    shutil.copytree(manuscript, folder / "manuscript")
    for path in (folder / "manuscript").rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    config = manuscript.parent / "pamphletpress.yml"
    if manuscript == ROOT / "manuscript" and config.is_file():
        shutil.copy(config, folder / "pamphletpress.yml")
    return folder


def _build(source_root: Path, name: str, manuscript: Path, work: Path) -> dict[str, str]:
    """Build one document with the code under ``source_root``; the outputs' hashes."""
    folder = _project(source_root, manuscript, work / name)
    env = dict(os.environ, PYTHONPATH=str(source_root / "src"))
    done = subprocess.run(
        [sys.executable, "-m", "pamphletpress", "build", "--force", "-q"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-400:]}
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((folder / "output").glob("*.*"))
        if path.suffix in (".pdf", ".epub")
    }


def build_all(source_root: Path, work: Path) -> dict[str, dict[str, str]]:
    """Every document built with one source tree, two at a time (two cores)."""
    docs = documents()
    with ThreadPoolExecutor(max_workers=2) as pool:
        hashes = pool.map(lambda item: _build(source_root, *item, work), docs.items())
        return dict(zip(docs, hashes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", default="HEAD")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-outputs-") as tmp:
        tmp = Path(tmp)
        old_tree = tmp / "old"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old_tree), args.revision],
            check=True,
            capture_output=True,
        )
        try:
            before = build_all(old_tree, tmp / "work")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_tree)],
                check=False,
                capture_output=True,
            )
        after = build_all(ROOT, tmp / "work")
    differ = 0
    for name in before:
        if before[name] == after[name] and "error" not in before[name]:
            print(f"same      {name}: {', '.join(before[name])}")
            continue
        differ += 1
        print(f"DIFFERENT {name}: before {before[name]}\n          after  {after[name]}")
    print(f"{len(before) - differ} of {len(before)} documents give byte-identical PDF and EPUB")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
