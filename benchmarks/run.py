"""pamphletpress benchmarks: every speed and memory goal, measured side by side.

    pip install -r benchmarks/requirements.txt && python benchmarks/run.py

Each figure is the median of several runs of whole commands (fresh processes,
as a user runs them); ratios compare two commands measured in the same run,
alternating, so machine load affects both alike. Results are printed as a
table and written to ``benchmarks/results.json``. Nothing here is a test: the
figures are for people to read and compare with the goals.

    --quick       fewer runs and a smaller big manuscript (a smoke run)
    --only check  only `check` against a cold `pdf` of the article (a minute, not the whole run)
    --only issue  only the sample issue's `pdf` against bare WeasyPrint on its HTML
    --only breaker  only the line breaker, in this process (ms per paragraph)
    --only epub   only the article's `epub` against pandoc (seconds)
    --only typography [--before REV]
                  the typographic figures of the article and the corpus, read back
                  from their PDFs (benchmarks/typography.py), beside a revision's
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_project  # noqa: E402

PYTHON = sys.executable
TOOL = [PYTHON, "-m", "pamphletpress"]


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    return elapsed


def side_by_side(a: list[str], b: list[str], runs: int, cwd: Path | None = None, before=None):
    """Median times of two commands, run alternately (a, b, a, b …)."""
    times_a, times_b = [], []
    for _ in range(runs):
        if before:
            before()
        times_a.append(timed(a, cwd))
        if before:
            before()
        times_b.append(timed(b, cwd))
    return statistics.median(times_a), statistics.median(times_b)


def peak_memory_mib(command: list[str], cwd: Path | None = None) -> float:
    """Peak resident memory of a command and its children."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PYTHON, "-c", probe, *command], cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{out.stderr}")
    return int(out.stdout.strip()) / 1024


def pages_of(pdf: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(str(pdf)).pages)


def weasyprint_cli(same_pdf: bool = True) -> list[str]:
    """Bare WeasyPrint; with ``same_pdf`` asked for the same PDF pamphletpress writes
    (PDF/X-4 with the FOGRA39 output intent), so only our own work is compared."""
    found = shutil.which("weasyprint")
    command = [found] if found else [PYTHON, "-m", "weasyprint"]
    if same_pdf:
        command += ["--pdf-variant", "pdf/x-4", "--output-intent=--fogra39"]
    return command


def pandoc_path() -> str:
    try:
        import pypandoc
    except ImportError:
        raise SystemExit("pandoc is needed: pip install -r benchmarks/requirements.txt") from None
    return pypandoc.get_pandoc_path()


def article_project(work: Path) -> Path:
    """A copy of the repository's article project in ``work``."""
    project = work / "article"
    shutil.copytree(ROOT / "manuscript", project / "manuscript")
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "fonts", project / "fonts")
    return project


def bench_issue(work: Path, runs: int) -> dict:
    """The sample issue (docs/sample-issue): its PDF against bare WeasyPrint on the
    issue's final HTML (goal: at most 2x; the issue layout lays the pages out in rounds)."""
    project = work / "issue"
    shutil.copytree(ROOT / "docs" / "sample-issue", project / "manuscript")
    html = project / "output" / "issue.html"
    subprocess.run([*TOOL, "html", "-q", "-o", str(html)], cwd=project, check=True)
    ours, bare = side_by_side(
        [*TOOL, "pdf", "-q", "-o", "output/a.pdf"],
        [*weasyprint_cli(), str(html), str(project / "output" / "b.pdf")],
        runs,
        cwd=project,
    )
    return {"pamphletpress_s": ours, "weasyprint_s": bare, "ratio": ours / bare, "goal": 2.0}


def issue_line(issue: dict) -> str:
    return (
        f"issue pdf: {issue['pamphletpress_s']:.1f} s, bare WeasyPrint on its HTML "
        f"{issue['weasyprint_s']:.1f} s, ratio {issue['ratio']:.2f} (goal <= {issue['goal']})"
    )


