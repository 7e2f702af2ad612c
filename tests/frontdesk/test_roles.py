from django.contrib.auth.models import Group

from frontdesk import roles


def test_it_creates_every_role_as_a_group(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_it_lets_only_supervisors_and_directors_see_full_ids(db):
    allowed = set(
        Group.objects.filter(permissions__codename="view_full_id_number").values_list(
            "name", flat=True
        )
    )
    assert allowed == {roles.CS_SUPERVISOR, roles.DIRECTOR}


def test_it_gives_receptionists_owner_editing_but_not_estates(db):
    codenames = set(
        Group.objects.get(name=roles.RECEPTIONIST).permissions.values_list("codename", flat=True)
    )
    assert {"change_owner", "add_resident", "view_unit"} <= codenames
    assert "change_estate" not in codenames
