#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg-cluster.sh start DIR   start a cluster, record it in DIR, print its URL on stdout
#   scripts/pg-cluster.sh url DIR     print the URL of the cluster recorded in DIR
#   scripts/pg-cluster.sh stop DIR    stop the cluster recorded in DIR and delete all its files
#   scripts/pg-cluster.sh bindir      print where initdb/pg_ctl/postgres are (exit 1 if nowhere)
#
# DIR holds only small state files (base, port, url, bindir); the data directory lives
# in a fresh mktemp directory under /tmp (or $PG_CLUSTER_TMPDIR) owned by the user that
# runs the server. Each DIR gets its own data directory and a free port, so several
# worktrees can run clusters at once. The server listens on 127.0.0.1 only and has a
# password-authenticated superuser (ledger/ledger); durability is switched off.
#
# initdb refuses to run as root: when run as root, the server runs as the `postgres`
# system user (created if missing); otherwise it runs as the current user.
# Everything except the URL goes to stderr or to log files in the data directory.
#
# Settings (environment): PG_BINDIR (where initdb/pg_ctl are; found by default via
# pg_config --bindir, /usr/lib/postgresql/15/bin or PATH), PG_CLUSTER_TMPDIR (parent of
# the data directory, default /tmp), PG_CLUSTER_OS_USER (default postgres).
set -euo pipefail

PG_SUPERUSER=ledger
PG_PASSWORD=ledger
OS_USER=${PG_CLUSTER_OS_USER:-postgres}
TMP_PARENT=${PG_CLUSTER_TMPDIR:-/tmp}

