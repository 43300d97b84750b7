"""The client's address, as the lockout and the rate limits count it.

Behind the reverse proxy the README recommends, REMOTE_ADDR is the proxy's address: every failure would count
against one address (and lock everyone out), or an attacker's would be indistinguishable from anyone else's.
With `SENTRA_PROXY_IP_HEADER` set (e.g. `X-Forwarded-For`), the address comes from that header: the entry the
outermost of our `SENTRA_PROXY_COUNT` proxies appended, so entries a client writes itself in front are ignored.
Without the setting, the header is ignored (a client could write anything in it)."""

import ipaddress

from django.conf import settings


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    header = getattr(settings, "SENTRA_PROXY_IP_HEADER", "")
    if not header:
        return remote
    raw = request.META.get(_meta_key(header), "")
    entries = [e.strip() for e in raw.split(",") if e.strip()]
    count = max(1, getattr(settings, "SENTRA_PROXY_COUNT", 1))
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
