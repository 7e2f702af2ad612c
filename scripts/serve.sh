#!/usr/bin/env bash
# make serve: the desk as a small office runs it for real, DEBUG off: gunicorn with
# WEB_CONCURRENCY workers, one Celery worker and exactly one beat. The secret key is made on
# first start and kept in var/secret_key unless SECRET_KEY is set.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=false
BIND=${BIND:-127.0.0.1:8000}
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-3}
echo "Front Desk on http://$BIND/ with $WEB_CONCURRENCY web workers (Ctrl-C stops all)"
exec ./scripts/together.sh .venv/bin/gunicorn frontdesk.wsgi --bind "$BIND" \
  --workers "$WEB_CONCURRENCY" --access-logfile - \
  --forwarded-allow-ips="${FORWARDED_ALLOW_IPS:-127.0.0.1}"
