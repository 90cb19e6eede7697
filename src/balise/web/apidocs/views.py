"""The OpenAPI description turned into a reference people can read (pure, no I/O)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from balise.domain.shared.i18n import N_

METHODS = ("get", "post", "put", "patch", "delete")

# The API's groups, in the order a newcomer meets them, with their names for people.
TAGS: dict[str, str] = {
    "systems": N_("Register of AI systems"),
    "organisations": N_("Organisations"),
    "aiact": N_("AI Act classifier"),
    "assessments": N_("Impact assessments"),
    "audits": N_("Fairness and representativeness audits"),
    "monitoring": N_("Incidents and citizens' requests"),
    "panels": N_("Citizens' panels"),
    "observatory": N_("Observatory"),
    "guichet": N_("Guides and questions"),
    "eco": N_("Environmental footprint"),
    "account": N_("Your account and API tokens"),
    "jobs": N_("Background jobs"),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: str | None
    responses: tuple[tuple[str, str], ...]
    needs_token: bool
    scope: str


@dataclass(frozen=True)
class Group:
    tag: str
    title: str
    operations: tuple[Operation, ...]


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    if "anyOf" in schema:
        return " | ".join(_type(part) for part in schema["anyOf"] if part.get("type") != "null")
    if schema.get("type") == "array":
        return f"[{_type(schema.get('items', {}))}]"
    return str(schema.get("type", "object"))


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    # Security requirements are alternatives; an empty one means the operation is public.
    security: list[dict[str, list[str]]] = spec.get("security", [])
    scopes = sorted({scope for option in security for names in option.values() for scope in names})
    body = spec.get("requestBody", {}).get("content", {})
    body_type = None
    for media, content in body.items():
        body_type = f"{media}: {_type(content.get('schema', {}))}"
        break
    return Operation(
        method=method.upper(),
        path=path,
        anchor=spec.get("operationId", f"{method}-{path}"),
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        parameters=tuple(
            Parameter(
                name=p["name"],
                where=p.get("in", ""),
                required=bool(p.get("required")),
                type=_type(p.get("schema", {})),
                description=p.get("description", ""),
            )
            for p in spec.get("parameters", [])
        ),
        body=body_type,
        responses=tuple(
            (code, answer.get("description", ""))
            for code, answer in sorted(spec.get("responses", {}).items())
        ),
        needs_token=bool(security) and {} not in security,
        scope=", ".join(scopes),
    )


def api_reference(openapi: dict[str, Any]) -> list[Group]:
    """The operations grouped by tag: known tags first, in TAGS order, then the others."""
    grouped: dict[str, list[Operation]] = defaultdict(list)
    for path, item in openapi.get("paths", {}).items():
        for method in METHODS:
            if spec := item.get(method):
                tag = (spec.get("tags") or ["other"])[0]
                grouped[tag].append(_operation(path, method, spec))
    order = [tag for tag in TAGS if tag in grouped] + sorted(set(grouped) - set(TAGS))
    return [
        Group(tag, TAGS.get(tag, tag), tuple(sorted(grouped[tag], key=lambda o: o.path)))
        for tag in order
    ]
