"""Public portal pages kept in memory until the portal changes.

A page is cached for anonymous readers only, under the portal's generation (bumped by every
publication and withdrawal), the day, the language and the address. The visitor's own CSRF token is
put back into each copy, so a cached page never carries someone else's.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock
from typing import Generic, TypeVar

V = TypeVar("V")
TOKEN_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"


class PageCache(Generic[V]):
    def __init__(self, max_entries: int = 2048) -> None:
        self.max_entries = max_entries
        self._pages: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: V) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)


def with_token(page: bytes, token: str) -> bytes:
    return page.replace(TOKEN_PLACEHOLDER.encode(), token.encode())