log() { printf 'pg-cluster: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

usage() {
    echo "usage: $0 start|stop|url DIR, or $0 bindir" >&2
    exit 2
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# Run a command as the user that owns the cluster.
as_owner() {
    if is_root; then
        runuser -u "$OS_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_os_user() {
    is_root || return 0
    id -u "$OS_USER" >/dev/null 2>&1 && return 0
    log "creating system user $OS_USER"
    # Another worktree may be creating it at the same moment.
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$OS_USER" || id -u "$OS_USER" >/dev/null 2>&1 ||
        die "could not create the $OS_USER user"
}

has_server_binaries() { [[ -n $1 && -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]; }

find_bindir() {
    local d
    if [[ -n ${PG_BINDIR:-} ]]; then
        has_server_binaries "$PG_BINDIR" || die "PG_BINDIR=$PG_BINDIR has no initdb/pg_ctl/postgres"
        echo "$PG_BINDIR"
        return
    fi
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if has_server_binaries "$d"; then
            echo "$d"
            return
        fi
    fi
    if has_server_binaries /usr/lib/postgresql/15/bin; then
        echo /usr/lib/postgresql/15/bin
        return
    fi
    if command -v initdb >/dev/null 2>&1; then
        # Resolve symlinks such as /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb.
        d=$(dirname "$(readlink -f "$(command -v initdb)")")
        if has_server_binaries "$d"; then
            echo "$d"
            return
        fi
    fi
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if has_server_binaries "$d"; then
            echo "$d"
            return
        fi
    done
    die "cannot find the PostgreSQL server binaries (initdb, pg_ctl); set PG_BINDIR"
}

free_port() {
    local py
    py=$(command -v python3 || command -v python) || die "python3 is needed to find a free port"
    "$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Refuse to delete anything that this script did not create.
check_base() {
    case $1 in
    "$TMP_PARENT"/ledger-pg.* | /tmp/ledger-pg.* | */ledger-pg.??????) ;;
    *) die "refusing to touch $1: not a directory made by this script" ;;
    esac
}

is_running() {
    local base=$1 bindir=$2
    [[ -f $base/data/postmaster.pid ]] || return 1
    (cd "$base" && as_owner "$bindir/pg_ctl" -D "$base/data" status >/dev/null 2>&1)
}

cmd_url() {
    local dir=$1
    [[ -f $dir/url ]] || die "no cluster recorded in $dir"
    cat "$dir/url"
}

cmd_start() {
    local dir=$1 bindir base port url attempt lines started=0
    START_OK=0
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)

    if [[ -f $dir/base ]]; then
        base=$(<"$dir/base")
        bindir=$(cat "$dir/bindir" 2>/dev/null || find_bindir)
        if [[ -f $dir/url ]] && is_running "$base" "$bindir"; then
            log "cluster already running in $base"
            cat "$dir/url"
            return
        fi
        log "removing the stale cluster recorded in $dir"
        cmd_stop "$dir"
        mkdir -p "$dir"
    fi

    bindir=$(find_bindir)
    log "using $("$bindir/postgres" --version) from $bindir"
    ensure_os_user

    mkdir -p "$TMP_PARENT"
    base=$(mktemp -d "$TMP_PARENT/ledger-pg.XXXXXX")
    # Record at once, so that `stop` cleans up even if the start fails half-way.
    echo "$base" >"$dir/base"
    echo "$bindir" >"$dir/bindir"
    START_DIR=$dir
    trap on_start_exit EXIT

    printf '%s\n' "$PG_PASSWORD" >"$base/pwfile"
    if is_root; then
        chown -R "$OS_USER:" "$base"
    fi

    log "initdb in $base/data"
    if ! (cd "$base" && as_owner "$bindir/initdb" -D "$base/data" \
        --username="$PG_SUPERUSER" --pwfile="$base/pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust \
        --encoding=UTF8 --locale=C --no-sync) >"$base/initdb.log" 2>&1; then
        tail -n 30 "$base/initdb.log" >&2 || true
        die "initdb failed"
    fi
    rm -f "$base/pwfile"

    # Appending keeps the file's owner.
    cat >>"$base/data/postgresql.conf" <<EOF

# --- throwaway test cluster (scripts/pg-cluster.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 1GB
log_min_messages = warning
log_line_prefix = '%m [%p] '
EOF

    # The port is free when we look but another process may take it before the server
    # binds it: retry with a new port when that happens.
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        lines=0
        if [[ -f $base/server.log ]]; then
            lines=$(wc -l <"$base/server.log")
        fi
        log "starting the server on 127.0.0.1:$port (attempt $attempt)"
        if (cd "$base" && as_owner "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" \
            -o "-p $port" -w -t 60 start) >>"$base/pg_ctl.log" 2>&1; then
            started=1
            break
        fi
        if [[ -f $base/server.log ]] && awk -v skip="$lines" '
            NR > skip && /could not bind|Address already in use|could not create any TCP\/IP sockets/ {
                found = 1
            }
            END { exit !found }' "$base/server.log"; then
            log "port $port was taken; trying another"
            continue
        fi
        break
    done
    if [[ $started -ne 1 ]]; then
        tail -n 30 "$base/pg_ctl.log" "$base/server.log" >&2 2>/dev/null || true
        die "the server did not start"
    fi

    url="postgresql://$PG_SUPERUSER:$PG_PASSWORD@127.0.0.1:$port/postgres"
    echo "$port" >"$dir/port"
    echo "$url" >"$dir/url"
    log "ready: ${url/:$PG_PASSWORD@/:***@} (data in $base, state in $dir)"
    START_OK=1
    echo "$url"
}

# If `start` fails half-way (set -e or die), remove what it made.
START_DIR=
START_OK=0
on_start_exit() {
    local rc=$?
    if [[ -n $START_DIR && $START_OK -ne 1 ]]; then
        log "start failed; cleaning up"
        cmd_stop "$START_DIR" || true
    fi
    exit "$rc"
}

cmd_stop() {
    local dir=$1 base bindir pid
    [[ -d $dir ]] || return 0
    if [[ -f $dir/base ]]; then
        base=$(<"$dir/base")
        check_base "$base"
        if [[ -d $base ]]; then
            if [[ -f $base/data/postmaster.pid ]]; then
                bindir=$(cat "$dir/bindir" 2>/dev/null || find_bindir)
                log "stopping the server in $base"
                if ! (cd "$base" && as_owner "$bindir/pg_ctl" -D "$base/data" -m fast -w -t 30 \
                    stop) >&2; then
                    (cd "$base" && as_owner "$bindir/pg_ctl" -D "$base/data" -m immediate -w \
                        -t 30 stop) >&2 || true
                fi
                # Last resort: a postmaster that ignored pg_ctl.
                if [[ -f $base/data/postmaster.pid ]]; then
                    pid=$(head -n 1 "$base/data/postmaster.pid" 2>/dev/null || true)
                    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                        log "killing postmaster $pid"
                        kill -KILL "$pid" 2>/dev/null || true
                    fi
                fi
            fi
            rm -rf -- "$base"
        fi
    fi
    rm -f -- "$dir/base" "$dir/bindir" "$dir/port" "$dir/url"
    rmdir -- "$dir" 2>/dev/null || true
}

if [[ $# -eq 1 && $1 == bindir ]]; then
    find_bindir
    exit
fi
[[ $# -eq 2 && -n $2 ]] || usage
case $1 in
start) cmd_start "$2" ;;
stop) cmd_stop "$2" ;;
url) cmd_url "$2" ;;
*) usage ;;
esac
