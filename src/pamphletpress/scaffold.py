"""``pamphletpress new``: a project that builds out of the box.

The new project gets its own copy of the styles and fonts (so a designer can
change them without touching the tool), a sample manuscript that shows every
feature, settings, a ``.gitignore`` and ``docs/manuscript-format.md`` (the
manuscript's full description, which the settings' comments point to).
"""

from __future__ import annotations

import shutil
import textwrap
from importlib import resources
from pathlib import Path

from pamphletpress.errors import PamphletError
from pamphletpress.i18n import N_, _
from pamphletpress.read.project import shipped_root

SAMPLE_IMAGE_SIZE = (1200, 420)  # 435 ppi across a 70 mm column
WIDE_IMAGE_SIZE = (1800, 300)  # 310 ppi across both columns (147 mm)
#: The manuscript's full description, which the sample settings' comments name.
MANUSCRIPT_FORMAT = "docs/manuscript-format.md"
#: The settings file's opening comment, as templates/pamphletpress.yml has it in English.
SETTINGS_HEADER = N_(
    "pamphletpress project settings. The front matter of an article wins over these. "
    "Every setting is listed in docs/manuscript-format.md (in this project, beside this "
    "file); yes/no settings take true/false, yes/no or ja/nee."
)
#: The comments after its settings.
SETTINGS_NOTES = (
    N_("the language of pamphletpress's messages: nl or en"),
    N_("the outputs' name (default: the name of this folder)"),
    N_("pdf/x-4 for the print shop, pdf/x-1a, or screen for the web"),
    N_("ja adds crop marks in the bleed"),
    N_("ja bakes Dutch soft hyphens into the EPUB text"),
)


def new_project(folder: Path, issue: bool = False) -> list[Path]:
    """Make a project in ``folder`` (new or empty); return the files made. With
    ``issue`` its manuscript is the sample issue (``issue.yml`` and its articles)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PamphletError(
            _("already exists and is not an empty folder; choose a new name"), folder
        )
    source = shipped_root()
    if not all((source / p).is_file() for p in ("styles/print.css", MANUSCRIPT_FORMAT)):
        raise PamphletError(
            _(
                "the tool's own styles or docs are missing from {source}; reinstall pamphletpress"
            ).format(source=source)
        )
    templates = resources.files("pamphletpress") / "templates"
    made: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source / "styles", folder / "styles")
        shutil.copytree(source / "fonts", folder / "fonts")
        manuscript = folder / "manuscript"
        (manuscript / "afbeeldingen").mkdir(parents=True)
        (manuscript / "voorbeeld.md").write_bytes((templates / "voorbeeld.md").read_bytes())
        _sample_image(manuscript / "afbeeldingen" / "voorbeeld.png", SAMPLE_IMAGE_SIZE)
        _sample_image(manuscript / "afbeeldingen" / "breed.png", WIDE_IMAGE_SIZE)
        settings = (templates / "pamphletpress.yml").read_text(encoding="utf-8")
        (folder / "pamphletpress.yml").write_text(settings_text(settings), encoding="utf-8")
        (folder / ".gitignore").write_bytes((templates / "gitignore").read_bytes())
        # The settings' comments and the sample point to it: the project has its own copy.
        (folder / "docs").mkdir()
        shutil.copyfile(source / MANUSCRIPT_FORMAT, folder / MANUSCRIPT_FORMAT)
        (folder / "output").mkdir()
        if issue:
            _sample_issue(source, manuscript)
    except OSError as exc:
        raise PamphletError(
            _("cannot make the project: {value}").format(value=exc.strerror or exc), folder
        ) from exc
    made = sorted(p for p in folder.rglob("*") if p.is_file())
    return made


def _sample_issue(source: Path, manuscript: Path) -> None:
    """The sample issue in place of the sample article: issue.yml and its articles."""
    sample = source / "docs" / "sample-issue"
    if not (sample / "issue.yml").is_file():
        raise PamphletError(
            _("the sample issue is missing from {sample}; reinstall pamphletpress").format(
                sample=sample
            )
        )
    (manuscript / "voorbeeld.md").unlink()
    shutil.rmtree(manuscript / "afbeeldingen")
    for path in sorted(sample.iterdir()):
        if path.suffix in (".md", ".yml"):
            shutil.copyfile(path, manuscript / path.name)


def settings_text(template: str) -> str:
    """The sample settings with their comments in the chosen language."""
    lines = template.split("\n")
    first = next(i for i, line in enumerate(lines) if not line.startswith("# "))
    header = [f"# {line}" for line in textwrap.wrap(_(SETTINGS_HEADER), 86)]
    text = "\n".join(header + lines[first:])
    for note in SETTINGS_NOTES:
        text = text.replace(f"# {note}", f"# {_(note)}")
    return text


def _sample_image(path: Path, size: tuple[int, int]) -> None:
    """A plain picture, big enough for print, drawn here rather than shipped."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (226, 226, 226))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((0, height - 120, width, height), fill=(200, 16, 46))
    for step in range(0, width, 80):
        draw.line((step, 0, step + height, height), fill=(205, 205, 205), width=20)
    image.save(path, format="PNG", dpi=(435, 435))
