"""Inspection photos: images only; the size and format checks are the owners app's scans'."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from owners.uploads import validate_scan


def validate_photo(upload) -> None:
    """An image no larger than the upload limit; a PDF (fine as a scan) is refused here."""
    validate_scan(upload)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        raise ValidationError(_("Upload photos as images (JPEG, PNG)."), code="not_an_image")
