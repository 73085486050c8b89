"""gunicorn settings, for `make serve` and production (`gunicorn -c cms/gunicorn.conf.py`).

BIND (127.0.0.1:8000) and WEB_CONCURRENCY (workers; two per core plus one) come from the
environment. One access line per request goes to stdout: client, request, status, bytes
and the time taken in milliseconds.
"""

import multiprocessing
import os

wsgi_app = "cms.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")

_workers = os.environ.get("WEB_CONCURRENCY", "").strip()
# ASCII digits only: str.isdigit() also accepts "²", which int() then refuses.
if _workers and not (_workers.isascii() and _workers.isdigit() and int(_workers) > 0):
    raise SystemExit(f"WEB_CONCURRENCY must be a whole number of workers, 1 or more; got {_workers!r}.")
workers = int(_workers) if _workers else multiprocessing.cpu_count() * 2 + 1

# The app is imported once, before the workers fork: they share its memory pages.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# A worker is replaced after this many requests, so a slow leak cannot grow for ever. Each
# replacement throws away what the worker keeps in memory (recent pages, topics, the region
# tree, card facts, compiled templates), so it must be rare: at 1,500 requests a second
# shared by four workers, a limit of 5,000 restarted each one every 13 s. A million is
# three quarters of an hour at that rate and days at a newsroom's usual traffic (memory
# does not grow meanwhile: every cache a worker keeps is bounded). GUNICORN_MAX_REQUESTS=0
# turns recycling off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# No control socket: several instances may run side by side under one user.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
