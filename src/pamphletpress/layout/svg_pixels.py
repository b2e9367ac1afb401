"""An SVG drawn as pixels exactly as WeasyPrint draws it on the page (PDF/X-1a's flattening).

PDF/X-1a forbids transparency, and a translucent shape's printed colour depends
on everything drawn beneath it: no single opaque colour can stand in for it
where it overlaps another shape. So a figure whose transparency the variant
cannot keep is drawn once on its own, by the same WeasyPrint SVG code and
the project's fonts that draw it on the page (a PDF with its transparency),
and Ghostscript renders that PDF over white paper at the resolution asked for.
The caller separates the pixels for the press as any other picture.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from pamphletpress.errors import PamphletError
from pamphletpress.i18n import _

#: Ghostscript is given this long to render one figure.
TIMEOUT = 120


def font_faces(stylesheet: Path, svg_text: str) -> str:
    """The ``@font-face`` rules of ``stylesheet`` for the families ``svg_text`` names: the
    SVG's text drawn in the page's fonts (an SVG in an ``<img>`` inherits no other)."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(
        stylesheet.read_text("utf-8"), skip_comments=True, skip_whitespace=True
    )
    named = svg_text.lower()
    faces = []
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        family = re.search(r"font-family\s*:\s*['\"]?([^;'\"]+)", tinycss2.serialize(rule.content))
        if family and family.group(1).strip().lower() in named:
            faces.append(rule.serialize())
    return "\n".join(faces)


def svg_pixels(
    svg: Path,
    size_px: tuple[float, float],
    pixels_across: int,
    stylesheet: Path,
    url_fetcher: Callable,
):
    """``svg`` drawn ``size_px`` CSS pixels large, as an RGB Pillow image ``pixels_across``
    wide over white (its fonts from ``stylesheet``'s ``@font-face`` rules)."""
    import weasyprint
    from PIL import Image
    from weasyprint.text.fonts import FontConfiguration

    gs = shutil.which("gs")
    if gs is None:
        raise PamphletError(
            _(
                "picture {name} has transparency, which PDF/X-1a forbids, and flattening "
                "it needs Ghostscript: apt-get install ghostscript (or build PDF/X-4)"
            ).format(name=svg.name)
        )
    width, height = size_px
    html = (
        "<!DOCTYPE html><html><head><style>"
        f"@page {{ size: {width:.4f}px {height:.4f}px; margin: 0 }} html, body {{ margin: 0 }}"
        f" img {{ display: block; width: {width:.4f}px; height: {height:.4f}px }}"
        f'</style></head><body><img src="{svg.as_uri()}" alt=""></body></html>'
    )
    fonts = FontConfiguration()
    faces = weasyprint.CSS(
        string=font_faces(stylesheet, svg.read_text("utf-8", errors="replace")),
        base_url=stylesheet.as_uri(),
        font_config=fonts,
        url_fetcher=url_fetcher,
    )
    resolution = pixels_across / (width / 96)
    with tempfile.TemporaryDirectory(prefix="pamphletpress-flat-") as folder:
        drawn, pixels = Path(folder) / "figure.pdf", Path(folder) / "figure.ppm"
        weasyprint.HTML(
            string=html, base_url=svg.parent.as_uri() + "/", url_fetcher=url_fetcher
        ).write_pdf(drawn, stylesheets=[faces], font_config=fonts)
        command = [
            gs,
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=ppmraw",
            f"-r{resolution:.3f}",  # no anti-aliasing (-dGraphicsAlphaBits): it
            # composites a translucent stroke twice (0.3 black prints as 0.51); a
            # press does not anti-alias either, and at 300 ppi and more no step shows
            f"-sOutputFile={pixels}",
            str(drawn),
        ]
        try:
            ran = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            ran = None
        if ran is None or ran.returncode != 0 or not pixels.is_file():
            said = ran.stderr.decode(errors="replace").strip()[:200] if ran else "timed out"
            raise PamphletError(
                _(
                    "picture {name} could not be flattened for PDF/X-1a (Ghostscript: "
                    "{said}); export it without transparency, or build PDF/X-4"
                ).format(name=svg.name, said=said)
            )
        with Image.open(pixels) as image:
            return image.convert("RGB")
