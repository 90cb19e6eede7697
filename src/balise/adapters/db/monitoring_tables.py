"""The tables of the monitoring area, on the one schema's metadata."""

from __future__ import annotations

import sqlalchemy as sa

from balise.adapters.db.tables import metadata

__all__ = ["metadata", "sa"]
