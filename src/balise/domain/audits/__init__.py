"""Audits: fairness metrics and representativeness, computed from count tables.

The modules here are pure computation on small inputs (one row per group, never per person); they
use numpy for vectorised arithmetic and seeded random draws, and nothing else outside the standard
library (see docs/adr/0007-audit-engine.md).
"""
