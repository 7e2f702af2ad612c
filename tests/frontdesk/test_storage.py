"""Past one machine: private media in an S3-compatible object store, cache and sessions on
Redis. The object store is moto's S3 server on a local port; Redis the CI's."""

import os
import subprocess
import sys
import uuid

import environ
import pytest
import redis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.functional import empty

from frontdesk import jobs, roles
from frontdesk.storage import private_storage, redis_cache
from owners.models import Document
from owners.models import private_storage as private_media
from tests.factories import UnitFactory, UserFactory, staff
from tests.helpers import IN_CI

pytestmark = pytest.mark.django_db

STORE_VARIABLES = (
    "PRIVATE_MEDIA_STORAGE",
    "PRIVATE_MEDIA_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_LOCATION",
    "AWS_S3_ADDRESSING_STYLE",
    "REDIS_CACHE_URL",
    "CACHE_URL",
    "CACHE_KEY_PREFIX",
)
REDIS_URL = os.environ.get("REDIS_CACHE_URL", "redis://127.0.0.1:6379/14")
SCAN = "%PDF-1.4 身份证扫描件 ".encode() + bytes(range(256)) * 64  # binary, past one read block
JOB_KIND = "tests.storage-export"


@pytest.fixture
def environment(monkeypatch):
    """The settings' variables, none set: a test sets the ones it is about."""
    for name in STORE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# The settings read from the environment.


def test_it_keeps_private_media_in_a_local_folder_by_default(environment, tmp_path):
    entry = private_storage(environ.Env(), local_root=tmp_path / "private")
    assert entry["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert str(entry["OPTIONS"]["location"]) == str(tmp_path / "private")


def test_it_keeps_private_media_in_an_object_store_when_asked(environment, tmp_path):
    environment.setenv("PRIVATE_MEDIA_STORAGE", "s3")
    environment.setenv("AWS_STORAGE_BUCKET_NAME", "desk-scans")
    environment.setenv("AWS_S3_ENDPOINT_URL", "https://minio.office.lan:9000")
    environment.setenv("AWS_ACCESS_KEY_ID", "desk")
    environment.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    entry = private_storage(environ.Env(), local_root=tmp_path)
    options = entry["OPTIONS"]
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "desk-scans",
        "https://minio.office.lan:9000",
    )
    assert (options["access_key"], options["secret_key"]) == ("desk", "secret")
    # Private objects: no ACL that could open them, signed URLs only, nothing overwritten.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


