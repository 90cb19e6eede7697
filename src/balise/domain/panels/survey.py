"""The before/after questionnaire of a drawn panel (issue 14): items, phases, answers, results.

The items come from a versioned bank (`survey_items.yaml`, beside this module). A panel's
questionnaire goes through four stages, each move made by an organiser:

    before_open → between → after_open → closed

Each current member answers each phase once (and may change their answers while it is open);
an item may be left without an answer. Answers are kept under a per-panel pseudonym, and only
aggregates are ever published, once the questionnaire is closed.

The results are paired: for each item, only the members who answered it in both phases count.
Their mean change (after minus before) comes with a 95 % confidence interval from Student's t
distribution with n - 1 degrees of freedom. An item with fewer than `MIN_PAIRED` pairs is
withheld: too few answers say nothing reliable and could point at a person.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message

BANK_FILE = Path(__file__).parent / "survey_items.yaml"
SCALE = (1, 2, 3, 4, 5)
MIN_PAIRED = 5
"""Fewest members who answered an item in both phases for its results to be published."""
CONFIDENCE = 0.95
FIELD_PREFIX = "item-"

Answers = Mapping[str, int | None]
"""One member's answers to one phase: item code → 1 to 5, or None for "no answer"."""


class Phase(StrEnum):
    BEFORE = "before"
    AFTER = "after"


class SurveyStage(StrEnum):
    BEFORE_OPEN = "before_open"
    BETWEEN = "between"
    AFTER_OPEN = "after_open"
    CLOSED = "closed"

    @property
    def open_phase(self) -> Phase | None:
        return {SurveyStage.BEFORE_OPEN: Phase.BEFORE, SurveyStage.AFTER_OPEN: Phase.AFTER}.get(
            self
        )


class SurveyAction(StrEnum):
    """What an organiser does to move the questionnaire on."""

    OPEN_BEFORE = "open_before"
    CLOSE_BEFORE = "close_before"
    OPEN_AFTER = "open_after"
    CLOSE_AFTER = "close_after"


# The stage an action needs (None: no questionnaire yet) and the stage it leads to.
ACTIONS: dict[SurveyAction, tuple[SurveyStage | None, SurveyStage]] = {
    SurveyAction.OPEN_BEFORE: (None, SurveyStage.BEFORE_OPEN),
    SurveyAction.CLOSE_BEFORE: (SurveyStage.BEFORE_OPEN, SurveyStage.BETWEEN),
    SurveyAction.OPEN_AFTER: (SurveyStage.BETWEEN, SurveyStage.AFTER_OPEN),
    SurveyAction.CLOSE_AFTER: (SurveyStage.AFTER_OPEN, SurveyStage.CLOSED),
}
WRONG_STAGE = N_("The questionnaire is not at the step this action needs.")
NOT_OPEN = N_("This questionnaire is not open for answers at the moment.")


# --- The item bank --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyItem:
    """A statement rated from 1 (strongly disagree) to 5 (strongly agree).

    `concern` marks statements that express a worry: agreeing is then neither better nor worse.
    """

    code: str
    theme: str
    concern: bool
    text: LocalizedText


@dataclass(frozen=True)
class ItemBank:
    version: str
    note: LocalizedText
    scale: Mapping[int, LocalizedText]
    themes: Mapping[str, LocalizedText]
    items: tuple[SurveyItem, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    def item(self, code: str) -> SurveyItem | None:
        return next((item for item in self.items if item.code == code), None)

    def pick(self, codes: Sequence[str]) -> tuple[str, ...]:
        """The chosen codes in the bank's order (all when none are chosen); unknown ones refused."""
        chosen = {code.strip() for code in codes if code.strip()}
        unknown = sorted(chosen - set(self.codes))
        if unknown:
            raise ValidationError.single(
                "items", N_("Unknown items: %(codes)s."), codes=", ".join(unknown)
            )
        return tuple(code for code in self.codes if not chosen or code in chosen)


def _text(raw: Mapping[str, Any]) -> LocalizedText:
    return LocalizedText.from_mapping({key: str(value) for key, value in raw.items()})


@cache
def load_item_bank() -> ItemBank:
    raw = yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))
    items = tuple(
        SurveyItem(
            code=str(item["code"]),
            theme=str(item["theme"]),
            concern=bool(item.get("concern", False)),
            text=_text(item["text"]),
        )
        for item in raw["items"]
    )
    bank = ItemBank(
        version=str(raw["version"]),
        note=_text(raw["note"]),
        scale={int(key): _text(value) for key, value in raw["scale"].items()},
        themes={str(key): _text(value) for key, value in raw["themes"].items()},
        items=items,
    )
    if len(set(bank.codes)) != len(bank.codes) or set(bank.scale) != set(SCALE):
        raise ValueError("survey item codes must be unique and the scale must run from 1 to 5")
    return bank


# --- A panel's questionnaire ----------------------------------------------------------------------


@dataclass(frozen=True)
class Survey:
    """A panel's questionnaire: the items it asks, its stage and when each step happened."""

    panel_id: int
    bank_version: str
    items: tuple[str, ...]
    stage: SurveyStage
    before_opened_at: datetime
    before_closed_at: datetime | None = None
    after_opened_at: datetime | None = None
    after_closed_at: datetime | None = None

    @property
    def published(self) -> bool:
        """Results are public once the "after" phase is closed."""
        return self.stage is SurveyStage.CLOSED

    def snapshot(self) -> dict[str, object]:
        return {"stage": self.stage.value, "items": list(self.items), "bank": self.bank_version}


