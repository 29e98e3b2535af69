#!/usr/bin/env bash
# A throwaway PostgreSQL for the library's tests, from Debian's packages (installed with apt-get
# when missing and possible; BUDGETLENS_SKIP_SYSTEM_DEPS=1 to skip). initdb in a new temporary
# directory, listening on 127.0.0.1 only, on a free port. On success it prints shell lines to eval:
#   export BUDGETLENS_TEST_PG_URL=postgresql+psycopg://budgetlens@127.0.0.1:PORT/postgres
#   export BUDGETLENS_TEST_PG_DIR=<temporary dir>/budgetlens-pg.XXXXXX
# and exits 0; otherwise it says why on stderr and exits 1.
# Stop and remove it with: scripts/start-postgres.sh --stop "$BUDGETLENS_TEST_PG_DIR"
set -euo pipefail

pg_bin() {
  local ctl
  ctl=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$ctl" ] && [ -x "$ctl/pg_ctl" ]; then echo "$ctl"; return 0; fi
  ctl=$(command -v pg_ctl 2>/dev/null || true)
  if [ -n "$ctl" ]; then dirname "$(readlink -f "$ctl")"; return 0; fi
  return 1
}

as_owner() {  # PostgreSQL refuses to run as root: run as the postgres user then
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  dir=${2:?usage: start-postgres.sh --stop DIR}
  bin=$(pg_bin) || exit 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  case "$(basename "$dir")" in budgetlens-pg.*) rm -rf "$dir" ;; esac
  exit 0
fi

if ! bin=$(pg_bin); then
  if [ "${BUDGETLENS_SKIP_SYSTEM_DEPS:-0}" != "1" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing PostgreSQL with apt-get…" >&2
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; } >/dev/null 2>&1 || true
  fi
  bin=$(pg_bin) || { echo "PostgreSQL (pg_ctl) not found and not installable here" >&2; exit 1; }
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "running as root and there is no postgres user to run PostgreSQL as" >&2
  exit 1
fi

dir=$(mktemp -d -t budgetlens-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
if ! as_owner "$bin/initdb" -D "$dir/data" -U budgetlens --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
  echo "initdb failed: $(tail -n 1 "$dir/initdb.log")" >&2
  rm -rf "$dir"
  exit 1
fi
if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null 2>&1; then
  echo "PostgreSQL did not start: $(tail -n 1 "$dir/data/server.log" 2>/dev/null)" >&2
  rm -rf "$dir"
  exit 1
fi
echo "export BUDGETLENS_TEST_PG_URL=postgresql+psycopg://budgetlens@127.0.0.1:$port/postgres"
echo "export BUDGETLENS_TEST_PG_DIR=$dir"
