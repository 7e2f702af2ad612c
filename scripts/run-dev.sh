#!/usr/bin/env bash
# make run: the development server, one Celery worker and exactly one beat.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "Front Desk on http://127.0.0.1:8000/  (Ctrl-C stops web, worker and beat)"
exec ./scripts/together.sh .venv/bin/python manage.py runserver 127.0.0.1:8000
