"""Leasing's pages: the flow from a negotiation to a paid site fee, posting twice, another
estate (404), a role without the work (403), lists at a constant query count, the PDFs and
the workbook."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from fees.models import Payment
from leasing import services
from leasing.models import Contact, Contract, LeaseCharge, Negotiation
from tests.factories import staff
from tests.leasing.helpers import CREDIT_CODE, fee_types, lessee, space, terms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fee_types(estate):
    fee_types(estate)


def signed(actor, estate, code="S-01"):
    return services.contract_sign(
        actor=actor,
        space=space(actor, estate, code=code),
        lessee=lessee(actor, estate, name=f"公司{code}", code=CODES[code]),
        terms=terms(),
    )


CODES = {f"S-{n:02d}": None for n in range(1, 61)}


def _codes():
    """Valid credit codes: the check character computed (GB 32100)."""
    from stdnum.cn import uscc

    for n, key in enumerate(CODES, start=1):
        body = f"91350100MA{n:07d}"
        CODES[key] = body + uscc.calc_check_digit(body)


_codes()


def test_it_signs_a_site_contract_from_a_negotiation_once(client, estate, receptionist):
    site, company = space(receptionist, estate), lessee(receptionist, estate)
    talks = services.negotiation_open(
        actor=receptionist, space=site, lessee=company, purpose="周末市集"
    )
    client.force_login(receptionist)
    page = client.get(reverse("leasing:contract-new", args=[talks.pk]))
    key = page.context["form"]["key"].value()
    data = {
        "key": key,
        "start": "2026-01-01",
        "end": "2026-12-31",
        "rent": "3000.10",
        "cycle": "1",
        "rent_free_months": "0",
        "escalation": "0",
        "due_days": "10",
        "site_fee": "500.20",
        "deposit": "0",
        "purpose": "周末市集",
        "signed_on": "2025-12-20",
    }
    first = client.post(reverse("leasing:contract-new", args=[talks.pk]), data)
    contract = Contract.objects.get()
    assert first.status_code == 302 and first.url == contract.get_absolute_url()
    again = client.post(reverse("leasing:contract-new", args=[talks.pk]), data)
    assert again.status_code == 302 and Contract.objects.count() == 1
    assert str(contract.charges.get(kind=LeaseCharge.Kind.SITE_FEE).amount) == "500.20"
    talks.refresh_from_db()
    assert talks.status == Negotiation.Status.CONTRACTED


def test_a_site_without_its_fee_is_refused_on_the_form(client, estate, receptionist):
    site, company = space(receptionist, estate), lessee(receptionist, estate)
    talks = services.negotiation_open(actor=receptionist, space=site, lessee=company, purpose="x")
    client.force_login(receptionist)
    response = client.post(
        reverse("leasing:contract-new", args=[talks.pk]),
        {
            "start": "2026-01-01",
            "end": "2026-12-31",
            "rent": "3000.10",
            "cycle": "1",
            "rent_free_months": "0",
            "escalation": "0",
            "due_days": "10",
            "site_fee": "0",
            "deposit": "0",
            "purpose": "市集",
            "signed_on": "2025-12-20",
        },
    )
    assert response.status_code == 400
    assert "site management fee" in response.content.decode()
    assert Contract.objects.count() == 0


def test_the_cashier_takes_the_site_fee_once(client, estate, receptionist, cashier):
    contract = signed(receptionist, estate)
    fee = contract.charges.get(kind=LeaseCharge.Kind.SITE_FEE)
    client.force_login(cashier)
    page = client.get(contract.get_absolute_url())
    key = page.context["pay_form"]["key"].value()
    data = {"key": key, "charges": [fee.charge_id], "amount": "500.20", "method": "cash"}
    first = client.post(reverse("leasing:contract-pay", args=[contract.pk]), data)
    assert first.status_code == 302, first.context["pay_form"].errors
    second = client.post(reverse("leasing:contract-pay", args=[contract.pk]), data)
    assert second.status_code == 302 and Payment.objects.count() == 1
    assert "/fees/" in second.url


def test_a_contact_is_logged_once(client, estate, receptionist):
    site, company = space(receptionist, estate), lessee(receptionist, estate)
    talks = services.negotiation_open(actor=receptionist, space=site, lessee=company, purpose="x")
    client.force_login(receptionist)
    key = client.get(talks.get_absolute_url()).context["contact_form"]["key"].value()
    data = {"key": key, "on": "2026-11-30", "counterpart": "王经理", "asked": "降价"}
    for _n in range(2):
        response = client.post(reverse("leasing:contact-add", args=[talks.pk]), data)
        assert response.status_code == 302
    assert Contact.objects.count() == 1


def test_another_estates_contract_is_a_404(client, estate, other_estate, receptionist):
    contract = signed(receptionist, estate)
    outsider = staff(estates=[other_estate], roles=["CS Supervisor"], username="b-sup")
    client.force_login(outsider)
    for name in ("leasing:contract", "leasing:summary-pdf"):
        assert client.get(reverse(name, args=[contract.pk])).status_code == 404
    response = client.post(
        reverse("leasing:contract-terminate", args=[contract.pk]),
        {"on": "2026-06-30", "reason": "x", "settlement": "y", "settlement_amount": "0"},
    )
    assert response.status_code == 404
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ACTIVE


def test_a_receptionist_may_not_terminate(client, estate, receptionist):
    contract = signed(receptionist, estate)
    client.force_login(receptionist)
    response = client.post(
        reverse("leasing:contract-terminate", args=[contract.pk]),
        {"on": "2026-06-30", "reason": "x", "settlement": "y", "settlement_amount": "0"},
    )
    assert response.status_code == 403


def test_the_get_only_pages_refuse_a_post(client, estate, receptionist):
    client.force_login(receptionist)
    assert client.post(reverse("leasing:list")).status_code == 405


@pytest.mark.parametrize("which", ["active", "expiring", "arrears", "ended"])
def test_the_lists_keep_their_query_count(
    client, estate, receptionist, django_assert_num_queries, which
):
    client.force_login(receptionist)
    signed(receptionist, estate, "S-01")
    services.rent_cycle_run(today=datetime.date(2026, 3, 1))
    url = reverse("leasing:list") + f"?list={which}"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 13):
        signed(receptionist, estate, f"S-{n:02d}")
    services.rent_cycle_run(today=datetime.date(2026, 3, 1))
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_spaces_list_keeps_its_query_count(client, estate, receptionist):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(receptionist)
    signed(receptionist, estate, "S-01")
    url = reverse("leasing:spaces")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 8):
        signed(receptionist, estate, f"S-{n:02d}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(one.captured_queries)


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_contract_summary_prints_in_chinese(client, estate, receptionist, tmp_path):
    contract = signed(receptionist, estate)
    client.force_login(receptionist)
    response = client.get(reverse("leasing:summary-pdf", args=[contract.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    # (the Chinese labels come with the central translation merge: the facts are checked)
    assert contract.number in text and "3000.10" in text and "500.20" in text
    assert contract.lessee.name in text and estate.name in text


def test_the_yearly_ledger_prints_and_exports(
    client, estate, receptionist, cashier, supervisor, tmp_path
):
    contract = signed(receptionist, estate)
    fee = contract.charges.get(kind=LeaseCharge.Kind.SITE_FEE)
    services.payment_take(
        actor=cashier, contract=contract, charge_ids=[fee.charge_id], amount="500.20", method="cash"
    )
    client.force_login(supervisor)
    year = datetime.date.today().year
    query = f"?estate={estate.pk}&year={year}"
    page = client.get(reverse("leasing:ledger") + query)
    assert page.context["book"].income == fee.amount
    text = _pdf_text(client.get(reverse("leasing:ledger-pdf") + query).content, tmp_path)
    assert "500.20" in text and estate.name in text
    workbook = client.get(reverse("leasing:ledger-xlsx") + query)
    assert workbook.content[:2] == b"PK"


def test_a_contract_is_renewed_once_from_its_page(client, estate, receptionist):
    contract = signed(receptionist, estate)
    client.force_login(receptionist)
    assert client.get(contract.get_absolute_url()).context["can_renew"]
    form = client.get(reverse("leasing:contract-renew", args=[contract.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({"end": "2027-12-31", "rent": "3200.00", "signed_on": "2026-12-01"})
    for _n in range(2):
        response = client.post(reverse("leasing:contract-renew", args=[contract.pk]), data)
        assert response.status_code == 302
    renewal = Contract.objects.get(renews=contract)
    assert renewal.start == datetime.date(2027, 1, 1) and str(renewal.rent) == "3200.00"
    assert Contract.objects.count() == 2


def test_a_technician_sees_the_lease_to_inspect_it_not_its_money(client, estate, receptionist):
    contract = signed(receptionist, estate)
    technician = staff(estates=[estate], roles=["Technician"], username="tech")
    client.force_login(technician)
    page = client.get(contract.get_absolute_url())
    assert page.status_code == 200 and page.context["supervise_form"] is not None
    body = page.content.decode()
    assert "3000.10" not in body and "500.20" not in body
    assert client.get(reverse("leasing:summary-pdf", args=[contract.pk])).status_code == 403


def test_a_rectification_is_marked_done_on_the_contract_page(client, estate, receptionist):
    contract = signed(receptionist, estate)
    inspector = staff(estates=[estate], roles=["Technician"], username="tech2")
    record = services.supervision_record(
        actor=inspector,
        contract=contract,
        on=datetime.date(2026, 3, 2),
        finding="content",
        findings="广告含违规用语",
        rectification="更换画面",
        rectify_by=datetime.date(2026, 3, 9),
    )
    client.force_login(inspector)
    assert "rectified-form" in client.get(contract.get_absolute_url()).content.decode()
    url = reverse("leasing:supervision-rectified", args=[record.pk])
    assert client.post(url, {"on": "2026-03-05", "note": "已更换画面"}).status_code == 302
    record.refresh_from_db()
    assert record.rectified_on == datetime.date(2026, 3, 5) and not record.open
    client.force_login(receptionist)
    assert client.post(url, {"on": "2026-03-05", "note": "x"}).status_code == 403


def test_a_space_is_corrected_and_taken_out_of_letting_once_its_lease_ends(
    client, estate, receptionist
):
    contract = signed(receptionist, estate)
    site = contract.space
    client.force_login(receptionist)
    url = reverse("leasing:space-edit", args=[site.pk])
    data = {"name": "东广场北侧", "location": "3 号楼东", "area": "120.50", "size": ""}

    let = client.post(url, {**data, "active": ""})
    contract.status = Contract.Status.ENDED
    contract.save(update_fields=["status"])
    ended = client.post(url, {**data, "active": ""})
    bad = client.post(url, {**data, "area": "-3", "active": "on"})

    site.refresh_from_db()
    assert let.status_code == 400 and "end its contract" in let.content.decode()
    assert ended.status_code == 302
    assert site.name == "东广场北侧" and site.area == Decimal("120.50") and not site.active
    assert bad.status_code == 400 and not site.active
    assert site.history.first().history_user == receptionist


def test_a_lessees_contact_changes_but_not_who_it_is(client, estate, receptionist):
    company = lessee(receptionist, estate)
    client.force_login(receptionist)
    url = reverse("leasing:lessee-edit", args=[company.pk])

    refused = client.post(url, {"name": "新名称", "contact_name": "王经理", "phone": "123"})
    saved = client.post(
        url,
        {
            "name": "福州美联传媒有限公司",
            "contact_name": "王经理",
            "phone": "13800001111",
            "credit_code": "91350100MA0000000X",
        },
    )

    company.refresh_from_db()
    assert refused.status_code == 400 and saved.status_code == 302
    assert company.name == "福州美联传媒有限公司" and company.phone == "13800001111"
    assert company.credit_code == CREDIT_CODE


def test_editing_another_estates_space_or_lessee_is_a_404_and_a_cashier_gets_a_403(
    client, estate, other_estate, receptionist, cashier
):
    site, company = space(receptionist, estate), lessee(receptionist, estate)
    outsider = staff(estates=[other_estate], roles=["Receptionist"], username="b-rec")
    client.force_login(outsider)
    other = [
        client.post(reverse("leasing:space-edit", args=[site.pk]), {"name": "x"}),
        client.post(reverse("leasing:lessee-edit", args=[company.pk]), {"name": "x"}),
    ]
    client.force_login(cashier)
    role = client.get(reverse("leasing:space-edit", args=[site.pk]))

    assert [r.status_code for r in other] == [404, 404] and role.status_code == 403
    site.refresh_from_db()
    company.refresh_from_db()
    assert site.name != "x" and company.name != "x"
