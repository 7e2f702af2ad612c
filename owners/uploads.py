"""Checks on uploads: scans (an image or a PDF) and photos (images only), at most
UPLOAD_MAX_BYTES."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


def validate_scan(upload, *, allow_pdf: bool = True) -> None:
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // 2**20},
            code="too_large",
        )
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        if allow_pdf:
            return
        raise ValidationError(_("Upload photos as images (JPEG, PNG)."), code="not_an_image")
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValidationError(
            _("Upload a scan as an image (JPEG, PNG) or a PDF."), code="not_a_scan"
        ) from None
    finally:
        upload.seek(0)


def validate_photo(upload) -> None:
    """A photo (a repair's, an inspection's): an image, never a PDF."""
    validate_scan(upload, allow_pdf=False)
