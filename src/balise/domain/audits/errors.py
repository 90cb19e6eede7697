"""Errors of the audits area that cross the port to the analytical engine."""

from __future__ import annotations


class SourceError(Exception):
    """A file cannot be read as a table (raised by the audit source the container hands out).

    It lives here, not beside the `AuditSource` protocol in services/ports.py, so that the
    analytical adapter and `balise audit` can name it without importing every port."""
