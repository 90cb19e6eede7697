"""A citizens' panel as an organisation runs it: its settings and the steps it has gone through.

draft → pool_loaded (volunteers and quotas uploaded) → selected (probabilities and lottery
computed) → committed (the commitment is published; nothing that it covers may change) → drawn.
Before the commitment, a new pool may be uploaded and the selection run again; after it, never.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from balise.domain.shared.errors import Conflict, ValidationError
from balise.domain.shared.i18n import (
    LANGUAGES,
    N_,
    Language,
    LocalizedText,
    Message,
    localized_errors,
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_LOTTERY = 100_000
MAX_SIZE = 10_000
DEFAULT_LOTTERY_SIZE = 1_000
MAX_TITLE = 200


class PanelState(StrEnum):
    DRAFT = "draft"
    POOL_LOADED = "pool_loaded"
    SELECTED = "selected"
    COMMITTED = "committed"
    DRAWN = "drawn"

    @property
    def published(self) -> bool:
        return self in {PanelState.COMMITTED, PanelState.DRAWN}


class PanelAlgorithm(StrEnum):
    """The algorithms a public draw can use: both give a portfolio to round to a lottery."""

    LEXIMIN = "leximin"
    MAXIMIN = "maximin"


class Algorithm(StrEnum):
    """Every algorithm the command line offers; LEGACY (greedy, no lottery) only for comparison."""

    LEXIMIN = "leximin"
    MAXIMIN = "maximin"
    LEGACY = "legacy"


# Which step may follow which; a new pool or a new selection may replace the current one.
MOVES: dict[PanelState, frozenset[PanelState]] = {
    PanelState.DRAFT: frozenset({PanelState.POOL_LOADED}),
    PanelState.POOL_LOADED: frozenset({PanelState.POOL_LOADED, PanelState.SELECTED}),
    PanelState.SELECTED: frozenset(
        {PanelState.POOL_LOADED, PanelState.SELECTED, PanelState.COMMITTED}
    ),
    PanelState.COMMITTED: frozenset({PanelState.DRAWN}),
    PanelState.DRAWN: frozenset(),
}

ALREADY_PUBLISHED = N_(
    "The commitment is published: the pool and the selection can no longer change."
)
ALREADY_DRAWN = N_("This panel has already been drawn.")
NEEDS = {
    PanelState.SELECTED: N_("Upload the pool and the quotas first."),
    PanelState.COMMITTED: N_("Run the selection first."),
    PanelState.DRAWN: N_("Publish the commitment first."),
}


def wrong_step(state: PanelState, target: PanelState) -> Message:
    """Why `target` cannot follow `state`."""
    if state is PanelState.DRAWN:
        return Message(ALREADY_DRAWN)
    if state is PanelState.COMMITTED:
        return Message(ALREADY_PUBLISHED)
    return Message(NEEDS.get(target, ALREADY_PUBLISHED))


@dataclass(frozen=True)
class Panel:
    organisation_id: int
    slug: str
    title: LocalizedText  # in up to four languages, at least one
    size: int
    algorithm: PanelAlgorithm = PanelAlgorithm.LEXIMIN
    lottery_size: int = DEFAULT_LOTTERY_SIZE
    state: PanelState = PanelState.DRAFT
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        errors: dict[str, Message] = {}
        if not _SLUG.match(self.slug) or len(self.slug) > 80:
            errors["slug"] = Message(
                N_("Use lowercase letters, digits and single hyphens (at most 80 characters).")
            )
        localized_errors(errors, "title", self.title, MAX_TITLE, N_("Give a title."))
        if not 1 <= self.size <= MAX_SIZE:
            errors["size"] = Message(
                N_("The panel size must be a whole number from 1 to %(max)s."), {"max": MAX_SIZE}
            )
        if not 1 <= self.lottery_size <= MAX_LOTTERY:
            errors["lottery_size"] = Message(
                N_("The lottery must have from 1 to %(max)s tickets."), {"max": MAX_LOTTERY}
            )
        if errors:
            raise ValidationError(errors)

    def title_in(self, language: Language) -> str:
        """The title in `language`, else in the first language it is given in."""
        found = self.title.in_language(language)
        return found.text if found else ""

    def snapshot(self) -> dict[str, object]:
        """The settings and step, as the audit log keeps them."""
        return {
            "slug": self.slug,
            "organisation_id": self.organisation_id,
            "title": self.title.as_dict(),
            "size": self.size,
            "algorithm": self.algorithm.value,
            "lottery_size": self.lottery_size,
            "state": self.state.value,
        }

    def require_move(self, target: PanelState) -> None:
        """Refuse a step that does not follow from the current state."""
        if target not in MOVES[self.state]:
            raise Conflict(wrong_step(self.state, target))


def whole_number_error(raw: str) -> Message:
    """What is wrong with a number field that does not hold a whole number, left empty or not."""
    if not raw:
        return Message(N_("Give a whole number."))
    return Message(N_("%(value)s is not a whole number."), {"value": raw})


def title_from_form(form: dict[str, str]) -> LocalizedText:
    """The title's fields of a form, `title_fr` to `title_en`."""
    return LocalizedText.from_mapping(
        {lang.value: form.get(f"title_{lang.value}") for lang in LANGUAGES}
    )


def panel_from_form(form: dict[str, str], organisation_id: int) -> Panel:
    """A new panel from a form's text fields; every wrong field is reported at once."""
    errors: dict[str, Message] = {}
    numbers: dict[str, int] = {}
    for name, default in (("size", None), ("lottery_size", "1000")):
        raw = (form.get(name) or default or "").strip()
        try:
            numbers[name] = int(raw)
        except ValueError:
            errors[name] = whole_number_error(raw)
            numbers[name] = 1
    try:
        algorithm = PanelAlgorithm(form.get("algorithm") or PanelAlgorithm.LEXIMIN.value)
    except ValueError:
        errors["algorithm"] = Message(N_("Choose leximin or maximin."))
        algorithm = PanelAlgorithm.LEXIMIN
    try:
        panel = Panel(
            organisation_id=organisation_id,
            slug=(form.get("slug") or "").strip(),
            title=title_from_form(form),
            size=numbers["size"],
            algorithm=algorithm,
            lottery_size=numbers["lottery_size"],
        )
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors:
        raise ValidationError(errors)
    return panel
