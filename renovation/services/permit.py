"""The renovation management agreement (the estate's hours and prohibited works fixed as
signed, the deposit demanded) and the construction permit, which waits for the agreement, the
paid fee and the paid deposit."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.history import stamp
from frontdesk.models import Department
from frontdesk.numbering import allocate_number
from frontdesk.pdf import print_language
from frontdesk.permissions import check_actor
from frontdesk.services import notification_send
from owners import services as owner_services
from owners.models import Unit

from .. import permissions
from ..models import Renovation, Settings
from ..selectors import prohibited_items
from .application import PERMIT_KIND, PERMIT_PREFIX, _error, check_status, locked, new_code, text
from .money import deposit_demand


@transaction.atomic
def agreement_sign(
    *,
    actor,
    renovation: Renovation,
    signed_on: datetime.date,
    signed_by: str,
    contractor_signed_by: str,
) -> Renovation:
    """The renovation management agreement is signed: the estate's working hours and
    prohibited works are fixed on it as signed (a later change in the admin does not rewrite
    a signed agreement), and the estate's renovation deposit is demanded."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not record renovation agreements."),
    )
    renovation = locked(renovation)
    check_status(
        renovation,
        Renovation.Status.SUBMITTED,
        Renovation.Status.RETURNED,
        Renovation.Status.APPROVED,
    )
    if renovation.agreement_signed:
        raise _error(_("The agreement is already signed."), "already_signed")
    today = timezone.localdate()
    if signed_on is None or signed_on > today:
        raise _error(_("The signing date cannot be in the future."), "bad_date", "signed_on")
    if signed_on < timezone.localtime(renovation.created_at).date():
        raise _error(
            _("The agreement cannot be signed before the application."), "bad_date", "signed_on"
        )
    renovation.agreement_signed_by = text(
        signed_by, "signed_by", _("Name who signed for the owner."), max_length=100
    )
    renovation.contractor_signed_by = text(
        contractor_signed_by,
        "contractor_signed_by",
        _("Name who signed for the contractor."),
        max_length=100,
    )
    rules = Settings.for_estate(renovation.estate_id)
    renovation.agreement_signed_on = signed_on
    renovation.agreement_recorded_by = actor
    renovation.weekday_hours = rules.weekday_hours
    renovation.weekend_hours = rules.weekend_hours
    renovation.hours_note = rules.noisy_note
    with print_language():  # frozen as the agreement prints them, whatever the desk's language
        renovation.prohibited_text = "\n".join(prohibited_items(renovation.estate_id))
    deposit_demand(renovation, actor=actor, rules=rules)
    stamp(renovation, actor)
    renovation.save()
    return renovation


def _department_members(estate_id: int, kinds: tuple[str, ...]) -> list:
    """Heads and staff of the estate's departments of ``kinds``, once each, active only."""
    departments = list(
        Department.objects.filter(estate_id=estate_id, kind__in=kinds).select_related("head")
    )
    users = get_user_model().objects.filter(
        is_active=True, staff_profile__department__in=departments
    )
    members = {user.pk: user for user in users}
    for department in departments:
        head = department.head
        if head is not None and head.is_active:
            members.setdefault(head.pk, head)
    return list(members.values())


@transaction.atomic
def permit_issue(*, actor, renovation: Renovation) -> Renovation:
    """The construction permit: only once the plan is approved, the agreement signed, the
    garbage fee and the deposit paid. Gapless number, a code for the QR; the unit shows as
    renovating; maintenance and security are notified (in the app, and by email after commit)."""
    check_actor(
        actor,
        estate_id=renovation.estate_id,
        roles=permissions.APPLY_ROLES,
        message=_("Your role may not issue construction permits."),
    )
    renovation = locked(renovation)
    if renovation.status == Renovation.Status.WORKING:
        raise _error(
            _("Permit %(number)s was already issued.") % {"number": renovation.permit_number},
            "already_issued",
        )
    check_status(renovation, Renovation.Status.APPROVED)
    if not renovation.agreement_signed:
        raise _error(
            _("The renovation management agreement must be signed before the permit."),
            "agreement_unsigned",
        )
    if not renovation.fee_paid:
        raise _error(
            _("The decoration-garbage transport fee must be paid before the permit."),
            "fee_unpaid",
        )
    if renovation.deposit is not None and not renovation.deposit_paid:
        raise _error(
            _("The renovation deposit (¥%(amount)s) must be paid before the permit.")
            % {"amount": renovation.deposit.amount},
            "deposit_unpaid",
        )
    today = timezone.localdate()
    if renovation.planned_end < today:
        raise _error(
            _("The planned period is over: the application needs new dates."), "period_over"
        )
    renovation.permit_number = allocate_number(
        estate_id=renovation.estate_id, kind=PERMIT_KIND, prefix=PERMIT_PREFIX
    )
    code = new_code()
    while Renovation.objects.filter(estate_id=renovation.estate_id, permit_code=code).exists():
        code = new_code()
    renovation.permit_code = code
    renovation.permit_issued_at = timezone.now()
    renovation.permit_issued_by = actor
    renovation.status = Renovation.Status.WORKING
    renovation.next_patrol_on = max(today, renovation.planned_start)
    unit = Unit.objects.select_for_update().get(pk=renovation.unit_id)
    renovation.unit_status_before = unit.status
    stamp(renovation, actor)
    renovation.save()
    owner_services.unit_status_set(
        actor=actor,
        unit=unit,
        status=Unit.Status.RENOVATING,
        reason=_("Renovation permit %(number)s") % {"number": renovation.permit_number},
    )
    notification_send(
        users=_department_members(renovation.estate_id, ("engineering", "security")),
        title=_("Renovation permit %(number)s: %(unit)s, %(start)s to %(end)s")
        % {
            "number": renovation.permit_number,
            "unit": unit.code,
            "start": renovation.planned_start.isoformat(),
            "end": renovation.planned_end.isoformat(),
        },
        body=_("Contractor: %(contractor)s, site manager %(manager)s %(phone)s. Workers: %(n)s.")
        % {
            "contractor": renovation.contractor,
            "manager": renovation.site_manager,
            "phone": renovation.site_manager_phone,
            "n": renovation.workers,
        },
        url=renovation.get_absolute_url(),
    )
    return renovation
