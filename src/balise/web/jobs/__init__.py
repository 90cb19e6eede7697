"""Background jobs: progress pages and API."""
