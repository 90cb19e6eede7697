"""Request rate limits per client address: API calls, and every state-changing request."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from anyio import to_thread
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import HTTPConnection

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


class RateLimits:
    """Moving windows kept in memory (one process) or in Redis (several web workers)."""

    def __init__(self, *, storage_uri: str, api: str, writes: str) -> None:
        self.storage = storage_from_string(storage_uri)
        self.in_memory = isinstance(self.storage, MemoryStorage)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.api = parse(api)
        self.writes = parse(writes)

    def limit_for(self, path: str, method: str) -> tuple[str, RateLimitItem] | None:
        if path.startswith("/api/"):
            return "api", self.api
        if method not in SAFE_METHODS:
            return "writes", self.writes
        return None

    def _hit(self, item: RateLimitItem, bucket: str, client: str) -> Verdict:
        if self.limiter.hit(item, bucket, client):
            return Verdict(True)
        reset_at = self.limiter.get_window_stats(item, bucket, client).reset_time
        return Verdict(False, max(1, math.ceil(reset_at - time.time())))

    async def check(self, connection: HTTPConnection) -> Verdict:
        found = self.limit_for(connection.url.path, connection.scope.get("method", "GET"))
        if found is None:
            return Verdict(True)
        bucket, item = found
        client = connection.client.host if connection.client else "unknown"
        if self.in_memory:
            return self._hit(item, bucket, client)
        return await to_thread.run_sync(self._hit, item, bucket, client)
