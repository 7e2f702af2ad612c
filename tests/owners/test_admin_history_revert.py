from frontdesk import roles
from owners.models import Owner
from tests.factories import OwnerFactory, staff


def test_it_refuses_a_revert_from_the_history_page_without_change_permission(client, estate):
    owner = OwnerFactory(estate=estate, name="张伟", phone="13912345678")
    old = owner.history.get()
    owner.phone = "13800000000"
    owner.save()
    director = staff(estates=[estate], roles=[roles.DIRECTOR], is_staff=True)  # view only
    client.force_login(director)
    url = f"/admin/owners/owner/{owner.pk}/history/{old.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "张伟",
            "phone": "13912345678",
            "kind": "person",
            "id_type": "resident_id",
            "estate": estate.pk,
        },
    )
    assert response.status_code == 403
    assert Owner.objects.get(pk=owner.pk).phone == "13800000000"
