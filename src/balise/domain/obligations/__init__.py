"""The obligation tracker: a record's AI Act duties, their status and their evidence."""
