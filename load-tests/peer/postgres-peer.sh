#!/usr/bin/env bash
# The peer design for ingest: PostgreSQL with one durable transaction per touchpoint (dedupe insert,
# receivable update, customer version bump), driven by pgbench with 16 clients. Installs Debian's
# postgresql when it is missing, runs a private server on a free loopback port (fsync and
# synchronous_commit on, as a durable design would), prints "PEER <touchpoints/s>" and stops the
# server by its PID. Usage: load-tests/peer/postgres-peer.sh [seconds] [customers]
set -euo pipefail
seconds="${1:-20}"
customers="${2:-100000}"
here="$(cd "$(dirname "$0")" && pwd)"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pgbench >/dev/null 2>&1; then
  echo "postgres-peer: installing postgresql (apt)" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql postgresql-contrib >/dev/null
fi
bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")"

# PostgreSQL refuses to run as root: the server runs as the package's postgres user.
run=(); if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
data="$(mktemp -d /tmp/journey-peer-XXXXXX)"
chmod 777 "$data"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"${run[@]}" "$bin/initdb" -D "$data/db" -U postgres --auth=trust >/dev/null
"${run[@]}" "$bin/postgres" -D "$data/db" -k "$data" -h 127.0.0.1 -p "$port" -c fsync=on -c synchronous_commit=on -c max_connections=40 >"$data/log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  "${run[@]}" "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q && break
  sleep 0.2
done

psql=("${run[@]}" psql -q -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1)
"${psql[@]}" -c "create table customers (id int primary key, version bigint not null);
  create table receivables (customer int primary key references customers, amount_due numeric(14,2) not null);
  create table seen (customer int not null, event_id text not null, primary key (customer, event_id));
  insert into customers select g, 0 from generate_series(1, $customers) g;
  insert into receivables select g, 1000 from generate_series(1, $customers) g;"
"${psql[@]}" -c "vacuum analyze;"

sed "s/:customers/$customers/" "$here/touchpoint.sql" > "$data/touchpoint.sql"
chmod 644 "$data/touchpoint.sql"
tps="$("${run[@]}" pgbench -n -h 127.0.0.1 -p "$port" -U postgres -c 16 -j 2 -T "$seconds" -f "$data/touchpoint.sql" postgres 2>/dev/null \
  | awk '/^tps = / { print $3 }')"
echo "PEER ${tps%.*}"