def next_stage(current: SurveyStage | None, action: SurveyAction) -> SurveyStage:
    """The stage `action` leads to from `current`; a Conflict when it does not apply."""
    needed, target = ACTIONS[action]
    if current is not needed:
        raise Conflict(Message(WRONG_STAGE))
    return target


def pseudonym(key: str, person_id: str) -> str:
    """The name a member's answers are kept under: a keyed hash of their id, one key per panel."""
    return hmac.new(key.encode(), person_id.encode(), hashlib.sha256).hexdigest()


def answers_from_form(form: Mapping[str, str], items: Sequence[str]) -> dict[str, int | None]:
    """A phase's answers from form fields `item-<code>`: 1 to 5, or empty for "no answer".

    Every wrong field is reported at once, under its own name.
    """
    answers: dict[str, int | None] = {}
    errors: dict[str, Message] = {}
    for code in items:
        raw = (form.get(FIELD_PREFIX + code) or "").strip()
        if raw in {"", "none"}:
            answers[code] = None
        elif raw.isdigit() and int(raw) in SCALE:
            answers[code] = int(raw)
        else:
            errors[FIELD_PREFIX + code] = Message(N_("Choose an answer from 1 to 5, or no answer."))
    if errors:
        raise ValidationError(errors)
    return answers


def check_answers(answers: Answers, items: Sequence[str]) -> dict[str, int | None]:
    """The answers to exactly the questionnaire's items (missing ones are "no answer")."""
    errors: dict[str, Message] = {}
    for code in answers:
        if code not in items:
            errors[FIELD_PREFIX + code] = Message(N_("This item is not in the questionnaire."))
    for code in items:
        value = answers.get(code)
        if value is not None and value not in SCALE:
            errors[FIELD_PREFIX + code] = Message(N_("Choose an answer from 1 to 5, or no answer."))
    if errors:
        raise ValidationError(errors)
    return {code: answers.get(code) for code in items}


# --- The results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """How many members gave each answer 1..5 in one phase, and how many left it unanswered."""

    counts: tuple[int, ...]
    no_answer: int

    def to_json(self) -> dict[str, int]:
        return {
            **{str(v): c for v, c in zip(SCALE, self.counts, strict=True)},
            "none": self.no_answer,
        }


@dataclass(frozen=True)
class PairedDifference:
    n: int
    before_mean: float
    after_mean: float
    difference: float
    ci_low: float
    ci_high: float


def paired_difference(
    pairs: Sequence[tuple[int, int]], confidence: float = CONFIDENCE
) -> PairedDifference:
    """Means of (before, after) pairs and the mean of after − before with its t interval.

    With n pairs, differences d and their standard deviation s (n − 1 in the denominator), the
    interval is mean(d) ± t(1 − α/2; n − 1) · s / √n. Needs at least two pairs.
    """
    from scipy.stats import t as student  # type: ignore[import-untyped]

    n = len(pairs)
    if n < 2:
        raise ValueError("a paired interval needs at least two pairs")
    differences = [after - before for before, after in pairs]
    mean = sum(differences) / n
    variance = sum((d - mean) ** 2 for d in differences) / (n - 1)
    half = float(student.ppf(0.5 + confidence / 2, n - 1)) * math.sqrt(variance / n)
    return PairedDifference(
        n=n,
        before_mean=sum(before for before, _ in pairs) / n,
        after_mean=sum(after for _, after in pairs) / n,
        difference=mean,
        ci_low=mean - half,
        ci_high=mean + half,
    )


@dataclass(frozen=True)
class ItemResult:
    """One item's results; `paired` is None when the item is withheld (too few pairs)."""

    code: str
    n: int
    paired: PairedDifference | None
    before: Distribution | None
    after: Distribution | None

    @property
    def withheld(self) -> bool:
        return self.paired is None


@dataclass(frozen=True)
class SurveyResults:
    items: tuple[ItemResult, ...]
    respondents_before: int
    respondents_after: int
    respondents_both: int
    min_paired: int = MIN_PAIRED


def _distribution(responses: Sequence[Answers], code: str) -> Distribution:
    values = [response.get(code) for response in responses]
    return Distribution(
        counts=tuple(sum(1 for value in values if value == point) for point in SCALE),
        no_answer=sum(1 for value in values if value is None),
    )


def survey_results(
    items: Sequence[str],
    before: Mapping[str, Answers],
    after: Mapping[str, Answers],
    *,
    min_paired: int = MIN_PAIRED,
) -> SurveyResults:
    """Per item, the paired results of the members (by pseudonym) who answered it in both phases.

    An unanswered item is left out for that member, never counted as a middle answer. Items with
    fewer than `min_paired` pairs are withheld, distributions included.
    """
    both = sorted(set(before) & set(after))
    results = []
    for code in items:
        pairs: list[tuple[int, int]] = []
        for name in both:
            first, second = before[name].get(code), after[name].get(code)
            if first is not None and second is not None:
                pairs.append((first, second))
        if len(pairs) < max(min_paired, 2):
            results.append(ItemResult(code, len(pairs), None, None, None))
            continue
        results.append(
            ItemResult(
                code,
                len(pairs),
                paired_difference(pairs),
                _distribution(list(before.values()), code),
                _distribution(list(after.values()), code),
            )
        )
    return SurveyResults(
        items=tuple(results),
        respondents_before=len(before),
        respondents_after=len(after),
        respondents_both=len(both),
        min_paired=min_paired,
    )
