"""The published JSON Schema of facts documents, derived from the dataclasses of `facts.py`, and
the parser that validates a document against it and builds those dataclasses.

`facts_schema()` reads each field's type, enumeration, default and `doc`; `parse_facts()`
validates with `fastjsonschema` (the schema compiled to Python, quick to start) and, when that
refuses the document, with `jsonschema` to name the field path of every error at once; it also
checks the rules across fields a schema cannot say simply. ADR 0011 records why a library does
not replace the schema's derivation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from balise.domain.aiact.facts import (
    ANNEX_I_LEGISLATION,
    ANNEX_III_POINTS,
    EXCLUSION_POINTS,
    Facts,
    MarketStatus,
)
from balise.domain.aiact.facts_versions import FACTS_SCHEMA_VERSION, upgrade_facts
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, Message

if TYPE_CHECKING:
    import jsonschema

SCHEMA_ID = "https://balise.be/schemas/aiact-facts.schema.json"

ENUM_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("AnnexIII", "points"): ANNEX_III_POINTS,
    ("AnnexI", "legislation"): ANNEX_I_LEGISLATION,
}
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _type_schema(hint: Any, owner: str, name: str) -> dict[str, Any]:  # noqa: PLR0911
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        schema = _type_schema(inner[0], owner, name)
        if "enum" in schema:
            return {**schema, "enum": [*schema["enum"], None], "type": [schema["type"], "null"]}
        if "$ref" in schema:
            return {"anyOf": [schema, {"type": "null"}]}
        return {**schema, "type": [schema["type"], "null"]}
    if origin is tuple:
        return {
            "type": "array",
            "items": _type_schema(typing.get_args(hint)[0], owner, name),
            "uniqueItems": True,
        }
    if hint is bool:
        return {"type": "boolean"}
    if hint is float:
        return {"type": "number", "minimum": 0}
    if hint is dt.date:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if hint is str:
        if (owner, name) in ENUM_VALUES:
            return {"type": "string", "enum": list(ENUM_VALUES[(owner, name)])}
        return {"type": "string"}
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return {"type": "string", "enum": [member.value for member in hint]}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    raise TypeError(f"no schema for {hint!r}")


def _object_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint) and hint.__name__ not in defs:
            defs[hint.__name__] = {}
            defs[hint.__name__] = _object_schema(hint, defs)
        schema = _type_schema(hint, cls.__name__, field.name)
        if "$ref" in schema:
            schema = {"allOf": [schema]}
        schema["description"] = field.metadata.get("doc", "")
        if field.default is not dataclasses.MISSING and not dataclasses.is_dataclass(hint):
            default = field.default
            if isinstance(default, StrEnum):
                default = default.value
            elif isinstance(default, tuple):
                default = list(default)
            schema["default"] = default
        properties[field.name] = schema
    result: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        result["description"] = cls.__doc__.strip()
    return result


@functools.cache
def _cached_schema() -> dict[str, Any]:
    return facts_schema()


def facts_schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of a facts document."""
    defs: dict[str, Any] = {}
    root = _object_schema(Facts, defs)
    root.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Balise AI Act facts",
        "description": "Describes an AI system or general-purpose AI model and the actor whose "
        "duties under Regulation (EU) 2024/1689 are evaluated. Every field is optional; an "
        "absent boolean is false. A document without schema_version is read as version 1 and "
        "converted (ADR 0016).",
        **root,
        "properties": {
            "schema_version": {
                "type": "integer",
                "enum": [FACTS_SCHEMA_VERSION],
                "description": "The version of the facts schema: 2. Without it, a document is "
                "read as version 1 and converted.",
                "default": FACTS_SCHEMA_VERSION,
            },
            **root["properties"],
        },
        "$defs": defs,
    }


# --- Parsing ------------------------------------------------------------------------------------


def _path(parts: Any) -> str:
    return ".".join(str(part) for part in parts) or "(document)"


def _message(error: jsonschema.ValidationError) -> Message:
    validator = error.validator
    if validator == "additionalProperties":
        return Message(N_("This field is not part of the facts document."))
    if validator == "enum":
        values: Any = error.validator_value
        allowed = ", ".join(str(value) for value in values if value is not None)
        return Message(N_("Choose one of: %(allowed)s."), {"allowed": allowed})
    if validator in {"pattern", "format"}:
        return Message(N_("Give a date as YYYY-MM-DD."))
    if validator == "type":
        return Message(N_("This value has the wrong type."))
    if validator == "uniqueItems":
        return Message(N_("A value is listed twice."))
    return Message(N_("This value is not valid."))


