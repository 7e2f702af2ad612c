#!/usr/bin/env bash
# The load test (make load, make load-ci): the desk served as in production (DEBUG off,
# gunicorn, the manifest's static files) on a throwaway database with the demo data, driven by
# locust's receptionists and cashiers (tests/load/locustfile.py); then the gates
# (tests/load/desk_check.py): 0 failed requests, 0 server errors, 0 "database is locked" in the
# server log, the money's integrity, page p95 < PAGE_P95_MS (500), receipt PDF p95 < PDF_P95_MS
# (1500). Exits non-zero when a gate fails.
#
#   USERS (10), DURATION (75s), SPAWN_RATE (5/s), WORKERS (gunicorn, 4), SEED_SCALE (1: the two
#   demo estates, about 2,000 units).
#   DATABASE_URL=postgres://…/<db>: on PostgreSQL; <db> is dropped and made afresh, and dropped
#   at the end. Without it: a SQLite file in a temporary folder.
#   LOAD_BROKER_URL: the Celery broker (default: an embedded one in the temporary folder; no
#   worker runs, the desk only queues). PAGE_P95_MS, PDF_P95_MS: the latency gates.
#   LOAD_STATIC_ROOT: a folder for the collected static files kept between runs (collected
#   once; .ci/run shares one between its two databases).
#   KEEP=1 keeps the temporary folder (server log, figures) and prints where it is.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-10}
DURATION=${DURATION:-75s}
SPAWN_RATE=${SPAWN_RATE:-5}
WORKERS=${WORKERS:-4}
SEED_SCALE=${SEED_SCALE:-1}
PY=.venv/bin/python

work=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-load.XXXXXX")
server_pid=""
pg_db=""

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

pg_admin() {  # pg_admin "SQL": run on the server's maintenance database
  "$PY" - "$DATABASE_URL" "$1" <<'EOF'
import sys, urllib.parse
import psycopg
url = urllib.parse.urlsplit(sys.argv[1])
with psycopg.connect(
    host=url.hostname, port=url.port or 5432, user=url.username or None,
    password=url.password or None, dbname="postgres", autocommit=True,
) as connection:
    connection.execute(sys.argv[2])
EOF
}

cleanup() {
  stop_server
  if [ -n "$pg_db" ]; then pg_admin "DROP DATABASE IF EXISTS \"$pg_db\" WITH (FORCE)" || true; fi
  if [ "${KEEP:-}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# Production settings, over plain HTTP on the loopback (scripts/serve.sh, README).
unset DJANGO_ALLOW_ASYNC_UNSAFE CELERY_TASK_ALWAYS_EAGER REDIS_CACHE_URL CACHE_URL
export DEBUG=false
export SECRET_KEY="load-test-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ALLOWED_HOSTS=127.0.0.1
export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$port"
export PLAIN_HTTP=true
export STATIC_ROOT=${LOAD_STATIC_ROOT:-"$work/static"}
export MEDIA_ROOT="$work/media"
export PRIVATE_MEDIA_ROOT="$work/private"
export BACKUP_DIR="$work/backups"
export CELERY_BROKER_URL=${LOAD_BROKER_URL:-"sqla+sqlite:///$work/broker.sqlite3"}
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export LOG_FORMAT=json
if [ -n "${DATABASE_URL:-}" ]; then
  pg_db=$(basename "${DATABASE_URL%%\?*}")
  case "$pg_db" in ''|postgres|template0|template1) echo "DATABASE_URL must name a throwaway database" >&2; exit 2;; esac
  pg_admin "DROP DATABASE IF EXISTS \"$pg_db\" WITH (FORCE)"
  pg_admin "CREATE DATABASE \"$pg_db\""
  database="PostgreSQL ($pg_db)"
else
  export DATABASE_URL="sqlite:///$work/desk.sqlite3"
  database="SQLite ($work/desk.sqlite3)"
fi

echo "== load test on $database: $USERS users for $DURATION, $WORKERS gunicorn workers"
started=$(date +%s)
SEED_SCALE=$SEED_SCALE "$PY" -m tests.load.desk_check setup "$work/prepared.json"
echo "set up in $(( $(date +%s) - started )) s"

.venv/bin/gunicorn frontdesk.wsgi --bind "127.0.0.1:$port" --workers "$WORKERS" \
  --access-logfile - --graceful-timeout 10 --no-control-socket >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "gunicorn stopped:" >&2; cat "$work/server.log" >&2; exit 1
  fi
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
  [ "$code" != "000" ] && break
  sleep 0.2
done

set +e
LOAD_PREPARED="$work/prepared.json" LOAD_SUMMARY="$work/summary.json" \
  .venv/bin/locust -f tests/load/locustfile.py --headless --host "http://127.0.0.1:$port" \
  --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$DURATION" --stop-timeout 10 \
  --only-summary --loglevel WARNING >"$work/locust.log" 2>&1
locust_rc=$?
set -e
stop_server
if [ ! -s "$work/summary.json" ]; then
  echo "locust wrote no figures (exit $locust_rc):" >&2; tail -40 "$work/locust.log" >&2; exit 1
fi

echo "== gates ($database)"
set +e
"$PY" -m tests.load.desk_check check "$work/prepared.json" "$work/summary.json" "$work/server.log"
gates=$?
set -e
if [ "$gates" != 0 ]; then
  echo "-- server log, the errors:" >&2
  grep -E 'database is locked|Traceback|Error|" 5[0-9][0-9] |"status": ?5[0-9][0-9]' \
    "$work/server.log" | head -40 >&2 || true
fi
echo "load test on $database: $([ "$gates" = 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - started )) s"
exit "$gates"
