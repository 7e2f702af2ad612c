"""Leasing's services: spaces, lessees, negotiation, signing (site fee, deposit, overlap),
the rent cycle (idempotent per contract and period), reminders, termination, payments."""

import datetime
from decimal import Decimal

import pytest

from fees.models import Charge, Payment
from frontdesk.errors import DeskError
from frontdesk.models import Notification
from leasing import services
from leasing.models import Contract, LeaseCharge, Lessee, Negotiation, Space
from leasing.services.terms import cycles
from tests.factories import staff
from tests.leasing.helpers import fee_types, lessee, space, terms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fee_types(estate):
    fee_types(estate)


def sign(actor, estate, **extra):
    return services.contract_sign(
        actor=actor, space=space(actor, estate), lessee=lessee(actor, estate), terms=terms(**extra)
    )


def test_a_negotiation_becomes_a_site_contract_with_its_fee_and_deposit(estate, receptionist):
    site, company = space(receptionist, estate), lessee(receptionist, estate)
    talks = services.negotiation_open(
        actor=receptionist, space=site, lessee=company, purpose="市集"
    )
    services.contact_record(
        actor=receptionist,
        negotiation=talks,
        on=datetime.date(2025, 12, 1),
        counterpart="王经理",
        asked="每月 2800",
        offered="3000.10",
    )
    contract = services.contract_sign(
        actor=receptionist, space=site, lessee=company, terms=terms(), negotiation=talks
    )
    assert contract.number.startswith("ZL")
    talks.refresh_from_db()
    assert talks.status == Negotiation.Status.CONTRACTED
    fee = contract.charges.get(kind=LeaseCharge.Kind.SITE_FEE).charge
    assert fee.amount == Decimal("500.20") and fee.payer_name == company.name and fee.unit is None
    assert contract.deposit.amount == Decimal("2000.00") and contract.deposit.unit is None


def test_contract_numbers_are_gapless(estate, receptionist):
    first = sign(receptionist, estate)
    with pytest.raises(DeskError):
        services.contract_sign(
            actor=receptionist, space=first.space, lessee=first.lessee, terms=terms()
        )
    other = space(receptionist, estate, code="S-02")
    second = services.contract_sign(
        actor=receptionist, space=other, lessee=first.lessee, terms=terms()
    )
    assert int(second.number[-4:]) == int(first.number[-4:]) + 1


@pytest.mark.parametrize(
    "extra,code",
    [
        ({"site_fee": "0"}, "no_site_fee"),
        ({"end": datetime.date(2025, 12, 31)}, "end_before_start"),
        ({"rent": "100.001"}, "too_precise"),
        ({"rent": "-5"}, "not_positive"),
        ({"cycle": 2}, "bad_cycle"),
    ],
)
def test_bad_terms_are_refused_and_nothing_changes(estate, receptionist, extra, code):
    site, company = space(receptionist, estate), lessee(receptionist, estate)
    with pytest.raises(DeskError) as error:
        services.contract_sign(actor=receptionist, space=site, lessee=company, terms=terms(**extra))
    assert error.value.code == code
    assert Contract.objects.count() == 0 and Charge.objects.count() == 0


def test_overlap_on_a_space_is_refused(estate, receptionist):
    first = sign(receptionist, estate)
    with pytest.raises(DeskError) as error:
        services.contract_sign(
            actor=receptionist,
            space=first.space,
            lessee=first.lessee,
            terms=terms(start=datetime.date(2026, 6, 1), end=datetime.date(2027, 5, 31)),
        )
    assert error.value.code == "overlap"
    assert Contract.objects.count() == 1


def test_wrong_role_and_other_estate_are_refused(estate, other_estate, receptionist, cashier):
    site, company = space(receptionist, estate), lessee(receptionist, estate)
    with pytest.raises(DeskError) as error:
        services.contract_sign(actor=cashier, space=site, lessee=company, terms=terms())
    assert error.value.code == "forbidden"
    outsider = staff(estates=[other_estate], roles=["CS Supervisor"])
    with pytest.raises(DeskError) as error:
        services.contract_sign(actor=outsider, space=site, lessee=company, terms=terms())
    assert error.value.code == "other_estate"
    assert Contract.objects.count() == 0


def test_a_person_lessee_keeps_the_id_masked(estate, receptionist):
    person = services.lessee_create(
        actor=receptionist,
        estate_id=estate.pk,
        data=services.LesseeInput(
            kind=Lessee.Kind.PERSON,
            name="张三",
            contact_name="张三",
            phone="13800138000",
            id_type="resident_id",
            id_number="11010519491231002X",
        ),
    )
    assert person.id_number_masked == "110105********002X"
    assert "19491231" not in str(list(person.history.values()))


def test_a_bad_credit_code_is_refused(estate, receptionist):
    with pytest.raises(DeskError) as error:
        lessee(receptionist, estate, code="91350100M000100Y44")
    assert error.value.code == "invalid_credit_code"
    assert Lessee.objects.count() == 0


def test_cycles_apply_rent_free_months_escalation_and_proration():
    rows = cycles(
        start=datetime.date(2026, 1, 15),
        last_day=datetime.date(2028, 2, 14),
        rent=Decimal("9000.00"),
        cycle=3,
        rent_free_months=1,
        escalation=Decimal("5"),
    )
    assert rows[0].start == datetime.date(2026, 1, 15) and rows[0].end == datetime.date(2026, 4, 14)
    assert rows[0].amount == Decimal("5900.00")  # 59 of 90 days paid
    assert rows[1].amount == Decimal("9000.00")
    assert rows[4].amount == Decimal("9450.00")  # the second year
    assert rows[-1].start == datetime.date(2028, 1, 15) and rows[-1].amount == Decimal(
        "3380.19"
    )  # 31 of 91 days


