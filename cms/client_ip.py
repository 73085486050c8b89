"""The address a request came from, behind our own proxy or not: what comment limits count
(engagement) and what sign-in lockouts count (django-axes, ``AXES_CLIENT_IP_CALLABLE``)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The reader's address, from the header named in CLIENT_IP_HEADER when behind a proxy.

    A header that holds no address (a proxy misconfigured, or none at all and a reader
    writing it) counts as the connection's address: stored as it was, it made the database
    refuse the comment (a 500), and skipping the limit for it would let anyone flood.
    """
    # X-Forwarded-For lists every hop; only the last entry, appended by our own load
    # balancer, can be trusted (a reader can write anything before it).
    candidate = (request.META.get(settings.CLIENT_IP_HEADER) or "").split(",")[-1].strip()
    return _address(candidate) or _address(request.META.get("REMOTE_ADDR") or "")


def _address(text):
    """``text`` written the one way an address is stored, or None when it is no address."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return None if getattr(address, "scope_id", None) else str(address)
