"""The PDF's printing plates, as a press would make them: Ghostscript's ``tiffsep``.

Ghostscript renders each page into one greyscale image per ink (cyan, magenta,
yellow, black and any spot colour), overprint included, inside the BleedBox
(the crop marks, in the registration colour, are outside it and do not count).
From the plates: the most ink on any spot of each page, and the ink under given
areas (the body text's glyphs).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pamphletpress.i18n import _

#: Rendering resolution: fine enough for a 9.5 pt glyph's stem, quick for A4.
RESOLUTION = 72
PROCESS = ("Cyan", "Magenta", "Yellow", "Black")


class SeparationsUnavailable(RuntimeError):
    """Ghostscript is not installed or failed on the file."""


@dataclass
class PagePlates:
    number: int
    box: tuple[float, float, float, float]  # the rendered PDF box (the BleedBox)
    plates: dict[str, object] = field(default_factory=dict)  # ink → Pillow "L", 255 = full ink

    def to_pixels(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        """A rectangle in PDF coordinates (y up) as a pixel box on the plates."""
        scale = RESOLUTION / 72
        left, bottom, _right, top = self.box
        return (
            max(0, int((x0 - left) * scale)),
            max(0, int((top - y1) * scale)),
            max(0, int(round((x1 - left) * scale))),
            max(0, int(round((top - y0) * scale))),
        )

    def max_total(self) -> tuple[float, tuple[int, int] | None]:
        """The highest total of the four process inks on the page, in %, and where (pt)."""
        from PIL import ImageMath

        if any(name not in self.plates for name in PROCESS):
            return 0.0, None
        c, m, y, k = (self.plates[name].convert("I") for name in PROCESS)
        total = ImageMath.lambda_eval(
            lambda e: e["c"] + e["m"] + e["y"] + e["k"], c=c, m=m, y=y, k=k
        )
        _low, high = total.getextrema()
        if high <= 0:
            return 0.0, None
        spot = _where(total, high)
        return high / 255 * 100, spot

    def ink_in(self, pixels: tuple[int, int, int, int], inks=("Cyan", "Magenta", "Yellow")):
        """The most of each ink inside a pixel box, in %."""
        found = {}
        for name in inks:
            plate = self.plates.get(name)
            if plate is None:
                continue
            x0, y0, x1, y1 = pixels
            x1, y1 = min(x1, plate.width), min(y1, plate.height)
            if x1 <= x0 or y1 <= y0:
                continue
            found[name] = plate.crop((x0, y0, x1, y1)).getextrema()[1] / 255 * 100
        return found


def _where(image, value) -> tuple[int, int] | None:
    """The first pixel with ``value``, in points from the rendered box's top left."""
    from PIL import ImageMath

    mask = ImageMath.lambda_eval(lambda e: (e["t"] >= value) * 255, t=image).convert("L")
    bbox = mask.getbbox()
    if bbox is None:
        return None
    scale = 72 / RESOLUTION
    return round(bbox[0] * scale), round(bbox[1] * scale)


def separate(path: Path, boxes: list[tuple[float, float, float, float]]) -> list[PagePlates]:
    """Render every page's plates; ``boxes`` are the pages' BleedBoxes (PDF coordinates)."""
    return start(path).plates(boxes)


def start(path: Path) -> Separating:
    """Start Ghostscript on the plates of ``path`` and return at once: it renders on
    another core while the check reads the PDF's text. :meth:`Separating.plates`
    waits for them; :meth:`Separating.close` stops it if they are not wanted."""
    return Separating(path)


class Separating:
    """Ghostscript rendering a PDF's plates in the background, into a folder of its own."""

    TIMEOUT = 300  # s, from the start

    def __init__(self, path: Path) -> None:
        self._process: subprocess.Popen | None = None
        self._folder: tempfile.TemporaryDirectory | None = None
        self._started = time.monotonic()
        gs = shutil.which("gs")
        if gs is None:
            self._missing = _("Ghostscript (gs) is not installed: apt-get install ghostscript")
            return
        self._missing = None
        self._folder = tempfile.TemporaryDirectory(prefix="pamphletpress-plates-")
        folder = self._folder.name
        command = [
            gs,
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=tiffsep",
            f"-r{RESOLUTION}",
            "-dUseBleedBox",
            "-dMaxSpots=8",
            f"-sOutputFile={folder}/p%d.tif",
            str(path),
        ]
        # Its output goes to files, not pipes: nobody reads a pipe while it runs.
        with open(Path(folder) / "gs.out", "wb") as out, open(Path(folder) / "gs.err", "wb") as err:
            self._process = subprocess.Popen(command, stdout=out, stderr=err)

    def plates(self, boxes: list[tuple[float, float, float, float]]) -> list[PagePlates]:
        """Wait for Ghostscript and read every page's plates; ``boxes`` are the pages'
        BleedBoxes (PDF coordinates)."""
        from PIL import Image

        if self._missing:
            raise SeparationsUnavailable(self._missing)
        try:
            process, folder = self._process, Path(self._folder.name)
            try:
                process.wait(timeout=max(0.0, self.TIMEOUT - (time.monotonic() - self._started)))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise
            if process.returncode != 0:
                err, out = ((folder / n).read_text(errors="replace") for n in ("gs.err", "gs.out"))
                message = (err or out).strip().splitlines()
                raise SeparationsUnavailable(
                    _("Ghostscript could not render the file: ") + (message[-1] if message else "?")
                )
            pages = []
            for number, box in enumerate(boxes, 1):
                page = PagePlates(number=number, box=box)
                for plate in folder.glob(f"p{number}(*).tif"):
                    name = re.match(rf"p{number}\((.+)\)\.tif$", plate.name)
                    if name is None:
                        continue
                    with Image.open(plate) as image:
                        # tiffsep writes 255 for no ink; keep ink as the value
                        page.plates[name.group(1)] = image.convert("L").point(lambda v: 255 - v)
                pages.append(page)
            return pages
        finally:
            self.close()

    def close(self) -> None:
        """Stop Ghostscript if it still runs, and remove its folder."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
