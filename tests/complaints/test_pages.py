"""The complaint pages: lists, new, detail with its steps, files, print; roles and estates."""

import uuid

import pytest
from django.urls import reverse

from complaints.models import Complaint, ComplaintFile

from .helpers import effective, make_complaint, photo

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


# New complaint


def _form(estate, **extra):
    data = {
        "key": str(uuid.uuid4()),
        "estate": estate.pk,
        "channel": "desk",
        "complainant_kind": "owner",
        "complainant_name": "张伟",
        "contact_phone": "13900000000",
        "unit_code": "3-1-1201",
        "description": "夜间停车场灯不亮",
        "place": "地下车库",
        "severity": "ordinary",
    }
    data.update(extra)
    return data


def test_the_new_form_shows_the_no_promise_reminder(client, receptionist, estate):
    response = _login(client, receptionist).get(reverse("complaints:complaint-new"))
    assert response.status_code == 200
    assert 'data-testid="no-promise"' in response.content.decode()
    assert "do not make promises" in response.content.decode()


def test_it_records_a_complaint_once_however_often_posted(client, receptionist, estate, unit):
    data = _form(estate)
    _login(client, receptionist)
    first = client.post(reverse("complaints:complaint-new"), data)
    second = client.post(reverse("complaints:complaint-new"), data)
    complaint = Complaint.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == complaint.get_absolute_url()
    assert complaint.unit == unit
    assert complaint.received_by == receptionist


def test_bad_input_is_shown_and_nothing_recorded(client, receptionist, estate, unit):
    _login(client, receptionist)
    response = client.post(reverse("complaints:complaint-new"), _form(estate, unit_code="9-9-9999"))
    assert response.status_code == 400
    assert "No unit with this code" in response.content.decode()
    response = client.post(reverse("complaints:complaint-new"), _form(estate, description="a\x07b"))
    assert response.status_code == 400
    response = client.post(reverse("complaints:complaint-new"), _form(estate, contact_phone="12"))
    assert response.status_code == 400
    assert "11-digit mobile number" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_new_form_is_for_the_desk_only(client, head, director, estate):
    assert _login(client, head).get(reverse("complaints:complaint-new")).status_code == 403
    assert _login(client, director).get(reverse("complaints:complaint-new")).status_code == 403


# One complaint


def test_the_detail_shows_the_checklist_and_the_next_action(
    client, receptionist, complaint, django_assert_max_num_queries
):
    _login(client, receptionist)
    with django_assert_max_num_queries(14):
        response = client.get(complaint.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert complaint.number in body
    assert 'data-testid="action-judge"' in body
    assert 'data-step="record" data-done="1"' in body


def test_a_step_is_taken_by_post(client, receptionist, head, cleaning, complaint):
    _login(client, receptionist)
    url = reverse("complaints:complaint-step", args=[complaint.pk, "judge"])
    assert client.get(url).status_code == 405
    response = client.post(url, {"verdict": "effective", "cause": "cleaning"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.verdict == "effective"
    assert complaint.department == cleaning
    body = _login(client, head).get(complaint.get_absolute_url()).content.decode()
    assert 'data-testid="action-site-visit"' in body
    response = client.post(
        reverse("complaints:complaint-step", args=[complaint.pk, "site-visit"]),
        {"attendees": "王强", "findings": "确有垃圾", "files": [photo()]},
    )
    assert response.status_code == 302
    assert ComplaintFile.objects.filter(complaint=complaint).count() == 1


def test_a_refused_step_says_why_and_changes_nothing(client, receptionist, complaint):
    _login(client, receptionist)
    response = client.post(
        reverse("complaints:complaint-step", args=[complaint.pk, "payment"]), {"notes": ""}
    )
    assert response.status_code == 400
    assert "Judge the complaint" in response.content.decode()
    assert complaint.steps.count() == 1


def test_a_role_without_the_step_gets_403(client, receptionist, head, complaint):
    effective(receptionist, complaint)  # to the head's department: they see it
    _login(client, head)
    url = reverse("complaints:complaint-step", args=[complaint.pk, "close"])
    assert client.post(url, {"notes": ""}).status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).status == "handling"


def test_a_head_does_not_see_a_complaint_of_no_department(client, head, complaint):
    url = reverse("complaints:complaint-step", args=[complaint.pk, "judge"])
    assert _login(client, head).post(url, {"verdict": "invalid"}).status_code == 404


def test_another_estate_gets_404_and_other_roles_403(client, outsider, cashier, complaint):
    for name in ("complaints:complaint-detail", "complaints:complaint-pdf"):
        url = reverse(name, args=[complaint.pk])
        assert _login(client, outsider).get(url).status_code == 404
        assert _login(client, cashier).get(url).status_code == 403
    step = reverse("complaints:complaint-step", args=[complaint.pk, "judge"])
    assert _login(client, outsider).post(step, {"verdict": "invalid"}).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).verdict == "pending"


def test_a_department_head_sees_their_departments_complaints_only(
    client, receptionist, head, other_head, complaint
):
    effective(receptionist, complaint)  # to cleaning
    assert _login(client, head).get(complaint.get_absolute_url()).status_code == 200
    assert _login(client, other_head).get(complaint.get_absolute_url()).status_code == 404


def test_files_are_served_to_who_sees_the_complaint(client, receptionist, outsider, estate):
    complaint = make_complaint(receptionist, estate, files=[photo()])
    url = reverse("complaints:complaint-file", args=[complaint.files.get().pk])
    response = _login(client, receptionist).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert _login(client, outsider).get(url).status_code == 404


# Lists


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("complaints:complaint-list", "receptionist"),
        ("complaints:overdue", "supervisor"),
        ("complaints:department-queue", "head"),
        ("complaints:all", "director"),
    ],
)
def test_the_lists_cost_the_same_for_1_or_50_rows(
    client,
    request,
    receptionist,
    head,
    cleaning,
    estate,
    n,
    name,
    who,
    django_assert_max_num_queries,
):
    import datetime

    from django.utils import timezone

    for _ in range(n):
        complaint = make_complaint(
            receptionist, estate, received_at=timezone.now() - datetime.timedelta(days=30)
        )
        effective(receptionist, complaint)
    _login(client, request.getfixturevalue(who))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert len(response.context["page"].rows) == n


