"""Keep Balise's gettext catalogues in step with the sources.

    uv run python scripts/i18n.py extract   # regenerate messages.pot, update every messages.po
    uv run python scripts/i18n.py check     # exit 1 if fr, nl or de lacks a translation

`extract` reads what to scan from babel.cfg, writes src/balise/i18n/messages.pot and updates
src/balise/i18n/locales/<lang>/LC_MESSAGES/messages.po for fr, nl, de and en: existing
translations are kept, new entries get an empty msgstr (no fuzzy matching), entries no longer
in the sources are removed. An area may keep its strings in its own `<area>.po` beside
messages.po; messages.po leaves those out, and the check reads all of them as one catalogue.

`check` extracts from the sources again (so a string added since the last `extract` counts)
and lists, per language, the entries that are missing, empty or fuzzy and the translations
whose %(name)s placeholders differ from the source text. English is the source language: its
catalogue may leave msgstr empty.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
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
# {what} for Balise.
# Copyright (C) The Balise contributors
# This file is distributed under the same licence as Balise (EUPL-1.2).
#"""
LANGUAGES = ("fr", "nl", "de", "en")
SOURCE_LANGUAGE = "en"
TRANSLATED = tuple(language for language in LANGUAGES if language != SOURCE_LANGUAGE)
TEAMS = {"fr": "French", "nl": "Dutch", "de": "German", "en": "English"}
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
}
# N_() marks strings in Python code that are translated where they are shown.
KEYWORDS = {**DEFAULT_KEYWORDS, **parse_keywords(["N_"])}
COMMENT_TAGS = ("Translators:",)

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


# --- extraction -------------------------------------------------------------------------------


def _directory_filter(method_map: Iterable[tuple[str, str]]) -> Callable[[str], bool]:
    """Walk only the folders that can hold a file babel.cfg names (not .venv, node_modules…)."""
    roots = []
    for pattern, _method in method_map:
        literal = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
        roots.append(literal.rsplit("/", 1)[0] if "/" in literal else "")

    def keep(dirpath: str) -> bool:
        name = Path(dirpath).name
        if name.startswith((".", "_")):
            return False
        relative = Path(dirpath).relative_to(ROOT).as_posix()
        return any(
            not root
            or relative == root
            or relative.startswith(root + "/")
            or root.startswith(relative + "/")
            for root in roots
        )

    return keep


def extract() -> Catalog:
    """Every message the sources named in babel.cfg hold, as a template catalogue."""
    with CONFIG.open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, str(CONFIG))  # type: ignore[no-untyped-call]
    template = Catalog(
        project=PROJECT,
        version=VERSION,
        copyright_holder=COPYRIGHT_HOLDER,
        msgid_bugs_address=BUGS_ADDRESS,
        header_comment=HEADER.format(what="Translations template"),
        charset="utf-8",
    )
    found = extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_directory_filter(method_map),
    )
    for filename, lineno, message, comments, context in found:
        if not message or (not isinstance(message, str) and not message[0]):
            continue
        template.add(
            message,
            None,
            [(Path(filename).as_posix(), lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _plain(text: str) -> str:
    """A catalogue's text without the lines that change on every run (dates, generator)."""
    volatile = ("POT-Creation-Date:", "PO-Revision-Date:", "Generated-By:")
    return "\n".join(line for line in text.splitlines() if not line.strip('"').startswith(volatile))


def _write(catalogue: Catalog, path: Path) -> bool:
    """Write `catalogue` to `path` unless only its dates would change; True if written."""
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalogue,
        width=100,
        include_lineno=False,
        ignore_obsolete=True,
        omit_header=False,
    )
    text = buffer.getvalue().decode("utf-8")
    if path.exists() and _plain(path.read_text(encoding="utf-8")) == _plain(text):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language, abort_invalid=True)


def _set_headers(catalogue: Catalog, language: str) -> None:
    catalogue.header_comment = HEADER.format(what=f"{TEAMS[language]} translations")
    catalogue.project = PROJECT
    catalogue.version = VERSION
    catalogue.last_translator = f"{COPYRIGHT_HOLDER} <{BUGS_ADDRESS}>"
    catalogue.copyright_holder = COPYRIGHT_HOLDER
    catalogue.msgid_bugs_address = BUGS_ADDRESS
    catalogue.language_team = TEAMS[language]
    catalogue.fuzzy = False
    # Plural-Forms is derived from the locale; setting the header keeps it explicit.
    catalogue.mime_headers = [
        *(
            (name, value)
            for name, value in catalogue.mime_headers
            if name.lower() != "plural-forms"
        ),
        ("Plural-Forms", PLURAL_FORMS[language]),
    ]


def update(template: Catalog, language: str) -> Catalog:
    """The catalogue for `language` with the template's entries and its own translations."""
    path = catalogue_path(language)
    if path.exists():
        catalogue = _read(path, language)
    else:
        catalogue = Catalog(
            locale=language,
            project=PROJECT,
            copyright_holder=COPYRIGHT_HOLDER,
            creation_date=template.creation_date,
        )
    catalogue.update(template, no_fuzzy_matching=True)
    catalogue.obsolete.clear()
    for area in area_paths(language):
        for message in _read(area, language):
            if message.id and message.id in catalogue:
                catalogue.delete(message.id, context=message.context)
    # Kept only if something else changes too: see _write.
    catalogue.revision_date = datetime.now(UTC)
    _set_headers(catalogue, language)
    return catalogue


def command_extract() -> int:
    template = extract()
    written = ["messages.pot"] if _write(template, TEMPLATE) else []
    for language in LANGUAGES:
        if _write(update(template, language), catalogue_path(language)):
            written.append(f"{language}/messages.po")
    count = sum(1 for message in template if message.id)
    say(f"{count} messages extracted; updated: {', '.join(written) or 'nothing'}.")
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
