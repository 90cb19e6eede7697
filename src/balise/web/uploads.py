"""Uploaded files: streamed to disk, checked for what they claim to be.

A route that takes a file declares it with `dependencies=[UPLOAD]`; the middleware reads the
declarations of the app's routes, so the upload size limit follows them (no list of addresses).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import Depends
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.routing import BaseRoute, compile_path

from balise.bootstrap import Container
from balise.domain.shared.csvfiles import sniff_delimiter
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

SNIFF_BYTES = 64 * 1024


def looks_like_csv(head: bytes) -> bool:
    """UTF-8 text without NUL bytes whose first line has at least two columns (`,` `;` or tab)."""
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character may be cut at the end of the sample.
        if error.start < len(head) - 4:
            return False
        text = head[: error.start].decode("utf-8-sig")
    first_line = text.splitlines()[0] if text else ""
    delimiter = sniff_delimiter(first_line)
    return len(next(csv.reader([first_line], delimiter=delimiter), [])) >= 2


async def save_upload(container: Container, upload: UploadFile, *, suffix: str) -> str:
    if not (upload.filename or "").lower().endswith(suffix):
        raise ValidationError.single(
            "file", N_("Choose a file ending in %(suffix)s."), suffix=suffix
        )
    head = await upload.read(SNIFF_BYTES)
    if not looks_like_csv(head):
        raise ValidationError.single("file", N_("This file is not a UTF-8 CSV file."))
    await upload.seek(0)
    return await run_in_threadpool(
        container.storage.save,
        upload.file,
        suffix=suffix,
        max_bytes=container.settings.max_upload_bytes,
    )


# --- Routes that take files ---------------------------------------------------------------------


async def accepts_uploads() -> None:
    """The mark of a route whose body may be a file, as large as BALISE_MAX_UPLOAD_BYTES."""


UPLOAD = Depends(accepts_uploads)
"""`@router.post(path, dependencies=[UPLOAD])`: its requests may be as large as an upload."""


def declares_upload(route: BaseRoute) -> bool:
    return isinstance(route, APIRoute) and any(
        dependency.call is accepts_uploads for dependency in route.dependant.dependencies
    )


@dataclass(frozen=True)
class UploadRoutes:
    """The routes that declare `UPLOAD`: their full address (a pattern) and their methods."""

    routes: tuple[tuple[re.Pattern[str], frozenset[str]], ...]

    @classmethod
    def of(cls, routes: Iterable[BaseRoute]) -> UploadRoutes:
        found = []
        for context in iter_route_contexts(list(routes)):
            if context.path and declares_upload(context.original_route):
                pattern, _, _ = compile_path(context.path)
                found.append((pattern, frozenset(context.methods or ())))
        return cls(tuple(found))

    def match(self, method: str, path: str) -> bool:
        return any(
            method in methods and pattern.match(path) is not None
            for pattern, methods in self.routes
        )


def upload_routes(app: Starlette) -> UploadRoutes:
    """The upload routes of an app, found once (on its first request) and kept on it."""
    found: UploadRoutes | None = getattr(app.state, "upload_routes", None)
    if found is None:
        found = UploadRoutes.of(app.routes)
        app.state.upload_routes = found
    return found
