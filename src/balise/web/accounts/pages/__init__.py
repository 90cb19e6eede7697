"""HTML pages of accounts."""
