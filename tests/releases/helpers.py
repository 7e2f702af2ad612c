"""Plain helpers of the release-slip tests."""

import shutil
import subprocess

import pytest

from releases import services
from releases.models import ReleaseSlip
from tests.factories import resident_id

ID = resident_id(7)


def items(*rows):
    return [services.ItemInput(d, q) for d, q in (rows or (("沙发", 1), ("纸箱", 12)))]


def request_slip(actor, unit, **extra) -> ReleaseSlip:
    arguments = {
        "actor": actor,
        "unit": unit,
        "requester_name": "李娜",
        "relation": ReleaseSlip.Relation.OWNER,
        "id_type": "resident_id",
        "id_number": ID,
        "reason": ReleaseSlip.Reason.MOVING_OUT,
        "items": items(),
        "plate": "京A12345",
    }
    arguments.update(extra)
    return services.slip_request(**arguments)


def tenant_confirmation(answer="agreed") -> dict:
    return {
        "relation": ReleaseSlip.Relation.TENANT,
        "confirmed_by_name": "张伟",
        "confirm_phone": "13900001111",
        "confirm_answer": answer,
    }


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "slip.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout
