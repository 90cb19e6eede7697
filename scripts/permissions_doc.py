"""Write docs/permissions.md from the routes' own access declarations."""

from __future__ import annotations

import secrets
import sys
import tempfile
from pathlib import Path

from balise.bootstrap import Container
from balise.config import Settings
from balise.web.app import access_table, create_app

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"

HEADER = """# Permissions

Who may use each page and API endpoint. Roles: `admin` (platform administrator), `regulator`,
`editor` and `reviewer` (members of an organisation; the reviewer sits on its ethics committee);
everyone else is the anonymous public. This page is generated from the routes' own declarations by
`python scripts/permissions_doc.py`; a test fails when it is out of date.

Object-level rules come on top: an editor changes only their own organisation; a record's history
is shown to administrators, regulators and the organisation's members; a job is shown to whoever
started it and to administrators; API tokens act only within their scopes.

| method | path | who |
|---|---|---|
"""


def render() -> str:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), secret_key=secrets.token_hex(16))
        app = create_app(Container(settings))
        rows = access_table(app)
    return HEADER + "".join(f"| {m} | `{p}` | {w} |\n" for m, p, w in rows)


if __name__ == "__main__":
    DOC.write_text(render())
    sys.stdout.write(f"wrote {DOC.name}\n")
