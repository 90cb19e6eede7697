"""The AI Act classifier: facts, a versioned rule set as data, and a traced result."""
