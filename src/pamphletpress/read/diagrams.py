"""Diagrams written as code (mermaid, Graphviz, PlantUML) drawn as SVG by their own programs.

A fenced ```` ```mermaid ```` block is a picture its author could not paste: where the
program that draws it is installed (``mmdc`` from ``@mermaid-js/mermaid-cli``, ``dot``
from Graphviz, ``plantuml``), the build draws it once, keeps the SVG in the project's
cache under the digest of its source, and prints it as a picture. Where it is not, the
source is printed as code and the warning says how to export it. The programs run on
this computer and fetch nothing; a diagram they cannot draw (a syntax error) is said
with the program's own first line of complaint.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pamphletpress.i18n import N_, _
from pamphletpress.read.svg import natural_width_pt

#: The labels' typeface: the design's sans (styles/print.css), or the reader's.
FONT = "Inter, sans-serif"

#: A column's measure in points (as write/print_html.py estimates it): a diagram drawn
#: over half as wide again goes across both columns, its labels still 8 pt or more.
COLUMN_PT, WIDE_OVER = 198.0, 1.5

#: The browsers mermaid-cli can be pointed at when it has none of its own (Debian's).
BROWSERS = ("chromium-headless-shell", "chromium", "google-chrome", "chrome")


@dataclass(frozen=True)
class Renderer:
    """The program that draws one kind of diagram, and how to export one by hand."""

    program: str
    export: str  # said in the warning when the program is not installed
    try_it: str  # where to find the mistake in a diagram it cannot draw


RENDERERS = {
    "mermaid": Renderer(
        "mmdc",
        N_("on mermaid.live: Actions, SVG; or mmdc -i diagram.mmd -o diagram.svg"),
        N_("on mermaid.live"),
    ),
    "plantuml": Renderer("plantuml", "plantuml -tsvg diagram.puml", N_("with plantuml")),
    "puml": Renderer("plantuml", "plantuml -tsvg diagram.puml", N_("with plantuml")),
    "dot": Renderer("dot", "dot -Tsvg diagram.dot -o diagram.svg", N_("with dot -Tsvg")),
    "graphviz": Renderer("dot", "dot -Tsvg diagram.dot -o diagram.svg", N_("with dot -Tsvg")),
}


class DiagramError(Exception):
    """The program ran and could not draw the diagram; the message says its complaint."""


@dataclass(frozen=True)
class Drawn:
    """A diagram drawn: its SVG file (in the cache), its natural width, its labels, and
    the title and description its source gives for the reader who does not see it
    (mermaid's ``accTitle``/``accDescr``, Graphviz's graph ``label``, PlantUML's ``title``)."""

    svg: Path
    width_pt: float  # as drawn by its program: its labels at their natural size
    labels: list[str]
    title: str | None
    description: str | None


def installed(kind: str) -> str | None:
    """The path of the program that draws ``kind`` diagrams, if this computer has it."""
    renderer = RENDERERS.get(kind)
    return shutil.which(renderer.program) if renderer else None


def draw(kind: str, source: str, cache: Path, font: str) -> Drawn:
    """``source`` drawn as SVG with ``font`` for its labels, from the cache when drawn before.

    Raises :class:`DiagramError` when the program fails on it."""
    program = installed(kind)
    assert program is not None, kind  # the caller asks installed() first
    digest = hashlib.sha256(f"{kind}\0{font}\0{source}".encode()).hexdigest()[:24]
    target = cache / "diagrams" / f"{digest}.svg"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        svg = _sized(_run(RENDERERS[kind].program, program, source, font))
        partial = target.with_suffix(".part")
        partial.write_bytes(svg)
        partial.replace(target)  # never a half-written SVG taken for a drawn one
    title, description = _accessible(kind, source)
    return Drawn(target, natural_width_pt(target) or 0.0, _labels(target), title, description)


def _run(name: str, program: str, source: str, font: str) -> bytes:
    """The program's SVG for ``source`` (its own error as :class:`DiagramError`)."""
    with tempfile.TemporaryDirectory(prefix="pamphletpress-diagram-") as folder:
        work = Path(folder)
        if name == "mmdc":
            (work / "diagram.mmd").write_text(source, encoding="utf-8")
            # Labels as SVG text, not HTML in a foreignObject: WeasyPrint and e-readers
            # draw SVG text; the design's sans for them.
            config = {"htmlLabels": False, "flowchart": {"htmlLabels": False}}
            config["themeVariables"] = {"fontFamily": font}
            (work / "config.json").write_text(json.dumps(config), encoding="utf-8")
            command = [program, "-q", "-i", "diagram.mmd", "-o", "diagram.svg"]
            command += ["-c", "config.json", "-b", "transparent"]
            browser = next(filter(None, map(shutil.which, BROWSERS)), None)
            if browser:
                puppeteer = {"executablePath": browser, "args": ["--no-sandbox"]}
                (work / "browser.json").write_text(json.dumps(puppeteer), encoding="utf-8")
                command += ["-p", "browser.json"]
            result = _call(command, work, None)
            if not (work / "diagram.svg").is_file():
                raise DiagramError(_complaint(result) or _("mmdc wrote no picture"))
            return (work / "diagram.svg").read_bytes()
        if name == "dot":
            family = font.split(",")[0].strip()  # Graphviz takes one name
            command = [program, "-Tsvg", f"-Gfontname={family}", f"-Nfontname={family}"]
            command.append(f"-Efontname={family}")
        else:  # plantuml
            command = [program, "-tsvg", "-pipe", "-failfast2"]
        result = _call(command, work, source.encode())
        if result.returncode != 0 or b"<svg" not in result.stdout:
            raise DiagramError(_complaint(result) or _("{name} wrote no picture").format(name=name))
        return result.stdout


def _call(command: list[str], cwd: Path, stdin: bytes | None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise DiagramError(
            _("{program} took over two minutes").format(program=Path(command[0]).name)
        ) from None
    except OSError as error:
        raise DiagramError(
            _("{program} could not be started: {error}").format(
                program=Path(command[0]).name, error=error
            )
        ) from None


def _complaint(result: subprocess.CompletedProcess) -> str:
    """The program's first meaningful line of complaint (its stack trace left out)."""
    for raw in (result.stderr or b"").decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if line and not line.startswith(("at ", "Error: Evaluation failed", "(node:")):
            return line[:200]
    return ""


def _accessible(kind: str, source: str) -> tuple[str | None, str | None]:
    """The diagram's own title and description, where its language has them."""
    if kind == "mermaid":
        title = re.search(r"^\s*accTitle\s*:\s*(.+?)\s*$", source, re.M)
        said = re.search(r"^\s*accDescr\s*(?::\s*(.+?)\s*$|\{(.*?)\})", source, re.M | re.S)
        description = " ".join((said.group(1) or said.group(2) or "").split()) if said else ""
        return (title.group(1) if title else None), description or None
    if RENDERERS[kind].program == "dot":  # the graph's own label: label="…" outside [ ]
        outside = re.sub(r"\[[^\]]*\]", "", source)
        title = re.search(r"\blabel\s*=\s*\"((?:[^\"\\]|\\.)*)\"", outside)
        return (title.group(1) if title else None), None
    title = re.search(r"^\s*title\s+(.+?)\s*$", source, re.M)  # PlantUML
    return (title.group(1) if title else None), None


def how_to_describe(kind: str) -> str:
    """What to write in a diagram's source for its caption and its description."""
    if kind == "mermaid":
        return _("write 'accTitle: its caption' and 'accDescr: what it shows' in it")
    if RENDERERS[kind].program == "dot":
        return _('give the graph a label (label="what it shows")')
    return _("give it a title line (title What it shows)")


SVG_NS = "{http://www.w3.org/2000/svg}"


def _sized(svg: bytes) -> bytes:
    """The SVG with a width and height of its own: mermaid writes ``width="100%"`` (and a
    max-width), which would stretch it to any box; its viewBox is its natural size."""
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (root.get("width") or "").endswith("%") and len(box) == 4:
        root.set("width", f"{float(box[2]):g}px")
        root.set("height", f"{float(box[3]):g}px")
        style = re.sub(r"max-width:\s*[^;]+;?\s*", "", root.get("style") or "").strip()
        if style:
            root.set("style", style)
        else:
            root.attrib.pop("style", None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _labels(svg: Path) -> list[str]:
    """The drawn SVG's labels in the order drawn, each once."""
    root = etree.parse(str(svg), etree.XMLParser(resolve_entities=False, no_network=True))
    labels: list[str] = []
    for text in root.iter(f"{SVG_NS}text"):
        label = " ".join("".join(text.itertext()).split())
        if label and label not in labels:
            labels.append(label)
    return labels