def bench_epub(project: Path, runs: int) -> dict:
    """`epub` against pandoc on the same manuscript, each writing an EPUB 3."""
    manuscript = next((project / "manuscript").glob("*.md"))
    ours, pandoc = side_by_side(
        [*TOOL, "epub", "-q", "-o", "output/a.epub"],
        [pandoc_path(), str(manuscript), "-o", str(project / "output" / "p.epub")],
        runs,
        cwd=project,
    )
    return {"pamphletpress_s": ours, "pandoc_s": pandoc, "ratio": ours / pandoc, "goal": 3.0}


def bench_article(work: Path, runs: int) -> dict:
    """The article: pdf vs bare WeasyPrint, epub vs pandoc, up-to-date build, watch, check."""
    results: dict = {}
    project = article_project(work)
    html = project / "output" / "article.html"
    subprocess.run([*TOOL, "html", "-o", str(html)], cwd=project, check=True)

    ours, bare = side_by_side(
        [*TOOL, "pdf", "-q", "-o", "output/a.pdf"],
        [*weasyprint_cli(), str(html), str(project / "output" / "b.pdf")],
        runs,
        cwd=project,
    )
    results["pdf"] = {
        "pamphletpress_s": ours,
        "weasyprint_s": bare,
        "ratio": ours / bare,
        "goal": 1.2,
    }
    ours_plain, bare_plain = side_by_side(
        [*TOOL, "pdf", "-q", "-o", "output/a.pdf"],
        [*weasyprint_cli(same_pdf=False), str(html), str(project / "output" / "c.pdf")],
        runs,
        cwd=project,
    )
    results["pdf_vs_plain_weasyprint"] = {
        "pamphletpress_s": ours_plain,
        "weasyprint_s": bare_plain,
        "ratio": ours_plain / bare_plain,
    }

    results["epub"] = bench_epub(project, runs)
    manuscript = next((project / "manuscript").glob("*.md"))

    cache = project / ".pamphletpress-cache"
    timed([*TOOL, "build", "-q"], cwd=project)  # the build whose outputs are then up to date
    skip, cold = side_by_side(
        [*TOOL, "build", "-q"],
        [*TOOL, "pdf", "-q", "-o", "output/cold.pdf"],
        runs,
        cwd=project,
    )
    results["build_unchanged"] = {
        "up_to_date_build_s": skip,
        "cold_pdf_s": cold,
        "ratio": skip / cold,
        "goal": 0.35,
    }
    if cache.exists():
        shutil.rmtree(cache)
    results["watch"] = bench_watch(project, manuscript, runs)
    results["epub_imports_weasyprint"] = imports_weasyprint(project)
    results["check"] = bench_check(project, runs)
    return results


def bench_watch(project: Path, manuscript: Path, runs: int) -> dict:
    """A `watch` rebuild after an edit against a cold `build` of the same project."""
    cold_build = statistics.median(
        timed([*TOOL, "build", "-q", "--force"], cwd=project) for _ in range(runs)
    )
    rebuild = watch_rebuild_seconds(project, manuscript, max(runs, 3))
    return {
        "rebuild_after_edit_s": rebuild,
        "cold_build_s": cold_build,
        "ratio": rebuild / cold_build,
        "goal": 0.5,
    }


def bench_breaker(runs: int) -> dict:
    """The Knuth–Plass breaker alone, in this process: 100 paragraphs of 80 words of
    the article, hyphenated by Pyphen, at a 42-character measure (a book's 3,000
    paragraphs must take seconds, not minutes)."""
    import pyphen

    from pamphletpress.compose.breaker import (
        FILL,
        INFINITY,
        Box,
        Glue,
        Params,
        Penalty,
        break_lines,
    )

    text = next((ROOT / "manuscript").glob("*.md")).read_text(encoding="utf-8")
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1]
    dic = pyphen.Pyphen(lang="nl_NL")
    paragraphs = []
    for start in range(0, 100 * 80, 80):
        items: list = []
        for k in range(80):
            parts = dic.inserted(words[(start + k) % len(words)]).split("-")
            for j, part in enumerate(parts):
                items.append(Box(len(part), part))
                if j < len(parts) - 1:
                    items.append(Penalty(1, 50, True, value="-"))
            items.append(Glue(1, 1, 0.5, " "))
        paragraphs.append(items[:-1] + [Glue(0, FILL, 0), Penalty(0, -INFINITY)])
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        for items in paragraphs:
            break_lines(items, [42], Params(tolerance=400))
        seconds.append(time.perf_counter() - started)
    per_paragraph_ms = statistics.median(seconds) / len(paragraphs) * 1000
    return {"ms_per_paragraph": per_paragraph_ms, "goal_ms": 5.0}


