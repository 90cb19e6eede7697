"""The guichet's web room: guides, the FAQ and the question desk."""
