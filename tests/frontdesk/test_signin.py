"""Sign-in: the lock-out is per user and address, short, and a supervisor lifts it; behind a
proxy the client's address comes from X-Forwarded-For; a session ends with the shift."""

import datetime
import time

import pytest
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from frontdesk import roles
from frontdesk.signin import SESSION_REFRESHED_KEY
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
LOCKOUTS = reverse("signin-lockouts")
UNLOCK = reverse("signin-unlock")
OFFICE = "192.168.10.20"
PASSWORD = "desk-pass-123"


def sign_in(client, username, password=PASSWORD, ip=OFFICE, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def lock(client, username, ip=OFFICE, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "wrong", ip, **headers)


@pytest.fixture
def clerk(estate):
    return staff(estates=[estate], roles=[roles.RECEPTIONIST], username="clerk")


def test_five_wrong_passwords_lock_the_user_from_that_address(client, clerk):
    lock(client, "clerk")

    response = sign_in(client, "clerk")  # the right password, too late

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_same_user_from_another_address_still_signs_in(client, clerk):
    lock(client, "clerk")

    assert sign_in(client, "clerk", ip="10.1.1.1").status_code == 302


def test_a_colleague_behind_the_same_office_address_still_signs_in(client, clerk, estate):
    staff(estates=[estate], roles=[roles.CASHIER], username="cashier2")
    lock(client, "clerk")

    assert sign_in(client, "cashier2").status_code == 302


def test_the_lock_lifts_after_a_short_cool_off(client, clerk):
    assert get_cool_off() == datetime.timedelta(minutes=15)
    lock(client, "clerk")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert sign_in(client, "clerk").status_code == 302


# --- the supervisor's unlock ------------------------------------------------------------


def test_a_supervisor_sees_the_locked_users_of_the_estate(client, clerk, supervisor, other_estate):
    staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="elsewhere")
    lock(client, "clerk")
    lock(client, "elsewhere")
    lock(client, "nobody-by-this-name")
    client.force_login(supervisor)

    page = client.get(LOCKOUTS).content.decode()

    assert "clerk" in page and OFFICE in page
    assert "elsewhere" not in page
    assert "nobody-by-this-name" not in page


def test_a_supervisor_unlocks_a_user_at_once(client, clerk, supervisor):
    lock(client, "clerk")
    client.force_login(supervisor)

    response = client.post(UNLOCK, {"username": "clerk", "ip_address": OFFICE})

    assert response.status_code == 302
    assert response["Location"] == LOCKOUTS
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    entry = LogEntry.objects.get(object_id=str(clerk.pk))
    assert (entry.user, entry.change_message) == (supervisor, f"Unlocked sign-in from {OFFICE}")
    client.logout()
    assert sign_in(client, "clerk").status_code == 302


def test_a_director_of_the_estate_unlocks_too(client, clerk, estate):
    director = staff(estates=[estate], roles=[roles.DIRECTOR], username="director")
    lock(client, "clerk")
    client.force_login(director)

    client.post(UNLOCK, {"username": "clerk", "ip_address": OFFICE})

    assert not AccessAttempt.objects.exists()


def test_a_supervisor_of_another_estate_cannot_unlock(client, clerk, other_estate):
    outsider = staff(estates=[other_estate], roles=[roles.CS_SUPERVISOR], username="outsider")
    lock(client, "clerk")
    client.force_login(outsider)

    response = client.post(UNLOCK, {"username": "clerk", "ip_address": OFFICE}, follow=True)

    assert "This belongs to another estate." in response.content.decode()
    assert AccessAttempt.objects.filter(username="clerk").exists()


def test_a_supervisor_cannot_unlock_an_administrator(client, supervisor):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    lock(client, "root")
    client.force_login(supervisor)

    response = client.post(UNLOCK, {"username": "root", "ip_address": OFFICE}, follow=True)

    assert "This belongs to another estate." in response.content.decode()
    assert AccessAttempt.objects.filter(username="root").exists()


def test_the_menu_leads_a_supervisor_and_nobody_else_to_the_lockouts(client, supervisor, estate):
    receptionist = staff(estates=[estate], roles=[roles.RECEPTIONIST], username="desk")
    menu_link = f'href="{LOCKOUTS}"'

    client.force_login(supervisor)
    assert menu_link in client.get(reverse("home")).content.decode()
    client.force_login(receptionist)
    assert menu_link not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", [roles.RECEPTIONIST, roles.CASHIER, roles.SECURITY_GUARD])
