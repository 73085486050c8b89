vcl 4.1;

# Varnish in front of the app servers (gunicorn), for Varnish 7 with varnish-modules' xkey.
# docs/deploy.md describes how to run it; .ci/varnish-smoke checks every rule below.
#
# The contract with the app (articles/caching/):
#   - A page anonymous readers may share comes with
#       Cache-Control: public, max-age=0, s-maxage=50, stale-while-revalidate=10
#     and its surrogate keys in `xkey` ("a12 t3 list-en front-en ..."), also sent as
#     `Surrogate-Key` and `Cache-Tag` for CDNs. Varnish keeps it for s-maxage, serves it at
#     most 10 seconds longer while fetching a fresh copy (grace), and never shows the keys
#     to clients.
#   - Anything else is fetched for every request.
#   - On a change the app sends `PURGE /` with `xkey-purge: a12 t3 ...`, and every page
#     carrying any of those keys is dropped at once.
# So a page is never more than s-maxage + 10 seconds (60 s) out of date, even when a purge
# is lost.
#
# backends.vcl is the site's own part (backends.vcl.example shows one). Varnish looks for
# it in the folders of its vcl_path parameter (/etc/varnish, then /usr/share/varnish/vcl;
# `-p vcl_path=DIR` for another), not next to this file. It must define:
#   - `app`: a director over the app servers, health-checked, created in vcl_init;
#   - `app_failopen`: a director over the same servers without health checks, used when
#     every server fails its check (see vcl_recv);
#   - `acl purgers`: the addresses allowed to purge, the app servers'.

import std;
import xkey;

include "backends.vcl";

