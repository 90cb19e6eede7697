"""The register of AI systems and its public portal."""
