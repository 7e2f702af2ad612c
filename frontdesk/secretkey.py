"""The production secret key when the environment gives none: made once, kept in ``var/``."""

import os
import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key


def kept_secret_key(path: Path) -> str:
    """The key in ``path``, made on first use and readable by this user only. The web workers,
    the Celery worker and beat start together: the file appears whole (a hard link of a
    finished file) or not at all, and the first to link it wins."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")
        try:
            with os.fdopen(handle, "w") as draft_file:  # mkstemp makes it 0600
                draft_file.write(get_random_secret_key())
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            os.unlink(draft)
    return path.read_text().strip()
