"""Plain helpers of the work-order tests (fixtures are in conftest.py)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from workorders import services


def photo(name="leak.png", fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_order(actor, estate, **extra):
    """An order opened through the service (numbered, with its event and notifications)."""
    values = {
        "kind": "repair",
        "category": "plumbing",
        "description": "厨房水龙头漏水",
        "reporter_name": "张伟",
        "reporter_phone": "13900000000",
    }
    values.update(extra)
    return services.order_create(actor=actor, estate=estate, **values)
