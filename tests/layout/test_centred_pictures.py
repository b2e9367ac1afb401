"""A picture narrower than its measure stands in its middle, its caption under it at its
width (issue 24: don-nodemodules' meme and don-techschuld's screenshot stood flush left,
their white all on one side, the caption running on past the picture's right edge)."""

from __future__ import annotations

import pytest

from tests.projects import article_paragraphs, make_project

#: A screenshot (flat colours, wide: small print, across both columns at 200 ppi:
#: 360 pt, narrower than the 418 pt block) and a logo (a drawing at 300 ppi: 96 pt in a
#: 198 pt column).
SCREENSHOT = (1000, 420)
LOGO = (400, 300)


def _flat(size: tuple[int, int], ink: tuple[int, int, int]):
    """A picture of a light ground and a few flat blocks: what print_pictures reads as
    a drawing (and, wide and large, as small print)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (250, 250, 250))
    draw = ImageDraw.Draw(image)
    width, height = size
    for step in range(4):
        x = width * step // 4 + 10
        draw.rectangle((x, height // 4, x + width // 6, height - 10), fill=ink)
    return image


@pytest.fixture(scope="module")
def centred(tmp_path_factory):
    """A built article with the screenshot after its second paragraph and the logo
    after its sixth: the PDF read back."""
    from pamphletpress.build import Job
    from pamphletpress.check import pdfread

    folder = tmp_path_factory.mktemp("centred")
    head, paragraphs = article_paragraphs()
    shot = "![Het scherm waarin de redactie de kopij bijhoudt](beeld/scherm.png)"
    logo = "![Het logo](beeld/logo.png)"
    text = "\n\n".join([*paragraphs[:2], shot, *paragraphs[2:6], logo, *paragraphs[6:10]])
    project = make_project(folder, f"{head}\n---\n\n{text}\n")
    (project / "manuscript" / "beeld").mkdir()
    _flat(SCREENSHOT, (30, 90, 160)).save(project / "manuscript" / "beeld" / "scherm.png")
    _flat(LOGO, (200, 30, 30)).save(project / "manuscript" / "beeld" / "logo.png")
    Job.load(project / "manuscript").pdf(folder / "centred.pdf")
    return pdfread.read(folder / "centred.pdf")


def _placed(pdf, wide: bool) -> tuple[dict, object, list[dict]]:
    """The picture over the gutter (``wide``) or inside a column, its page, and the
    caption's letters (7.5 pt) under it."""
    for page in pdf.pages:
        middle = (page.trim[0] + page.trim[2]) / 2
        for image in pdf.shown_images(page):
            if (image["x0"] < middle < image["x1"]) == wide:
                caption = [
                    c
                    for c in page.chars
                    if abs(c["size"] - 7.5) < 0.2
                    and c["text"].strip()
                    and image["bottom"] <= c["top"] <= image["bottom"] + 30
                ]
                return image, page, caption
    raise AssertionError(f"no picture {'across' if wide else 'in'} the columns")


def _measure(pdf, page, x: float) -> tuple[float, float]:
    """Where the body lines run on ``page``: across the block, or in the column at ``x``."""
    lines = [line for line in pdf.column_lines(9.5) if line.page + 1 == page.number]
    middle = (page.trim[0] + page.trim[2]) / 2
    if x is not None:
        lines = [line for line in lines if (line.x0 < middle) == (x < middle)]
    return min(line.x0 for line in lines), max(line.x1 for line in lines)


def _assert_centred_with_caption(image, caption, left: float, right: float) -> None:
    before, after = image["x0"] - left, right - image["x1"]
    assert before > 20 and after > 20, (before, after)  # narrower: white both sides
    # the lines' ends read from their glyphs: hanging marks pass the measure by ~3 pt
    assert abs(before - after) < 4.5, (before, after)
    assert caption, "no caption under the picture"
    assert abs(min(c["x0"] for c in caption) - image["x0"]) < 1.5
    assert max(c["x1"] for c in caption) <= image["x1"] + 0.5


def test_a_picture_across_the_columns_narrower_than_the_block_stands_in_its_middle(centred):
    """The screenshot (360 pt of the 418 pt block) has as much white left as right, its
    caption starts at its left edge and runs no further than its right."""
    from tests.pagefaults import pictures_off_centre

    image, page, caption = _placed(centred, wide=True)
    _assert_centred_with_caption(image, caption, *_measure(centred, page, None))
    assert pictures_off_centre(centred.path) == []


def test_a_picture_narrower_than_its_column_stands_in_its_middle(centred):
    """The logo (96 pt in a 198 pt column) is centred in its column, as a picture across
    both is in the block, its caption under it at its width."""
    image, page, caption = _placed(centred, wide=False)
    _assert_centred_with_caption(image, caption, *_measure(centred, page, image["x0"]))
