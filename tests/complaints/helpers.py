"""Plain helpers of the complaint tests (fixtures are in conftest.py)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from complaints import services
from complaints.models import Complaint


def photo(name="site.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_complaint(actor, estate, **extra) -> Complaint:
    values = {
        "channel": "desk",
        "complainant_kind": "owner",
        "complainant_name": "张伟",
        "contact_phone": "13900000000",
        "description": "楼道垃圾三天没人清理",
        "place": "3栋1单元楼道",
    }
    values.update(extra)
    return services.complaint_record(actor=actor, estate=estate, **values)


def effective(actor, complaint, department=None) -> Complaint:
    return services.complaint_judge(
        actor=actor,
        complaint=complaint,
        verdict="effective",
        cause="cleaning",
        department=department,
    )


def communication(actor, complaint, cause="consulting") -> Complaint:
    return services.complaint_judge(
        actor=actor, complaint=complaint, verdict="communication", cause=cause
    )


def steps_of(complaint) -> list[str]:
    return list(complaint.steps.order_by("at", "id").values_list("step", flat=True))