sub vcl_recv {
    # Round robin over the servers whose /healthz answers 200. It fails on every server at
    # once when a shared service they can do without (Redis) is down, so "every server is
    # sick" is more often wrong than true: then the request goes to them anyway (fails
    # open). When they really are all down, it fails as it would have.
    set req.backend_hint = app.backend();
    if (!std.healthy(req.backend_hint)) {
        set req.backend_hint = app_failopen.backend();
    }

    # HTTP/1.1 requires Host; hosts are case-insensitive, so one spelling is kept (the
    # cache key includes it). Varnish's built-in vcl_recv does this too, but never runs
    # here: every path below ends in a return.
    if (!req.http.Host && req.proto == "HTTP/1.1") {
        return (synth(400, "Host header required"));
    }
    if (req.http.Host) {
        set req.http.Host = std.tolower(req.http.Host);
    }

    # Purge by surrogate key, from the app servers only. A hard purge: the pages go at
    # once, nothing of them is served in grace.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from this address"));
        }
        if (!req.http.xkey-purge || req.http.xkey-purge !~ "[^\s,]") {
            return (synth(400, "No keys to purge (xkey-purge header)"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }

    # Only reads can be shared; a POST (a comment, a reaction, a sign-in) always reaches
    # the app, with its cookies.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # The newsroom (admin, its language switch), the health check (it must see a live
    # server, not a copy), the CSRF token endpoint and previews of unpublished stories, in
    # any language (/preview/..., /ru/preview/..., /uz-cyrl/preview/...). The app marks
    # these private anyway; passing them here also keeps their cookies, and keeps Varnish
    # from queueing readers behind an editor's slow request. An absolute-form request line
    # (GET http://host/admin/) is matched too.
    if (req.url ~ "^(https?://[^/]+)?(/([a-z]{2}|uz-cyrl|kk-latn))?/(admin|i18n|csrf|preview|healthz)(/|\?|$)") {
        return (pass);
    }

    # The read API: every call must reach the app, which counts it against its key's limit
    # (or the address's, without a key) before answering from its own page cache, with an
    # ETag and 304s; a copy here would let any caller past the limits.
    if (req.url ~ "^(https?://[^/]+)?/api/") {
        return (pass);
    }

    # Credentials of any other kind: never share what they unlock.
    if (req.http.Authorization) {
        return (pass);
    }

    if (req.http.Cookie) {
        # HTTP/2 clients may send one Cookie header per cookie: join them before matching.
        std.collect(req.http.Cookie, "; ");
        # A signed-in editor (sessionid), a message waiting to be shown once (messages),
        # or a reader's own state such as their reaction (reader): the page is theirs.
        # Names are matched whole: "xsessionid" or "sessionid_old" do not count.
        if (req.http.Cookie ~ "(^|;)\s*(sessionid|messages|reader)=") {
            return (pass);
        }
        # Any other cookie (csrftoken, analytics) does not change an anonymous page:
        # dropped, so it neither splits the cache nor reaches the app.
        unset req.http.Cookie;
    }

    return (hash);
}

sub vcl_hash {
    # The address alone: language is in the path (/ru/...), and pages vary by nothing
    # else. Written out so that no other request header ever joins the key.
    hash_data(req.url);
    if (req.http.Host) {
        hash_data(req.http.Host);
    } else {
        hash_data(server.ip);
    }
    # And its scheme, as the load balancer in front reports it: the app redirects plain
    # HTTP to HTTPS (that redirect is never kept), and a page kept for HTTPS must not
    # answer a plain-HTTP request in its place.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    return (lookup);
}

sub vcl_backend_response {
    # A pass (decided in vcl_recv): nothing to decide.
    if (bereq.uncacheable) {
        return (deliver);
    }

    # A server error while refreshing a page in the background: keep the copy we have
    # (served until its grace runs out) rather than replace it with the error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }

    # Kept only when the app says in so many words that caches may share it (public and
    # s-maxage), says nothing against it, and sets no cookie. Without s-maxage Varnish
    # would fall back to max-age or to its default TTL (2 minutes); we never guess.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(?i)\bpublic\b"
        || beresp.http.Cache-Control !~ "(?i)\bs-maxage\s*=\s*\d"
        || beresp.http.Cache-Control ~ "(?i)\b(private|no-store|no-cache)\b"
        || beresp.http.Vary == "*"
        || beresp.ttl <= 0s) {
        call hit_for_miss;
    }

    # beresp.ttl is already s-maxage (minus any Age from upstream). Grace comes from
    # stale-while-revalidate, else Varnish's default_grace; either way at most 10 s.
    if (beresp.grace > 10s) {
        set beresp.grace = 10s;
    }
    return (deliver);
}

# Remember for a short time that this address is not cacheable (hit-for-miss): requests
# for it go to the app in parallel instead of queueing behind each other, and a later
# cacheable answer is still kept.
sub hit_for_miss {
    set beresp.ttl = 10s;
    set beresp.grace = 0s;
    set beresp.uncacheable = true;
    return (deliver);
}

sub vcl_backend_error {
    # No answer from a server (refused, timed out): try the next one once. Only reads are
    # retried; a POST may have done its work before the connection broke.
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    # A failed background refresh: the reader already has the copy in grace, and Varnish
    # keeps serving it either way; abandoning skips storing an error page nobody reads.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
    set beresp.http.Content-Type = "text/plain; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "30";
    set beresp.body = {"The site is unavailable for a moment. Please try again in a minute.
"};
    return (deliver);
}

sub vcl_deliver {
    # For people and CI: whether this came from the cache. PASS covers passes decided in
    # vcl_recv and answers the app marked uncacheable (hit-for-miss).
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;

    # The surrogate keys are for caches, not readers (they name what a page shows). With a
    # CDN in front of this Varnish, keep the header that CDN reads (docs/deploy.md).
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    return (deliver);
}

sub vcl_synth {
    # Plain text for every answer Varnish writes itself: purges, refusals.
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.http.Cache-Control = "no-store";
    if (req.method == "PURGE" && resp.status == 200) {
        set resp.http.X-Purged = req.http.X-Purged;
        set resp.body = req.http.X-Purged + {"
"};
    } else {
        set resp.body = resp.reason + {"
"};
    }
    return (deliver);
}
