"""The printed receipt (A5 sheet or 80 mm thermal roll) and what it says."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.pdf import render_fitted, render_pdf
from owners.selectors import current_owner_names

from .models import CENT, ZERO, FeeRate, FeeType, Payment

LAYOUTS = {
    "a5": "fees/pdf/receipt_a5.html",
    "thermal": "fees/pdf/receipt_thermal.html",
}

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _four_digits(number: int) -> str:
    """1 to 9999 in capitals, with 零 for inner zeros (1001 → 壹仟零壹)."""
    words, zero = "", False
    for place in range(3, -1, -1):
        digit = number // 10**place % 10
        if digit == 0:
            zero = bool(words)
            continue
        if zero:
            words += "零"
            zero = False
        words += _DIGITS[digit] + _PLACES[place]
    return words


def _yuan_words(number: int) -> str:
    groups = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    words, zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero = bool(words)
            continue
        # A gap of zeros between two groups is read as one 零 (10010 → 壹万零壹拾).
        if words and (zero or group < 1000):
            words += "零"
        words += _four_digits(group) + _GROUPS[index]
        zero = False
    return words


def amount_in_words(amount: Decimal) -> str:
    """An amount of yuan in Chinese capital numerals (大写), as receipts write it:
    128.50 → 壹佰贰拾捌元伍角整, 10010.01 → 壹万零壹拾元零壹分."""
    exact = Decimal(amount).quantize(CENT)
    if exact != amount:
        raise ValueError(f"{amount} has more than two decimals")
    sign = "负" if exact < 0 else ""
    fen_total = int(abs(exact) * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    words = _yuan_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return sign + (words or "零元") + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif words:
        words += "零"
    words += _DIGITS[fen] + "分" if fen else "整"
    return sign + words


def owner_names(unit_id: int, on: datetime.date | None = None) -> list[str]:
    """The names of the unit's owners on a day (today), largest share first."""
    return current_owner_names([unit_id], on).get(unit_id, [])


def payer_name(payment: Payment) -> str:
    """Who paid: the payer named on the payment, else the unit's owners on the day."""
    if payment.payer_name or payment.unit_id is None:
        return payment.payer_name
    day = timezone.localdate(payment.received_at)
    return "、".join(owner_names(payment.unit_id, day))


def receipt_context(payment: Payment, *, copies: bool = False) -> dict:
    """What a receipt shows, on screen and on paper. ``payment`` comes from
    ``selectors.payment_get`` (unit, estate and people loaded). ``copies``: the three parts of
    a receipt book (stub, the payer's receipt, accounts), each on its page with its mark."""
    # What the receipt said when it was issued: not what its prepaid balance settled later.
    allocations = list(
        payment.allocations.filter(from_prepaid=False)
        .select_related("charge__fee_type")
        .order_by("id")
    )
    _note_standards(allocations, payment.unit)
    allocated = sum((allocation.amount for allocation in allocations), ZERO)
    return {
        "payment": payment,
        "estate": payment.estate,
        "payer": payer_name(payment),
        "allocations": allocations,
        # Money beyond the charges it settled stays with the unit as its prepaid balance.
        "prepaid": payment.amount - allocated if payment.amount > allocated else ZERO,
        "amount_words": amount_in_words(payment.amount),
        "copies": copy_marks() if copies else [""],
    }


def copy_marks() -> list[str]:
    return [_("Copy 1 · Stub"), _("Copy 2 · Receipt for the payer"), _("Copy 3 · Accounts")]


def _figure(number: Decimal) -> str:
    """2.5000 → 2.50, 1.2345 → 1.2345: the rate as the fee standard writes it."""
    return f"{number:.2f}" if number == number.quantize(CENT) else f"{number.normalize()}"


def _note_standards(allocations: list, unit) -> None:
    """Each line's standard, as the office explains a property fee: rate × area (× the
    ratio of a reduced month). One query for the rates of the fees charged per m²."""
    for allocation in allocations:
        allocation.standard = ""
    by_area = {
        allocation.charge.fee_type_id
        for allocation in allocations
        if allocation.charge.fee_type.basis == FeeType.Basis.PER_SQUARE_METRE_MONTH
        and allocation.charge.period
    }
    if unit is None or not by_area:
        return
    rates = list(FeeRate.objects.filter(fee_type_id__in=by_area).order_by("effective_from"))
    for allocation in allocations:
        charge = allocation.charge
        if charge.fee_type_id not in by_area:
            continue
        in_force = {
            rate.unit_use: rate.rate
            for rate in rates
            if rate.fee_type_id == charge.fee_type_id and rate.effective_from <= charge.period
        }
        rate = in_force.get(unit.use, in_force.get(""))
        if rate is None:
            continue
        standard = _("%(rate)s CNY/m² × %(area)s m²") % {
            "rate": _figure(rate),
            "area": _figure(unit.area),
        }
        if charge.ratio != 1:
            standard += f" × {_figure(charge.ratio * 100)}%"
        allocation.standard = standard


def render_receipt(payment: Payment, layout: str = "a5", *, copies: bool = False) -> bytes:
    """The receipt PDF; ``layout`` is "a5" (a sheet, in three marked parts with ``copies``)
    or "thermal" (an 80 mm roll, cut where the receipt ends)."""
    context = receipt_context(payment, copies=copies and layout == "a5")
    if layout == "thermal":
        return render_fitted(LAYOUTS[layout], context)
    return render_pdf(LAYOUTS[layout], context)


def render_refund(deposit, deductions: list, printed_at) -> bytes:
    """The refund slip of a settled deposit (A5): what was held, each deduction with its
    reason, what is refunded to whom, with signature lines."""
    context = {
        "deposit": deposit,
        "estate": deposit.estate,
        "deductions": deductions,
        "refund_words": amount_in_words(deposit.refunded),
        "printed_at": printed_at,
    }
    return render_pdf("fees/pdf/refund.html", context)
