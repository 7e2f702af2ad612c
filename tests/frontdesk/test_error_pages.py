"""A refused or missing page is a page of the desk: its menu, a way back, in the user's language."""

import pytest
from django.conf import settings

from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_it_tells_a_role_it_may_not_open_the_page_and_leads_back(client, technician):
    client.force_login(technician)
    response = client.get("/fees/pay/")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="forbidden"' in html and "Not for your role" in html
    assert 'href="/"' in html


def test_it_says_not_found_for_another_estates_unit(client, receptionist, other_estate):
    unit = UnitFactory(building__estate=other_estate)
    client.force_login(receptionist)
    response = client.get(f"/units/{unit.pk}/")
    assert response.status_code == 404
    assert 'data-testid="not-found"' in response.content.decode()


def test_it_speaks_chinese_by_default(client, technician):
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    client.force_login(technician)
    assert "无权打开" in client.get("/fees/pay/").content.decode()
