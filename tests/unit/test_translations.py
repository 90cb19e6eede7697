"""Every string the sources mark for translation is translated into French, Dutch and German.

The messages are extracted from the sources when the tests run, so a string added without a
translation fails here even if nobody ran `uv run python scripts/i18n.py extract`.
"""

from __future__ import annotations

import importlib.util
import sys
from enum import StrEnum
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from balise.domain.accounts.model import Role, Scope
from balise.domain.jobs.model import JobStatus
from balise.domain.organisations.model import OrganisationKind, Sector, SizeClass
from balise.domain.shared.i18n import Language, Message
from balise.i18n import catalogue_path, translate
from balise.web.labels import LABELS

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = (Language.FR, Language.NL, Language.DE)
LABELLED: tuple[type[StrEnum], ...] = (OrganisationKind, SizeClass, Sector, Role, Scope, JobStatus)


def load_script() -> ModuleType:
    path = ROOT / "scripts" / "i18n.py"
    spec = importlib.util.spec_from_file_location("balise_i18n_script", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


script = load_script()


@pytest.fixture(scope="module")
def template() -> Catalog:
    catalog: Catalog = script.extract()
    return catalog


def msgids(template: Catalog) -> set[str]:
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in template
        if message.id
    }


def test_extraction_reads_python_code_and_templates(template: Catalog) -> None:
    found = msgids(template)
    assert "Public body" in found  # N_() in web/labels.py
    assert "There is no such organisation." in found  # N_() inside Message(...)
    assert "Skip to main content" in found  # _() in base.html
    assert "Error code: %(status)s" in found  # _() with a keyword parameter
    assert len(found) > 150


@pytest.mark.parametrize("language", TRANSLATED, ids=str)
def test_every_message_is_translated(template: Catalog, language: Language) -> None:
    problems = [problem for problem in script.check(template) if problem.language == language]
    listing = "\n".join(str(problem) for problem in problems)
    assert not problems, (
        f"{language}: {len(problems)} message(s) to translate or fix:\n{listing}\n"
        "Run `uv run python scripts/i18n.py extract`, then translate the empty entries."
    )


def test_english_catalogue_needs_no_msgstr_but_must_not_break_formatting(
    template: Catalog,
) -> None:
    problems = [problem for problem in script.check(template) if problem.language == "en"]
    assert problems == []


@pytest.mark.parametrize(
    ("source", "translation", "fine"),
    [
        ("%(count)s events.", "%(count)s événements.", True),
        ("%(count)s events.", "%(total)s événements.", False),
        ("%(count)s events.", "Des événements.", False),
        ("Events.", "%(count)s événements.", False),
        ("Events.", "100 % des événements.", False),
        ("%(path)s: %(reason)s", "%(reason)s (%(path)s)", True),
    ],
)
def test_the_check_compares_placeholders(source: str, translation: str, fine: bool) -> None:
    catalogue = Catalog(locale="fr")
    catalogue.add(source, translation)
    problems = list(script.check_message("fr", catalogue[source], catalogue[source]))
    assert (problems == []) is fine


def test_the_check_reports_missing_empty_and_fuzzy_entries() -> None:
    catalogue = Catalog(locale="nl")
    catalogue.add("Empty.", "")
    catalogue.add("Fuzzy.", "Wazig.", flags=["fuzzy"])
    source = Catalog()
    for msgid in ("Missing.", "Empty.", "Fuzzy."):
        source.add(msgid)
    kinds = [
        problem.kind
        for msgid in ("Missing.", "Empty.", "Fuzzy.")
        for problem in script.check_message("nl", source[msgid], catalogue.get(msgid))
    ]
    assert kinds == ["missing", "empty", "fuzzy"]
    assert list(script.check_message("en", source["Missing."], None)) == []


@pytest.mark.parametrize("enum", LABELLED, ids=lambda enum: enum.__name__)
def test_every_enum_member_has_a_label(template: Catalog, enum: type[StrEnum]) -> None:
    assert [member for member in enum if member not in LABELS] == []
    assert [LABELS[member] for member in enum if LABELS[member] not in msgids(template)] == []


def test_translate_gives_each_language_its_own_text() -> None:
    message = Message("Choose one of: %(choices)s.", {"choices": "fr, nl"})
    texts = {language: translate(message, language) for language in Language}
    assert texts[Language.EN] == "Choose one of: fr, nl."
    assert len(set(texts.values())) == len(Language)
    assert all("fr, nl" in text for text in texts.values())


@pytest.mark.parametrize(
    ("language", "team", "plural_forms"),
    [
        ("fr", "French", "nplurals=2; plural=(n > 1);"),
        ("nl", "Dutch", "nplurals=2; plural=(n != 1);"),
        ("de", "German", "nplurals=2; plural=(n != 1);"),
        ("en", "English", "nplurals=2; plural=(n != 1);"),
    ],
)
def test_catalogue_headers(language: str, team: str, plural_forms: str) -> None:
    with catalogue_path(Language(language)).open("rb") as source:
        catalogue = read_po(source, locale=language)
    headers = dict(catalogue.mime_headers)
    assert headers["Language"] == language
    assert headers["Language-Team"] == team
    assert headers["Plural-Forms"] == plural_forms