def test_the_rent_cycle_charges_once_per_contract_and_period(estate, receptionist):
    contract = sign(receptionist, estate, cycle=3)
    made = services.rent_cycle_run(today=datetime.date(2026, 4, 2))
    assert made == 2
    assert services.rent_cycle_run(today=datetime.date(2026, 4, 2)) == 0
    rents = contract.charges.filter(kind=LeaseCharge.Kind.RENT).order_by("period_start")
    assert [r.period_start for r in rents] == [datetime.date(2026, 1, 1), datetime.date(2026, 4, 1)]
    assert all(r.charge.amount == Decimal("3000.10") for r in rents)
    assert services.rent_cycle_run(today=datetime.date(2027, 3, 1)) == 2
    contract.refresh_from_db()
    assert contract.next_rent_on is None and contract.status == Contract.Status.ENDED


def test_reminders_go_at_90_and_30_days_once(estate, receptionist, supervisor):
    sign(receptionist, estate)
    assert services.expiry_reminders_send(today=datetime.date(2026, 10, 2)) == 1
    assert services.expiry_reminders_send(today=datetime.date(2026, 10, 3)) == 0
    assert services.expiry_reminders_send(today=datetime.date(2026, 12, 1)) == 1
    assert Notification.objects.filter(user=supervisor).count() == 2


def test_termination_needs_its_settlement(estate, receptionist, supervisor):
    contract = sign(receptionist, estate)
    with pytest.raises(DeskError) as error:
        services.contract_terminate(
            actor=supervisor,
            contract=contract,
            on=datetime.date(2026, 6, 30),
            reason="提前退租",
            settlement="",
        )
    assert error.value.code == "required"
    with pytest.raises(DeskError) as error:
        services.contract_terminate(
            actor=receptionist,
            contract=contract,
            on=datetime.date(2026, 6, 30),
            reason="提前退租",
            settlement="违约金一个月",
        )
    assert error.value.code == "forbidden"
    done = services.contract_terminate(
        actor=supervisor,
        contract=contract,
        on=datetime.date(2026, 6, 30),
        reason="提前退租",
        settlement="违约金一个月租金",
        settlement_amount="3000.10",
    )
    assert done.status == Contract.Status.TERMINATED
    assert done.charges.get(kind=LeaseCharge.Kind.SETTLEMENT).charge.amount == Decimal("3000.10")
    services.rent_cycle_run(today=datetime.date(2026, 12, 1))
    assert done.charges.filter(kind=LeaseCharge.Kind.RENT).count() == 6


def test_the_lessee_pays_the_site_fee_with_a_receipt(estate, receptionist, cashier):
    contract = sign(receptionist, estate)
    fee = contract.charges.get(kind=LeaseCharge.Kind.SITE_FEE).charge
    payment = services.payment_take(
        actor=cashier, contract=contract, charge_ids=[fee.pk], amount="500.20", method="cash"
    )
    assert payment.receipt_number and payment.payer_name == contract.lessee.name
    fee.refresh_from_db()
    assert fee.status == Charge.Status.PAID


def test_a_payment_takes_only_this_contracts_charges(estate, receptionist, cashier):
    first = sign(receptionist, estate)
    other = services.contract_sign(
        actor=receptionist,
        space=space(receptionist, estate, code="S-09"),
        lessee=first.lessee,
        terms=terms(),
    )
    fee = other.charges.get(kind=LeaseCharge.Kind.SITE_FEE).charge
    with pytest.raises(DeskError) as error:
        services.payment_take(
            actor=cashier, contract=first, charge_ids=[fee.pk], amount="500.20", method="cash"
        )
    assert error.value.code == "no_charges"
    assert Payment.objects.count() == 0


def test_a_renewal_follows_the_contract(estate, receptionist):
    contract = sign(receptionist, estate)
    renewal = services.contract_renew(
        actor=receptionist,
        contract=contract,
        terms=terms(start=None, end=datetime.date(2027, 12, 31), rent="3200.00"),
    )
    assert renewal.start == datetime.date(2027, 1, 1) and renewal.renews == contract


def test_a_form_signs_once(estate, receptionist):
    import uuid

    from leasing.errors import FormUsed

    site, company, key = space(receptionist, estate), lessee(receptionist, estate), uuid.uuid4()
    first = services.contract_sign(
        actor=receptionist, space=site, lessee=company, terms=terms(), form_key=key
    )
    with pytest.raises(FormUsed) as error:
        services.contract_sign(
            actor=receptionist, space=site, lessee=company, terms=terms(), form_key=key
        )
    assert error.value.record == first and Contract.objects.count() == 1


def test_the_ledger_counts_common_parts_income(estate, receptionist, cashier, supervisor):
    from leasing import selectors

    contract = sign(receptionist, estate)
    fee = contract.charges.get(kind=LeaseCharge.Kind.SITE_FEE).charge
    services.payment_take(
        actor=cashier, contract=contract, charge_ids=[fee.pk], amount="500.20", method="cash"
    )
    year = datetime.date.today().year
    book = selectors.ledger(estate=estate, year=year)
    assert book.income == Decimal("500.20") and book.share == Decimal("500.20")
    private = services.contract_sign(
        actor=receptionist,
        space=space(
            receptionist, estate, code="W-1", kind=Space.Kind.WAREHOUSE, ownership="company"
        ),
        lessee=contract.lessee,
        terms=terms(site_fee="0"),
    )
    assert private.pk
    assert selectors.ledger(estate=estate, year=year).income == Decimal("500.20")
