"""Safe by default: the published development key never serves anyone but this machine.

Without NYATA_ENV=production, Nyata runs with a secret key printed in its own source. Anyone who knows
it can forge a session cookie and sign in as anyone, so a server using it must answer only this machine
(issue 14). Two guards hold that, whichever server runs Nyata:

- `nyata runserver` refuses, before it binds, an address other than loopback (127.0.0.1, ::1, localhost);
- the WSGI application (gunicorn and any other server) refuses every request that reaches it on a
  non-loopback address of this machine (gunicorn tells the connection's own address), from a
  non-loopback client, or forwarded by a proxy for one.

With a key of its own (NYATA_SECRET_KEY) or in production, neither guard does anything; production
refuses the development key outright (settings), and `nyata check --deploy` names it (nyata.E001).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from nyata.core.addresses import ipv4_octets

DEVELOPMENT_KEY = "development-only-key-never-used-in-production-0123456789"
LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}

REFUSAL = (
    "Nyata runs with the published development key (NYATA_SECRET_KEY unset, NYATA_ENV not production), "
    "so it answers only this machine (127.0.0.1, ::1, localhost). To serve others, set NYATA_ENV=production "
    "with NYATA_SECRET_KEY and NYATA_ALLOWED_HOSTS (README, 'Running in production')."
)


def uses_development_key() -> bool:
    from django.conf import settings

    return settings.SECRET_KEY == DEVELOPMENT_KEY or DEVELOPMENT_KEY in getattr(
        settings, "SECRET_KEY_FALLBACKS", ()
    )


def guarded() -> bool:
    """Whether this installation may answer only this machine."""
    from django.conf import settings

    return not settings.PRODUCTION and uses_development_key()


def is_loopback(address: str) -> bool:
    host = address.strip().strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    octets = ipv4_octets(host)  # every request is checked
    if octets is not None:
        return octets[0] == 127
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name, or "0" / "0.0.0.0" / "::" (every address of the machine)


def _forwarded_for(environ: dict) -> Iterable[str]:
    return [part for part in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]


def _local_address(environ: dict) -> str | None:
    connection = environ.get("gunicorn.socket")
    if connection is None:
        return None
    try:
        return str(connection.getsockname()[0])
    except (OSError, IndexError, TypeError):
        return None


def request_allowed(environ: dict) -> bool:
    local = _local_address(environ)
    addresses = [environ.get("REMOTE_ADDR", ""), *_forwarded_for(environ)]
    if local is not None:
        addresses.append(local)
    return all(is_loopback(address) for address in addresses)


def guard(application: Callable) -> Callable:
    """The WSGI application, refusing other machines while the development key is in use."""
    if not guarded():
        return application

    def loopback_only(environ: dict, start_response: Callable):
        if request_allowed(environ):
            return application(environ, start_response)
        body = (REFUSAL + "\n").encode()
        start_response(
            "403 Forbidden",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return loopback_only
