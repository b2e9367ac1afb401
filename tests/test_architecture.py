"""The package reads as the pipeline: stages import only downward, and no module hides.

Read from the source with :mod:`ast` (nothing is imported): every ``import`` of a
``pamphletpress`` module, at the top or inside a function, counts. The rules are
the ones ``docs/architecture.md`` states.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "pamphletpress"

#: What each stage may import (besides the package's ``__version__``).
ALLOWED = {
    "i18n": {"i18n"},
    "errors": {"i18n", "errors"},
    "read": {"i18n", "errors", "read"},
    "compose": {"i18n", "errors", "read", "compose"},
    "layout": {"i18n", "errors", "read", "compose", "layout"},
    "write": {"i18n", "errors", "read", "compose", "layout", "write"},
    "check": {"i18n", "errors", "read", "compose", "check"},
    "importer": {"i18n", "errors", "read", "compose", "check", "importer"},
    "top": {"i18n", "errors", "read", "compose", "layout", "write", "check", "importer", "top"},
    "cli": {
        *("i18n", "errors", "read", "compose", "layout", "write", "check", "importer", "top"),
        "cli",
    },
}
TOP = {"build", "freshness", "watch", "preview", "scaffold"}

#: Third-party readers and engines, and the one stage each may be used in.
ONLY_IN = {
    "weasyprint": {"layout"},
    "pydyf": {"layout"},
    "pypdf": {"check"},
    "pdfplumber": {"check"},
    "pdfminer": {"check"},
    "ebooklib": {"write"},
    "markdown": {"read"},
    "pyphen": {"compose"},
    "click": {"cli", "errors"},
    "babel": {"i18n"},
}

MAX_LINES = 620  # "about 600"; a longer module must say it is one algorithm
VAGUE_NAMES = {"misc", "util", "utils", "helpers", "common", "tools", "stuff"}


def _modules() -> dict[str, Path]:
    """Dotted name → file of every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def stage_of(module: str) -> str:
    """The pipeline stage a dotted module name belongs to."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    head = parts[1]
    if head in ALLOWED:
        return head
    if head in TOP:
        return "top"
    if head in ("__main__", "helptext", "click_messages"):
        return "cli"
    raise AssertionError(f"{module}: in no stage; add it to a stage package or to TOP")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported name) of every import in the file, resolved to full names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append((node.lineno, name if name in MODULES else base))
    return found


def _internal(name: str) -> str | None:
    """The package module an imported name is (or lives in), or None if outside."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def test_every_module_is_in_a_stage():
    for module in MODULES:
        stage_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_downward(module):
    stage = stage_of(module)
    for line, name in _imports(MODULES[module]):
        target = _internal(name)
        if target is None or target == "pamphletpress":
            continue  # outside the package, or its __version__
        assert stage_of(target) in ALLOWED.get(stage, set()), (
            f"{MODULES[module].relative_to(ROOT)}:{line}: {stage} imports {target} "
            f"({stage_of(target)}); a {stage} module may import only {sorted(ALLOWED[stage])}"
        )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_engines_stay_in_their_stage(module):
    stage = stage_of(module)
    for line, name in _imports(MODULES[module]):
        top = name.split(".")[0]
        if top in ONLY_IN:
            assert stage in ONLY_IN[top], (
                f"{MODULES[module].relative_to(ROOT)}:{line}: {top} is used only in "
                f"{sorted(ONLY_IN[top])}, not in {stage}"
            )


def test_no_import_circles():
    graph = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for _line, name in _imports(path):
            target = _internal(name)
            if target and target != module and not module.startswith(target + "."):
                graph[module].add(target)  # a module importing its own package's face is no circle
    colour: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        colour[node] = 1
        for nxt in sorted(graph[node]):
            if colour.get(nxt) == 1:
                circle = trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt]
                raise AssertionError("import circle: " + " → ".join(circle))
            if nxt not in colour:
                visit(nxt, trail + [nxt])
        colour[node] = 2

    for module in sorted(graph):
        if module not in colour:
            visit(module, [module])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_says_what_it_owns(module):
    path = MODULES[module]
    source = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring and docstring.splitlines()[0].strip(), f"{path}: no opening docstring"
    assert path.stem not in VAGUE_NAMES, f"{path}: a name that says what it holds"
    lines = len(source.splitlines())
    assert lines <= MAX_LINES or "one algorithm" in docstring, (
        f"{path}: {lines} lines; split it by job, or say in its docstring why it is one algorithm"
    )


def test_the_architecture_page_names_every_package():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for package in sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert f"{package}/" in page, package
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_no_dead_code():
    """vulture over the package, the tests and the benchmarks: nothing defined that
    nothing uses (``tests/dead_code_allowed.py`` names what only a framework calls)."""
    import subprocess
    import sys

    found = subprocess.run(
        [sys.executable, "-m", "vulture", "src", "tests", "benchmarks", "--min-confidence", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 0 and not found.stdout, found.stdout + found.stderr
