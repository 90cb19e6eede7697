"""The documents the panel pages, their JSON twins and the API render: one function each."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from balise.domain.panels.documents import Invitations, PanelOverview
from balise.domain.panels.histograms import PublicPanel
from balise.domain.panels.record import Panel, PanelAlgorithm, PanelState
from balise.domain.panels.seeds import new_seed
from balise.domain.shared.cells import csv_writer
from balise.domain.shared.i18n import N_
from balise.services.panels_composition import composition_of
from balise.web.panels.composition import composition_chart

STATE_LABELS = {
    PanelState.DRAFT: N_("Draft"),
    PanelState.POOL_LOADED: N_("Pool loaded"),
    PanelState.SELECTED: N_("Selection computed"),
    PanelState.COMMITTED: N_("Commitment published"),
    PanelState.DRAWN: N_("Drawn"),
}
ALGORITHM_LABELS = {
    PanelAlgorithm.LEXIMIN: N_("LEXIMIN (fairest: everyone's chance as equal as possible)"),
    PanelAlgorithm.MAXIMIN: N_("MAXIMIN (the smallest chance as large as possible)"),
}
FIGURE_LABELS = {
    "min_probability": N_("Smallest chance"),
    "max_probability": N_("Largest chance"),
    "gini": N_("Gini coefficient (0: all equal)"),
    "geometric_mean": N_("Geometric mean of the chances"),
    "k_over_n": N_("Panel size divided by pool size (k/n)"),
    "share_below_k_over_n": N_("Share of volunteers below k/n"),
}
FILE_DESCRIPTIONS = {
    "published": N_("Everything published before the draw, in one file (for balise panel verify)"),
    "reveal": N_("The draw: revealed secrets, public value, ticket and panel"),
    "replacements": N_("The replacements after the draw, in order (empty when nobody left)"),
    "commitment": N_("The commitment: hashes, algorithm, parties' commitments"),
    "pool": N_("The pool: pseudonymous ids and selection features"),
    "quotas": N_("The quotas"),
    "lottery": N_("The lottery table: ticket ranges and their panels"),
}


def common_context() -> dict[str, Any]:
    """The labels every panel template translates."""
    return {
        "state_labels": STATE_LABELS,
        "algorithm_labels": ALGORITHM_LABELS,
        "figure_labels": FIGURE_LABELS,
        "file_descriptions": FILE_DESCRIPTIONS,
    }


def panel_url(panel: Panel) -> str:
    return f"/panels/{panel.slug}"


def panel_list_document(panels: Sequence[Panel]) -> dict[str, Any]:
    """The published panels (newest first), as the API lists them."""
    return {
        "panels": [
            {
                "slug": panel.slug,
                "title": panel.title.as_dict(),
                "state": panel.state.value,
                "size": panel.size,
                "url": panel_url(panel),
            }
            for panel in panels
        ]
    }


def public_document(public: PublicPanel) -> dict[str, Any]:
    """The public page of a panel: the same facts as its HTML, never a name or contact detail.

    `/panels/<slug>.json` and `/api/v1/panels/<slug>` both return it.
    """
    panel = public.panel
    slug = panel.slug
    reveal = public.reveal
    return {
        "slug": slug,
        "title": panel.title.as_dict(),
        "organisation": public.organisation.slug,
        "state": panel.state.value,
        "size": panel.size,
        "pool_size": public.pool_size,
        "algorithm": panel.algorithm.value,
        "commitment_sha256": public.commitment.commitment_sha256,
        "commitment": public.commitment.commitment.as_dict(),
        "committed_at": public.commitment.committed_at.isoformat(),
        "drawn_at": public.drawn_at.isoformat() if public.drawn_at else None,
        "draw": reveal.to_json() if reveal else None,
        "members": public.members,
        "replacements": [r.to_json() for r in public.replacements],
        "quotas": [row.to_json() for row in public.quotas],
        "fairness": dict(public.fairness),
        "lottery_fairness": dict(public.lottery_fairness),
        "probability_histogram": [bin_.to_json() for bin_ in public.histogram],
        "files": {name: f"/panels/{slug}/files/{name}.json" for name in public.files},
        "url": panel_url(panel),
    }


def public_context(public: PublicPanel, *, may_manage: bool) -> dict[str, Any]:
    """The public page's template: the typed facts, and the rows as the JSON twin has them."""
    return {
        **common_context(),
        "panel": public.panel,
        "organisation": public.organisation,
        "commitment": public.commitment.commitment,
        "commitment_sha256": public.commitment.commitment_sha256,
        "committed_at": public.commitment.committed_at,
        "drawn_at": public.drawn_at,
        "reveal": public.reveal,
        "pool_size": public.pool_size,
        "quotas": [row.to_json() for row in public.quotas],
        "fairness": public.fairness,
        "lottery_fairness": public.lottery_fairness,
        "histogram": list(public.histogram),
        "k_over_n": public.k_over_n,
        "files": list(public.files),
        "may_manage": may_manage,
        "panel_replacements": list(public.replacements),
        **composition_context(public),
    }


def composition_context(public: PublicPanel) -> dict[str, Any]:
    """After the draw, the composition table and its chart (issue 14); nothing before."""
    found = composition_of(public)
    if found is None:
        return {"composition": [], "composition_chart": None}
    return {"composition": list(found.rows), "composition_chart": composition_chart(found)}


def manage_context(overview: PanelOverview) -> dict[str, Any]:
    """The organisers' page at its current step."""
    facts = overview.facts
    selection = overview.selection
    return {
        **common_context(),
        "panel": overview.panel,
        "organisation": overview.organisation,
        "feasibility": facts.feasibility,
        "pool_sha256": facts.pool_sha256,
        "selection_job": facts.selection_job,
        "quotas": list(overview.quotas),
        "people": overview.people,
        "contacts": overview.contacts,
        "selection": selection.result.to_json() if selection else None,
        "commitment": overview.commitment,
        "draw": overview.draw,
        "drawn_people": list(overview.drawn_people),
        "replacements": list(overview.replacements),
        "invitations": overview.invitations,
        "states": list(PanelState),
        "suggested_seed": new_seed(),
        "title_values": {
            f"title_{lang}": text for lang, text in overview.panel.title.as_dict().items()
        },
    }


def invitations_csv(invitations: Invitations, codes: Mapping[str, str] | None = None) -> str:
    """The invited addresses with every column of the uploaded list, for the mail merge; with
    `codes` (by address id), a last column `registration_code` to print on each letter."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")  # uploaded texts never run as formulas
    if not codes:
        writer.writerow(invitations.columns)
        writer.writerows(invitations.invited)
        return out.getvalue()
    lowered = [column.lower() for column in invitations.columns]
    position = lowered.index("id") if "id" in lowered else 0
    writer.writerow([*invitations.columns, "registration_code"])
    writer.writerows([*row, codes.get(row[position], "")] for row in invitations.invited)
    return out.getvalue()
