"""The composition report of a drawn panel (issue 14): public once the panel is drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from balise.domain.accounts.model import Actor
from balise.domain.panels.composition import CompositionRow, composition
from balise.domain.panels.histograms import PublicPanel
from balise.domain.shared.errors import NotFound
from balise.domain.shared.i18n import N_, Message
from balise.services.panels_reads import get_public_panel
from balise.services.ports import UnitOfWork

NOT_DRAWN = N_("This panel is not drawn yet: its composition is published after the draw.")


@dataclass(frozen=True)
class PanelComposition:
    slug: str
    size: int
    rows: tuple[CompositionRow, ...]

    def to_json(self) -> dict[str, Any]:
        """One entry per criterion and value, as the API and `balise panel composition` give."""
        return {
            "slug": self.slug,
            "size": self.size,
            "composition": [row.to_json() for row in self.rows],
        }


def composition_of(public: PublicPanel) -> PanelComposition | None:
    """The composition of a published panel, or None before the draw."""
    reveal = public.reveal
    if reveal is None:
        return None
    published = public.commitment.published
    members = public.members or list(reveal.panel)
    rows = composition(published.quotas, published.pool.people, members, public.panel.size)
    return PanelComposition(public.panel.slug, public.panel.size, rows)


def panel_composition(uow: UnitOfWork, *, actor: Actor, slug: str) -> PanelComposition:
    """Per criterion and value: target share, achieved share and count among the drawn."""
    found = composition_of(get_public_panel(uow, actor=actor, slug=slug))
    if found is None:
        raise NotFound(Message(NOT_DRAWN))
    return found
