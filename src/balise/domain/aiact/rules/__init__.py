"""The AI Act rule set as data: law versions, rules and the obligation catalogue (YAML)."""
