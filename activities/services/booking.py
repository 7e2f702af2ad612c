"""Booking a facility at the desk for a household, with every rule checked before anything
is written: the facility's opening hours and blackout dates, the shortest and longest
booking, the buffer around other bookings, how far ahead and with how much notice, the
household's weekly limit and the capacity. The facility's row is locked for the check and
the write, so two desks booking its last slot at once: one wins, the other is refused.
The fee and the deposit are charged to the unit through ``fees`` in the same transaction."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees import permissions as fee_permissions
from fees.services import charges as fee_charges
from fees.services import deposits as fee_deposits
from frontdesk.errors import OTHER_ESTATE, DeskError
from frontdesk.forms import form_key_of
from frontdesk.history import stamp
from frontdesk.money import ZERO
from frontdesk.numbering import allocate_number
from frontdesk.once import refuse_used_key, save_once
from frontdesk.permissions import check_actor
from frontdesk.scoping import has_role

from .. import permissions
from ..errors import ActivitiesError
from ..models import Blackout, Booking, Facility

NUMBER_KIND, NUMBER_PREFIX = "facility_booking", "YY"


def _error(message: str, code: str, field: str | None = None) -> ActivitiesError:
    return ActivitiesError(message, code=code, field=field)


@dataclass
class Slot:
    start: datetime.datetime
    end: datetime.datetime
    people: int = 1


def week_of(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 to the next Monday 00:00 (local time) of the week of ``day``."""
    monday = day - datetime.timedelta(days=day.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    return start, start + datetime.timedelta(days=7)


def booking_check(
    facility: Facility,
    *,
    unit,
    slot: Slot,
    now: datetime.datetime | None = None,
    exclude_id: int | None = None,
) -> None:
    """Refuse (``ActivitiesError``) a slot the rules do not allow; three queries at most
    (blackouts, clashes, the household's week)."""
    now = now or timezone.now()
    if unit.estate_id != facility.estate_id:
        raise _error(_("This facility belongs to another estate."), OTHER_ESTATE)
    if not facility.active or not facility.bookable:
        raise _error(_("%(facility)s cannot be booked.") % {"facility": facility}, "not_bookable")
    start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    if end <= start:
        raise _error(_("The end must be after the start."), "order", "end")
    minutes = (end - start).total_seconds() / 60
    if minutes < facility.min_minutes:
        raise _error(
            _("A booking lasts at least %(minutes)d minutes.") % {"minutes": facility.min_minutes},
            "too_short",
            "end",
        )
    if minutes > facility.max_minutes:
        raise _error(
            _("A booking lasts at most %(minutes)d minutes.") % {"minutes": facility.max_minutes},
            "too_long",
            "end",
        )
    if (
        start.date() != end.date()
        or start.time() < facility.opens_at
        or end.time() > facility.closes_at
    ):
        raise _error(
            _("%(facility)s is open %(hours)s: book within the opening hours.")
            % {"facility": facility, "hours": facility.hours},
            "closed",
            "start",
        )
    if start < now:
        raise _error(_("The start has passed."), "past", "start")
    if start < now + datetime.timedelta(hours=facility.min_notice_hours):
        raise _error(
            _("Book at least %(hours)d hours ahead.") % {"hours": facility.min_notice_hours},
            "too_late",
            "start",
        )
    last_day = timezone.localdate(now) + datetime.timedelta(days=facility.max_days_ahead)
    if start.date() > last_day:
        raise _error(
            _("Bookings open %(days)d days ahead: the last day bookable now is %(day)s.")
            % {"days": facility.max_days_ahead, "day": last_day.isoformat()},
            "too_far",
            "start",
        )
    if facility.capacity and slot.people > facility.capacity:
        raise _error(
            _("%(facility)s takes at most %(capacity)d people.")
            % {"facility": facility, "capacity": facility.capacity},
            "capacity",
            "people",
        )
    if slot.people < 1:
        raise _error(_("At least one person."), "people", "people")
    blackout = Blackout.objects.filter(
        facility=facility, date_from__lte=start.date(), date_until__gte=start.date()
    ).first()
    if blackout is not None:
        raise _error(
            _("%(facility)s is closed from %(from)s to %(until)s: %(reason)s.")
            % {
                "facility": facility,
                "from": blackout.date_from.isoformat(),
                "until": blackout.date_until.isoformat(),
                "reason": blackout.reason,
            },
            "blackout",
            "start",
        )
    holding = Booking.objects.filter(facility=facility, state__in=Booking.HOLDING)
    if exclude_id is not None:
        holding = holding.exclude(pk=exclude_id)
    buffer = datetime.timedelta(minutes=facility.buffer_minutes)
    clash = (
        holding.filter(start__lt=end + buffer, end__gt=start - buffer)
        .order_by("start")
        .values_list("start", "end")
        .first()
    )
    if clash is not None:
        other_start, other_end = (timezone.localtime(value) for value in clash)
        if other_start < end and other_end > start:
            message = _("%(facility)s is already booked %(from)s–%(until)s.")
        else:
            message = _(
                "%(facility)s is booked %(from)s–%(until)s; keep %(buffer)d minutes between "
                "bookings."
            )
        raise _error(
            message
            % {
                "facility": facility,
                "from": f"{other_start:%H:%M}",
                "until": f"{other_end:%H:%M}",
                "buffer": facility.buffer_minutes,
            },
            "taken",
            "start",
        )
    if facility.weekly_limit is not None:
        week_start, week_end = week_of(start.date())
        count = holding.filter(unit=unit, start__gte=week_start, start__lt=week_end).count()
        if count >= facility.weekly_limit:
            raise _error(
                _(
                    "This household already has %(count)d booking(s) of %(facility)s this "
                    "week; the limit is %(limit)d."
                )
                % {"count": count, "facility": facility, "limit": facility.weekly_limit},
                "weekly_limit",
                "start",
            )


def _locked_facility(facility: Facility) -> Facility:
    return Facility.objects.select_for_update().get(pk=facility.pk)


@transaction.atomic
def booking_create(
    *,
    actor,
    facility: Facility,
    unit,
    booked_for: str,
    slot: Slot,
    phone: str = "",
    purpose: str = "",
    form_key: uuid.UUID | str | None = None,
) -> Booking:
    """The booking for the unit's household; awaiting approval where the facility asks for
    it. Refused with nothing written when a rule says no. A form posted twice books once
    (``FormUsed`` with the first booking)."""
    check_actor(
        actor,
        estate_id=facility.estate_id,
        roles=permissions.BOOK_ROLES,
        message=_("Only the desk books a facility."),
    )
    key = form_key_of(
        form_key, error=ActivitiesError, message=_("This form is damaged: open it again.")
    )
    refuse_used_key(Booking, key, booking_used_message, actor=actor, error=ActivitiesError)
    if not booked_for.strip():
        raise _error(_("Name the person the booking is for."), "no_name", "booked_for")
    facility = _locked_facility(facility)  # two desks, one last slot: the second waits here
    booking_check(facility, unit=unit, slot=slot)
    state = Booking.State.REQUESTED if facility.approval_required else Booking.State.APPROVED
    booking = Booking(
        estate_id=facility.estate_id,
        number=allocate_number(
            estate_id=facility.estate_id, kind=NUMBER_KIND, prefix=NUMBER_PREFIX
        ),
        facility=facility,
        unit=unit,
        booked_for=booked_for.strip(),
        phone=phone.strip(),
        purpose=purpose.strip(),
        start=slot.start,
        end=slot.end,
        people=slot.people,
        state=state,
        created_by=actor,
        approved_by=None if facility.approval_required else actor,
    )
    if state == Booking.State.APPROVED:
        _charge(booking, actor=actor)
    stamp(booking, actor)
    save_once(booking, key, booking_used_message, actor=actor, error=ActivitiesError)
    return booking


def booking_used_message(booking: Booking) -> str:
    return _("This form was already used: it made booking %(number)s.") % {"number": booking.number}


def _charge(booking: Booking, *, actor) -> None:
    """The facility's fee and deposit as the unit's charges (once booked)."""
    facility = booking.facility
    try:
        if facility.fee_type is not None and facility.takes_fee and booking.charge_id is None:
            booking.charge = fee_charges.new_charge(
                actor=actor,
                estate_id=booking.estate_id,
                fee_type=facility.fee_type,
                amount=facility.fee_amount,
                unit=booking.unit,
                payer_name=booking.booked_for,
                description=_("Booking %(number)s, %(facility)s")
                % {"number": booking.number, "facility": facility},
            )
        if (
            facility.deposit_fee_type is not None
            and facility.takes_deposit
            and booking.deposit_id is None
        ):
            booking.deposit = fee_deposits.deposit_require(
                actor=actor,
                estate_id=booking.estate_id,
                fee_type=facility.deposit_fee_type,
                amount=facility.deposit_amount,
                purpose=_("Deposit for booking %(number)s, %(facility)s")
                % {"number": booking.number, "facility": facility},
                unit=booking.unit,
                payer_name=booking.booked_for,
            )
    except ActivitiesError:
        raise
    except DeskError as error:  # the fees app's refusal (e.g. the unit's arrears limit)
        raise _error(error.message, error.code) from None


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("facility", "unit", "charge", "deposit__charge")
        .get(pk=booking.pk)
    )


