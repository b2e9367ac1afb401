"""The command line's help in the chosen language (Click's commands, options and headings
translated where they are shown, after ``--ui-language`` has been read), and the options
several commands share."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

import click

from pamphletpress.i18n import LANGUAGES, N_, _, choose

HELP = N_("Show this message and exit.")
N_("Usage:"), N_("Options"), N_("Commands"), N_("Arguments")  # Click's headings


class Formatter(click.HelpFormatter):
    """Click's headings ("Usage:", "Options") in the chosen language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else _("Usage:") + " ")

    def section(self, name: str):
        return super().section(_(name))


class Context(click.Context):
    formatter_class = Formatter


@contextlib.contextmanager
def translated_help(holder: click.Option | click.Command) -> Iterator[None]:
    """``holder``'s help (written in English, marked with ``N_``) in the chosen language
    while Click shows it; the English kept for the next language."""
    written = holder.help
    holder.help = _(written) if written else written
    try:
        yield
    finally:
        holder.help = written


class Option(click.Option):
    """An option whose help (marked with ``N_``) is translated when the help is shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with translated_help(self):
            return super().get_help_record(ctx)


class Command(click.Command):
    """A command whose help (marked with ``N_``) is translated when the help is shown."""

    context_class = Context

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated_help(self):
            super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with translated_help(self):
            return super().get_short_help_str(limit)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP)
        return option


class Group(Command, click.Group):
    command_class = Command


def show_usage_error(exc: click.UsageError) -> None:
    """Click's usage error as Click shows it, its hint and heading in the chosen language
    (the parser's own words, "No such option", through :mod:`.click_messages`)."""
    hint = ""
    if exc.ctx is not None and exc.ctx.command.get_help_option(exc.ctx) is not None:
        names = exc.ctx.command.get_help_option_names(exc.ctx)
        hint = _("Try '{command} {option}' for help.").format(
            command=exc.ctx.command_path, option=max(names, key=len)
        )
        hint += "\n"
    if exc.ctx is not None:
        click.echo(f"{exc.ctx.get_usage()}\n{hint}", err=True)
    click.echo(_("Error: {message}").format(message=exc.format_message()), err=True)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        choose(option=value.casefold())
    return value


def ui_language_option(func):
    """``--ui-language nl``: read first (eager), so that the help, too, speaks it."""
    return click.option(
        "--ui-language",
        type=click.Choice(LANGUAGES, case_sensitive=False),
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_choose_language,
        cls=Option,
        help=N_("The language of the messages: en or nl (default: the ui_language setting, "
                "then the system's language)."),
    )(func)  # fmt: skip


VARIANT_CHOICE = click.Choice(["pdf/x-4", "pdf/x-1a", "screen"])
option = functools.partial(click.option, cls=Option)

manuscript_argument = click.argument("manuscript", required=False, type=click.Path(path_type=Path))
output_option = option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("Write to this file instead of output/."),
)


def pdf_options(func):
    func = option(
        "--variant",
        type=VARIANT_CHOICE,
        default=None,
        help=N_("pdf/x-4 (default, for the print shop), pdf/x-1a, or screen (RGB, for the web)."),
    )(func)
    func = option(
        "--crop-marks/--no-crop-marks", default=None, help=N_("Add crop marks in the bleed.")
    )(func)
    func = option(
        "--compose/--no-compose",
        default=None,
        help=N_(
            "Choose each paragraph's line breaks together, for even word spacing (default), "
            "or break it line by line."
        ),
    )(func)
    return func


def epub_options(func):
    return option(
        "--soft-hyphens/--no-soft-hyphens",
        default=None,
        help=N_("Bake Dutch soft hyphens into the EPUB text (off by default)."),
    )(func)