def test_other_roles_may_not_see_or_unlock(client, clerk, estate, role):
    user = staff(estates=[estate], roles=[role], username="someone")
    lock(client, "clerk")
    client.force_login(user)

    assert client.get(LOCKOUTS).status_code == 403
    assert client.post(UNLOCK, {"username": "clerk", "ip_address": OFFICE}).status_code == 403
    assert AccessAttempt.objects.filter(username="clerk").exists()


def test_unlocking_what_is_not_locked_says_so(client, clerk, supervisor):
    client.force_login(supervisor)

    not_locked = client.post(UNLOCK, {"username": "clerk", "ip_address": OFFICE}, follow=True)
    ghost = client.post(UNLOCK, {"username": "ghost", "ip_address": OFFICE}, follow=True)

    assert "This sign-in is not locked any more." in not_locked.content.decode()
    assert "There is no such user." in ghost.content.decode()
    assert not LogEntry.objects.exists()


def test_unlock_takes_only_post(client, supervisor):
    client.force_login(supervisor)

    assert client.get(UNLOCK).status_code == 405


def test_the_lockouts_page_needs_a_sign_in(client):
    response = client.get(LOCKOUTS)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_lockouts_page_keeps_its_queries_fixed(
    client, supervisor, estate, django_assert_max_num_queries
):
    for n in range(10):
        staff(estates=[estate], roles=[roles.RECEPTIONIST], username=f"clerk{n}")
        lock(client, f"clerk{n}")
    client.force_login(supervisor)

    with django_assert_max_num_queries(10):
        page = client.get(LOCKOUTS).content.decode()

    assert page.count('name="username"') == 10


# --- the client's address behind the proxy ----------------------------------------------


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_lock(client, clerk):
    lock(client, "clerk")

    response = sign_in(client, "clerk", HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert response.status_code == 429


@pytest.fixture
def behind_one_proxy(settings):
    """What REVERSE_PROXIES=1 sets: the client is the one address in X-Forwarded-For."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")


def test_behind_the_proxy_the_lock_is_per_client_address(client, clerk, behind_one_proxy):
    proxy = "10.0.0.2"
    lock(client, "clerk", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    locked = sign_in(client, "clerk", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    other = sign_in(client, "clerk", ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.status_code == 302


def test_behind_the_proxy_a_forged_entry_is_not_believed(client, clerk, behind_one_proxy):
    proxy = "10.0.0.2"
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        # the client's own header, and the proxy's entry after it
        sign_in(client, "clerk", "wrong", proxy, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7")

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {proxy}
    forged = sign_in(client, "clerk", ip=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert forged.status_code == 429


def test_the_proxy_setting_is_off_by_default():
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
    assert settings.AXES_IPWARE_PROXY_COUNT is None


# --- sessions that end with the shift -----------------------------------------------------


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_lasts_twelve_hours(client, clerk):
    response = sign_in(client, "clerk")

    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 60 * 60
    expected = timezone.now() + datetime.timedelta(hours=12)
    assert abs(_expiry(client) - expected) < datetime.timedelta(minutes=1)


def _age_the_session(client, minutes):
    """As if the last refresh was ``minutes`` ago and the session expires that much sooner."""
    session = client.session
    session[SESSION_REFRESHED_KEY] = int(time.time()) - minutes * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now()
        + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - minutes * 60)
    )


def test_a_request_after_a_few_minutes_slides_the_session_on(client, clerk):
    sign_in(client, "clerk")
    client.get("/")
    _age_the_session(client, minutes=60)

    response = client.get("/")

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 60 * 60
    expected = timezone.now() + datetime.timedelta(hours=12)
    assert abs(_expiry(client) - expected) < datetime.timedelta(minutes=1)


def test_requests_in_quick_succession_do_not_write_the_session(client, clerk):
    sign_in(client, "clerk")
    client.get("/")
    _age_the_session(client, minutes=1)
    before = _expiry(client)

    response = client.get("/")

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _expiry(client) == before


def test_an_idle_session_ends(client, clerk):
    sign_in(client, "clerk")
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_first_requests_after_signing_in_do_not_write_the_session(client, clerk):
    sign_in(client, "clerk")
    before = _expiry(client)

    response = client.get("/")

    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _expiry(client) == before
