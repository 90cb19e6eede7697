"""`python -m balise.cli`, the same as the `balise` command."""

from balise.cli.main import app

app(prog_name="balise")
