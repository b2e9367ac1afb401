"""The messages in Dutch and English: every message in the code has its Dutch, with the
same placeholders; the language follows --ui-language, the setting, the system locale."""

from __future__ import annotations

import functools
import gettext
import importlib.util
import os
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pamphletpress.i18n import system_language
from tests.conftest import ROOT, run_cli
from tests.projects import assert_clear_error, make_project

PACKAGE = ROOT / "src" / "pamphletpress"
LOCALE = PACKAGE / "locale"
#: The keywords the translator's `pybabel extract` is given (docs/translating.md).
KEYWORDS = {"_": None, "N_": None, "N_plural": (1, 2), "ngettext": (1, 2), "plural": (2, 3)}


@functools.cache
def _extracted() -> frozenset[str]:
    """Every msgid in the code, extracted afresh as a translator would (once a run)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return frozenset(found)


@pytest.fixture(scope="module")
def dutch():
    with (LOCALE / "nl" / "LC_MESSAGES" / "pamphletpress.po").open("rb") as file:
        return read_po(file, locale="nl")


def test_every_message_has_its_dutch(dutch):
    extracted = _extracted()
    assert len(extracted) > 300  # the sweep: errors, warnings, check, help
    missing = sorted(m for m in extracted if m not in dutch)
    assert not missing, missing[:10]
    fuzzy = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in dutch if m.id and m.fuzzy)
    assert not fuzzy, fuzzy[:10]
    empty = [
        m.id
        for m in dutch
        if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert not empty, empty[:10]


def test_the_template_is_current():
    """The committed .pot holds what the code says (translators update from it)."""
    with (LOCALE / "pamphletpress.pot").open("rb") as file:
        template = read_po(file)
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id} == _extracted()


def _fields(text: str) -> set:
    """The placeholders str.format fills; for a text never formatted (a lone brace in
    it), its braces as they stand."""
    try:
        return {
            name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None
        }
    except ValueError:
        return {("braces", text.count("{"), text.count("}"))}


def test_no_dutch_message_lost_or_gained_a_placeholder(dutch):
    assert not [(m.id, errors) for m, errors in dutch.check()]  # Babel's compile checks
    for message in dutch:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        for form, text in enumerate(strings):  # a plural form against its English form
            wanted = _fields(ids[min(form, len(ids) - 1)])
            assert _fields(text) == wanted, (message.id, text)


def test_the_build_step_compiles_catalogues_gettext_reads(tmp_path):
    spec = importlib.util.spec_from_file_location("setup_script", ROOT / "setup.py")
    setup_script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_script)  # setup() itself runs only as the main script
    written = setup_script.compile_catalogues(LOCALE, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "nl/LC_MESSAGES/pamphletpress.mo"
    ]
    nl = gettext.translation("pamphletpress", tmp_path, languages=["nl"])
    assert nl.gettext("Print nothing but errors.") not in ("", "Print nothing but errors.")


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANGUAGE": "fr:nl", "LANG": "en_GB.UTF-8"}, "nl"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_MESSAGES": "nl_BE", "LANG": "C"}, "nl"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_system_locale_read_as_gettext_reads_it(environ, expected):
    assert system_language(environ) == expected


def _env(**values: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
    return env | values


def test_a_dutch_error_for_a_bad_manuscript(tmp_path):
    project = make_project(tmp_path, "---\ntitle: [een, lijst]\n---\n\nTekst.\n")
    english = run_cli("html", cwd=project, env=_env(LANG="C.UTF-8"))
    assert_clear_error(english, "artikel.md:2", "must be a single text")
    for dutch in (
        run_cli("--ui-language", "nl", "html", cwd=project, env=_env(LANG="C.UTF-8")),
        run_cli("html", cwd=project, env=_env(LANG="nl_NL.UTF-8")),
    ):
        assert dutch.returncode == 1 and "Traceback" not in dutch.stderr
        assert dutch.stderr.startswith("fout: ") and "artikel.md:2" in dutch.stderr
        assert "must be" not in dutch.stderr and dutch.stderr != english.stderr


def test_the_setting_wins_over_the_locale_and_the_option_over_the_setting(tmp_path):
    project = make_project(tmp_path, "---\ntitle: [een, lijst]\n---\n\nTekst.\n")
    (project / "pamphletpress.yml").write_text("ui_language: en\n", encoding="utf-8")
    english = run_cli("html", cwd=project, env=_env(LANG="nl_NL.UTF-8"))
    assert_clear_error(english, "must be a single text")
    dutch = run_cli("--ui-language", "nl", "html", cwd=project, env=_env(LANG="C"))
    assert dutch.stderr.startswith("fout: ")


def test_a_wrong_ui_language_setting_is_a_clear_error(tmp_path):
    project = make_project(tmp_path)
    (project / "pamphletpress.yml").write_text("ui_language: fries\n", encoding="utf-8")
    result = run_cli("html", cwd=project, env=_env(LANG="C"))
    assert_clear_error(result, "pamphletpress.yml:1", "ui_language", "en, nl")


def test_dutch_check_report_lines_keep_their_codes(tmp_path):
    broken = tmp_path / "kapot.epub"
    broken.write_bytes(b"geen zip")
    english = run_cli("check", str(broken), env=_env(LANG="C"))
    dutch = run_cli("--ui-language", "nl", "check", str(broken), env=_env(LANG="C"))
    assert english.returncode == dutch.returncode == 1
    line = next(line for line in dutch.stdout.splitlines() if "epub-zip" in line)
    assert "FAIL" in line and "not a zip file" not in line
    assert "not a zip file" in english.stdout
    assert "AFGEKEURD" in dutch.stdout and "FAILED" in english.stdout
    assert dutch.stderr == "fout: de controle vond problemen (zie hierboven)\n"


def test_dutch_help(tmp_path):
    english = run_cli("build", "--help", cwd=tmp_path, env=_env(LANG="C"))
    for dutch in (
        run_cli("--ui-language", "nl", "build", "--help", cwd=tmp_path, env=_env(LANG="C")),
        run_cli("build", "--help", cwd=tmp_path, env=_env(LANG="nl_NL.UTF-8")),
        run_cli("--ui-language", "nl", "--help", cwd=tmp_path, env=_env(LANG="C")),
    ):
        assert dutch.returncode == 0
        assert dutch.stdout.startswith("Gebruik: pamphletpress")
        assert "Opties:" in dutch.stdout and "Options:" not in dutch.stdout
        assert "Print nothing but errors." not in dutch.stdout
    assert english.stdout.startswith("Usage:") and "Print nothing but errors." in english.stdout


def test_every_comment_of_the_sample_settings_is_in_the_catalogue():
    from pamphletpress.scaffold import SETTINGS_HEADER, SETTINGS_NOTES

    template = (PACKAGE / "templates" / "pamphletpress.yml").read_text(encoding="utf-8")
    lines = template.splitlines()
    header = [line[2:] for line in lines[: lines.index(next(x for x in lines if x[:2] != "# "))]]
    assert " ".join(header) == SETTINGS_HEADER
    notes = [line.split("  # ", 1)[1] for line in lines if "  # " in line]
    assert notes and set(notes) == set(SETTINGS_NOTES)


def test_new_writes_dutch_settings_comments(tmp_path):
    ran = run_cli("--ui-language", "nl", "new", "krant", cwd=tmp_path, env=_env(LANG="C"))
    assert ran.returncode == 0, ran.stderr
    settings = (tmp_path / "krant" / "pamphletpress.yml").read_text(encoding="utf-8")
    assert "The front matter" not in settings and "print shop" not in settings
    assert "nieuw project" in ran.stdout


#: Calls whose message argument must go through the catalogue: name → argument index.
MESSAGE_CALLS = {
    **dict.fromkeys(
        ("PamphletError", "ManuscriptError", "ResourceError", "OutputError", "IssueError",
         "SettingsError"),
        0,
    ),
    "report.add": 2,
    "log.warning": 0,
    "log.error": 0,
    "state.say": 0,
}  # fmt: skip


def test_no_message_is_written_past_the_catalogue():
    """A message written as a bare literal or f-string (say, by a later change) would
    stay English whatever the language: each must be ``_(…)`` (or built from one)."""
    import ast

    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            index = MESSAGE_CALLS.get(ast.unparse(node.func))
            if index is None or len(node.args) <= index:
                continue
            message = node.args[index]
            literal = isinstance(message, ast.JoinedStr) or (
                isinstance(message, ast.Constant)
                and isinstance(message.value, str)
                and message.value not in ("%s", "%s: %s")
            )
            if literal:
                bare.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not bare, bare


def test_ui_language_in_an_article_is_a_warning_naming_the_settings_file(tmp_path):
    project = make_project(tmp_path, "---\ntitle: Kop\nui_language: nl\n---\n\nTekst.\n")
    ran = run_cli("html", "-o", str(tmp_path / "a.html"), cwd=project, env=_env(LANG="C"))
    assert ran.returncode == 0, ran.stderr
    assert "artikel.md:3: 'ui_language:' belongs in pamphletpress.yml" in ran.stderr
    assert "waarschuwing" not in ran.stderr  # ignored there: the messages stay English


def test_clicks_own_words_in_dutch_and_click_given_back_its_own(tmp_path):
    """A mistyped option or command: the parser's message in Dutch with the nearest names;
    afterwards Click's modules have their own gettext again (nothing left changed)."""
    import click.core
    import click.parser

    originals = (click.core._, click.parser.ngettext)
    mistyped = run_cli("--ui-language", "nl", "pdf", "--forse", cwd=tmp_path)
    assert mistyped.returncode == 2
    assert "Fout: Optie '--forse' bestaat niet. (Bedoelde je een van:" in mistyped.stderr
    assert "'--compose'" in mistyped.stderr and "No such option" not in mistyped.stderr
    command = run_cli("--ui-language", "nl", "buidl", cwd=tmp_path)
    assert "Opdracht 'buidl' bestaat niet. Bedoelde je 'build'?" in command.stderr
    english = run_cli("--ui-language", "en", "pdf", "--forse", cwd=tmp_path)
    assert "Error: No such option '--forse'." in english.stderr
    assert (click.core._, click.parser.ngettext) == originals


def test_the_click_messages_marked_for_the_catalogue_are_clicks():
    """Each of Click's messages the catalogue translates is word for word in Click's
    source: a Click that rewords one shows here, not as English among the Dutch."""
    import click

    from pamphletpress.click_messages import MESSAGES, PLURALS

    source = "".join(
        path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py")
    )
    marked = [*MESSAGES, *(form for pair in PLURALS for form in pair)]
    missing = [
        m for m in marked if repr(m)[1:-1].replace("\\\\", "\\") not in source and m not in source
    ]
    assert missing == []
