"""The composer set up for a project: its stylesheet's columns, its fonts.

The paragraph composer is used only where its measurements are sure to match
the page: the stylesheets must state the design's numbers and the body fonts
must be there; otherwise WeasyPrint breaks the lines and the build says so.
Within one process (``watch``) fonts and composed paragraphs are remembered.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pamphletpress.compose.compounds import compound_guesser
from pamphletpress.compose.paragraph import (
    SUPERSCRIPT_SCALE,
    FontSet,
    Setup,
    compose_paragraph,
    is_indented,
)
from pamphletpress.design import read_design
from pamphletpress.project import Project


def composer_for_project(project: Project, stylesheets: list[Path], notes: list[str]):
    """``composer_for(article, hyphenator)`` for :func:`pamphletpress.html.print_html`,
    and the list of setups whose reports tell what the composer did."""
    design = read_design(stylesheets)
    if design is None:
        notes.append("composer off: the stylesheet does not state the design's numbers")
        return None, []
    try:
        fonts = _font_set(project.fonts_dir)
    except (OSError, ValueError) as exc:
        notes.append(f"composer off: cannot measure the body fonts ({exc})")
        return None, []
    setups = []

    def composer_for(article, hyphenator):
        setup = Setup(
            fonts=fonts,
            size=design.body_size,
            width=design.column_width,
            indent=design.indent,
            insets=dict(design.insets),
            call_scale=(
                design.call_size / design.body_size if design.call_size else SUPERSCRIPT_SCALE
            ),
            hyphenator=hyphenator,
            compounds=compound_guesser(
                article.meta.lang,
                project.root / "hyphenation" / f"{article.meta.lang.split('-')[0]}.txt",
            ),
        )
        setups.append(setup)
        key = (design, _fonts_signature(project.fonts_dir), hyphenator.lang,
               tuple(sorted(hyphenator.exceptions)))  # fmt: skip
        return _remembering(setup, key)

    notes.append(
        f"composer: columns of {design.column_width / 72 * 25.4:.1f} mm, "
        f"body {design.body_size:g} pt"
    )
    return composer_for, setups


def _fonts_signature(folder: Path) -> tuple:
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.[ot]tf"))
    )


_FONT_SETS: dict[tuple, object] = {}


def _font_set(folder: Path):
    """The composer's fonts, loaded once per process while the files stay the same."""
    key = (str(folder), _fonts_signature(folder))
    if key not in _FONT_SETS:
        _FONT_SETS.clear()
        _FONT_SETS[key] = FontSet.charis(folder)
    return _FONT_SETS[key]


#: Paragraphs already composed in this process, by everything their lines depend
#: on: ``watch`` recomposes only what an edit changed.
_COMPOSED: dict[tuple, tuple[bool, bytes, str]] = {}


def _remembering(setup, setup_key: tuple):
    """``compose_paragraph`` for ``setup``, remembering its results."""

    def compose(paragraph, inset: str | None = None, indent: bool | None = None, rule=None) -> bool:
        indented = is_indented(paragraph) if indent is None else indent
        key = (setup_key, inset, indented, rule, etree.tostring(paragraph, with_tail=False))
        hit = _COMPOSED.get(key)
        if hit is None:
            before = len(setup.report.fallbacks)
            done = compose_paragraph(paragraph, setup, indented, inset, rule)
            reason = setup.report.fallbacks[-1] if len(setup.report.fallbacks) > before else ""
            if len(_COMPOSED) > 50_000:
                _COMPOSED.clear()
            _COMPOSED[key] = (
                done,
                etree.tostring(paragraph, with_tail=False) if done else b"",
                reason,
            )
            return done
        done, composed, reason = hit
        if not done:
            if reason:
                setup.report.fallbacks.append(reason)
            return False
        again = etree.fromstring(composed)
        tail = paragraph.tail
        paragraph.clear()
        paragraph.attrib.update(again.attrib)
        paragraph.text = again.text
        paragraph.extend(list(again))
        paragraph.tail = tail
        setup.report.composed += 1
        setup.report.lines += len(paragraph)
        return True

    return compose


def fallback_warning(setups, document) -> str | None:
    """The paragraphs the composer left, said so an editor can act: which, why, what to do."""
    fallbacks = [f for s in setups for f in s.report.fallbacks]
    if not fallbacks:
        return None
    reason, _, quote = fallbacks[0].partition(": “")
    if reason == "no measured font for code text":
        advice = "it holds code (text between `backticks`); remove the backticks unless it is code"
    elif reason.startswith("the font lacks"):
        advice = f"{reason.replace('the font lacks', 'it holds a character the font lacks:')}; "
        advice += "replace that character"
    elif reason == "<img>":
        advice = "it holds an image with text beside it; give the image a paragraph of its own"
    elif reason.startswith("<") or "class or style" in reason:
        advice = f"it holds HTML ({reason}); write it as plain Markdown"
    else:
        advice = reason
    count = len(fallbacks)
    which = "1 paragraph" if count == 1 else f"{count} paragraphs, the first"
    more = "" if count == 1 else " (-v lists them all)"
    from pamphletpress.errors import display_path

    sources = {a.source for a in document.articles if a.source is not None}
    where = f"{display_path(next(iter(sources)))}: " if len(sources) == 1 else ""
    return f"{where}{which} “{quote} got looser, simpler line breaking: {advice}{more}"


def composer_summary(setups) -> str:
    """One build note: how many paragraphs the composer set, and which it left."""
    composed = sum(s.report.composed for s in setups)
    fallbacks = [f for s in setups for f in s.report.fallbacks]
    text = f"composer: {composed} paragraphs set, {len(fallbacks)} left to WeasyPrint"
    return text + "".join(f"\n    {f}" for f in fallbacks)
