"""Synthetic pools for panel tests and benchmarks: a seeded pool shaped like a Belgian panel's.

The generator lives in `balise.domain.panels.synthetic` (the demo uses it too); it is re-exported
here, where `benchmarks/panels.py` and `benchmarks/panels_peer.py` import it (tests/ on their path).
"""

from __future__ import annotations

from balise.domain.panels.synthetic import BELGIUM, LANGUAGE, belgium, belgium_files

__all__ = ["BELGIUM", "LANGUAGE", "belgium", "belgium_files"]
