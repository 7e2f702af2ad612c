#!/usr/bin/env bash
# Web server, one Celery worker and exactly one beat; one Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CELERY=.venv/bin/celery

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Stopping…"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

$CELERY -A frontdesk worker --loglevel=INFO --concurrency=2 &
pids+=($!)
# The pid file keeps a second beat on this machine from starting.
$CELERY -A frontdesk beat --loglevel=INFO --pidfile=var/celerybeat.pid &
pids+=($!)
$PY manage.py runserver 127.0.0.1:8000 &
pids+=($!)
echo "Front Desk on http://127.0.0.1:8000/  (Ctrl-C stops web, worker and beat)"
wait -n