def test_the_list_pages_by_keyset(client, receptionist, estate):
    for _ in range(3):
        make_complaint(receptionist, estate)
    _login(client, receptionist)
    from complaints import selectors

    queryset = selectors.queue_queryset(user=receptionist, queue="open")
    first = selectors.complaint_page(queryset, queue="open", size=2)
    second = selectors.complaint_page(queryset, queue="open", size=2, cursor=first.next_cursor)
    assert len(first.rows) == 2 and len(second.rows) == 1
    assert not {r.pk for r in first.rows} & {r.pk for r in second.rows}
    response = client.get(reverse("complaints:complaint-list"), {"after": first.next_cursor})
    assert len(response.context["page"].rows) == 1


def test_the_list_filters(client, receptionist, estate):
    make_complaint(receptionist, estate, severity="urgent")
    make_complaint(receptionist, estate)
    response = _login(client, receptionist).get(
        reverse("complaints:complaint-list"), {"severity": "urgent"}
    )
    assert [r.severity for r in response.context["page"].rows] == ["urgent"]


def test_the_department_queue_is_not_the_receptionists(client, receptionist):
    response = _login(client, receptionist).get(reverse("complaints:department-queue"))
    assert response.status_code == 403


# Desk


def test_the_today_panel_lists_overdue_first(client, receptionist, estate):
    import datetime

    from django.utils import timezone

    fresh = make_complaint(receptionist, estate, severity="urgent")
    late = make_complaint(
        receptionist, estate, received_at=timezone.now() - datetime.timedelta(days=20)
    )
    response = _login(client, receptionist).get(reverse("today-panel", args=["complaints"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index(late.number) < body.index(fresh.number)
    assert "overdue" in body


def test_the_dossier_section_lists_the_units_complaints(client, receptionist, complaint, unit):
    response = _login(client, receptionist).get(
        reverse("owners:unit-section", args=[unit.pk, "complaints"])
    )
    assert response.status_code == 200
    assert complaint.number in response.content.decode()


def test_the_desk_offers_new_complaint(client, receptionist):
    response = _login(client, receptionist).get(reverse("home"))
    assert reverse("complaints:complaint-new") in response.content.decode()


def test_a_complaint_about_a_work_order_links_to_it(client, receptionist, estate, unit):
    from workorders import services as workorder_services

    order = workorder_services.order_create(
        actor=receptionist,
        estate=estate,
        kind="repair",
        category="plumbing",
        description="厨房漏水",
        unit=unit,
    )
    _login(client, receptionist)
    form = client.get(reverse("complaints:complaint-new"), {"work_order": order.pk})
    assert form.context["form"].initial["work_order"] == order.pk
    response = client.post(
        reverse("complaints:complaint-new"),
        _form(estate, work_order=order.pk, description="维修拖了一周没人来"),
    )
    assert response.status_code == 302
    assert Complaint.objects.get().work_order == order
    assert order.complaints.count() == 1


def test_the_pages_render_in_chinese(client, settings, receptionist, complaint):
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    _login(client, receptionist)
    with translation.override("zh-hans"):
        for url in (
            complaint.get_absolute_url(),
            reverse("complaints:complaint-new"),
            reverse("complaints:complaint-list"),
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert 'lang="zh-hans"' in response.content.decode()


def test_the_list_flags_due_soon(client, receptionist, estate):
    import datetime

    from django.utils import timezone

    make_complaint(
        receptionist,
        estate,
        severity="urgent",
        received_at=timezone.now() - datetime.timedelta(hours=1),
    )
    response = _login(client, receptionist).get(reverse("complaints:complaint-list"))
    assert 'data-testid="due-soon"' in response.content.decode()


def test_the_detail_costs_the_same_with_a_long_log(
    client, receptionist, head, complaint, django_assert_max_num_queries
):
    from complaints import services
    from complaints.revisit import record_return_visit

    effective(receptionist, complaint)
    for result in ("dissatisfied", "dissatisfied", "satisfied"):
        services.complaint_site_visit(
            actor=head,
            complaint=complaint,
            arrived_at=None,
            attendees="王",
            findings="x",
            files=[photo()],
        )
        services.complaint_handle(actor=head, complaint=complaint, actions="x", result="y")
        record_return_visit(actor=receptionist, complaint=complaint, result=result, notes="n")
    _login(client, receptionist)
    with django_assert_max_num_queries(14):
        response = client.get(complaint.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["log"]) > 12
