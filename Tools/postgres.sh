#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (Debian's packages, installed if missing) on loopback for the
# store tests and the replica demo, and prints its URL. Sourced or run:
#
#   source Tools/postgres.sh && start_postgres [port=55432]   → sets $GROUNDED_TEST_POSTGRES_URL
#   Tools/postgres.sh stop | restart
# The cluster lives in ${PGWORK:-/tmp/grounded-postgres} (a folder the postgres user can reach);
# it runs as the postgres user (the server refuses root) with trust authentication on 127.0.0.1 only.
pg_bin() {
  local dir; dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$dir" ]; then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$dir"
}

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local port="${1:-55432}" bin; bin="$(pg_bin)"
  local dir="${PGWORK:-/tmp/grounded-postgres}"
  if ! as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U grounded --auth=trust >/dev/null || return 1
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=on" start >/dev/null || return 1
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U grounded grounded || return 1
  fi
  port="$(sed -n 4p "$dir/data/postmaster.pid")"   # a cluster already running keeps its own port
  export GROUNDED_TEST_POSTGRES_URL="postgres://grounded@127.0.0.1:$port/grounded"
  echo "$GROUNDED_TEST_POSTGRES_URL"
}

restart_postgres() {   # as an operator would: every connection is ended, the server comes back
  local bin; bin="$(pg_bin)"
  as_postgres "$bin/pg_ctl" -D "${PGWORK:-/tmp/grounded-postgres}/data" -m fast -w restart >/dev/null
}

stop_postgres() {
  local bin; bin="$(pg_bin)"
  as_postgres "$bin/pg_ctl" -D "${PGWORK:-/tmp/grounded-postgres}/data" -m fast stop >/dev/null 2>&1 || true
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-start}" in
    start) start_postgres "${2:-55432}" ;;
    stop) stop_postgres ;;
    restart) restart_postgres ;;
  esac
fi
