"""The renovation pages: the application form, the steps, lists, panels, the dossier section,
the PDFs, the gate; wrong method, other estate (404), wrong role (403), double submit, query
counts."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from renovation.models import Patrol, Renovation, WorkerPass
from tests.factories import OwnershipFactory, UnitFactory, resident_id

from .helpers import CREDIT_CODE, ID, apply, approved, issue_pass, pdf_text, pdf_upload, permitted

pytestmark = pytest.mark.django_db


def form_data(unit, **extra):
    today = timezone.localdate()
    data = {
        "key": str(uuid.uuid4()),
        "estate": unit.estate_id,
        "unit_code": unit.code,
        "applicant": "owner",
        "applicant_name": "张伟",
        "id_type": "resident_id",
        "id_number": ID,
        "applicant_phone": "13900001111",
        "contractor": "北京美家装饰工程有限公司",
        "contractor_code": CREDIT_CODE,
        "contractor_licence": pdf_upload("licence.pdf"),
        "site_manager": "赵强",
        "site_manager_phone": "13800002222",
        "scope": "full",
        "description": "全屋翻新",
        "planned_start": today.isoformat(),
        "planned_end": (today + datetime.timedelta(days=30)).isoformat(),
        "workers": "5",
        "plans": [pdf_upload()],
    }
    data.update(extra)
    return data


def test_it_takes_an_application_from_the_desk_form(client, receptionist, unit):
    client.force_login(receptionist)
    page = client.get(reverse("renovation:new") + f"?unit={unit.pk}")
    assert page.status_code == 200 and "balcony" in page.content.decode()

    response = client.post(reverse("renovation:new"), form_data(unit))

    renovation = Renovation.objects.get()
    assert response.status_code == 302 and response.url == renovation.get_absolute_url()
    detail = client.get(renovation.get_absolute_url()).content.decode()
    assert renovation.number in detail and ID not in detail


def test_a_double_submit_opens_one_renovation(client, receptionist, unit):
    client.force_login(receptionist)
    data = form_data(unit)
    first = client.post(reverse("renovation:new"), data)
    data["contractor_licence"] = pdf_upload("licence.pdf")
    data["plans"] = [pdf_upload()]
    second = client.post(reverse("renovation:new"), data)

    assert Renovation.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"contractor_code": "91110000600037341M"}, "unified social credit code"),
        ({"id_number": "123"}, "resident ID"),
        ({"applicant": "tenant"}, "owner&#x27;s consent"),
        ({"plans": []}, "Upload the renovation plan"),
    ],
)
def test_bad_input_shows_on_the_form_and_writes_nothing(client, receptionist, unit, extra, message):
    client.force_login(receptionist)

    response = client.post(reverse("renovation:new"), form_data(unit, **extra))

    assert response.status_code == 400 and message in response.content.decode()
    assert not Renovation.objects.exists()


def test_a_ticked_prohibited_work_is_refused_on_the_form(client, receptionist, unit):
    client.force_login(receptionist)
    from renovation.selectors import prohibited_items

    response = client.post(
        reverse("renovation:new"), form_data(unit, prohibited=[prohibited_items(unit.estate_id)[0]])
    )

    assert response.status_code == 400 and "Prohibited works" in response.content.decode()
    assert not Renovation.objects.exists()


def test_roles_outside_the_desk_get_403(client, cashier, guard, unit):
    for user in (cashier, guard):
        client.force_login(user)
        assert client.get(reverse("renovation:new")).status_code == 403
        assert client.get(reverse("renovation:list")).status_code == 403


def test_another_estates_renovation_is_a_404(client, receptionist, outsider, unit):
    renovation = apply(receptionist, unit)
    client.force_login(outsider)

    assert client.get(renovation.get_absolute_url()).status_code == 404
    assert client.get(reverse("renovation:agreement-pdf", args=[renovation.pk])).status_code == 404
    assert (
        client.post(
            reverse("renovation:withdraw", args=[renovation.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    renovation.refresh_from_db()
    assert renovation.status == "submitted"


def test_steps_are_post_only(client, receptionist, unit):
    renovation = apply(receptionist, unit)
    client.force_login(receptionist)

    assert client.get(reverse("renovation:permit-issue", args=[renovation.pk])).status_code == 405


def test_approval_from_the_page_is_refused_without_documents(
    client, receptionist, engineer, unit, fee
):
    from renovation import services

    renovation = apply(receptionist, unit, checklist=services.Checklist(structural=True))
    client.force_login(engineer)

    response = client.post(reverse("renovation:approve", args=[renovation.pk]), follow=True)

    assert "documents are required first" in response.content.decode()
    renovation.refresh_from_db()
    assert renovation.status == "submitted"


def test_a_receptionist_cannot_approve_from_the_page(client, receptionist, unit, fee):
    renovation = apply(receptionist, unit)
    client.force_login(receptionist)

    assert client.post(reverse("renovation:approve", args=[renovation.pk])).status_code == 403


def test_the_permit_button_waits_for_the_fee(client, receptionist, engineer, unit, fee):
    from .helpers import sign

    renovation = sign(receptionist, approved(receptionist, engineer, unit))
    client.force_login(receptionist)

    response = client.post(reverse("renovation:permit-issue", args=[renovation.pk]), follow=True)

    assert "fee must be paid" in response.content.decode()
    renovation.refresh_from_db()
    assert renovation.status == "approved"


def test_a_pass_form_posted_twice_issues_one_pass(
    client, receptionist, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    client.force_login(receptionist)
    data = {
        "key": str(uuid.uuid4()),
        "name": "刘师傅",
        "id_type": "resident_id",
        "id_number": resident_id(20),
        "trade": "木工",
    }
    client.post(reverse("renovation:pass-new", args=[renovation.pk]), data)
    client.post(reverse("renovation:pass-new", args=[renovation.pk]), data)

    assert WorkerPass.objects.count() == 1


def test_a_patrol_form_posted_twice_records_one_patrol(
    client, receptionist, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    client.force_login(engineer)
    url = reverse("renovation:patrol-new", args=[renovation.pk])
    assert client.get(url).status_code == 200
    data = {
        "key": str(uuid.uuid4()),
        "outcome": "done",
        "problems": ["gas"],
        "violation": "私改燃气管",
    }

    client.post(url, data)
    client.post(url, data)

    patrol = Patrol.objects.get()
    assert patrol.rectification.requirement == "私改燃气管"


def test_a_patrol_photo_that_is_not_an_image_is_refused_on_the_form(
    client, receptionist, engineer, cashier, unit, fee
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    client.force_login(engineer)
    data = {"key": str(uuid.uuid4()), "outcome": "done", "photos": [pdf_upload()]}

    response = client.post(reverse("renovation:patrol-new", args=[renovation.pk]), data)

    assert response.status_code == 400
    assert response.context["form"].errors["photos"]
    assert response.context["form"].errors["photos"][0] in response.content.decode()
    assert not Patrol.objects.exists()


def test_the_agreement_pdf_prints_in_chinese(client, receptionist, unit, tmp_path):
    from .helpers import sign

    renovation = sign(receptionist, apply(receptionist, unit))
    client.force_login(receptionist)

    response = client.get(reverse("renovation:agreement-pdf", args=[renovation.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    # Chinese from the records (the labels' Chinese comes with the compiled catalogue).
    assert "丽景花园" in text and "北京美家装饰工程有限公司" in text and "全屋翻新" in text
    assert "3-2-1201" in text and renovation.number in text and ID not in text
    assert renovation.weekday_hours in text


def test_the_permit_and_pass_cards_print_in_chinese(
    client, receptionist, engineer, cashier, unit, fee, tmp_path
):
    from .helpers import png_upload

    renovation = permitted(receptionist, engineer, cashier, unit)
    for n in range(5):
        issue_pass(
            receptionist,
            renovation,
            id_number=resident_id(30 + n),
            photo=png_upload() if n == 0 else None,
        )
    client.force_login(receptionist)

    permit = pdf_text(
        client.get(reverse("renovation:permit-pdf", args=[renovation.pk])).content, tmp_path
    )
    cards = pdf_text(
        client.get(reverse("renovation:passes-pdf", args=[renovation.pk])).content, tmp_path
    )

    assert "北京美家装饰工程有限公司" in permit and renovation.permit_number in permit
    assert cards.count("刘师傅") == 5 and "水电工" in cards
    assert all(p.number in cards for p in renovation.passes.all())


def test_the_rectification_notice_prints_in_chinese(
    client, receptionist, engineer, cashier, unit, fee, tmp_path
):
    from renovation import services

    renovation = permitted(receptionist, engineer, cashier, unit)
    patrol = services.patrol_record(
        actor=engineer, renovation=renovation, outcome="done", violation="入户门外移"
    )
    client.force_login(receptionist)

    response = client.get(reverse("renovation:notice-pdf", args=[patrol.rectification.pk]))

    text = pdf_text(response.content, tmp_path)
    assert "入户门外移" in text and patrol.rectification.number in text and "丽景花园" in text


def test_the_gate_shows_a_valid_pass_in_green_and_a_revoked_one_in_red(
    client, receptionist, engineer, cashier, unit, fee, guard
):
    from renovation import services

    renovation = permitted(receptionist, engineer, cashier, unit)
    good = issue_pass(receptionist, renovation)
    bad = issue_pass(receptionist, renovation, id_number=resident_id(40))
    services.pass_revoke(actor=receptionist, worker_pass=bad, reason="离场")
    client.force_login(guard)

    ok = client.get(reverse("renovation:gate") + f"?q={good.code}")
    refused = client.get(reverse("renovation:gate") + f"?q={bad.code}")

    assert ok.status_code == 200 and "刘师傅" in ok.content.decode()
    assert refused.status_code == 404 and "revoked" in refused.content.decode()
    assert "刘师傅" not in refused.content.decode()


def test_the_gate_refuses_another_estates_pass_without_a_word_more(
    client, receptionist, engineer, cashier, unit, fee, other_guard
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    worker_pass = issue_pass(receptionist, renovation)
    client.force_login(other_guard)

    response = client.get(reverse("renovation:gate") + f"?q={worker_pass.code}")

    page = response.content.decode()
    assert response.status_code == 404 and "No valid pass" in page
    assert worker_pass.name not in page and unit.code not in page


def test_the_gate_reads_a_number_as_a_guard_types_it_and_says_what_is_wrong(
    client, receptionist, engineer, cashier, unit, fee, guard
):
    renovation = permitted(receptionist, engineer, cashier, unit)
    worker_pass = issue_pass(receptionist, renovation)
    prefix, sequence = worker_pass.number.split("-")
    client.force_login(guard)
    gate = reverse("renovation:gate")

    typed = [
        client.get(gate, {"q": q}) for q in (prefix + sequence, f"{prefix.lower()} {int(sequence)}")
    ]
    too_long = client.get(gate, {"q": "X" * 41})

    assert [r.status_code for r in typed] == [200, 200]
    assert all(worker_pass.name in r.content.decode() for r in typed)
    assert too_long.status_code == 400
    assert 'data-testid="gate-refusal"' in too_long.content.decode()


def test_the_passes_a_guard_finds_do_not_count_against_the_limit(
    receptionist, engineer, cashier, unit, fee, guard
):
    from renovation import services

    worker_pass = issue_pass(receptionist, permitted(receptionist, engineer, cashier, unit))

    for _n in range(services.GATE_LOOKUPS_PER_MINUTE + 5):
        assert services.pass_check(actor=guard, query=worker_pass.code) == worker_pass


def test_the_gate_is_for_guards_only(client, receptionist):
    client.force_login(receptionist)
    assert client.get(reverse("renovation:gate")).status_code == 403


def _many(receptionist, estate, n):
    from tests.factories import BuildingFactory

    building = BuildingFactory(estate=estate, number="8")
    for i in range(n):
        unit = UnitFactory(building=building, room=f"{i + 100}")
        OwnershipFactory(unit=unit)
        apply(receptionist, unit)


@pytest.mark.parametrize("rows", [1, 30])
def test_lists_panels_and_the_section_keep_their_query_count(
    client, receptionist, supervisor, estate, unit, rows, django_assert_max_num_queries
):
    _many(receptionist, estate, rows)
    client.force_login(supervisor)
    client.get(reverse("renovation:list"))  # warm the session
    for which in ("open", "review", "working", "patrols", "expiring", "closed"):
        with django_assert_max_num_queries(8):
            assert client.get(reverse("renovation:list") + f"?list={which}").status_code == 200
    for key in ("renovation-review", "renovation-patrols"):
        with django_assert_max_num_queries(8):
            assert client.get(reverse("today-panel", args=[key])).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(reverse("owners:unit-section", args=[unit.pk, "renovation"]))
        assert response.status_code == 200


def test_the_review_panel_lists_waiting_applications(client, receptionist, unit):
    renovation = apply(receptionist, unit)
    client.force_login(receptionist)

    page = client.get(reverse("today-panel", args=["renovation-review"])).content.decode()

    assert renovation.number in page


def test_the_patrols_panel_shows_due_patrols(client, receptionist, engineer, cashier, unit, fee):
    renovation = permitted(receptionist, engineer, cashier, unit)
    client.force_login(engineer)

    page = client.get(reverse("today-panel", args=["renovation-patrols"])).content.decode()

    assert unit.code in page and renovation.next_patrol_on == timezone.localdate()


def test_a_technician_sees_the_renovation_but_not_its_documents(
    client, receptionist, technician, unit
):
    renovation = apply(receptionist, unit)
    client.force_login(technician)

    assert client.get(renovation.get_absolute_url()).status_code == 200
    document = renovation.files.get()
    assert client.get(reverse("renovation:file", args=[document.pk])).status_code == 403
    assert client.get(reverse("renovation:licence", args=[renovation.pk])).status_code == 403
