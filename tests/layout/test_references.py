"""The printed pages as pictures: the article's four pages and the sample page, rendered by
pdftoppm at 50 dpi in grey and compared with reviewed PNGs in tests/references/.

The other tests read words and positions back from the PDF; only a picture sees what a
reader sees (a rule gone, a photo blank, a column shifted). After a wanted change, run
``pytest --update-references`` and review the rewritten PNGs in the git diff.

The tolerance: both pictures are blurred by one pixel (which evens out how a renderer
antialiases an edge), and a pixel differs when its grey then moved by more than 48 of 255
levels. At most 0.5 % of the page's pixels may differ, and at most 20 % of any block of
6 × 6 pixels (3 mm). Measured on the article's pages: rendered at 200 dpi and reduced to
50 dpi (other antialiasing and hinting at every letter), or moved by a quarter pixel, at
most 0.01 % of the pixels and 11 % of a block differ; a paragraph or a single line of a
column moved down one line makes 31 % of a block differ; another page 5.7 % and 80 %.
A whole page moved by half a pixel (0.25 mm) fails too; a column moved sideways by one
pixel (0.5 mm) with nothing reflowed passes, at 16 % of a block.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter

from tests.conftest import ROOT

REFERENCES = ROOT / "tests" / "references"
DPI = 50
LEVELS = 16  # grey levels kept: 4 bits a pixel holds a page in some 30 KB
BLUR = 1  # pixels of Gaussian blur on both sides before comparing
INK = 48  # a pixel differs when its blurred grey moved by more than this many levels
TILE = 6  # pixels: a block of 3 mm, a body line's height by two letters' width
MOST_PIXELS = 0.005  # of the page's pixels may differ
MOST_IN_TILE = 0.20  # of one block's pixels may differ
UPDATE = "pytest --update-references"

STEP = 255 / (LEVELS - 1)
LEVEL_OF = [round(v / STEP) for v in range(256)]


def quantized(image: Image.Image) -> Image.Image:
    """The picture in grey with LEVELS levels: what a reference holds, so that a page
    rendered as its reference was compares as identical."""
    return image.convert("L").point([round(level * STEP) for level in LEVEL_OF])


def render(pdf: Path, folder: Path, finer: tuple[int, int] | None = None) -> list[Image.Image]:
    """Every page of ``pdf`` as pdftoppm renders it in grey at DPI; with ``finer`` (a
    page's size in pixels at DPI) rendered at four times DPI and box-reduced to that size,
    which antialiases and hints every letter differently."""
    folder.mkdir(parents=True, exist_ok=True)
    dpi = DPI * 4 if finer else DPI
    args = ["pdftoppm", "-gray", "-png", "-r", str(dpi), str(pdf), str(folder / "page")]
    subprocess.run(args, check=True, timeout=120)
    files = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    pages = []
    for file in files:
        with Image.open(file) as image:
            picture = image.convert("L")
        if finer:  # whole pixels at DPI: pdftoppm rounds each resolution's size up
            paper = Image.new("L", (finer[0] * 4, finer[1] * 4), 255)
            paper.paste(picture.crop((0, 0, *map(min, paper.size, picture.size))))
            picture = paper.reduce(4)
        pages.append(quantized(picture))
    return pages


def save_reference(picture: Image.Image, path: Path) -> None:
    """A 4-bit grey PNG: small in the repository, exactly the quantized picture."""
    indexed = picture.point(LEVEL_OF)
    indexed.putpalette([round(level * STEP) for level in range(LEVELS) for _ in range(3)])
    indexed.save(path, optimize=True, bits=4)


def load_reference(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return quantized(image)


@dataclass
class Difference:
    """How far a rendered page is from its reference."""

    share: float  # of all pixels, differing by more than INK grey levels
    worst_tile: float  # the share in the worst TILE × TILE block
    where: tuple[float, float]  # that block's top left corner, in mm from the page's
    mask: Image.Image | None  # the differing pixels, white on black
    size: str = ""  # set when the pictures differ in size: nothing else compares

    @property
    def fits(self) -> bool:
        return not self.size and self.share <= MOST_PIXELS and self.worst_tile <= MOST_IN_TILE

    def __str__(self) -> str:
        if self.size:
            return self.size
        x, y = self.where
        return (
            f"{self.share:.2%} of the pixels differ (at most {MOST_PIXELS:.1%}), "
            f"{self.worst_tile:.0%} of the worst {TILE * 25.4 / DPI:.0f} mm block "
            f"at {x:.0f} mm, {y:.0f} mm (at most {MOST_IN_TILE:.0%})"
        )


def compare(actual: Image.Image, reference: Image.Image) -> Difference:
    if actual.size != reference.size:
        return Difference(1.0, 1.0, (0, 0), None, f"{actual.size} px, not {reference.size} px")
    blurred = [p.filter(ImageFilter.GaussianBlur(BLUR)) for p in (actual, reference)]
    mask = ImageChops.difference(*blurred).point(lambda v: 255 if v > INK else 0)
    share = mask.histogram()[255] / (mask.width * mask.height)
    tiles = mask.reduce(TILE)  # each pixel: the mean of a block, partial blocks at the edges
    worst = tiles.getextrema()[1]
    data = tiles.tobytes()
    index = data.index(bytes([worst])) if worst else 0
    mm = TILE * 25.4 / DPI
    where = (index % tiles.width * mm, index // tiles.width * mm)
    return Difference(share, worst / 255, where, mask)


def diff_picture(actual: Image.Image, reference: Image.Image, mask: Image.Image) -> Image.Image:
    """The reference faded, the actual page's ink over it in blue, differing pixels red."""
    faded = reference.point(lambda v: 255 - (255 - v) // 4)
    picture = Image.merge("RGB", (faded, faded, faded))
    picture.paste((60, 60, 255), mask=actual.point(lambda v: 255 if v < INK else 0))
    picture.paste((255, 0, 0), mask=mask)
    return picture


@pytest.fixture(scope="module")
def pictures(built, nieuws_page, tmp_path_factory) -> dict[str, list[Image.Image]]:
    """The article's and the sample's pages, each rendered once."""
    folder = tmp_path_factory.mktemp("pictures")
    return {
        "oorlog": render(built["pdf"], folder / "oorlog"),
        "nieuws": render(nieuws_page["path"], folder / "nieuws"),
    }


@pytest.mark.parametrize("name", ["oorlog", "nieuws"])
def test_pages_look_as_reviewed(pictures, name, request, tmp_path):
    update = request.config.getoption("--update-references")
    pages = pictures[name]
    assert pages, f"{name}: pdftoppm rendered no pages"
    rewritten, failures = [], []
    for number, actual in enumerate(pages, 1):
        path = REFERENCES / f"{name}-{number}.png"
        if not path.is_file():
            if update:
                REFERENCES.mkdir(exist_ok=True)
                save_reference(actual, path)
                rewritten.append(path.name)
            else:
                failures.append(f"page {number}: no reference {path.relative_to(ROOT)}")
            continue
        reference = load_reference(path)
        difference = compare(actual, reference)
        if difference.fits:
            continue
        if update:
            save_reference(actual, path)
            rewritten.append(path.name)
            continue
        saved = tmp_path / f"{name}-{number}-actual.png"
        actual.save(saved)
        message = f"page {number}: {difference}; actual {saved}"
        if difference.mask is not None:
            diff = tmp_path / f"{name}-{number}-diff.png"
            diff_picture(actual, reference, difference.mask).save(diff)
            message += f", difference {diff} (red)"
        failures.append(message)
    stale = [p for p in REFERENCES.glob(f"{name}-*.png") if int(p.stem.split("-")[1]) > len(pages)]
    for path in stale:
        if update:
            path.unlink()
            rewritten.append(f"{path.name} (removed)")
        else:
            failures.append(f"{path.name}: a reference for a page {name}.pdf no longer has")
    if failures:
        pytest.fail(
            f"{name}.pdf does not look as reviewed:\n  "
            + "\n  ".join(failures)
            + f"\nIf the change is wanted (or there is no reference yet), run {UPDATE} and "
            "review tests/references/ in the git diff.",
            pytrace=False,
        )
    if rewritten:
        pytest.skip(f"rewrote {', '.join(rewritten)} in tests/references/: review the git diff")


def test_another_page_does_not_match(pictures):
    """Two pages of the same two columns of body text, the same design: not the same."""
    reference = load_reference(REFERENCES / "oorlog-2.png")
    difference = compare(pictures["oorlog"][2], reference)
    assert not difference.fits, difference


@pytest.mark.parametrize("height", [30, 8], ids=["paragraph", "line"])
def test_a_moved_paragraph_does_not_match(pictures, height):
    """A paragraph of the left column, or one of its lines, moved down a line fails on
    the block bound alone: too few of the page's pixels change for the share to notice."""
    page = pictures["oorlog"][1]
    moved = page.copy()
    mm = DPI / 25.4
    top = 100 if height > 10 else 150
    box = (round(35.5 * mm), round(top * mm), round(105.5 * mm), round((top + height) * mm))
    line = round(12.5 / 72 * DPI)
    moved.paste(page.crop(box), (box[0], box[1] + line))
    difference = compare(moved, page)
    assert not difference.fits, difference
    assert 0 < difference.share <= MOST_PIXELS, difference
    assert difference.worst_tile > MOST_IN_TILE, difference


def test_antialiasing_noise_matches(pictures, built, tmp_path):
    """The same pages rendered four times finer and reduced: other grey at every edge of
    every letter (and letters hinted otherwise), within the tolerance."""
    finer = render(built["pdf"], tmp_path, finer=pictures["oorlog"][0].size)
    for number, (page, other) in enumerate(zip(pictures["oorlog"], finer, strict=True), 1):
        difference = compare(other, page)
        assert ImageChops.difference(other, page).getbbox(), number  # not the same picture
        assert difference.fits, (number, difference)


def test_a_reference_is_small_and_exact(pictures, tmp_path):
    """A stored reference reads back as the very picture it was made from."""
    picture = pictures["nieuws"][0]
    path = tmp_path / "page.png"
    save_reference(picture, path)
    assert path.stat().st_size < 60_000
    assert ImageChops.difference(load_reference(path), picture).getbbox() is None
