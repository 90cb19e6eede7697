"""Guides and templates that explain the AI Act's obligations, as Markdown with front matter.

The first set ships with Balise in `guides/<code>/<language>.md`, written in our own words. Each
file starts with a YAML front matter (between two `---` lines) that names the guide's code, its
version, its kind (a guide or a template), the obligation codes of the AI Act catalogue it
explains (`domain/aiact/rules/obligations.yaml`), the articles it rests on, its language, title
and summary. The four language files of one guide must agree on everything but the words.

A version is a draft until a person of the regulator's role reviews and publishes it; publishing
a newer version replaces the older one on the public pages, which stays in the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.aiact.ruleset import load_rules
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, Message

GUIDES_DIR = Path(__file__).parent / "guides"
_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
MAX_BODY = 60_000


class GuideKind(StrEnum):
    GUIDE = "guide"
    TEMPLATE = "template"


class GuideState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


@cache
def obligation_codes() -> frozenset[str]:
    """Every obligation code of every version of the law the classifier knows."""
    rules = load_rules()
    return frozenset(code for law in rules.versions.values() for code in law.obligations)


@dataclass(frozen=True)
class GuideText:
    """One language of a guide: its title, a one-sentence summary and the Markdown body."""

    title: str
    summary: str
    body: str

    def __post_init__(self) -> None:
        if not self.title.strip() or not self.body.strip():
            raise ValidationError.single("body", N_("A guide needs a title and a text."))
        if len(self.body) > MAX_BODY:
            raise ValidationError.single(
                "body", N_("Write at most %(count)s characters."), count=MAX_BODY
            )


@dataclass(frozen=True)
class Guide:
    """One version of a guide, in every language it is written in."""

    code: str
    version: int
    kind: GuideKind
    obligations: tuple[str, ...]
    articles: tuple[str, ...]
    texts: dict[Language, GuideText]
    state: GuideState = GuideState.DRAFT
    created_at: datetime | None = None
    created_by: str = ""
    published_at: datetime | None = None
    published_by: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if not _CODE.match(self.code) or len(self.code) > 60:
            errors["code"] = Message(N_("A guide's code is made of small letters and dashes."))
        if self.version < 1:
            errors["version"] = Message(N_("A version is a whole number from 1."))
        unknown = sorted(set(self.obligations) - obligation_codes())
        if unknown:
            errors["obligations"] = Message(
                N_("These are not obligation codes of the AI Act: %(codes)s"),
                {"codes": ", ".join(unknown)},
            )
        if not self.obligations:
            errors["obligations"] = Message(N_("Link the guide to at least one obligation."))
        if not self.texts:
            errors["body"] = Message(N_("A guide needs a title and a text."))
        if errors:
            raise ValidationError(errors)

    @property
    def languages(self) -> tuple[Language, ...]:
        return tuple(lang for lang in LANGUAGES if lang in self.texts)

    def text_in(self, language: Language) -> tuple[GuideText, Language]:
        """The text in `language`, else the first language it has (fr, nl, de, en)."""
        if language in self.texts:
            return self.texts[language], language
        first = self.languages[0]
        return self.texts[first], first

    def publish(self, *, by: int, at: datetime) -> Guide:
        if self.state is not GuideState.DRAFT:
            raise Conflict(Message(N_("Only a draft can be published.")))
        return replace(self, state=GuideState.PUBLISHED, published_at=at, published_by=by)

    def supersede(self) -> Guide:
        return replace(self, state=GuideState.SUPERSEDED)

    def explains(self, obligation: str) -> bool:
        return obligation in self.obligations

    def texts_json(self) -> dict[str, dict[str, str]]:
        return {
            lang.value: {"title": t.title, "summary": t.summary, "body": t.body}
            for lang, t in self.texts.items()
        }

    @staticmethod
    def texts_from_json(data: dict[str, Any]) -> dict[Language, GuideText]:
        return {
            Language(lang): GuideText(str(t["title"]), str(t.get("summary", "")), str(t["body"]))
            for lang, t in data.items()
        }


@dataclass(frozen=True)
class GuideFile:
    """What one shipped Markdown file says."""

    code: str
    version: int
    kind: GuideKind
    obligations: tuple[str, ...]
    articles: tuple[str, ...]
    language: Language
    text: GuideText


def parse_guide_file(content: str) -> GuideFile:
    """Split the front matter from the Markdown body and check its fields."""
    found = _FRONT_MATTER.match(content.replace("\r\n", "\n"))
    if found is None:
        raise ValueError("a guide file starts with a front matter between two '---' lines")
    meta = yaml.safe_load(found.group(1))
    if not isinstance(meta, dict):
        raise TypeError("the front matter is a mapping")
    missing = {"code", "version", "kind", "obligations", "language", "title"} - set(meta)
    if missing:
        raise ValueError(f"the front matter lacks {', '.join(sorted(missing))}")
    return GuideFile(
        code=str(meta["code"]),
        version=int(meta["version"]),
        kind=GuideKind(meta["kind"]),
        obligations=tuple(str(code) for code in meta["obligations"]),
        articles=tuple(str(article) for article in meta.get("articles") or ()),
        language=Language(meta["language"]),
        text=GuideText(
            title=str(meta["title"]),
            summary=str(meta.get("summary", "")),
            body=found.group(2).strip() + "\n",
        ),
    )


def assemble(files: list[GuideFile]) -> Guide:
    """One guide from its language files, which must agree on everything but the words."""
    first = files[0]
    for other in files[1:]:
        same = (other.code, other.version, other.kind, other.obligations, other.articles)
        if same != (first.code, first.version, first.kind, first.obligations, first.articles):
            raise ValueError(f"the language files of {first.code} disagree on their front matter")
    return Guide(
        code=first.code,
        version=first.version,
        kind=first.kind,
        obligations=first.obligations,
        articles=first.articles,
        texts={f.language: f.text for f in files},
    )


@cache
def shipped_guides() -> tuple[Guide, ...]:
    """The guides shipped with Balise, by code."""
    guides = []
    for folder in sorted(p for p in GUIDES_DIR.iterdir() if p.is_dir()):
        files = [
            parse_guide_file(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.md"))
        ]
        guide = assemble(files)
        if guide.code != folder.name:
            raise ValueError(f"the guide in {folder.name} is called {guide.code}")
        guides.append(guide)
    return tuple(guides)


def guide_path(code: str) -> str:
    return f"/guides/{code}"


def obligation_guides_path(obligation: str) -> str:
    """Where a classification result's "how to comply" link leads: the guides of one obligation."""
    return f"/guides?obligation={obligation}"


@cache
def obligations_with_shipped_guides() -> frozenset[str]:
    return frozenset(code for guide in shipped_guides() for code in guide.obligations)
