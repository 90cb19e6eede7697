"""Organisations: pages, API and their shared views."""
