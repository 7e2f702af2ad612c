"""Sign-in: who is locked out and the supervisor's unlock; sessions that end with the shift.

django-axes locks a user name from one address after ``AXES_FAILURE_LIMIT`` wrong passwords,
for ``AXES_COOLOFF_TIME``: the same name from another address, and the colleagues behind the
same office address, still sign in. A CS supervisor or director of the user's estate lifts
the lock at once (``/accounts/lockouts/``), and the unlock is logged on the user.
"""

import dataclasses
import datetime
import time

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DeskError
from .models import StaffProfile
from .permissions import SIGNIN_UNLOCK_ROLES, check_actor
from .scoping import estate_ids_for

User = get_user_model()


@dataclasses.dataclass(frozen=True)
class Lockout:
    user: object
    ip_address: str | None
    failures: int
    last_attempt: datetime.datetime

    @property
    def until(self) -> datetime.datetime:
        return self.last_attempt + _cool_off()


def _cool_off() -> datetime.timedelta:
    return get_cool_off() or datetime.timedelta(0)


def _locked(usernames=None):
    since = timezone.now() - _cool_off()
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since)
    if usernames is not None:
        attempts = attempts.filter(username__in=usernames)
    return (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def _colleagues(actor):
    ids = estate_ids_for(actor)
    users = User.objects.all()
    if ids is not None:
        users = users.filter(staff_profile__estates__in=ids).distinct()
    return users


def lockout_list(*, actor) -> list[Lockout]:
    """The accounts locked out now, of the people who work in the actor's estates."""
    rows = list(_locked(_colleagues(actor).values("username")))
    users = User.objects.in_bulk([row["username"] for row in rows], field_name="username")
    return [
        Lockout(
            user=users[row["username"]],
            ip_address=row["ip_address"],
            failures=row["failures"],
            last_attempt=row["last_attempt"],
        )
        for row in rows
        if row["username"] in users
    ]


@transaction.atomic
def signin_unlock(*, actor, username: str, ip_address: str | None) -> int:
    """Lift the lock-out of ``username`` from ``ip_address``; the actor must be a supervisor
    of one of the user's estates. Returns the attempts forgotten."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise DeskError(_("There is no such user."), code="not_found")
    allowed = estate_ids_for(actor)
    estate_ids = StaffProfile.objects.filter(user=user, estates__isnull=False).values_list(
        "estates", flat=True
    )
    shared = [pk for pk in estate_ids if allowed is None or pk in allowed]
    # A user of no estate (an administrator) is a superuser's to unlock: estate 0 is nobody's.
    check_actor(
        actor,
        estate_id=shared[0] if shared else 0,
        roles=SIGNIN_UNLOCK_ROLES,
        message=_("Only a supervisor may unlock a sign-in."),
    )
    attempts = AccessAttempt.objects.filter(username=username, ip_address=ip_address)
    forgotten, _deleted = attempts.delete()
    if not forgotten:
        raise DeskError(_("This sign-in is not locked any more."), code="not_locked")
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=_("Unlocked sign-in from %(ip)s") % {"ip": ip_address or "?"},
        single_object=True,
    )
    return forgotten


SESSION_REFRESHED_KEY = "_refreshed"


def session_stamp(sender, request, user, **kwargs) -> None:
    """On ``user_logged_in``: the sign-in has just saved the session with a full age, so the
    first requests after it have nothing to refresh."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REFRESHED_KEY] = int(time.time())


class SlidingSessionMiddleware:
    """A signed-in session lasts ``SESSION_COOKIE_AGE`` from the last request, not from the
    sign-in: it is saved again (new expiry, new cookie) at most every
    ``SESSION_REFRESH_SECONDS``, instead of on every request (``SESSION_SAVE_EVERY_REQUEST``
    would write the session row each time)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_REFRESHED_KEY, 0)
            if now - last >= settings.SESSION_REFRESH_SECONDS:
                request.session[SESSION_REFRESHED_KEY] = now
        return self.get_response(request)
