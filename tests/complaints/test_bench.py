from io import StringIO

import pytest
from django.core.management import call_command

from complaints.models import Complaint

TINY = ("--units", "200", "--requests", "2", "--warmup", "2", "--pdf-requests", "1")


@pytest.mark.django_db
def test_it_adds_its_rows_once():
    out = StringIO()
    call_command("bench", *TINY, "--app", "complaints", stdout=out)
    output = out.getvalue()
    for label in (
        "complaints: open",
        "complaints: overdue",
        "complaints: department's queue",
        "complaints: monthly statistics",
        "complaints: escalation sweep",
    ):
        assert label in output
    assert Complaint.objects.filter(estate__code="BIG").count() == 200
    again = StringIO()
    call_command("bench", *TINY, "--app", "complaints", stdout=again)
    assert "added" not in again.getvalue()
    assert Complaint.objects.filter(estate__code="BIG").count() == 200
