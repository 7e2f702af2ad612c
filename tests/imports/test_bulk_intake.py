"""New units are written a chunk at a time (``intake.intake_new_households``): a few queries a
chunk instead of a dozen a row, with the same history, counts and warnings as the row-by-row
path, which still takes every household that is not plainly new."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import imports.services as import_services
from owners.models import Owner, Ownership, Resident, Unit
from owners.services import intake
from tests.factories import OwnerFactory, UnitFactory, resident_id

from .helpers import hc_csv_gbk, hc_rows
from .test_hc_import import _import, _run_jobs  # noqa: F401  (the job runs on commit)

pytestmark = pytest.mark.django_db


def _household(room, *owners, residents=()):
    return intake.NewHousehold(
        building="9",
        entrance="1",
        room=room,
        area=Decimal("88.00"),
        owners=list(owners),
        residents=list(residents),
        key=room,
    )


def test_a_first_import_goes_in_bulk_with_one_history_row_per_record(supervisor, estate):
    with CaptureQueriesContext(connection) as queries:
        batch = _import(supervisor, estate, hc_csv_gbk(hc_rows(300)))
    assert batch.summary["counts"]["unit"] == {"created": 300}
    # Row by row this file takes over 4,000 queries; in bulk, a chunk costs a handful.
    assert len(queries) < 400, len(queries)
    for model in (Unit, Owner, Ownership, Resident):
        assert model.history.count() == model.objects.count()
        assert set(model.history.values_list("history_user", flat=True)) == {supervisor.pk}
    owner = Owner.objects.filter(name="曾伟明", estate=estate).first()
    assert owner.id_masked.startswith(owner.id_number[:3]) and "*" in owner.id_masked
    assert owner.name_initials == "zwm" and owner.phone_reversed == owner.phone[::-1]
    assert Unit.objects.get(estate=estate, code="1-1-202").code_reversed == "202-1-1"


def test_one_owner_of_units_in_different_chunks_is_one_owner(supervisor, estate, monkeypatch):
    monkeypatch.setattr(import_services, "HOUSEHOLD_CHUNK", 1)
    person = intake.NewPerson(name="钱多多", kind=Owner.Kind.PERSON, id_number=resident_id(7))
    counts, left = intake.intake_new_households(
        actor=supervisor,
        estate=estate,
        households=[_household("101", person), _household("102", person)],
        since=datetime.date(2020, 1, 1),
    )
    assert left == [] and counts["owner"] == 1 and counts["ownership"] == 2
    again, left = intake.intake_new_households(
        actor=supervisor,
        estate=estate,
        households=[_household("103", person)],
        since=datetime.date(2020, 1, 1),
    )
    assert left == [] and again["owner"] == 0 and again["reused"] == 1
    owner = Owner.objects.get(estate=estate, name="钱多多")
    assert owner.ownerships.count() == 3


def test_what_is_not_plainly_new_is_left_to_the_row_by_row_path(supervisor, estate):
    held = UnitFactory(estate=estate, building__number="9", entrance="1", room="101")
    known = OwnerFactory(
        estate=estate, name="孙悟空", id_number=resident_id(8), phone="13900000001"
    )
    same_number_other_phone = intake.NewPerson(
        name="孙悟空", kind=Owner.Kind.PERSON, id_number=resident_id(8), phone="13900000002"
    )
    bad_phone = intake.NewPerson(name="猪八戒", kind="family", phone="12345")
    twice = intake.NewPerson(name="沙僧", kind="family")
    households = [
        _household("101"),  # the estate has this unit
        _household("102", same_number_other_phone),  # an owner held with another phone
        _household("103", residents=[bad_phone]),  # a phone that is not one
        _household("104", residents=[twice, twice]),  # one name twice
        _household("105", intake.NewPerson(name="唐三藏", kind=Owner.Kind.PERSON)),
    ]
    counts, left = intake.intake_new_households(
        actor=supervisor, estate=estate, households=households, since=datetime.date(2020, 1, 1)
    )
    assert [h.key for h in left] == ["101", "102", "103", "104"]
    assert counts == {"unit": 1, "owner": 1, "reused": 0, "ownership": 1, "resident": 0}
    assert Unit.objects.filter(estate=estate).count() == 2  # 101 (held) and 105
    assert held.pk and known.phone == "13900000001"


def test_a_held_owner_with_another_phone_is_warned_of_through_the_row_path(supervisor, estate):
    rows = hc_rows(3)
    first = next(r for r in rows if r and r[12] and r[15] and not r[15].startswith("1111"))
    OwnerFactory(estate=estate, name=first[12], id_number=first[15], phone="13911112222")
    batch = _import(supervisor, estate, hc_csv_gbk(rows))
    assert batch.summary["counts"]["owner"].get("unchanged", 0) >= 1
    assert batch.problems.filter(is_error=False, message__contains="phone").exists()
    assert Owner.objects.get(estate=estate, id_number=first[15]).phone == "13911112222"


def test_a_second_import_of_the_same_file_is_counted_unchanged_in_bulk(supervisor, estate):
    data = hc_csv_gbk(hc_rows(300))
    first = _import(supervisor, estate, data)
    with CaptureQueriesContext(connection) as queries:
        second = _import(supervisor, estate, data)
    assert len(queries) < 400, len(queries)
    counts = second.summary["counts"]
    for model in ("unit", "owner", "ownership", "resident"):
        assert set(counts[model]) == {"unchanged"}, (model, counts[model])
        assert sum(counts[model].values()) == sum(first.summary["counts"][model].values())


def test_what_changed_since_the_last_import_goes_row_by_row(supervisor, estate):
    rows = [r for r in hc_rows(20) if any(r)]
    _import(supervisor, estate, hc_csv_gbk(rows))
    changed = [list(r) for r in rows]
    changed[1][8] = "120.5"  # a new area for the second unit
    second = _import(supervisor, estate, hc_csv_gbk(changed))
    assert second.summary["counts"]["unit"] == {"changed": 1, "unchanged": 19}
    unit = Unit.objects.get(estate=estate, code=f"1-1-{str(rows[1][2]).strip()}")
    assert unit.area == Decimal("120.50")
    assert unit.history.count() == 2
