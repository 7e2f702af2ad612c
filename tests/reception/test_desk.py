import datetime

import pytest
from django.utils import timezone

from reception.models import PhoneCall

from .helpers import minutes_ago, record_call, record_visit


def awaiting(receptionist, estate, **fields):
    return record_call(
        receptionist,
        estate,
        answered_on_spot=False,
        answer="",
        contact_phone="13900001111",
        **fields,
    )


def test_it_offers_the_quick_actions_and_menu_entries_by_role(client, receptionist, guard):
    client.force_login(receptionist)
    page = client.get("/").content.decode()
    assert "/reception/calls/new/" in page and "/reception/visits/new/" in page
    assert 'href="/reception/calls/"' in page and 'href="/reception/visits/"' in page

    client.force_login(guard)
    page = client.get("/").content.decode()
    assert "/reception/visits/new/" in page and "/reception/calls/new/" not in page
    assert 'href="/reception/calls/"' not in page


def test_it_lists_calls_awaiting_a_reply_overdue_first(client, receptionist, estate):
    later = awaiting(receptionist, estate)
    overdue = awaiting(receptionist, estate)
    PhoneCall.objects.filter(pk=overdue.pk).update(
        reply_due=timezone.localdate() - datetime.timedelta(days=2)
    )
    record_call(receptionist, estate)  # answered: not waiting
    client.force_login(receptionist)

    response = client.get("/panels/reception-awaiting/")

    assert response.status_code == 200
    panel = response.context["panel"]
    assert panel["count"] == 2
    assert [c.pk for c in panel["calls"]] == [overdue.pk, later.pk]
    assert "overdue" in response.content.decode()


def test_it_lists_visitors_still_on_site(client, guard, estate):
    here = record_visit(guard, estate, name="在场")
    gone = record_visit(guard, estate, name="走了", arrived_at=minutes_ago(9))
    client.force_login(guard)
    client.post(f"/reception/visits/{gone.pk}/left/")
    response = client.get("/panels/reception-on-site/")
    assert [v.pk for v in response.context["panel"]["visits"]] == [here.pk]
    assert 'name="next" value="/"' in response.content.decode()


def test_it_keeps_panels_to_the_users_estates(client, outsider, receptionist, estate):
    awaiting(receptionist, estate)
    client.force_login(outsider)
    assert client.get("/panels/reception-awaiting/").context["panel"]["count"] == 0


def test_it_forbids_the_panels_to_a_technician(client, technician):
    client.force_login(technician)
    assert client.get("/panels/reception-awaiting/").status_code == 403
    assert client.get("/panels/reception-on-site/").status_code == 403


@pytest.mark.parametrize("rows", [1, 12])
def test_it_shows_the_units_calls_and_visits_in_the_dossier(
    client, receptionist, estate, unit, rows, django_assert_max_num_queries
):
    for n in range(rows):
        record_call(receptionist, estate, unit=unit, content=f"第{n}次来电")
        record_visit(receptionist, estate, unit=unit)
    client.force_login(receptionist)
    url = f"/units/{unit.pk}/sections/reception/"
    client.get(url)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["section"]["calls"]) == min(rows, 10)
    assert f"第{rows - 1}次来电" in response.content.decode()
    assert f"/reception/calls/new/?unit={unit.pk}" in response.content.decode()
