"""The desk's activity pages: the facilities, a facility's month, booking for a household
(by unit code), the booking with its steps, and the printed confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdesk.errors import FORBIDDEN, DeskError
from frontdesk.forms import form_error
from frontdesk.http import PDF, file_response
from frontdesk.once import FormUsed
from frontdesk.scoping import has_role, role_required
from owners import selectors as owner_selectors

from .. import pdf, selectors, services
from ..forms import BookingForm, PostForm, ReasonForm
from ..permissions import APPROVE_ROLES, BOOK_ROLES, POST_ROLES, VIEW_ROLES


def _booking_url(booking) -> str:
    return reverse("activities:booking", args=[booking.pk])


def _refused(request, booking, error: DeskError):
    if error.code == FORBIDDEN:
        raise PermissionDenied
    messages.error(request, error.message)
    return redirect(_booking_url(booking))


@require_GET
@role_required(*VIEW_ROLES)
def facility_list(request):
    return render(
        request,
        "activities/facility_list.html",
        {
            "facilities": selectors.facility_list(user=request.user),
            "can_book": has_role(request.user, *BOOK_ROLES),
        },
    )


@require_GET
@role_required(*VIEW_ROLES)
def facility_calendar(request, pk: int):
    facility = selectors.facility_get(user=request.user, pk=pk)
    month = selectors.month_of(request.GET.get("month", ""))
    return render(
        request,
        "activities/calendar.html",
        {
            "facility": facility,
            "calendar": selectors.facility_calendar(facility, month),
            # One reverse for the month's few hundred links (…/bookings/<pk>/).
            "booking_prefix": reverse("activities:booking", args=[0]).removesuffix("0/"),
            "can_book": facility.bookable and has_role(request.user, *BOOK_ROLES),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*BOOK_ROLES)
def booking_new(request, pk: int):
    facility = selectors.facility_get(user=request.user, pk=pk)
    if request.method == "GET":
        initial = {"day": request.GET.get("day", "")}
        return render(
            request,
            "activities/booking_form.html",
            {"facility": facility, "form": BookingForm(initial=initial)},
        )
    form = BookingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        unit = (
            owner_selectors.units_coded(data["unit_code"])
            .filter(estate_id=facility.estate_id)
            .first()
        )
        if unit is None:
            form.add_error(
                "unit_code",
                _("No unit with this code in %(estate)s.") % {"estate": facility.estate},
            )
        else:
            start, end = form.moments()
            try:
                booking = services.booking_create(
                    actor=request.user,
                    facility=facility,
                    unit=unit,
                    booked_for=data["booked_for"],
                    phone=data["phone"],
                    purpose=data["purpose"],
                    slot=services.Slot(start=start, end=end, people=data["people"]),
                    form_key=form.form_key,
                )
            except FormUsed as used:
                messages.info(request, used.message)
                return redirect(_booking_url(used.record))
            except DeskError as error:
                if error.code == FORBIDDEN:
                    raise PermissionDenied from None
                form_error(form, error, {"start": "start", "end": "end", "people": "people"})
            else:
                messages.success(
                    request, _("Booking %(number)s made.") % {"number": booking.number}
                )
                return redirect(_booking_url(booking))
    return render(
        request, "activities/booking_form.html", {"facility": facility, "form": form}, status=400
    )


@require_GET
@role_required(*VIEW_ROLES)
def booking_detail(request, pk: int):
    booking = selectors.booking_get(user=request.user, pk=pk)
    return render(
        request,
        "activities/booking_detail.html",
        {
            "booking": booking,
            "can_book": has_role(request.user, *BOOK_ROLES),
            "can_approve": has_role(request.user, *APPROVE_ROLES),
            "reason_form": ReasonForm(),
        },
    )


def _step(request, pk: int, roles, action, done: str, **kwargs):
    booking = selectors.booking_get(user=request.user, pk=pk)
    if not has_role(request.user, *roles):
        raise PermissionDenied
    try:
        action(actor=request.user, booking=booking, **kwargs)
    except DeskError as error:
        return _refused(request, booking, error)
    messages.success(request, done)
    return redirect(_booking_url(booking))


@require_POST
@role_required(*APPROVE_ROLES)
def booking_approve(request, pk: int):
    return _step(request, pk, APPROVE_ROLES, services.booking_approve, _("Booking approved."))


@require_POST
@role_required(*BOOK_ROLES)
def booking_check_in(request, pk: int):
    return _step(request, pk, BOOK_ROLES, services.booking_check_in, _("Checked in."))


@require_POST
@role_required(*BOOK_ROLES)
def booking_no_show(request, pk: int):
    return _step(request, pk, BOOK_ROLES, services.booking_no_show, _("No-show recorded."))


@require_POST
@role_required(*BOOK_ROLES)
def booking_cancel(request, pk: int):
    booking = selectors.booking_get(user=request.user, pk=pk)
    try:
        booking = services.booking_cancel(
            actor=request.user, booking=booking, reason=request.POST.get("reason", "")
        )
    except DeskError as error:
        return _refused(request, booking, error)
    if services.paid_money(booking):
        messages.warning(
            request,
            _(
                "Booking cancelled. Its fee or deposit is already paid: the refund goes "
                "through fees (a reversal of the payment, or settling the deposit)."
            ),
        )
    else:
        messages.success(request, _("Booking cancelled."))
    return redirect(_booking_url(booking))


@require_GET
@role_required(*VIEW_ROLES)
def booking_pdf(request, pk: int):
    booking = selectors.booking_get(user=request.user, pk=pk)
    return file_response(
        pdf.render_confirmation(booking), PDF, f"booking-{booking.number}.pdf", inline=True
    )


@require_http_methods(["GET", "POST"])
@role_required(*VIEW_ROLES)
def board(request, pk: int):
    """A board's current posts and history; the desk puts a post up or replaces the column."""
    facility = selectors.facility_get(user=request.user, pk=pk)
    if not facility.is_board:
        return redirect("activities:calendar", pk=facility.pk)
    can_post = has_role(request.user, *POST_ROLES)
    form = PostForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            new = services.NewPost(kind=data["kind"], title=data["title"], body=data["body"])
            try:
                if data["replace"]:
                    services.column_replace(actor=request.user, board=facility, posts=[new])
                    messages.success(request, _("The column's content is replaced."))
                else:
                    services.post_put_up(actor=request.user, board=facility, post=new)
                    messages.success(request, _("Post put up."))
            except DeskError as error:
                if error.code == FORBIDDEN:
                    raise PermissionDenied from None
                form_error(form, error)
            else:
                return redirect("activities:board", pk=facility.pk)
        status = 400
    current, past = selectors.board_posts(facility)
    return render(
        request,
        "activities/board.html",
        {
            "facility": facility,
            "current": current,
            "past": past,
            "form": form,
            "can_post": can_post,
        },
        status=status,
    )


@require_GET
@role_required(*VIEW_ROLES)
def post_pdf(request, pk: int):
    post = selectors.post_get(user=request.user, pk=pk)
    return file_response(pdf.render_notice(post), PDF, f"notice-{post.pk}.pdf", inline=True)
