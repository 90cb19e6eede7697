"""Uploaded files on local disk, written in chunks and never trusted by their name."""

from __future__ import annotations

import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_

CHUNK = 1 << 16


class FileStorage:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def save(self, stream: BinaryIO, *, suffix: str, max_bytes: int) -> str:
        """Copy a stream to a new file, giving up past `max_bytes`; returns the file's key."""
        key = f"{secrets.token_hex(16)}{suffix}"
        target = self.root / key
        written = 0
        try:
            with target.open("xb") as out:
                while chunk := stream.read(CHUNK):
                    written += len(chunk)
                    if written > max_bytes:
                        raise ValidationError.single(
                            "file",
                            N_("The file is larger than %(size)s MB."),
                            size=max_bytes // 1_048_576,
                        )
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return key

    def path(self, key: str) -> Path:
        if not key or "/" in key or key.startswith("."):
            raise ValueError("bad storage key")
        return self.root / key

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def write_at(self, key: str, offset: int) -> FileChunk:
        """Write one chunk of a resumable upload from `offset` of the file."""
        return FileChunk(self.path(key), offset)

    def head(self, key: str, size: int) -> bytes:
        """The file's first `size` bytes (to check its format)."""
        with self.path(key).open("rb") as stream:
            return stream.read(size)

    def clear(self, key: str) -> None:
        """Empty the file, keeping its key (an upload that starts again)."""
        self.path(key).write_bytes(b"")

    def keys_older_than(self, at: datetime) -> list[str]:
        """The files last written before `at` (to find those nobody refers to any more)."""
        limit = at.timestamp()
        return sorted(
            path.name
            for path in self.root.iterdir()
            if path.is_file() and not path.name.startswith(".") and path.stat().st_mtime < limit
        )


class FileChunk:
    """A chunk written piece by piece; `commit` cuts whatever lay beyond it (so a chunk sent
    again replaces the first attempt) and syncs it to disk, `abort` cuts it off."""

    def __init__(self, path: Path, offset: int) -> None:
        self.offset = offset
        self.written = 0
        self.out = path.open("r+b")
        self.out.seek(offset)

    def write(self, piece: bytes) -> None:
        self.out.write(piece)
        self.written += len(piece)

    def commit(self) -> int:
        with self.out:
            self.out.truncate(self.offset + self.written)
            self.out.flush()
            os.fsync(self.out.fileno())
        return self.written

    def abort(self) -> None:
        with self.out:
            self.out.truncate(self.offset)
