"""The language of the messages: which catalogue speaks (option, setting, system locale,
English), and ``_``/``ngettext`` that translate through it.

English is the source language; the catalogues are gettext's, in ``locale/``: ``.po``
sources in the repository, compiled to ``.mo`` at install (``setup.py``). A source
checkout without the ``.mo`` (or with a ``.po`` edited since) compiles its ``.po`` in
memory with Babel.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

DOMAIN = "pamphletpress"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages the tool speaks (English needs no catalogue).
LANGUAGES = ("en", "nl")
#: The environment variables gettext reads, in its order.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: dict[str, str | None] = {"option": None, "setting": None}


def N_(message: str) -> str:
    """Marks a text for the catalogue that is translated later, where it is shown."""
    return message


def choose(*, option: str | None = None, setting: str | None = None) -> None:
    """The ``--ui-language`` option, or the ``ui_language`` setting of the project read."""
    if option is not None:
        _chosen["option"] = option
    if setting is not None:
        _chosen["setting"] = setting


def reset() -> None:
    """Back to the system's language (a new command run in the same process)."""
    _chosen.update(option=None, setting=None)


def language() -> str:
    """The option, else the setting, else the system locale, else English."""
    return _chosen["option"] or _chosen["setting"] or system_language() or "en"


def system_language(environ: os._Environ | dict | None = None) -> str | None:
    """The first language of ours the locale variables name, read as gettext reads them:
    ``LANGUAGE`` is a list (``nl:en``); the first of the others that is set decides."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if not value:
            continue
        for item in value.split(":") if variable == "LANGUAGE" else [value]:
            code = item.split(".")[0].split("@")[0].split("_")[0].casefold()
            if code in LANGUAGES:
                return code
        if variable != "LANGUAGE":
            return None  # C, POSIX, fr_FR: a language we do not speak, so English
    return None


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; its ``.po`` compiled in memory in a source
    checkout; none (English) for the source language."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.is_file() and not _newer(source, compiled):
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    if not source.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        messages = read_po(file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, messages)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _newer(source: Path, compiled: Path) -> bool:
    """A ``.po`` edited since its ``.mo`` was compiled (an editable install's source tree)."""
    return source.is_file() and source.stat().st_mtime > compiled.stat().st_mtime


def _(message: str) -> str:
    """``message`` in the chosen language (English as written when it has no translation)."""
    return catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` in the chosen language."""
    return catalogue(language()).ngettext(singular, plural, count)
