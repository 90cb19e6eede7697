"""Keep Balise's gettext catalogues in step with the sources, with Babel's own commands.

    uv run python scripts/i18n.py extract   # pybabel extract + update, area catalogues kept apart
    uv run python scripts/i18n.py check     # exit 1 if fr, nl or de lacks a translation

`extract` runs `pybabel extract` (what to scan is in babel.cfg) and `pybabel update` for fr, nl,
de and en: existing translations are kept, new entries get an empty msgstr (no fuzzy matching),
entries no longer in the sources are removed. The one thing it adds to Babel: an area may keep
its strings in its own `<area>.po` beside messages.po; messages.pot and messages.po leave those
out. A catalogue whose only change would be its dates is left as it was.

`check` is what Babel lacks: it extracts from the sources again (so a string added since the
last `extract` counts), reads messages.po and the area catalogues as one, and lists, per
language, the entries that are missing, empty or fuzzy and the translations whose %(name)s
placeholders differ from the source text. English is the source language: its catalogue may
leave msgstr empty.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "babel.cfg"
I18N = ROOT / "src" / "balise" / "i18n"
TEMPLATE = I18N / "messages.pot"
LOCALES = I18N / "locales"

PROJECT = "Balise"
COPYRIGHT_HOLDER = "The Balise contributors"
BUGS_ADDRESS = "https://github.com/balise-be/balise/issues"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
HEADER = """\
# Translations template for Balise.
# Copyright (C) The Balise contributors
# This file is distributed under the same licence as Balise (EUPL-1.2).
#"""
LANGUAGES = ("fr", "nl", "de", "en")
SOURCE_LANGUAGE = "en"
WIDTH = "100"
# Folders never scanned (babel.cfg names what is; these only save walking time).
IGNORE_DIRS = (".*", "_*", "node_modules")

# A printf-style conversion as Python's `%` operator reads it, or a lone `%` it would reject.
_CONVERSION = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<type>[diouxXeEfFgGcrsa%])?"
)


def say(line: object) -> None:
    sys.stdout.write(f"{line}\n")


def catalogue_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / "messages.po"


def area_paths(language: str) -> list[Path]:
    """The area catalogues beside messages.po."""
    return sorted(
        path for path in catalogue_path(language).parent.glob("*.po") if path.name != "messages.po"
    )


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language, abort_invalid=True)


def pybabel(*arguments: str) -> None:
    """Run a `pybabel` command in the project's folder, quietly; raises if Babel fails."""
    with contextlib.chdir(ROOT):
        CommandLineInterface().run(["pybabel", "--quiet", *arguments])  # type: ignore[no-untyped-call]


# --- extraction and update: Babel's commands ----------------------------------------------


def _extract_to(output: Path) -> None:
    pybabel(
        "extract",
        f"--mapping-file={CONFIG.name}",
        "--keywords=N_",  # N_() marks strings translated where they are shown
        "--add-comments=Translators:",
        "--strip-comments",
        "--add-location=file",
        f"--width={WIDTH}",
        *(f"--ignore-dirs={pattern}" for pattern in IGNORE_DIRS),
        f"--project={PROJECT}",
        f"--version={VERSION}",
        f"--copyright-holder={COPYRIGHT_HOLDER}",
        f"--msgid-bugs-address={BUGS_ADDRESS}",
        f"--header-comment={HEADER}",
        f"--output-file={output}",
        ".",
    )


def extract() -> Catalog:
    """Every message the sources named in babel.cfg hold, as a template catalogue."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "messages.pot"
        _extract_to(output)
        return _read(output)


def area_msgids() -> set[tuple[str, str | None]]:
    """The entries some area catalogue holds, in any language: messages.po leaves them out."""
    return {
        _key(message)
        for language in LANGUAGES
        for path in area_paths(language)
        for message in _read(path, language)
        if message.id
    }


def _plain(text: str) -> str:
    """A catalogue's text without the lines that change on every run (dates, generator)."""
    volatile = ("POT-Creation-Date:", "PO-Revision-Date:", "Generated-By:")
    return "\n".join(line for line in text.splitlines() if not line.strip('"').startswith(volatile))


@contextlib.contextmanager
def _dates_alone_do_not_count(paths: list[Path]) -> Iterator[list[Path]]:
    """Put back each file whose only change is its dates; yields the list of changed files."""
    before = {path: path.read_text(encoding="utf-8") for path in paths if path.exists()}
    changed: list[Path] = []
    yield changed
    for path in paths:
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if path in before and text is not None and _plain(text) == _plain(before[path]):
            path.write_text(before[path], encoding="utf-8")
        elif text != before.get(path):
            changed.append(path)


