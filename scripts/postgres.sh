#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on a loopback port, for tests and benchmarks.
#   scripts/postgres.sh start   -> prints the URL to use (also written to $PGROOT/url)
#   scripts/postgres.sh stop
# Installs Debian's postgresql package if no server binaries are found. The cluster runs
# as an unprivileged system user (PostgreSQL refuses to run as root), in a temporary folder,
# with trust authentication on 127.0.0.1 only.
set -euo pipefail
action=${1:?usage: scripts/postgres.sh start|stop}
PGROOT=${PAYMAAN_PG_DIR:-/tmp/paymaan-pg}
PORT=${PAYMAAN_PG_PORT:-54329}
FSYNC=${PAYMAAN_PG_FSYNC:-off}
PGUSER_OS=paymaanpg

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PGUSER_OS" -- "$@"; else "$@"; fi
}

BIN=$(find_bin || true)
if [ -z "$BIN" ]; then
  echo "PostgreSQL server not found: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN=$(find_bin)
fi

case "$action" in
  start)
    if [ "$(id -u)" = 0 ] && ! id -u "$PGUSER_OS" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_OS"
    fi
    if [ -f "$PGROOT/data/postmaster.pid" ]; then
      as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGROOT"
    mkdir -p "$PGROOT/sock"
    if [ "$(id -u)" = 0 ]; then chown -R "$PGUSER_OS" "$PGROOT"; fi
    as_pg "$BIN/initdb" -D "$PGROOT/data" -A trust -U paymaan -E UTF8 --locale=C.UTF-8 --no-sync >"$PGROOT/initdb.log" 2>&1 \
      || { cat "$PGROOT/initdb.log" >&2; exit 1; }
    as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGROOT/sock -c fsync=$FSYNC -c max_connections=200" \
      start >/dev/null || { cat "$PGROOT/server.log" >&2; exit 1; }
    as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U paymaan paymaan_test
    url="postgresql://paymaan@127.0.0.1:$PORT/paymaan_test"
    echo "$url" > "$PGROOT/url"
    echo "$url"
    ;;
  stop)
    if [ -d "$PGROOT/data" ]; then
      as_pg "$BIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGROOT"
    ;;
  *) echo "usage: scripts/postgres.sh start|stop" >&2; exit 2 ;;
esac
