"""The client's address behind trusted reverse proxies (`BALISE_FORWARDED_ALLOW_IPS`).

Rate limits and sign-in throttling count per client address. Behind a reverse proxy the peer is
the proxy, and the client's address is in `X-Forwarded-For`; but anyone can send that header, so
it is believed only from the proxies listed in the setting. Nothing is trusted by default, not
even loopback: a process on the same machine could otherwise pick any address it likes. The
address kept is the last one in the header that is not itself a trusted proxy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(setting: str) -> tuple[Network, ...]:
    """Parse "127.0.0.1, 10.0.0.0/8, ::1" into networks; a wrong entry is a ValueError."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False)
        for part in setting.split(",")
        if part.strip()
    )


def _within(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_behind(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client's address: the peer, unless it is a trusted proxy and forwarded a client."""
    if not networks or not _within(peer, networks):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _within(hop, networks):
            return hop if _is_address(hop) else peer
    return hops[0] if hops and _is_address(hops[0]) else peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


class TrustedProxies:
    """Replaces the ASGI client address when a trusted proxy forwarded the request."""

    def __init__(self, app: ASGIApp, *, forwarded_allow_ips: str) -> None:
        self.app = app
        self.networks = trusted_networks(forwarded_allow_ips)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.networks and scope["type"] in {"http", "websocket"} and scope.get("client"):
            host, port = scope["client"]
            forwarded = b",".join(
                value for name, value in scope["headers"] if name == b"x-forwarded-for"
            ).decode("latin-1")
            client = client_behind(host, forwarded, self.networks)
            if client != host:
                scope = {**scope, "client": (client, port)}
        await self.app(scope, receive, send)