def command_extract() -> int:
    catalogues = [catalogue_path(language) for language in LANGUAGES]
    with _dates_alone_do_not_count([TEMPLATE, *catalogues]) as changed:
        _extract_to(TEMPLATE)
        template = _read(TEMPLATE)
        leave_out = area_msgids()
        for message in list(template):
            if message.id and _key(message) in leave_out:
                template.delete(message.id, context=message.context)
        with TEMPLATE.open("wb") as output:
            write_po(output, template, width=int(WIDTH), include_lineno=False)
        pybabel(
            "update",
            f"--input-file={TEMPLATE.relative_to(ROOT)}",
            f"--output-dir={LOCALES.relative_to(ROOT)}",
            "--domain=messages",
            "--no-fuzzy-matching",
            "--ignore-obsolete",
            f"--width={WIDTH}",
        )
    count = sum(1 for message in template if message.id)
    written = ", ".join(str(path.relative_to(I18N)) for path in changed) or "nothing"
    say(f"{count} messages extracted (without the area catalogues'); updated: {written}.")
    return 0


# --- checking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    language: str
    kind: str
    msgid: str
    detail: str = ""

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"  {self.kind}{detail}: {self.msgid!r}"


def placeholders(text: str) -> set[str]:
    """The %(name)s-style placeholders in `text`, with their conversion: {'%(count)s', …}."""
    return {
        match.group(0)
        for match in _CONVERSION.finditer(text)
        if match.group("name") is not None and match.group("type")
    }


def format_errors(text: str) -> list[str]:
    """`%` sequences that Python's `%` operator with a mapping would reject or misread."""
    errors = []
    for match in _CONVERSION.finditer(text):
        if match.group("type") is None:
            errors.append(f"stray {match.group(0)!r}")
        elif match.group("type") != "%" and match.group("name") is None:
            errors.append(f"unnamed placeholder {match.group(0)!r}")
    return errors


def _ids(message: Message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _plural(message: Message) -> bool:
    return not isinstance(message.id, str)


def _strings(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, str | None):
        return (message.string or "",)
    return tuple(text or "" for text in message.string)


def _key(message: Message) -> tuple[str, str | None]:
    return (_ids(message)[0], message.context)


def _is_format(message: Message) -> bool:
    return message.python_format or any("%" in text for text in _ids(message))


def check_message(language: str, source: Message, found: Message | None) -> Iterator[Problem]:
    msgid = _ids(source)[0]
    required = language != SOURCE_LANGUAGE
    if found is None:
        if required:
            yield Problem(language, "missing", msgid)
        return
    strings = _strings(found)
    if found.fuzzy and (required or any(strings)):
        yield Problem(language, "fuzzy", msgid)
    if _plural(source) != _plural(found) or _ids(source) != _ids(found):
        yield Problem(language, "plural forms differ from the source", msgid)
        return
    if not all(strings):
        if required or any(strings):
            yield Problem(language, "empty", msgid)
        return
    # Jinja's newstyle gettext applies `%` to every template string, parameters or not.
    wanted = set().union(*(placeholders(text) for text in _ids(source)))
    for text in strings:
        if placeholders(text) != wanted and not (
            # A singular form may state the number in words ("one event").
            _plural(source) and placeholders(text) < wanted
        ):
            expected = ", ".join(sorted(wanted)) or "none"
            got = ", ".join(sorted(placeholders(text))) or "none"
            yield Problem(language, "placeholders differ", msgid, f"{got} instead of {expected}")
        for error in format_errors(text):
            yield Problem(language, "bad format", msgid, error)


def source_warnings(template: Catalog) -> Iterator[Problem]:
    """Source strings that Python's `%` with named parameters would reject or misread."""
    for message in template:
        if not message.id or not _is_format(message):
            continue
        for text in _ids(message):
            for error in format_errors(text):
                where = ", ".join(f"{file}:{line}" for file, line in message.locations)
                yield Problem("source", "bad format", text, f"{error}; {where}")


def check(template: Catalog | None = None) -> list[Problem]:
    """What the catalogues lack or get wrong against the messages in the sources."""
    template = template or extract()
    problems = []
    for language in LANGUAGES:
        path = catalogue_path(language)
        if not path.exists():
            if language != SOURCE_LANGUAGE:
                problems.append(Problem(language, "no catalogue", str(path.relative_to(ROOT))))
            continue
        found = {
            _key(message): message
            for each in (path, *area_paths(language))
            for message in _read(each, language)
            if message.id
        }
        for source in template:
            if source.id:
                problems.extend(check_message(language, source, found.get(_key(source))))
    return problems


def _report(problems: list[Problem]) -> None:
    for language in ("source", *LANGUAGES):
        mine = [problem for problem in problems if problem.language == language]
        if mine:
            say(f"{language}: {len(mine)}")
            for problem in mine:
                say(problem)


def command_check() -> int:
    template = extract()
    count = sum(1 for message in template if message.id)
    warnings = list(source_warnings(template))
    if warnings:
        say("Warnings (fix in the sources):")
        _report(warnings)
    problems = check(template)
    if not problems:
        say(f"{count} messages; the fr, nl and de catalogues are complete.")
        return 0
    say("Problems:")
    _report(problems)
    say(f"{count} messages; run `uv run python scripts/i18n.py extract`, then translate.")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract", help="regenerate messages.pot and update the catalogues")
    commands.add_parser("check", help="exit 1 if a catalogue lacks or mistranslates an entry")
    arguments = parser.parse_args(argv)
    if arguments.command == "extract":
        return command_extract()
    return command_check()


if __name__ == "__main__":
    sys.exit(main())