def _check_state(booking: Booking, *allowed: str) -> None:
    if booking.state not in allowed:
        raise _error(
            _("Not possible while the booking is “%(state)s”.")
            % {"state": booking.get_state_display()},
            "wrong_state",
        )


@transaction.atomic
def booking_approve(*, actor, booking: Booking) -> Booking:
    check_actor(
        actor,
        estate_id=booking.estate_id,
        roles=permissions.APPROVE_ROLES,
        message=_("Only a CS supervisor approves a booking."),
    )
    booking = _locked(booking)
    _check_state(booking, Booking.State.REQUESTED)
    booking.state = Booking.State.APPROVED
    booking.approved_by = actor
    _charge(booking, actor=actor)
    stamp(booking, actor)
    booking.save()
    return booking


@transaction.atomic
def booking_check_in(*, actor, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    check_actor(actor, estate_id=booking.estate_id, roles=permissions.BOOK_ROLES)
    booking = _locked(booking)
    _check_state(booking, Booking.State.APPROVED)
    now = now or timezone.now()
    if timezone.localdate(now) != timezone.localdate(booking.start) or now >= booking.end:
        raise _error(_("Check in on the day of the booking, before it ends."), "not_today")
    booking.state = Booking.State.CHECKED_IN
    booking.checked_in_at = now
    stamp(booking, actor)
    booking.save()
    return booking


@transaction.atomic
def booking_no_show(*, actor, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    check_actor(actor, estate_id=booking.estate_id, roles=permissions.BOOK_ROLES)
    booking = _locked(booking)
    _check_state(booking, Booking.State.APPROVED)
    if (now or timezone.now()) < booking.start:
        raise _error(_("A no-show is recorded after the booking has started."), "not_started")
    booking.state = Booking.State.NO_SHOW
    stamp(booking, actor)
    booking.save()
    return booking


def unpaid_money(booking: Booking) -> bool:
    """The booking's fee or deposit is charged and nothing of it is paid yet (cancelling
    waives it)."""
    charges = [booking.charge, booking.deposit.charge if booking.deposit else None]
    return any(
        charge is not None and charge.paid_amount <= ZERO and charge.outstanding > ZERO
        for charge in charges
    )


def paid_money(booking: Booking) -> bool:
    """Part of the booking's fee or deposit is paid: it stays, refunded through fees."""
    charges = [booking.charge, booking.deposit.charge if booking.deposit else None]
    return any(charge is not None and charge.paid_amount > ZERO for charge in charges)


def _release_money(booking: Booking, *, actor, reason: str) -> None:
    """The unpaid fee is waived and the unpaid deposit cancelled, through fees; what is paid
    stays (its refund is a reversal or the deposit's settlement, in fees)."""
    text = _("Booking %(number)s cancelled: %(reason)s") % {
        "number": booking.number,
        "reason": reason,
    }
    try:
        charge = booking.charge
        if charge is not None and charge.paid_amount <= ZERO and charge.outstanding > ZERO:
            fee_charges.charge_waive(actor=actor, charge=charge, reason=text)
        deposit = booking.deposit
        if (
            deposit is not None
            and deposit.status == deposit.Status.OPEN
            and deposit.charge.paid_amount <= ZERO
        ):
            fee_deposits.deposit_cancel(actor=actor, deposit=deposit, reason=text)
    except DeskError as error:
        raise _error(error.message, error.code) from None


@transaction.atomic
def booking_cancel(*, actor, booking: Booking, reason: str) -> Booking:
    """The slot is freed. An unpaid fee or deposit is cancelled through fees, which a
    supervisor does (fees' waiver role): a receptionist is refused such a booking, nothing
    changed. A paid fee stays: its refund goes through fees."""
    check_actor(actor, estate_id=booking.estate_id, roles=permissions.BOOK_ROLES)
    if not reason.strip():
        raise _error(_("Give the reason for cancelling."), "no_reason", "reason")
    booking = _locked(booking)
    _check_state(booking, Booking.State.REQUESTED, Booking.State.APPROVED)
    if unpaid_money(booking):
        if not has_role(actor, *fee_permissions.APPROVE_ROLES):
            raise _error(
                _(
                    "The booking's unpaid fee is cancelled with it, which a CS supervisor "
                    "does: ask one to cancel this booking."
                ),
                "fee_waiver",
            )
        _release_money(booking, actor=actor, reason=reason.strip())
    booking.state = Booking.State.CANCELLED
    booking.cancelled_reason = reason.strip()
    stamp(booking, actor)
    booking.save()
    return booking
