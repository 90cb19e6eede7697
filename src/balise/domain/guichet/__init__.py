"""The one-stop shop (guichet): guides to the AI Act's obligations and the question desk."""
