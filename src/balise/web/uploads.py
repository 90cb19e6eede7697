"""Uploaded files: streamed to disk, checked for what they claim to be."""

from __future__ import annotations

import csv

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from balise.bootstrap import Container
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

SNIFF_BYTES = 64 * 1024


def looks_like_csv(head: bytes) -> bool:
    """UTF-8 text without NUL bytes whose first line parses as CSV with at least two columns."""
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
    return len(next(csv.reader([first_line]), [])) >= 2


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
