import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from frontdesk import roles
from tests.factories import DocumentFactory, UnitFactory, staff


@pytest.fixture
def scan(estate):
    document = DocumentFactory(estate=estate, original_sighted=False)
    document.file.save("id-card.pdf", ContentFile(b"%PDF-1.4 scan of an ID card"))
    return document


def test_it_serves_the_scan_to_staff_of_the_estate(client, receptionist, scan):
    client.force_login(receptionist)
    response = client.get(f"/documents/{scan.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan of an ID card"
    assert "no-store" in response["Cache-Control"]


def test_it_hides_the_scan_from_another_estate(client, outsider, scan):
    client.force_login(outsider)
    assert client.get(f"/documents/{scan.pk}/file/").status_code == 404


def test_it_asks_anonymous_users_to_sign_in(client, scan):
    response = client.get(f"/documents/{scan.pk}/file/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_keeps_scans_outside_public_media(scan):
    private_root = settings.STORAGES["private"]["OPTIONS"]["location"]
    assert scan.file.path.startswith(str(private_root))
    assert not scan.file.path.startswith(str(settings.MEDIA_ROOT))
    assert not scan.file.path.startswith(str(settings.STATIC_ROOT))


def test_it_answers_404_for_a_document_without_scan(client, receptionist, estate):
    sighted = DocumentFactory(estate=estate, original_sighted=True)
    client.force_login(receptionist)
    assert client.get(f"/documents/{sighted.pk}/file/").status_code == 404


@pytest.mark.parametrize("role", [roles.TECHNICIAN, roles.SECURITY_GUARD, roles.CASHIER])
def test_it_refuses_the_scan_to_roles_without_scans(client, estate, scan, role):
    client.force_login(staff(estates=[estate], roles=[role]))
    assert client.get(f"/documents/{scan.pk}/file/").status_code == 403


def test_the_dossier_links_scans_only_for_roles_that_may_open_them(
    client, estate, receptionist, scan
):
    unit = UnitFactory(building__estate=estate)
    scan.unit = unit
    scan.save(update_fields=["unit"])
    link = f"/documents/{scan.pk}/file/"
    client.force_login(receptionist)
    assert link in client.get(f"/units/{unit.pk}/").content.decode()
    client.force_login(staff(estates=[estate], roles=[roles.CASHIER]))
    page = client.get(f"/units/{unit.pk}/")
    assert page.status_code == 200
    assert link not in page.content.decode()


def test_a_file_that_is_not_a_scan_gets_one_error_and_the_right_one(client, receptionist, estate):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from owners.models import Document

    unit = UnitFactory(building__estate=estate)
    client.force_login(receptionist)
    upload = SimpleUploadedFile("notes.txt", b"not a scan at all", content_type="text/plain")

    response = client.post(
        reverse("owners:document-upload", args=[unit.pk]), {"kind": "id_copy", "file": upload}
    )

    page = response.content.decode()
    assert response.status_code == 400 and not Document.objects.exists()
    assert page.count("Upload a scan as an image (JPEG, PNG) or a PDF.") == 1
    assert "Upload a scan or tick" not in page


def test_a_document_without_scan_or_sighted_original_says_so_once(client, receptionist, estate):
    from django.urls import reverse

    unit = UnitFactory(building__estate=estate)
    client.force_login(receptionist)

    response = client.post(reverse("owners:document-upload", args=[unit.pk]), {"kind": "id_copy"})

    assert response.status_code == 400
    assert response.content.decode().count("Upload a scan or tick") == 1
