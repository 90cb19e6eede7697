"""Balise: the one-stop shop for trustworthy AI in Belgium."""

__version__ = "0.1.0"
