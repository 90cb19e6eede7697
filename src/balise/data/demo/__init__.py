"""The demo's data: one YAML file per area of the product, beside this module.

`balise.services.demo` reads `organisations.yaml`, `users.yaml` and `systems.yaml`; an area that
brings its own demo keeps its data in `<area>.yaml` here and reads it with `read_demo_data`
from its `seed_demo(uow, *, clock)` (see `area_seeders` in `balise.services.demo`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources
from typing import Any

# A date written `today+400d` or `today-60d` is counted from the day the demo is loaded, so that
# the demo never looks out of date by accident (a record "due for review" a year ago).
RELATIVE_DATE = re.compile(r"today(?P<days>[+-]\d+)d")


def resolve_dates(value: Any, today: date) -> Any:
    """`value` with every relative date string replaced by its ISO date."""
    if isinstance(value, str):
        if match := RELATIVE_DATE.fullmatch(value):
            return (today + timedelta(days=int(match["days"]))).isoformat()
        return value
    if isinstance(value, dict):
        return {key: resolve_dates(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_dates(item, today) for item in value]
    return value


def read_demo_data(name: str, today: date | None = None) -> Any:
    """The parsed content of `<name>.yaml` in this package, relative dates counted from `today`."""
    import yaml  # only when the demo is loaded: the command line starts without it

    # The C parser, when PyYAML was built with it, reads the files ten times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    document = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C or Python
    return resolve_dates(document, today or date.today())  # noqa: DTZ011 - the local day is meant
