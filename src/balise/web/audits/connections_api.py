"""Registered data connections on the API: list, register and delete an organisation's
connections. What the API returns never holds the password nor the sealed address."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from balise.domain.accounts.model import Actor, Scope
from balise.domain.audits.connections import AuditConnection, ConnectionEngine
from balise.services import audit_connections as connections
from balise.services.organisations import get_organisation
from balise.services.ports import UnitOfWork
from balise.web.access import Allow, container_of
from balise.web.audits.views import AUDITORS
from balise.web.common import in_uow
from balise.web.paths import PathId

router = APIRouter(tags=["audits"])
WRITE = Allow.only(*AUDITORS, scope=Scope.SYSTEMS_WRITE)
READ = Allow.only(*AUDITORS)
NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No organisation or connection of yours at this address."}
}


class ConnectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation: str = Field(description="The organisation's address (slug).")
    name: str = Field(description="A name, unique within the organisation.")
    engine: Literal["postgresql", "spark"]
    url: str = Field(
        default="",
        description="postgresql://user:password@host:5432/database[?table=schema.table], "
        "instead of host, port, database, user and password.",
    )
    host: str = ""
    port: int | None = Field(default=None, description="5432 when left out.")
    database: str = ""
    user: str = ""
    password: str = Field(default="", description="Stored encrypted; never returned.")
    table: str = Field(default="", description="The table or view (PostgreSQL).")
    spark: str = Field(default="", description="The Spark table or files (spark engine).")


class ConnectionRead(BaseModel):
    id: int
    organisation: str
    name: str
    engine: ConnectionEngine
    address: str = Field(description="Where the data lives, without the password.")
    has_password: bool = Field(description="Whether a password is stored (never returned).")
    columns: dict[str, str] | None = Field(description="Column → type, from the last test.")
    tested_at: datetime | None
    created_at: datetime
    updated_at: datetime
    url: str = Field(description="The connection's page.")


def connection_read(found: AuditConnection, slug: str) -> ConnectionRead:
    assert found.id is not None
    return ConnectionRead(
        id=found.id,
        organisation=slug,
        name=found.name,
        engine=found.engine,
        address=found.address,
        has_password=found.has_password,
        columns=found.columns,
        tested_at=found.tested_at,
        created_at=found.created_at,
        updated_at=found.updated_at,
        url=f"/audits/connections/{found.id}",
    )


@router.get("/audit-connections", response_model=list[ConnectionRead], responses=NOT_YOURS)
async def list_connections(
    request: Request,
    actor: Annotated[Actor, Depends(READ)],
    organisation: Annotated[
        str | None,
        Query(description="An organisation's address (slug); by default every one you audit."),
    ] = None,
) -> list[ConnectionRead]:
    """Registered connections (its editors and reviewers, administrators); never a secret."""

    def read(uow: UnitOfWork) -> list[ConnectionRead]:
        if organisation:
            found = get_organisation(uow, actor=actor, slug=organisation)
            assert found.id is not None
            listed = connections.list_connections(uow, actor=actor, organisation_id=found.id)
        else:
            listed = connections.list_own_connections(uow, actor=actor)
        slugs: dict[int, str] = {}
        for item in listed:
            if item.organisation_id not in slugs:
                slugs[item.organisation_id] = connections.organisation_of(uow, item).slug
        return [connection_read(item, slugs[item.organisation_id]) for item in listed]

    return await in_uow(request, read, commit=False)


@router.post(
    "/audit-connections", response_model=ConnectionRead, status_code=201, responses=NOT_YOURS
)
async def create_connection(
    request: Request, body: ConnectionCreate, actor: Annotated[Actor, Depends(WRITE)]
) -> ConnectionRead:
    """Register a connection; its address and password are stored encrypted."""
    container = container_of(request)
    values = body.model_dump(exclude={"organisation"})
    values["port"] = "" if body.port is None else str(body.port)

    def create(uow: UnitOfWork) -> ConnectionRead:
        found = get_organisation(uow, actor=actor, slug=body.organisation)
        assert found.id is not None
        created = connections.create_connection(
            uow,
            actor=actor,
            box=container.connection_box,
            organisation_id=found.id,
            values=values,
        )
        return connection_read(created, found.slug)

    return await in_uow(request, create)


@router.delete("/audit-connections/{connection_id}", status_code=204, responses=NOT_YOURS)
async def delete_connection(
    request: Request, connection_id: PathId, actor: Annotated[Actor, Depends(WRITE)]
) -> Response:
    """Delete a connection and its encrypted address; the audits made from it stay."""
    await in_uow(
        request,
        lambda uow: connections.remove_connection(uow, actor=actor, connection_id=connection_id),
    )
    return Response(status_code=204)
