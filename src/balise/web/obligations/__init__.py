"""The obligation tracker on the web: a record's duties, their status and evidence."""
