"""An AI system record, its workflow from draft to published version, and who may read what."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from balise.domain.aiact.facts import ANNEX_III_POINTS
from balise.domain.register.standard import (
    FIELDS,
    FIELDS_BY_NAME,
    I18N_FIELDS,
    SENSITIVE_ANNEX_III_POINTS,
    Field,
    Kind,
    Visibility,
)
from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import LANGUAGES, N_, Language, Message

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
EU_MEMBER_STATES = frozenset(_EU.split())
_TRUE = {"true", "1", "yes", "on", "oui", "ja"}
_FALSE = {"false", "0", "no", "off", "non", "nee", "nein", ""}

Values = dict[str, Any]


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:80].rstrip("-") or "system"
    return f"{slug}-system" if slug in RESERVED_SLUGS else slug


RESERVED_SLUGS = frozenset({"new", "import", "export"})


def check_slug(slug: str) -> None:
    if not _SLUG.match(slug) or len(slug) > 80 or slug in RESERVED_SLUGS:
        raise ValidationError.single(
            "slug", N_("Use lower-case letters, digits and single hyphens (at most 80 characters).")
        )


def _words(raw: Any) -> list[str]:
    items = raw.split(",") if isinstance(raw, str) else list(raw or [])
    return [str(item).strip() for item in items if str(item).strip()]


def _texts(spec: Field, raw: Any) -> tuple[Any, dict[str, Message]]:
    """The texts per language, and a problem per language (keyed `name_fr`) when one is wrong."""
    if not isinstance(raw, Mapping):
        return None, {spec.name: Message(N_("Give the text per language."))}
    if set(raw) - {lang.value for lang in LANGUAGES}:
        return None, {spec.name: Message(N_("Languages are fr, nl, de and en."))}
    texts = {lang.value: str(raw.get(lang.value) or "").strip() for lang in LANGUAGES}
    texts = {code: text for code, text in texts.items() if text}
    too_long = Message(N_("At most %(limit)s characters."), {"limit": spec.max_length})
    errors = {
        f"{spec.name}_{code}": too_long
        for code, text in texts.items()
        if spec.max_length and len(text) > spec.max_length
    }
    return texts or None, errors


def _items(spec: Field, raw: Any) -> Any:
    items = _words(raw)
    if spec.kind is Kind.CHOICES and any(item not in dict(spec.choices) for item in items):
        raise ValueError(N_("Choose from the list."))
    if spec.name == "member_states":
        items = [item.upper() for item in items]
        if any(item not in EU_MEMBER_STATES for item in items):
            raise ValueError(N_("Use the two-letter codes of EU member states, e.g. BE."))
    if spec.max_items and len(items) > spec.max_items:
        raise ValueError(N_("At most %(items)s items."))
    if any(len(item) > 60 for item in items):
        raise ValueError(N_("Each item has at most 60 characters."))
    return list(dict.fromkeys(items)) or None


def _boolean(spec: Field, raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    text = str(raw or "").strip().lower()
    if text not in _TRUE | _FALSE:
        raise ValueError(N_("Answer yes or no."))
    return None if text == "" else text in _TRUE


def _integer(spec: Field, raw: Any) -> Any:
    text = "" if raw is None else str(raw).strip()
    if isinstance(raw, bool) or (text and (not text.isdigit() or len(text) > 12)):
        raise ValueError(N_("Give a whole number of zero or more."))
    return int(text) if text else None


def annex_iii_ranges() -> str:
    """The points of Annex III, written short: 1(a)–(c), 2, 3(a)–(d), ..."""
    letters: dict[str, list[str]] = {}
    for point in ANNEX_III_POINTS:
        number, _, letter = point.partition("(")
        letters.setdefault(number, []).extend([letter.rstrip(")")] if letter else [])

    def written(number: str, its: list[str]) -> str:
        if not its:
            return number
        return f"{number}({its[0]})" + (f"–({its[-1]})" if len(its) > 1 else "")

    return ", ".join(written(number, its) for number, its in letters.items())


def annex_iii_point(text: str) -> str:
    """A point of Annex III (as amended) in its usual form, "5(b)"; written "5 (B)" or "5b" too."""
    compact = re.sub(r"\s+", "", text).lower()
    found = re.fullmatch(r"(\d+)\(?([a-z]?)\)?", compact)
    point = found and (f"{found[1]}({found[2]})" if found[2] else found[1])
    if point not in ANNEX_III_POINTS:
        raise ValueError(N_("Give a point of Annex III: %(points)s."))
    return str(point)


def _line(spec: Field, raw: Any) -> Any:
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if spec.max_length and len(text) > spec.max_length:
        raise ValueError(N_("At most %(limit)s characters."))
    if spec.kind is Kind.CHOICE and text not in dict(spec.choices):
        raise ValueError(N_("Choose from the list."))
    if spec.kind is Kind.DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(N_("Give a date as YYYY-MM-DD.")) from None
    if spec.kind is Kind.URL and not text.startswith(("https://", "http://")):
        raise ValueError(N_("A web address starts with https:// or http://."))
    if spec.kind is Kind.EMAIL and not _EMAIL.match(text):
        raise ValueError(N_("This is not an e-mail address."))
    if spec.name == "annex_iii_point":
        return annex_iii_point(text)
    return text


_PARSERS: dict[Kind, Callable[[Field, Any], Any]] = {
    Kind.CHOICES: _items,
    Kind.WORDS: _items,
    Kind.BOOLEAN: _boolean,
    Kind.INTEGER: _integer,
}


def _parse(spec: Field, raw: Any) -> Any:
    """The value of one field from a form string or a JSON value; None when left empty."""
    return _PARSERS.get(spec.kind, _line)(spec, raw)


def _date_order(values: Mapping[str, Any]) -> dict[str, Message]:
    """A system cannot stop being used before it started."""
    begin, end = values.get("begin_date"), values.get("end_date")
    if begin and end and end < begin:
        return {
            "end_date": Message(
                N_("This is before the date it is in use since (%(begin)s)."), {"begin": begin}
            )
        }
    return {}


def parse_values(raw: Mapping[str, Any]) -> Values:
    """Check every given field, and the rules between fields; unknown names and bad values are
    reported per field (per language for texts), all at once."""
    values: Values = {}
    errors: dict[str, Message] = {}
    for name, given in raw.items():
        spec = FIELDS_BY_NAME.get(name)
        if spec is None:
            errors[name] = Message(N_("There is no field called %(name)s."), {"name": name})
            continue
        if spec.kind is Kind.I18N:
            value, problems = _texts(spec, given)
            errors.update(problems)
        else:
            try:
                value = _parse(spec, given)
            except (ValueError, TypeError) as error:
                params: dict[str, Any] = {"limit": spec.max_length, "items": spec.max_items}
                if name == "annex_iii_point":
                    params["points"] = annex_iii_ranges()
                errors[name] = Message(str(error), params)
                continue
        if value is not None:
            values[name] = value
    errors.update(_date_order(values))
    if errors:
        raise ValidationError(errors)
    return values


def parse_visibility(raw: Mapping[str, Any]) -> dict[str, Visibility]:
    errors: dict[str, Message] = {}
    chosen: dict[str, Visibility] = {}
    for name, given in raw.items():
        if name not in FIELDS_BY_NAME:
            errors[name] = Message(N_("There is no field called %(name)s."), {"name": name})
        elif given not in {v.value for v in Visibility}:
            errors[name] = Message(N_("Visibility is public, internal or restricted."))
        elif Visibility(given) is not FIELDS_BY_NAME[name].visibility:
            chosen[name] = Visibility(given)
    if errors:
        raise ValidationError(errors)
    return chosen


def is_sensitive(values: Mapping[str, Any]) -> bool:
    """Annex III points 1, 6 and 7 (biometrics, law enforcement, migration): Art. 49(4)."""
    point = re.match(r"\s*(\d+)", str(values.get("annex_iii_point") or ""))
    return point is not None and point.group(1) in SENSITIVE_ANNEX_III_POINTS


def effective_visibility(
    values: Mapping[str, Any], chosen: Mapping[str, Visibility]
) -> dict[str, Visibility]:
    """Who may read each field: the organisation's choice, tightened for sensitive systems."""
    sensitive = is_sensitive(values)
    result: dict[str, Visibility] = {}
    for spec in FIELDS:
        visibility = chosen.get(spec.name, spec.visibility)
        if sensitive and not spec.public_when_sensitive:
            visibility = Visibility.RESTRICTED
        result[spec.name] = visibility
    return result


