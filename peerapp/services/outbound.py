"""Requests a user can point somewhere (push endpoints, feed URLs) go to the public internet only.

:func:`check` parses a URL, resolves its host and refuses any address that is not public
(loopback, private, link-local, multicast, reserved, unspecified, and IPv4 addresses embedded
in IPv6 as mapped, 6to4, Teredo or NAT64), however the host was written: the resolver itself
reads ``2130706433``, ``0177.0.0.1``, ``0x7f.1`` and ``127.1``, so each spelling ends up as the
address it means and is judged as that. :func:`session_for` then connects to exactly the address
that was checked (TLS still checks the certificate for the host name, and ``Host`` names it),
never through a proxy, and never follows a redirect.

An operator may allow named hosts with ``PEERAPP_OUTBOUND_ALLOW`` (``host`` or ``host:port``,
comma-separated): an intranet push service, or a local one in tests. Allowed hosts may be
private and may use plain http; they are still resolved and pinned.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import idna
import requests
from requests.adapters import HTTPAdapter

from peerapp.config import app_config

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class OutboundRefused(Exception):
    """The URL is not one Peerapp may send to; ``reason`` is one of the codes below.

    ``malformed`` (not a URL with a host), ``scheme`` (not https, or http for an allowed host),
    ``unresolvable`` (the name has no address now), ``internal`` (an address that is not on the
    public internet). The message never contains the URL.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Destination:
    """A checked URL: its scheme, its host in ASCII, its port and the address to connect to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str


def allowed_hosts(value: str | None) -> frozenset[str]:
    """The ``host`` and ``host:port`` entries of a ``PEERAPP_OUTBOUND_ALLOW`` value, normalised."""
    entries = set()
    for raw in (value or "").split(","):
        entry = raw.strip().lower()
        if entry:
            entries.add(entry)
    return frozenset(entries)


def _configured_allow() -> frozenset[str]:
    """The running app's allowed hosts; none outside an app."""
    try:
        return allowed_hosts(app_config().get("PEERAPP_OUTBOUND_ALLOW"))
    except RuntimeError:  # no application context: allow nothing extra
        return frozenset()


def ascii_host(host: str) -> str:
    """The host as DNS sees it: IDNA-encoded, lower case, without a trailing dot.

    Raises ``OutboundRefused("malformed")`` for a name IDNA refuses.
    """
    host = host.strip("[]").lower()
    if host.endswith("."):
        host = host[:-1]
    if not host:
        raise OutboundRefused("malformed")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        if host.isascii() and all(label and label.isalnum() for label in host.split(".")):
            return host  # numeric spellings such as 0x7f.1, left for the resolver to read
        raise OutboundRefused("malformed") from None


def is_public(address: IPAddress) -> bool:
    """Whether an address is on the public internet, including any IPv4 address inside it."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None and not is_public(embedded):
            return False
        if address.ipv4_mapped is not None or any(address in net for net in _NAT64):
            return True  # a translated public IPv4 address (DNS64 answers with these)
        if address.is_site_local:
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in network for network in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to for a TCP connection (tests replace this)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise OutboundRefused("unresolvable") from None
    return [str(info[4][0]) for info in answers]


def check(url: str, *, schemes: Iterable[str] = ("https",)) -> Destination:
    """The destination of ``url`` when Peerapp may send there; raises ``OutboundRefused``."""
    if not isinstance(url, str) or any(ord(char) < 33 or ord(char) == 127 for char in url):
        raise OutboundRefused("malformed")
    try:
        parts = urlsplit(url)
        port = parts.port
        raw_host = parts.hostname
    except ValueError:
        raise OutboundRefused("malformed") from None
    scheme = parts.scheme.lower()
    if not raw_host or "@" in parts.netloc or scheme not in _DEFAULT_PORTS:
        raise OutboundRefused("malformed")
    host = ascii_host(raw_host)
    port = port or _DEFAULT_PORTS[scheme]
    allow = _configured_allow()
    allowed = host in allow or f"{host}:{port}" in allow
    if scheme not in schemes and not (allowed and scheme in _DEFAULT_PORTS):
        raise OutboundRefused("scheme")
    addresses = resolve(host, port)
    if not addresses:
        raise OutboundRefused("unresolvable")
    if not allowed:
        for found in addresses:
            if not is_public(ipaddress.ip_address(found.split("%", 1)[0])):
                raise OutboundRefused("internal")
    return Destination(url=url, scheme=scheme, host=host, port=port, address=addresses[0])


class _PinnedAdapter(HTTPAdapter):
    """Connects to the checked address whatever the URL's host resolves to now."""

    def __init__(self, destination: Destination) -> None:
        super().__init__(max_retries=0)
        self.destination = destination

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The pool for the checked address, with SNI and certificate checks for the host."""
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        target = self.destination
        if (
            ascii_host(str(host_params["host"])) != target.host
            or (host_params["port"] or _DEFAULT_PORTS[target.scheme]) != target.port
        ):
            raise OutboundRefused("internal")  # a request elsewhere than what was checked
        host_params["host"] = target.address
        host_params["port"] = target.port
        if target.scheme == "https":
            pool_kwargs["server_hostname"] = target.host
            pool_kwargs["assert_hostname"] = target.host
        return host_params, pool_kwargs

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        """Send with ``Host`` naming the host, as if it had been connected to by name."""
        target = self.destination
        default = _DEFAULT_PORTS[target.scheme] == target.port
        request.headers["Host"] = target.host if default else f"{target.host}:{target.port}"
        return super().send(request, *args, **kwargs)


class _NoRedirectSession(requests.Session):
    """A session that never follows a redirect and ignores proxy and netrc settings."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        """Send without following a redirect: a 3xx answer is returned as it is."""
        kwargs["allow_redirects"] = False
        return super().send(request, **kwargs)


def session_for(destination: Destination) -> requests.Session:
    """A session that sends to ``destination`` only, at the checked address."""
    session = _NoRedirectSession()
    for prefix in ("http://", "https://"):
        session.adapters.pop(prefix, None)
    session.mount(f"{destination.scheme}://", _PinnedAdapter(destination))
    return session
