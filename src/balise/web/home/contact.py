"""Who runs this installation and where each kind of question goes, from the settings."""

from __future__ import annotations

from typing import Any

from balise.config import Settings


def contact_view(settings: Settings) -> dict[str, Any]:
    """The contact page's addresses; a specific address falls back on the general one."""
    return {
        "operator_name": settings.operator_name,
        "contact_email": settings.contact_email,
        "data_protection_email": settings.data_protection_email or settings.contact_email,
        "accessibility_email": settings.accessibility_email or settings.contact_email,
    }