def readable(
    values: Mapping[str, Any], visibility: Mapping[str, Visibility], clearance: Visibility
) -> Values:
    """The fields a reader with `clearance` may see."""
    return {
        name: value
        for name, value in values.items()
        if visibility.get(name, Visibility.RESTRICTED).rank <= clearance.rank
    }


def missing_for_review(values: Mapping[str, Any], default_language: Language) -> dict[str, Message]:
    """What a record lacks before it can be reviewed and published."""
    errors: dict[str, Message] = {}
    for spec in FIELDS:
        if not spec.required:
            continue
        value = values.get(spec.name)
        if spec.kind is Kind.I18N:
            if not value or not value.get(default_language.value):
                errors[f"{spec.name}_{default_language.value}"] = Message(
                    N_("Fill this in, at least in the record's main language.")
                )
        elif value in (None, "", []):
            errors[spec.name] = Message(N_("Fill this in before asking for review."))
    return errors


def review_problems(values: Mapping[str, Any], default_language: Language) -> dict[str, Message]:
    """Everything that stands between a record and its review: values that break a rule (a rule
    may have tightened since they were saved) and what is still missing."""
    errors: dict[str, Message] = {}
    try:
        parse_values(values)
    except ValidationError as error:
        errors.update(error.errors)
    for key, message in missing_for_review(values, default_language).items():
        errors.setdefault(key, message)
    return errors


