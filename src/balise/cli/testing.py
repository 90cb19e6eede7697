"""Running the `balise` command in this process, on given settings: for tests."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from balise.cli.main import app
from balise.config import Settings


def environment_for(settings: Settings) -> dict[str, str]:
    """The BALISE_* variables under which the command reads back these settings."""
    return {f"BALISE_{name.upper()}": str(value) for name, value in settings.model_dump().items()}


class CommandLine:
    """Calls `balise ARGS...` like a shell would, with standard output and error kept apart."""

    def __init__(self, settings: Settings) -> None:
        self.environment = environment_for(settings)
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            app, list(args), input=input, env=self.environment, catch_exceptions=False
        )
