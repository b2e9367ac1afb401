"""Computed style values remembered across the layouts of one build (an issue's page
runs, an article's trials) and, in ``watch``, the builds after it.

An issue is laid out a page run at a time, some 40 times, and most of each run's
elements were in a run laid out before: WeasyPrint computes each of their
styles' values anew each time (a fifth of the issue's layout time). A computed
value depends only on the element's cascaded declarations, its parent's computed
style and which pseudo-element it is for (and the fonts, the base URL and the
page size, one for a build). So each style WeasyPrint's cascade makes
(``StyleFor.set_computed_styles``) is given a number for those (its parent's
number, its pseudo-element, the cascaded values: equal values, or the same object
where a value cannot be hashed), and a value computed
for one style is given again to a later style of the same number (filled in as the
style is made).

For the cascaded values to be the same objects from one layout to the next, the
declarations of ``style`` attributes (and those WeasyPrint makes of ``lang`` and
``id`` attributes) are parsed and checked once per text (:meth:`Styles.parsed`,
:meth:`Styles.checked`); the stylesheets, the runs' own ``<style>`` elements among
them, are kept parsed by the adapter (``weasy._kept_sheets``). What WeasyPrint
warned about while parsing or computing is not remembered, so each layout warns as
before. A style copied (WeasyPrint copies one to change a value) has no number,
and the values that set another value aside as they are computed (``display``,
``float``, ``position``, ``page``) are always computed: neither is ever given a
remembered value.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

#: Computed on every style: computing them records their specified value too.
ALWAYS_COMPUTED = frozenset({"display", "float", "position", "page"})
#: The attribute a numbered style carries its number in.
NUMBER = "_pamphletpress_number"
_NOTHING = object()  # no value remembered


def _cascade(cascaded) -> frozenset:
    """A style's cascaded values and their weights, as a key: each by its value where it
    can be hashed (equal values compute alike), else by its identity."""
    try:
        return frozenset([(name, value, weight) for name, (value, weight) in cascaded])
    except TypeError:
        return frozenset(
            [(name, _hashed(value), _hashed(weight)) for name, (value, weight) in cascaded]
        )


def _hashed(value):
    """The value where it can be hashed, else its identity (a list of tokens: the same
    stylesheet's) or, for a weight, its text."""
    try:
        hash(value)
    except TypeError:
        return repr(value) if isinstance(value, tuple) else ("id", id(value))
    return value


class _Counted(logging.Filter):
    """Counts WeasyPrint's warnings (and lets them through)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def filter(self, record) -> bool:
        if record.levelno >= logging.WARNING:
            self.seen += 1
        return True


class Styles:
    """The declarations parsed and checked, the style numbers and the computed values of
    one build's layouts; each table forgotten when it holds more than ``kept``."""

    def __init__(self, kept: int = 400_000) -> None:
        self.kept = kept
        self.texts: dict[tuple, object] = {}  # (parser, text) → what it parsed
        #: the declarations' id → (the declarations, their checked values)
        self.checks: dict[int, tuple[object, list]] = {}
        self.numbers: dict[tuple, int] = {}  # (parent, pseudo-element, cascade) → number
        self.values: dict[int, dict[str, object]] = {}  # number → property → value
        self.stored = 0  # values in ``values``
        self.counted = 0  # numbers given
        self.warnings = _Counted()

    @contextlib.contextmanager
    def counting(self, logger: logging.Logger) -> Iterator[None]:
        """Inside the block, the warnings ``logger`` gives are counted."""
        logger.addFilter(self.warnings)
        try:
            yield
        finally:
            logger.removeFilter(self.warnings)

    def parsed(self, parse: Callable) -> Callable:
        """One of tinycss2's ``parse_*`` functions, giving the same objects for the same text."""

        def parse_text(given, *more, **options):
            if not isinstance(given, str) or more or options:
                return parse(given, *more, **options)
            key = (parse, given)
            found = self.texts.get(key)
            if found is None:
                before = self.warnings.seen
                found = parse(given)
                if self.warnings.seen != before:
                    return found
                if len(self.texts) >= self.kept:
                    self.texts.clear()
                    self.checks.clear()
                self.texts[key] = found
            return found

        return parse_text

    def checked(self, preprocess: Callable) -> Callable:
        """WeasyPrint's ``preprocess_declarations``, the same declarations checked once
        (the checked values the same objects each time)."""

        def checked(base_url, declarations, prelude=None):
            if prelude is not None or not isinstance(declarations, (list, tuple)):
                return preprocess(base_url, declarations, prelude)
            key = (base_url, tuple([id(d) for d in declarations]))
            known = self.checks.get(key)
            if known is not None and all(a is b for a, b in zip(known[0], declarations)):
                return iter(known[1])
            before = self.warnings.seen
            values = list(preprocess(base_url, declarations))
            if self.warnings.seen == before and len(self.checks) < self.kept:
                self.checks[key] = (tuple(declarations), values)
            return iter(values)

        return checked

    def numbered(self, set_computed_styles: Callable) -> Callable:
        """WeasyPrint's ``StyleFor.set_computed_styles``, the style it makes numbered."""

        def set_styles(
            style_for,
            element,
            parent,
            root=None,
            pseudo_type=None,
            base_url=None,
            target_collector=None,
        ):
            set_computed_styles(
                style_for, element, parent, root, pseudo_type, base_url, target_collector
            )
            computed = style_for.get_computed_styles()
            above = None
            if parent is not None:
                above = computed[parent, None].__dict__.get(NUMBER)
                if above is None:
                    return  # under a style that has no number
            style = computed[element, pseudo_type]
            cascaded = style.cascaded.items()
            key = (above, pseudo_type, _cascade(cascaded))
            known = self.numbers.get(key)
            if known is None:
                if len(self.numbers) >= self.kept:
                    self.numbers.clear()
                    self.values.clear()
                    self.stored = 0
                self.counted += 1  # never a number given before: live styles keep theirs
                # the cascaded values kept, so that their ids are no other's
                known = self.numbers[key] = (self.counted, tuple(cascaded))
            style.__dict__[NUMBER] = known[0]
            filled = self.values.get(known[0])
            if filled:
                style.update(filled)  # what its likes computed, before anything asks

        return set_styles

    def remembered(self, missing: Callable) -> Callable:
        """WeasyPrint's ``ComputedStyle.__missing__``, answering from what a style of the
        same number computed."""
        values = self.values
        warnings = self.warnings

        def computed(style, key):
            number = style.__dict__.get(NUMBER)
            if number is None or key in ALWAYS_COMPUTED:
                return missing(style, key)
            filled = values.get(number)
            if filled is None:
                filled = values[number] = {}
            value = filled.get(key, _NOTHING)
            if value is _NOTHING:
                before = warnings.seen
                value = missing(style, key)
                if warnings.seen == before and self.stored < self.kept:
                    filled[key] = value
                    self.stored += 1
                return value
            style[key] = value
            return value

        return computed
