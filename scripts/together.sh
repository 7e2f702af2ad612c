#!/usr/bin/env bash
# One Celery worker, exactly one beat and the web server given as arguments; one Ctrl-C (or
# SIGTERM) stops all three. Used by run-dev.sh (make run) and serve.sh (make serve).
set -euo pipefail
cd "$(dirname "$0")/.."

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping…"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A frontdesk worker --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" &
pids+=($!)
# The pid file keeps a second beat on this machine from starting.
.venv/bin/celery -A frontdesk beat --loglevel=INFO --pidfile=var/celerybeat.pid &
pids+=($!)
"$@" &
pids+=($!)
wait -n
