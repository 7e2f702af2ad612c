import pytest
from django.utils import translation
from django.utils.functional import empty

from frontdesk import roles
from frontdesk.celery import app as celery_app
from owners.models import private_storage
from tests.factories import EstateFactory, staff


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    private_storage._wrapped = empty  # re-read STORAGES: scans go to the test's folder
    # Tasks run in-process during tests, exceptions propagating; the integration tests
    # run a real worker instead.
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    private_storage._wrapped = empty


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English texts; Chinese, the default, has tests of its own."""
    with translation.override("en"):
        yield


@pytest.fixture
def printed_in_english():
    """Documents print in English, as when the desk asks for it (?lang=en), for the tests that
    read a document's English texts; otherwise a document prints in its estate's print
    language (Simplified Chinese by default), whatever the UI's."""
    from frontdesk.pdf import requested_language

    with requested_language("en"):
        yield


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def estate(db):
    return EstateFactory(code="A", name="丽景花园")


@pytest.fixture
def other_estate(db):
    return EstateFactory(code="B", name="翠湖苑")


@pytest.fixture
def receptionist(estate):
    return staff(estates=[estate], roles=[roles.RECEPTIONIST], username="reception")


@pytest.fixture
def supervisor(estate):
    return staff(
        estates=[estate], roles=[roles.CS_SUPERVISOR], username="supervisor", is_staff=True
    )


@pytest.fixture
def cashier(estate):
    return staff(estates=[estate], roles=[roles.CASHIER], username="cashier")


@pytest.fixture
def director(estate):
    return staff(estates=[estate], roles=[roles.DIRECTOR], username="director")


@pytest.fixture
def technician(estate):
    """A role without desk work: pages of the desk answer 403."""
    return staff(estates=[estate], roles=[roles.TECHNICIAN], username="technician")


@pytest.fixture
def outsider(other_estate):
    """A receptionist of another estate."""
    return staff(estates=[other_estate], roles=[roles.RECEPTIONIST], username="outsider")


def pytest_configure(config):
    from django.conf import settings

    # Hashing test passwords with PBKDF2 costs half a second per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
