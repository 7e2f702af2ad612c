import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qz9!vR2@pL5$wX8^mN3&bT6*yH1(jF4)cG0-sD9+aE2=uW7_iO5~eZ3",
    "ALLOWED_HOSTS": "desk.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://desk.example.com",
}


def test_it_passes_the_deploy_checks_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**_without_test_only_variables(os.environ), **PRODUCTION},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def _without_test_only_variables(environ) -> dict:
    # The browser tests allow sync ORM calls beside Playwright's loop; production never does.
    return {k: v for k, v in environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
