#!/usr/bin/env bash
# The desk as a small office runs it for real: gunicorn with WEB_CONCURRENCY workers, one Celery
# worker and exactly one beat, DEBUG off. The secret key is made on first start and kept in
# var/secret_key unless SECRET_KEY is set. One Ctrl-C (or SIGTERM) stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=false
BIND=${BIND:-127.0.0.1:8000}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-3}

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
.venv/bin/celery -A frontdesk beat --loglevel=INFO --pidfile=var/celerybeat.pid &
pids+=($!)
.venv/bin/gunicorn frontdesk.wsgi --bind "$BIND" --workers "$WEB_CONCURRENCY" \
  --access-logfile - --forwarded-allow-ips="${FORWARDED_ALLOW_IPS:-127.0.0.1}" &
pids+=($!)
echo "Front Desk on http://$BIND/ with $WEB_CONCURRENCY web workers (Ctrl-C stops all)"
wait -n
