"""The demo's data: one YAML file per area of the product, beside this module.

`balise.services.demo` reads `organisations.yaml`, `users.yaml` and `systems.yaml`; an area that
brings its own demo keeps its data in `<area>.yaml` here and reads it with `read_demo_data`
from its `seed_demo(uow, *, clock)` (see `AREA_SEEDERS` in `balise.services.demo`).
"""

from __future__ import annotations

from importlib import resources
from typing import Any


def read_demo_data(name: str) -> Any:
    """The parsed content of `<name>.yaml` in this package."""
    import yaml  # only when the demo is loaded: the command line starts without it

    # The C parser, when PyYAML was built with it, reads the files ten times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C or Python