def _field_name(error: jsonschema.ValidationError) -> str:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties":
        schema: Any = error.schema
        known = set(schema.get("properties", {}))
        extra = sorted(set(error.instance) - known) if isinstance(error.instance, dict) else []
        path += extra[:1]
    return _path(path)


def _build(cls: type[Any], data: Mapping[str, Any], prefix: str, errors: dict[str, Message]) -> Any:
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name not in data:
            continue
        raw, hint = data[field.name], hints[field.name]
        where = f"{prefix}{field.name}"
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        base = inner[0] if typing.get_origin(hint) in (types.UnionType, typing.Union) else hint
        if raw is None:
            values[field.name] = None
        elif dataclasses.is_dataclass(base):
            values[field.name] = _build(base, raw, f"{where}.", errors)  # type: ignore[arg-type]
        elif base is dt.date:
            try:
                values[field.name] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[where] = Message(N_("Give a date as YYYY-MM-DD."))
        elif typing.get_origin(base) is tuple:
            item = typing.get_args(base)[0]
            values[field.name] = tuple(item(value) for value in raw)
        elif isinstance(base, type) and issubclass(base, StrEnum):
            values[field.name] = base(raw)
        elif base is float:
            values[field.name] = float(raw)
        else:
            values[field.name] = raw
    return cls(**values)


@functools.cache
def _fast_validator() -> Callable[[Any], Any]:
    import fastjsonschema  # compiles the schema to Python: a valid document passes at once

    validate: Callable[[Any], Any] = fastjsonschema.compile(_cached_schema())
    return validate


def _passes_fast_check(document: Any) -> bool:
    from fastjsonschema import JsonSchemaException

    try:
        _fast_validator()(document)
    except JsonSchemaException:
        return False
    return True


def _schema_errors(document: Any) -> dict[str, Message]:
    """Every error of a document the fast check refused, found by `jsonschema`, which (unlike
    the fast check) goes on after the first one; it has the last word on what is valid."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_cached_schema())
    errors: dict[str, Message] = {}
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        errors.setdefault(_field_name(error), _message(error))
    return errors


def parse_facts(document: Any) -> Facts:
    """Validate a facts document (already decoded from JSON or YAML) and build the facts.

    A version 1 document is converted to version 2 first (`upgrade_facts`)."""
    if not isinstance(document, Mapping):
        raise ValidationError.single("(document)", N_("The facts document must be an object."))
    upgrade = upgrade_facts(_normalise_dates(document))
    document = upgrade.document
    errors = {} if _passes_fast_check(document) else _schema_errors(document)
    try:
        if errors:
            raise ValidationError(errors)
        facts: Facts = _build(Facts, document, "", errors)
        if errors:
            raise ValidationError(errors)
        check_consistency(facts)
    except ValidationError as error:
        # A converted version 1 document hears about the fields it named.
        raise ValidationError(
            {upgrade.original_path(path): message for path, message in error.errors.items()}
        ) from None
    return facts


def _normalise_dates(value: Any) -> Any:
    """YAML reads `2026-11-22` as a date; the schema wants the ISO string JSON would carry."""
    if isinstance(value, Mapping):
        return {key: _normalise_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise_dates(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def check_consistency(facts: Facts) -> None:
    """Rules across fields that a JSON Schema cannot say simply."""
    errors: dict[str, Message] = {}
    for exclusion in facts.annex_iii.exclusions:
        if EXCLUSION_POINTS[exclusion] not in facts.annex_iii.points:
            errors["annex_iii.exclusions"] = Message(
                N_("This exclusion belongs to Annex III point %(point)s."),
                {"point": EXCLUSION_POINTS[exclusion]},
            )
    system = facts.system
    if system.market_status is MarketStatus.NOT_YET and (
        system.placed_on_market or system.put_into_service
    ):
        errors["system.market_status"] = Message(
            N_("A date of placing on the market or putting into service is given: choose in use.")
        )
    if errors:
        raise ValidationError(errors)


# The facts without which no category can be given: who the actor is, and what the thing is.
# Every other fact has a documented default (an absent boolean is "no"); these two have none
# that could be assumed without concluding from missing facts.
REQUIRED_FACTS = ("actor.roles", "system.kind")
MISSING_FACT = N_("This fact is needed to classify, and it is missing.")


def missing_facts(document: Any) -> list[str]:
    """The required facts a document leaves out (empty or absent), in schema order."""
    document = upgrade_facts(document).document
    missing = []
    for path in REQUIRED_FACTS:
        node: Any = document
        for part in path.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node in (None, "", [], ()):
            missing.append(path)
    return missing


def require_facts(document: Any) -> None:
    """Refuse to classify from missing facts: a ValidationError naming each one."""
    missing = missing_facts(document)
    if missing:
        raise ValidationError({path: Message(MISSING_FACT) for path in missing})
