"""`balise demo`: demonstration data to try Balise with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

import typer

from balise.cli.common import (
    Format,
    FormatOption,
    open_container,
    print_json,
    print_table,
)

if TYPE_CHECKING:
    from balise.services.demo import DemoCredential

demo_app = typer.Typer(help="Demonstration data to try Balise with.", no_args_is_help=True)


def print_credentials(credentials: Sequence[DemoCredential]) -> None:
    print_table(
        ("e-mail", "password", "role", "organisation"),
        [
            (item.email, item.password, item.role.value, item.organisation or "")
            for item in credentials
        ],
    )


@demo_app.command()
def load(output: FormatOption = Format.TEXT) -> None:
    """Create five demo organisations and one account per role, and print their credentials.

    Safe to repeat: when the demo is there already, nothing changes. The demo goes only into a
    database without accounts, since its passwords are public.
    """
    from balise.services.demo import DEMO_CREDENTIALS, load_demo

    with open_container() as container, container.uow() as uow:
        loaded = bool(load_demo(uow, solver=container.solver()))
        uow.commit()
    if output is Format.JSON:
        print_json({"loaded": loaded, "credentials": [asdict(item) for item in DEMO_CREDENTIALS]})
        return
    typer.echo(
        "Demo data loaded." if loaded else "The demo data is there already; nothing changed."
    )
    print_credentials(DEMO_CREDENTIALS)
