# shellcheck shell=bash
# Shared by the CI scripts (source it): free ports, and a throwaway PostgreSQL cluster,
# Redis server or Varnish on 127.0.0.1 that the caller stops from its EXIT trap. Defines
# functions only.
#
# The PostgreSQL functions run initdb and pg_ctl as the postgres user (initdb refuses root),
# so every folder above the cluster's must be reachable by that user (chmod 755 a mktemp -d).
# Varnish compiles and runs its configuration as its own users (vcache, varnish): the same
# holds for its folder.

# free_port FROM: the first port from FROM up on which nothing on 127.0.0.1 accepts a connection.
free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

# pg_bin: the folder of the newest installed PostgreSQL's programs.
pg_bin() {
    local initdb
    initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
    if [ ! -x "$initdb" ]; then
        echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)." >&2
        return 1
    fi
    dirname "$initdb"
}

# start_postgres DIR PORT: a new cluster in DIR listening on 127.0.0.1:PORT only, trusting
# local connections as "postgres", with durability off for speed. Prints its log on failure.
start_postgres() {
    local dir=$1 port=$2 bin
    bin=$(pg_bin)
    mkdir -p "$dir/data" "$dir/socket"
    chown -R postgres:postgres "$dir"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres \
        --encoding=UTF8 >/dev/null
    # Kept in the cluster's own configuration, so resume_postgres needs nothing but DIR.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    resume_postgres "$dir"
}

# resume_postgres DIR: start the cluster in DIR again (after stop_postgres).
resume_postgres() {
    local dir=$1 bin
    bin=$(pg_bin)
    if ! runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null; then
        echo "PostgreSQL did not start; its log:" >&2
        cat "$dir/server.log" >&2 || true
        return 1
    fi
}

# stop_postgres DIR: stop the cluster in DIR if it runs (fast: open connections are cut).
stop_postgres() {
    local dir=$1 bin
    [ -f "$dir/data/postmaster.pid" ] || return 0
    bin=$(pg_bin)
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

# start_redis DIR PORT: redis-server on 127.0.0.1:PORT, nothing saved to disk, its pid
# and log in DIR; returns once it answers PING.
start_redis() {
    local dir=$1 port=$2 tries
    mkdir -p "$dir"
    echo "$port" >"$dir/port"
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
    for tries in $(seq 50); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
            return 0
        fi
        sleep 0.1
    done
    echo "Redis did not answer on 127.0.0.1:$port after $tries tries; its log:" >&2
    cat "$dir/redis.log" >&2 || true
    return 1
}

# stop_redis DIR: stop the redis-server that start_redis started in DIR, and wait for it.
stop_redis() {
    local dir=$1 pid
    [ -s "$dir/redis.pid" ] || return 0
    pid=$(cat "$dir/redis.pid")
    if kill "$pid" 2>/dev/null; then
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
    rm -f "$dir/redis.pid"
}

# start_varnish DIR PORT BACKEND_PORT...: varnishd on 127.0.0.1:PORT with
# deploy/varnish/default.vcl, in front of app servers on 127.0.0.1 at each BACKEND_PORT
# (taking turns, health-checked on /healthz), taking purges from 127.0.0.1 and ::1. Writes
# DIR/backends.vcl for them (as deploy/varnish/backends.vcl.example shows); its pid, log
# and working folder (for varnishlog -n, varnishadm -n) are in DIR. Returns once it answers
# HTTP, whether or not the app servers do.
start_varnish() {
    local dir=$1 port=$2 vcl backend_port tries
    shift 2
    vcl="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/deploy/varnish/default.vcl"
    mkdir -p "$dir"
    echo "$port" >"$dir/port"
    {
        echo "# Written by start_varnish (.ci/lib.sh) for app servers on ports $*."
        echo 'vcl 4.1;'
        echo 'import directors;'
        # Polled every second, so a stopped server is out within about 3 s.
        echo 'probe healthz { .url = "/healthz"; .interval = 1s; .timeout = 1s; .window = 5; .threshold = 3; .initial = 3; }'
        for backend_port in "$@"; do
            echo "backend server_$backend_port { .host = \"127.0.0.1\"; .port = \"$backend_port\"; .connect_timeout = 1s; .probe = healthz; }"
            echo "backend server_${backend_port}_unchecked { .host = \"127.0.0.1\"; .port = \"$backend_port\"; .connect_timeout = 1s; }"
        done
        echo 'sub vcl_init {'
        echo '    new app = directors.round_robin();'
        echo '    new app_failopen = directors.round_robin();'
        for backend_port in "$@"; do
            echo "    app.add_backend(server_$backend_port);"
            echo "    app_failopen.add_backend(server_${backend_port}_unchecked);"
        done
        echo '}'
        echo 'acl purgers { "127.0.0.1"; "::1"; }'
    } >"$dir/backends.vcl"
    # vcl_path: where default.vcl's `include "backends.vcl"` is found.
    if ! varnishd -a "127.0.0.1:$port" -f "$vcl" -p vcl_path="$dir" -n "$dir/work" \
        -s malloc,64m -P "$dir/varnishd.pid" >"$dir/varnishd.log" 2>&1; then
        echo "Varnish did not start; it said:" >&2
        cat "$dir/varnishd.log" >&2 || true
        return 1
    fi
    for tries in $(seq 50); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz")" != 000 ]; then
            return 0
        fi
        sleep 0.1
    done
    echo "Varnish did not answer on 127.0.0.1:$port after $tries tries; its log:" >&2
    cat "$dir/varnishd.log" >&2 || true
    return 1
}

# stop_varnish DIR: stop the varnishd that start_varnish started in DIR, and wait for it.
stop_varnish() {
    local dir=$1 pid
    [ -s "$dir/varnishd.pid" ] || return 0
    pid=$(cat "$dir/varnishd.pid")
    if kill "$pid" 2>/dev/null; then
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
    rm -f "$dir/varnishd.pid"
}

# wait_for_http URL SECONDS: until URL answers 200, or fail after SECONDS.
wait_for_http() {
    local url=$1 seconds=$2 deadline
    deadline=$(($(date +%s) + seconds))
    until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "$url did not answer 200 within ${seconds}s." >&2
            return 1
        fi
        sleep 0.2
    done
}
