"""The tamper-evident audit log: history pages and chain verification."""
