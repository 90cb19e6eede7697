"""Signing in, one's own account and the administration of accounts."""
