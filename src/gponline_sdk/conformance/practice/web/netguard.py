"""Refuse to fetch anything but the public internet: the hosted page's defence against SSRF.

A hosted practice check fetches addresses typed by strangers. Without a guard, anyone
could make the server read its own admin pages, the cloud provider's metadata service
(and its credentials) or a machine on the private network behind it. So every
connection the check opens, the first and each redirect's, goes through
`GuardedAdapter`: the host name is resolved once, every address it resolves to is
checked, and the socket is then opened to a checked address itself (the connection is
*pinned*; the name is never resolved a second time), so a DNS answer that changes
between the check and the connection (DNS rebinding) cannot slip through. TLS still
verifies the certificate against the host name, since only the socket is pinned.

Nothing here imports the web framework: the guard is plain `requests`/`urllib3`.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any, ClassVar
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import connection as u3_connection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from gponline_sdk.errors import GponlineError

__all__ = [
    "METADATA_ADDRESSES",
    "AddressRefused",
    "GuardedAdapter",
    "IPAddress",
    "check_url",
    "guarded_session",
    "refusal",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, Azure, Google Cloud, Oracle, DigitalOcean...
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (legacy)
    )
)
"""Cloud metadata services, named as such (most also fall in a refused range)."""

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(GponlineError):
    """An address resolved to somewhere this server will not fetch from.

    Deliberately not an `OSError`: urllib3 would take it for a network failure and retry
    or wrap it; it must stop the fetch at once, as itself.
    """


def refusal(address: IPAddress) -> str | None:
    """Why `address` may not be fetched from, in words; `None` if it is a public address.

    IPv4 addresses carried inside IPv6 (v4-mapped `::ffff:a.b.c.d`, 6to4, NAT64) are judged
    as the IPv4 address they carry, since that is where the packets go.
    """
    inner = _embedded_v4(address)
    if inner is not None:
        reason = refusal(inner)
        return f"{reason} (inside an IPv6 address)" if reason else None
    checks = (
        (address in METADATA_ADDRESSES, "a cloud metadata address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address (this server itself)"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private network address"),
        (not address.is_global, "not a public internet address"),
    )
    return next((words for hit, words in checks if hit), None)


def _embedded_v4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # A scope ID ("fe80::1%eth0") is not part of the address ipaddress parses.
    return list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))


def checked_addresses(
    host: str,
    port: int,
    *,
    resolve: Resolver = _system_resolver,
    exempt: Iterable[tuple[str, int]] = (),
) -> list[str]:
    """Resolve `host` and return its addresses, all public, or raise `AddressRefused`.

    Every address is checked, not only the first: a name resolving to one public and one
    private address is refused, so the order of the answers cannot matter.

    Args:
        host: A host name or IP address (IPv6 without brackets).
        port: The port, passed to the resolver.
        resolve: The resolver (tests give their own).
        exempt: `(address, port)` pairs allowed anyway; tests use one loopback server as
            a stand-in for the public internet. Never set from user input.

    Raises:
        AddressRefused: naming the host and why.
        socket.gaierror: if the name does not resolve.
    """
    allowed = {(ipaddress.ip_address(a), p) for a, p in exempt}
    found = resolve(host, port)
    for text in found:
        address = ipaddress.ip_address(text)
        if (address, port) in allowed:
            continue
        reason = refusal(address)
        if reason is not None:
            raise AddressRefused(
                f"{host} is {reason}; this service only reads public web addresses"
                if host == text
                else f"{host} resolves to {text}, {reason}; this service only reads public "
                "web addresses"
            )
    return found


def check_url(
    url: str, *, resolve: Resolver = _system_resolver, exempt: Iterable[tuple[str, int]] = ()
) -> None:
    """Check, before any connection, that a typed address resolves only to public addresses.

    Raises:
        AddressRefused: if it does not.
        socket.gaierror: if its host name does not resolve.
    """
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    checked_addresses(parts.hostname or "", port, resolve=resolve, exempt=exempt)


class _PinnedMixin:
    """Open the socket to an address checked just now, never to a second resolution."""

    # In a tuple, so the function is not bound as a method of the connection.
    resolver: ClassVar[tuple[Resolver]] = (_system_resolver,)
    exempt: ClassVar[frozenset[tuple[str, int]]] = frozenset()

    def _new_conn(self) -> socket.socket:
        conn: Any = self
        host, port = conn._dns_host, conn.port
        try:
            addresses = checked_addresses(host, port, resolve=self.resolver[0], exempt=self.exempt)
        except socket.gaierror as exc:
            raise NameResolutionError(conn.host, conn, exc) from exc
        last: OSError | None = None
        for address in addresses:
            try:
                # An IP literal: create_connection does no DNS lookup for it.
                return create_connection(
                    (address, port),
                    conn.timeout,
                    source_address=conn.source_address,
                    socket_options=conn.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(
                    conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})"
                ) from exc
            except OSError as exc:
                last = exc
        raise NewConnectionError(conn, f"Failed to establish a new connection: {last}")


def _pool_classes(
    resolve: Resolver, exempt: frozenset[tuple[str, int]]
) -> dict[str, type[HTTPConnectionPool]]:
    attrs_ = {"resolver": (resolve,), "exempt": exempt}
    http_conn = type("_GuardedHTTPConnection", (_PinnedMixin, u3_connection.HTTPConnection), attrs_)
    https_conn = type(
        "_GuardedHTTPSConnection", (_PinnedMixin, u3_connection.HTTPSConnection), attrs_
    )
    http_pool = type("_GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn})
    https_pool = type("_GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn})
    return {"http": http_pool, "https": https_pool}


class GuardedAdapter(HTTPAdapter):
    """A `requests` adapter whose every new connection is checked and pinned (see module)."""

    def __init__(
        self, *, resolve: Resolver = _system_resolver, exempt: Iterable[tuple[str, int]] = ()
    ) -> None:
        self._classes = _pool_classes(resolve, frozenset(exempt))
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Create the pool manager, then swap in the guarded connection pools."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._classes


def guarded_session(
    *, resolve: Resolver = _system_resolver, exempt: Iterable[tuple[str, int]] = ()
) -> requests.Session:
    """A session that reads only public addresses, on every request and redirect.

    Proxies from the environment are ignored (`trust_env` off): a proxy would resolve and
    connect for us, out of the guard's sight.
    """
    session = requests.Session()
    session.trust_env = False
    adapter = GuardedAdapter(resolve=resolve, exempt=exempt)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
