"""The observatory: indicators defined as data, pure functions that compute them, snapshots."""
