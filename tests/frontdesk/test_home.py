from frontdesk import roles, services
from frontdesk.registry import Entry, quick_actions, today_panels
from tests.factories import staff


def test_it_greets_a_receptionist_with_the_search_box_focused(client, receptionist):
    client.force_login(receptionist)
    html = client.get("/").content.decode()
    assert 'id="desk-search"' in html and "autofocus" in html


def test_it_shows_registered_quick_actions_by_role(client, receptionist, estate):
    quick_actions.register(
        Entry(key="test-pay", label="Take payment", url_name="home", roles=(roles.CASHIER,))
    )
    try:
        client.force_login(receptionist)
        assert "Take payment" not in client.get("/").content.decode()
        client.force_login(staff(estates=[estate], roles=[roles.CASHIER]))
        assert "Take payment" in client.get("/").content.decode()
    finally:
        quick_actions._entries.pop("test-pay")


def test_it_loads_each_today_panel_on_its_own_request(client, receptionist):
    services.notification_send(users=[receptionist], title="请回访 5-1-302")
    client.force_login(receptionist)
    assert "/panels/notifications/" in client.get("/").content.decode()
    html = client.get("/panels/notifications/").content.decode()
    assert 'data-testid="panel-notifications"' in html and "请回访 5-1-302" in html
    assert "notifications" in {entry.key for entry in today_panels.for_user(receptionist)}


def test_it_refuses_a_panel_to_a_role_it_is_not_for(client, receptionist, estate):
    today_panels.register(
        Entry(
            key="test-cash",
            label="Cash",
            roles=(roles.CASHIER,),
            template="frontdesk/panels/notifications.html",
        )
    )
    try:
        client.force_login(receptionist)
        assert client.get("/panels/test-cash/").status_code == 403
        assert client.get("/panels/no-such-panel/").status_code == 404
    finally:
        today_panels._entries.pop("test-cash")


def test_it_keeps_the_home_page_queries_fixed_as_panels_are_added(
    client, receptionist, django_assert_max_num_queries
):
    for n in range(5):
        today_panels.register(
            Entry(
                key=f"extra-{n}",
                label="Extra",
                template="frontdesk/panels/notifications.html",
                context=lambda request: {"notifications": list(request.user.notifications.all())},
            )
        )
    try:
        client.force_login(receptionist)
        client.get("/")
        with django_assert_max_num_queries(8):
            assert client.get("/").status_code == 200
    finally:
        for n in range(5):
            today_panels._entries.pop(f"extra-{n}")


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_offers_the_estate_switcher_only_to_staff_of_several_estates(
    client, receptionist, estate, other_estate
):
    client.force_login(receptionist)
    assert 'data-testid="estate-switch"' not in client.get("/").content.decode()
    client.force_login(staff(estates=[estate, other_estate], roles=[roles.RECEPTIONIST]))
    assert 'data-testid="estate-switch"' in client.get("/").content.decode()


def test_it_hides_the_search_menu_from_a_guard(client, estate, receptionist):
    client.force_login(receptionist)
    assert 'href="/search/"' in client.get("/").content.decode()
    client.force_login(staff(estates=[estate], roles=[roles.SECURITY_GUARD]))
    assert 'href="/search/"' not in client.get("/").content.decode()


def test_it_locks_an_account_after_repeated_failures_with_a_clear_page(client, receptionist):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "reception", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "reception", "password": "desk-pass-123"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
