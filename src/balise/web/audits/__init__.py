"""Fairness and representativeness audits: uploads, reports and API."""