@dataclass(frozen=True)
class LanguageStatus:
    language: Language
    filled: int
    of: int
    checked: bool

    @property
    def complete(self) -> bool:
        return self.of > 0 and self.filled == self.of


def translation_status(
    values: Mapping[str, Any], checked: Sequence[Language]
) -> list[LanguageStatus]:
    """Per language: how many of the texts written in any language exist in it."""
    written = [values[name] for name in I18N_FIELDS if values.get(name)]
    return [
        LanguageStatus(
            language,
            sum(1 for texts in written if texts.get(language.value)),
            len(written),
            language in checked,
        )
        for language in LANGUAGES
    ]


def text_in(
    values: Mapping[str, Any], name: str, language: Language
) -> tuple[str, Language] | None:
    """A text field in `language`, else in the first language it has."""
    texts = values.get(name) or {}
    if texts.get(language.value):
        return texts[language.value], language
    for other in LANGUAGES:
        if texts.get(other.value):
            return texts[other.value], other
    return None


@dataclass(frozen=True)
class SystemRecord:
    """The working copy of a record; its published versions are frozen separately."""

    slug: str
    organisation_id: int
    default_language: Language
    values: Values = field(default_factory=dict)
    chosen_visibility: Mapping[str, Visibility] = field(default_factory=dict)
    checked_languages: tuple[Language, ...] = ()
    state: State = State.DRAFT
    version: int = 0
    uuid: str = ""
    id: int | None = None
    edited_by: int | None = None
    submitted_by: int | None = None
    approved_by: int | None = None
    review_note: str = ""
    withdrawal_reason: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        check_slug(self.slug)

    @property
    def visibility(self) -> dict[str, Visibility]:
        return effective_visibility(self.values, self.chosen_visibility)

    @property
    def sensitive(self) -> bool:
        return is_sensitive(self.values)

    @property
    def source_id(self) -> str | None:
        value = self.values.get("source_id")
        return str(value) if value else None

    def name_in(self, language: Language) -> str:
        """The name in `language`, else in the record's own language, else in any."""
        names = self.values.get("name") or {}
        if not names.get(language.value) and names.get(self.default_language.value):
            return str(names[self.default_language.value])
        found = text_in(self.values, "name", language)
        return found[0] if found else self.slug

    def is_stale(self, today: date) -> bool:
        revision = self.values.get("revision_date")
        return revision is not None and date.fromisoformat(revision) < today

    def missing(self) -> dict[str, Message]:
        return missing_for_review(self.values, self.default_language)

    def problems(self) -> dict[str, Message]:
        return review_problems(self.values, self.default_language)

    # The workflow. Each step returns the record as it becomes, or says why it cannot happen.

    def edited(
        self,
        values: Values,
        chosen_visibility: Mapping[str, Visibility],
        checked_languages: Sequence[Language],
        default_language: Language,
        *,
        by: int | None,
    ) -> SystemRecord:
        if self.state is State.IN_REVIEW:
            raise Conflict(Message(N_("This record is being reviewed; ask for it back first.")))
        return replace(
            self,
            values=dict(values),
            chosen_visibility=dict(chosen_visibility),
            checked_languages=tuple(checked_languages),
            default_language=default_language,
            state=State.DRAFT,
            edited_by=by,
            approved_by=None,
        )

    def submitted(self, *, by: int | None) -> SystemRecord:
        if self.state is not State.DRAFT:
            raise Conflict(Message(N_("Only a draft can be sent for review.")))
        if problems := self.problems():
            raise ValidationError(problems)
        return replace(self, state=State.IN_REVIEW, submitted_by=by, review_note="")

    def approved(self, *, by: int | None) -> SystemRecord:
        if self.state is not State.IN_REVIEW:
            raise Conflict(Message(N_("Only a record in review can be approved.")))
        if by is not None and by in {self.submitted_by, self.edited_by}:
            raise Conflict(
                Message(N_("Another person than the one who wrote or submitted it must approve."))
            )
        return replace(self, state=State.APPROVED, approved_by=by)

    def sent_back(self, note: str) -> SystemRecord:
        if self.state not in {State.IN_REVIEW, State.APPROVED}:
            raise Conflict(Message(N_("Only a record in review can be sent back.")))
        if not note.strip():
            raise ValidationError.single("note", N_("Say what should change."))
        return replace(self, state=State.DRAFT, review_note=note.strip()[:2000], approved_by=None)

    def published(self) -> SystemRecord:
        if self.state is not State.APPROVED:
            raise Conflict(Message(N_("Only an approved record can be published.")))
        return replace(self, state=State.PUBLISHED, version=self.version + 1, withdrawal_reason="")

    def withdrawn(self, reason: str) -> SystemRecord:
        if self.version == 0 or self.state is State.WITHDRAWN:
            raise Conflict(Message(N_("Only a published record can be withdrawn.")))
        if not reason.strip():
            raise ValidationError.single("reason", N_("Say why the record is withdrawn."))
        return replace(self, state=State.WITHDRAWN, withdrawal_reason=reason.strip()[:2000])


@dataclass(frozen=True)
class RecordVersion:
    """A published version: never changed once written."""

    system_id: int
    number: int
    values: Values
    visibility: Mapping[str, Visibility]
    default_language: Language
    checked_languages: tuple[Language, ...]
    standard_version: str
    published_at: datetime
    note: str = ""

    def readable(self, clearance: Visibility) -> Values:
        return readable(self.values, self.visibility, clearance)


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """The fields that differ between two sets of values, in the standard's order."""
    return [
        Change(spec.name, before.get(spec.name), after.get(spec.name))
        for spec in FIELDS
        if before.get(spec.name) != after.get(spec.name)
    ]
