"""The environmental footprint of an AI system and its eco-label (pure Python)."""
