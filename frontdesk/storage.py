"""Where the private media live (scans, photos, the files of background jobs), and the cache
the web machines share: chosen from the environment by the settings.

One machine keeps its private media in a local folder. Several web machines behind a proxy
share them in an S3-compatible object store (``PRIVATE_MEDIA_STORAGE=s3``: AWS S3, MinIO,
a cloud's object storage). The objects stay private either way: the bucket grants no public
read, no ACL makes an object public, and the desk never hands out a storage URL; every file
goes to the browser through a view that checked the user (``frontdesk.http``).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

LOCAL = "local"
S3 = "s3"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def private_storage(env: environ.Env, *, local_root: Path) -> dict:
    """The ``STORAGES["private"]`` entry."""
    kind = env.str("PRIVATE_MEDIA_STORAGE", default=LOCAL)
    if kind == LOCAL:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=local_root)},
        }
    if kind != S3:
        raise ImproperlyConfigured(f"PRIVATE_MEDIA_STORAGE is {kind!r}: use {LOCAL!r} or {S3!r}")
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        raise ImproperlyConfigured("PRIVATE_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # None: AWS itself (with the region), else MinIO's or the cloud's address.
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            # None: boto3's own chain (the same variables, a profile, an instance role).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "location": env.str("AWS_LOCATION", default=""),  # a key prefix in a shared bucket
            # No ACL on upload: objects are as private as the bucket (which blocks public
            # access); a signed, short-lived URL if one were ever asked for, never a plain one.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # Two scans both called scan.jpg in the same month are two objects, as on disk.
            "file_overwrite": False,
            # (a client_config replaces the storage's own signature_version and addressing_style)
            "client_config": Config(
                signature_version="s3v4",
                s3={"addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default=None)},
                # A store that does not answer fails the request within seconds, not minutes.
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


def redis_cache(env: environ.Env) -> dict | None:
    """``CACHES`` on Redis when ``REDIS_CACHE_URL`` (or ``CACHE_URL``) names one, else None
    (each process keeps its own memory cache)."""
    url = env.str("REDIS_CACHE_URL", default="") or env.str("CACHE_URL", default="")
    if not url:
        return None
    if not url.startswith(REDIS_SCHEMES):
        raise ImproperlyConfigured("REDIS_CACHE_URL must be a redis://, rediss:// or unix:// URL")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="frontdesk"),
            # A Redis that does not answer fails the request in a second, not a minute.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
