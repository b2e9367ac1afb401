"""Click's own messages (the parser's "No such option", "Missing argument" …) in the chosen
language: marked here for the catalogue, and Click made to speak through it while a
command runs.

Click writes its messages with the standard library's ``gettext`` functions, which it
imports by name into each of its modules; :func:`speaking` puts the tool's own
translation functions in their place for the duration of one command line and puts
Click's back afterwards, even on an error.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator

from pamphletpress import i18n
from pamphletpress.i18n import N_

#: Click's modules that translate what they say (each imports ``_``, some ``ngettext``).
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types")


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural form for the catalogue, translated where shown."""
    return singular, plural


#: What an editor can meet of Click's words: mistyped options, missing or wrong values.
MESSAGES = (
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Could not open file {filename!r}: {message}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("Choose from:\n\t{choices}"),
    N_("default: {default}"),
    N_("Aborted!"),
)
PLURALS = (
    N_plural(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."
    ),
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    N_plural("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."),
)


@contextlib.contextmanager
def speaking() -> Iterator[None]:
    """Click's messages through the tool's catalogue while the block runs."""
    modules = [importlib.import_module(f"click.{name}") for name in MODULES]
    saved = [
        (m, name, getattr(m, name))
        for m in modules
        for name in ("_", "ngettext")
        if hasattr(m, name)
    ]
    try:
        for module, name, _original in saved:
            setattr(module, name, i18n._ if name == "_" else i18n.ngettext)
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
