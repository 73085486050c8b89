"""The public routes of the URL conf, for tests that must cover every one of them."""

from django.urls import URLResolver, get_resolver


def public_routes(patterns=None, namespace=""):
    """Every route by its namespaced name (its pattern if unnamed), but those under /admin/
    (the admin and staff sign-in, which ask staff to sign in: tests/test_admin*.py)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if patterns is None and str(entry.pattern).lstrip("^").startswith("admin/"):
            continue  # the admin, staff sign-in, and the admin's old addresses (redirects)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_routes(entry.url_patterns, inner)
        else:
            yield f"{namespace}{entry.name}" if entry.name else str(entry.pattern)