@pytest.mark.parametrize(
    "variables, message",
    [
        ({"PRIVATE_MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"PRIVATE_MEDIA_STORAGE": "ftp"}, "use 'local' or 's3'"),
    ],
)
def test_it_refuses_an_incomplete_object_store(environment, tmp_path, variables, message):
    for name, value in variables.items():
        environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        private_storage(environ.Env(), local_root=tmp_path)


def test_it_keeps_the_cache_in_memory_without_redis(environment):
    assert redis_cache(environ.Env()) is None


@pytest.mark.parametrize("name", ["REDIS_CACHE_URL", "CACHE_URL"])
def test_it_puts_the_cache_on_redis_when_configured(environment, name):
    environment.setenv(name, "redis://cache.office.lan:6379/1")
    default = redis_cache(environ.Env())["default"]
    assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert default["LOCATION"] == "redis://cache.office.lan:6379/1"


def test_it_refuses_a_cache_url_that_is_not_redis(environment):
    environment.setenv("CACHE_URL", "memcache://cache.office.lan:11211")
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        redis_cache(environ.Env())


def test_the_settings_wire_a_web_machine_of_many(tmp_path):
    """The settings module itself, started as a web machine behind the proxy would be: the
    object store, the cache on Redis, PostgreSQL through PgBouncer (README)."""
    probe = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.cache import caches\n"
        "from django.core.files.storage import storages\n"
        "db = settings.DATABASES['default']\n"
        "print(type(storages['private']).__name__, type(caches['default']).__name__,"
        " settings.SESSION_ENGINE, db['DISABLE_SERVER_SIDE_CURSORS'], db['CONN_MAX_AGE'])\n"
    )
    variables = {k: v for k, v in os.environ.items() if k not in STORE_VARIABLES}
    variables.update(
        PRIVATE_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="desk-scans",
        REDIS_CACHE_URL="redis://cache.office.lan:6379/1",
        DATABASE_URL="postgres://desk@pgbouncer.office.lan:6432/frontdesk"
        "?disable_server_side_cursors=True",
        DJANGO_SETTINGS_MODULE="frontdesk.settings",
    )
    variables.pop("CONN_MAX_AGE", None)
    wired = subprocess.run(
        [sys.executable, "-c", probe],
        env=variables,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert wired.stdout.split() == [
        "S3Storage",
        "RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "True",
        "60",
    ]


# Private media in the object store (moto's S3 API on a local port).


@pytest.fixture(scope="module")
def s3_endpoint():
    moto_server = pytest.importorskip(
        "moto.server", reason="moto (a dev dependency) is not installed: no S3 API to test on"
    )
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, environment, settings):
    """A fresh bucket as the private storage, configured the way production configures it."""
    import boto3

    name = f"desk-{uuid.uuid4().hex[:12]}"
    environment.setenv("PRIVATE_MEDIA_STORAGE", "s3")
    environment.setenv("AWS_STORAGE_BUCKET_NAME", name)
    environment.setenv("AWS_S3_ENDPOINT_URL", s3_endpoint)
    environment.setenv("AWS_S3_REGION_NAME", "us-east-1")
    environment.setenv("AWS_ACCESS_KEY_ID", "desk")
    environment.setenv("AWS_SECRET_ACCESS_KEY", "desk-secret")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="desk",
        aws_secret_access_key="desk-secret",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": private_storage(environ.Env(), local_root=settings.BASE_DIR / "unused"),
    }
    private_media._wrapped = empty  # the models' storage reads STORAGES again
    client.bucket = name
    yield client
    private_media._wrapped = empty