def breaker_line(breaker: dict) -> str:
    return (
        f"breaker alone: {breaker['ms_per_paragraph']:.2f} ms per 80-word paragraph"
        f" (goal ≤ {breaker['goal_ms']:g})"
    )


def bench_check(project: Path, runs: int) -> dict:
    """`check` on the article's PDF, the whole preflight (structure, Ghostscript's
    separations, words, typography) as a user runs it in a fresh process, side by
    side with the cold `pdf` build that made it."""
    timed([*TOOL, "pdf", "-q", "-o", "output/checked.pdf"], cwd=project)
    check_s, cold = side_by_side(
        [*TOOL, "check", "-q", "output/checked.pdf"],
        [*TOOL, "pdf", "-q", "-o", "output/cold-check.pdf"],
        runs,
        cwd=project,
    )
    return {"check_pdf_s": check_s, "cold_pdf_s": cold, "ratio": check_s / cold, "goal": 1.0}


def watch_rebuild_seconds(project: Path, manuscript: Path, edits: int) -> float:
    """Start `watch`, edit the manuscript, read how long each rebuild took."""
    process = subprocess.Popen(
        [*TOOL, "watch"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    times = []
    try:
        _wait_for(process, r"(rebuilt in|nothing to rebuild)")  # the first round: maybe up to date
        original = manuscript.read_text(encoding="utf-8")
        for edit in range(edits):
            manuscript.write_text(original + f"\nEen extra zin, versie {edit}.\n", encoding="utf-8")
            times.append(float(_wait_for(process, r"rebuilt in ([\d.]+) s")))
        manuscript.write_text(original, encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=20)
    return statistics.median(times)


def _wait_for(process: subprocess.Popen, pattern: str) -> str:
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            raise SystemExit("watch ended unexpectedly")
        match = re.search(pattern, line)
        if match:
            return match.group(1)
    raise SystemExit("watch did not rebuild in time")


def imports_weasyprint(project: Path) -> bool:
    probe = (
        "import sys, runpy; sys.argv = ['pamphletpress', 'epub', '-q', '-o', 'output/i.epub'];\n"
        "try:\n    runpy.run_module('pamphletpress', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('weasyprint' in sys.modules)"
    )
    out = subprocess.run([PYTHON, "-c", probe], cwd=project, capture_output=True, text=True)
    return out.stdout.strip().endswith("True")


def bench_scaling(work: Path, sizes: list[int], runs: int) -> dict:
    """Time per page from 1 to N articles; the biggest against bare WeasyPrint, with memory."""
    rows = []
    for count in sizes:
        project = make_project(work / f"articles-{count}", count)
        pdf = project / "output" / "big.pdf"
        seconds = statistics.median(
            timed([*TOOL, "pdf", "-q", "-o", str(pdf)], cwd=project) for _ in range(runs)
        )
        pages = pages_of(pdf)
        rows.append(
            {"articles": count, "pages": pages, "seconds": seconds, "s_per_page": seconds / pages}
        )
    biggest = make_project(work / f"articles-{sizes[-1]}", sizes[-1])
    html = biggest / "output" / "big.html"
    subprocess.run([*TOOL, "html", "-q", "-o", str(html)], cwd=biggest, check=True)
    ours, bare = side_by_side(
        [*TOOL, "pdf", "-q", "-o", "output/ours.pdf"],
        [*weasyprint_cli(), str(html), str(biggest / "output" / "bare.pdf")],
        max(1, runs - 1),
        cwd=biggest,
    )
    memory = peak_memory_mib([*TOOL, "pdf", "-q", "-o", "output/mem.pdf"], cwd=biggest)
    checked = subprocess.run(
        [*TOOL, "check", "output/ours.pdf", "--manuscript", "manuscript", "--json"],
        cwd=biggest, capture_output=True, text=True,
    )  # fmt: skip
    figures = json.loads(checked.stdout)[0]["figures"]
    words = sum(
        len(p.read_text(encoding="utf-8").split()) for p in (biggest / "manuscript").glob("*.md")
    )
    return {
        "per_size": rows,
        "biggest": {
            "articles": sizes[-1],
            "words": words,
            "pages": pages_of(biggest / "output" / "ours.pdf"),
            "pamphletpress_s": ours,
            "weasyprint_s": bare,
            "ratio": ours / bare,
            "goal": 1.2,
            "peak_memory_mib": memory,
            "memory_goal_mib": 800,
            "missing_words": figures.get("missing_words"),
        },
    }


def report(results: dict) -> str:
    lines = ["", "pamphletpress benchmarks (medians; ratio = ours / reference)", ""]
    a = results["article"]
    pdf, epub, unchanged, watch = a["pdf"], a["epub"], a["build_unchanged"], a["watch"]
    plain = a["pdf_vs_plain_weasyprint"]
    rows = [
        (
            "pdf vs bare weasyprint (same PDF/X-4)",
            pdf["pamphletpress_s"],
            pdf["weasyprint_s"],
            pdf["ratio"],
            "≤ 1.2",
        ),
        (
            "pdf vs plain weasyprint (no PDF/X)",
            plain["pamphletpress_s"],
            plain["weasyprint_s"],
            plain["ratio"],
            "(for information)",
        ),
        ("epub vs pandoc", epub["pamphletpress_s"], epub["pandoc_s"], epub["ratio"], "≤ 3"),
        (
            "build, nothing changed vs cold pdf",
            unchanged["up_to_date_build_s"],
            unchanged["cold_pdf_s"],
            unchanged["ratio"],
            "≤ 0.35",
        ),
        (
            "watch rebuild vs cold build",
            watch["rebuild_after_edit_s"],
            watch["cold_build_s"],
            watch["ratio"],
            "≤ 0.5",
        ),
        check_row(a["check"]),
    ]
    big = results["scaling"]["biggest"]
    label = f"{big['articles']} articles ({big['pages']} pages) vs bare weasyprint (same PDF)"
    rows.append((label, big["pamphletpress_s"], big["weasyprint_s"], big["ratio"], "≤ 1.2"))
    lines += table(rows)
    lines.append("")
    lines.append(f"epub imports WeasyPrint: {a['epub_imports_weasyprint']} (goal: False)")
    lines.append(
        f"peak memory, {big['articles']} articles: {big['peak_memory_mib']:.0f} MiB (goal ≤ 800)"
    )
    lines.append(
        f"words in the big manuscript: {big['words']}, missing from its PDF: {big['missing_words']}"
    )
    lines.append("")
    lines.append("time per page by size:")
    for row in results["scaling"]["per_size"]:
        lines.append(
            f"  {row['articles']:>3} articles  {row['pages']:>4} pages  {row['seconds']:>7.2f} s"
            f"  {row['s_per_page'] * 1000:>6.0f} ms/page"
        )
    return "\n".join(lines)


def article_typography() -> dict:
    """The article's typographic figures, read back from its PDF (benchmarks/typography.py)."""
    import typography

    with tempfile.TemporaryDirectory(prefix="pamphletpress-bench-") as folder:
        return typography.measured(ROOT, "article", ROOT / "manuscript", Path(folder))


def typography_line(figures: dict) -> str:
    if "error" in figures:
        return f"typography of the article: build failed ({figures['error']})"
    return (
        f"typography of the article: widest word space {figures['widest_space_em']:.3f} em, "
        f"loose lines {figures['loose_share'] * 100:.1f} %, lines ending in a hyphen "
        f"{figures['hyphenated_share'] * 100:.1f} %, letters' distance from the column edges "
        f"{figures['edge_deviation_pt']:.2f} pt (right {figures['right_edge_deviation_pt']:.2f})"
    )


def check_row(check: dict) -> tuple:
    return (
        "check of the pdf vs its cold pdf build",
        check["check_pdf_s"],
        check["cold_pdf_s"],
        check["ratio"],
        f"≤ {check['goal']:g}",
    )


def table(rows: list[tuple]) -> list[str]:
    lines = [f"{'measure':<48} {'ours s':>8} {'ref s':>8} {'ratio':>7}  goal"]
    for name, ours, ref, ratio, goal in rows:
        lines.append(f"{name:<48} {ours:>8.2f} {ref:>8.2f} {ratio:>7.2f}  {goal}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument(
        "--only",
        choices=["check", "issue", "breaker", "epub", "typography", "watch"],
        default=None,
    )
    parser.add_argument("--before", default=None, help="with --only typography: a revision")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    sizes = [1, 3, 5] if args.quick else [1, 5, 10, 20, 30]
    # An installed tool runs from byte-compiled modules; an editable checkout
    # with PYTHONDONTWRITEBYTECODE would compile on every start. Level the field.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "src")], capture_output=True)
    if args.only == "check":  # one measure, printed only: the results files keep whole runs
        with tempfile.TemporaryDirectory(prefix="pamphletpress-bench-") as folder:
            check = bench_check(article_project(Path(folder)), runs)
        print("\n".join(["", f"pamphletpress benchmark, check only ({runs} runs, medians)", ""]))
        print("\n".join(table([check_row(check)])))
        return
    if args.only == "watch":
        with tempfile.TemporaryDirectory(prefix="pamphletpress-bench-") as folder:
            project = article_project(Path(folder))
            watch = bench_watch(project, next((project / "manuscript").glob("*.md")), runs)
        print(
            f"watch: rebuild {watch['rebuild_after_edit_s']:.2f} s, cold build "
            f"{watch['cold_build_s']:.2f} s, ratio {watch['ratio']:.2f} (goal <= 0.5; load "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        return
    if args.only == "breaker":
        print(breaker_line(bench_breaker(runs)))
        return
    if args.only == "epub":
        with tempfile.TemporaryDirectory(prefix="pamphletpress-bench-") as folder:
            project = article_project(Path(folder))
            timed([*TOOL, "epub", "-q", "-o", "output/a.epub"], project)  # its caches filled
            epub = bench_epub(project, runs)
        print(
            f"epub: {epub['pamphletpress_s']:.2f} s, pandoc {epub['pandoc_s']:.2f} s, "
            f"ratio {epub['ratio']:.2f} (goal <= {epub['goal']:g}; load "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        return
    if args.only == "typography":
        import typography

        print(typography.report(typography.compare(args.before)))
        return
    if args.only == "issue":
        with tempfile.TemporaryDirectory(prefix="pamphletpress-bench-") as folder:
            print(issue_line(bench_issue(Path(folder), runs)))
        return
    with tempfile.TemporaryDirectory(prefix="pamphletpress-bench-") as folder:
        work = Path(folder)
        results = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "runs": runs,
            "article": bench_article(work, runs),
            "scaling": bench_scaling(work, sizes, max(1, runs // 2)),
        }
        results["issue"] = bench_issue(work, runs)
    results["breaker"] = bench_breaker(runs)
    results["typography"] = article_typography()
    out = Path(__file__).resolve().parent / ("results-quick.json" if args.quick else "results.json")
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    print(issue_line(results["issue"]))
    print(breaker_line(results["breaker"]))
    print(typography_line(results["typography"]))
    print(f"\nwritten: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