def _stored(bucket) -> dict[str, bytes]:
    listed = bucket.list_objects_v2(Bucket=bucket.bucket).get("Contents", [])
    return {
        item["Key"]: bucket.get_object(Bucket=bucket.bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


def _upload_scan(client, unit, name="身份证.pdf"):
    scan = SimpleUploadedFile(name, SCAN, "application/pdf")
    return client.post(f"/units/{unit.pk}/documents/", {"kind": "id_copy", "file": scan})


def test_it_archives_a_scan_in_the_object_store_and_serves_it_to_the_estate(
    client, bucket, estate, receptionist
):
    unit = UnitFactory(building__estate=estate)
    client.force_login(receptionist)

    assert _upload_scan(client, unit).status_code == 302

    document = Document.objects.get(unit=unit)
    assert _stored(bucket) == {document.file.name: SCAN}
    response = client.get(f"/documents/{document.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCAN
    assert response["Content-Length"] == str(len(SCAN))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_it_keeps_the_stored_scan_from_other_estates_and_roles(
    client, bucket, estate, receptionist, outsider
):
    unit = UnitFactory(building__estate=estate)
    client.force_login(receptionist)
    _upload_scan(client, unit)
    document = Document.objects.get(unit=unit)

    client.force_login(outsider)
    assert client.get(f"/documents/{document.pk}/file/").status_code == 404
    client.force_login(staff(estates=[estate], roles=[roles.CASHIER]))
    assert client.get(f"/documents/{document.pk}/file/").status_code == 403


def test_it_never_makes_a_stored_scan_public(bucket, estate, receptionist):
    import requests

    unit = UnitFactory(building__estate=estate)
    client = Client()
    client.force_login(receptionist)
    _upload_scan(client, unit)
    name = Document.objects.get(unit=unit).file.name

    grants = bucket.get_object_acl(Bucket=bucket.bucket, Key=name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's only
    endpoint = bucket.meta.endpoint_url
    assert requests.get(f"{endpoint}/{bucket.bucket}/{name}", timeout=5).status_code == 403
    assert "X-Amz-Signature=" in storages["private"].url(name)  # never a plain URL


def test_it_keeps_two_scans_of_the_same_name_apart(client, bucket, estate, receptionist):
    unit = UnitFactory(building__estate=estate)
    client.force_login(receptionist)
    assert _upload_scan(client, unit, name="scan.pdf").status_code == 302
    second = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 the other scan", "application/pdf")
    response = client.post(
        f"/units/{unit.pk}/documents/", {"kind": "sales_contract", "file": second}
    )
    assert response.status_code == 302

    stored = _stored(bucket)
    assert sorted(stored.values()) == sorted([SCAN, b"%PDF-1.4 the other scan"])
    assert {d.file.name for d in Document.objects.filter(unit=unit)} == set(stored)


@pytest.fixture
def export_runner():
    def export(job, progress):
        job.file.save("owners.xlsx", ContentFile(SCAN), save=False)
        progress(1, 1)

    jobs.register_job(JOB_KIND, export)
    yield
    jobs._runners.pop(JOB_KIND)
    jobs._leases.pop(JOB_KIND)


def test_it_keeps_a_jobs_file_in_the_object_store_for_its_requester(client, bucket, export_runner):
    requester, stranger = UserFactory(), UserFactory()
    job = jobs.job_start(actor=requester, kind=JOB_KIND, title="导出业主")

    assert jobs.job_run(job_id=job.pk)

    job.refresh_from_db()
    assert _stored(bucket) == {job.file.name: SCAN}
    client.force_login(requester)
    response = client.get(f"/jobs/{job.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCAN
    client.force_login(stranger)
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


# Cache and sessions on Redis.


@pytest.fixture
def redis_sessions(settings, environment):
    """The cache on Redis (a prefix of the test's own) and sessions read from it."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if IN_CI:
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    environment.setenv("REDIS_CACHE_URL", REDIS_URL)
    environment.setenv("CACHE_KEY_PREFIX", prefix)
    settings.CACHES = redis_cache(environ.Env())
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    raw = redis.Redis.from_url(REDIS_URL)
    yield raw, prefix
    for key in raw.scan_iter(f"{prefix}:*"):
        raw.delete(key)


def test_a_session_signed_in_on_one_web_machine_holds_on_another(redis_sessions, receptionist):
    raw, prefix = redis_sessions
    first = Client()
    signed_in = first.post(
        "/accounts/login/", {"username": "reception", "password": "desk-pass-123"}
    )
    assert signed_in.status_code == 302
    cookie = first.cookies[settings.SESSION_COOKIE_NAME].value
    assert raw.exists(f"{prefix}:1:django.contrib.sessions.cached_db{cookie}")

    second = Client()
    second.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = second.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == receptionist

    # A restarted Redis (its keys gone) signs nobody out: the session is in the database too.
    for key in raw.scan_iter(f"{prefix}:*"):
        raw.delete(key)
    assert Session.objects.filter(session_key=cookie).exists()
    assert second.get("/").wsgi_request.user == receptionist


def test_the_cache_round_trips_between_two_web_machines(redis_sessions):
    _raw, prefix = redis_sessions
    one, other = (
        RedisCache(REDIS_URL, {"KEY_PREFIX": prefix, "TIMEOUT": 60}) for _machine in range(2)
    )
    one.set("arrears-summary", {"units": 3, "总额": "1234.56"})
    assert other.get("arrears-summary") == {"units": 3, "总额": "1234.56"}
    other.delete("arrears-summary")
    assert one.get("arrears-summary") is None
