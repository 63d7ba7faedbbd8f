"""Where the product keeps files: the local disk, or object storage with the S3 API.

Every file (meeting papers, evidence, document versions, rendered reports, briefings,
final reports) goes through Django's storage API, so the choice is one setting. With
object storage, web nodes keep nothing on disk and any node, or a worker on another
machine, reads what another wrote.

Configured by `STORAGE_URL`, or by the conventional `AWS_*` variables:

    STORAGE_URL=s3://partnership-hub-files?region=eu-west-2
    STORAGE_URL=s3://partnership-hub-files?endpoint=http://127.0.0.1:9000   (MinIO, moto)

Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or from the
machine's role (boto3's usual chain), never from the URL, so the URL can be logged.

Files stay private: objects are written with no ACL (the bucket owner's only), and the
app streams each download through the view that checks permission. It never hands out
a bucket URL, signed or not: the storage refuses to make one (PrivateS3Storage.url), so
there is no URL that reaches a file around the permission check or the case access log,
and no signed URL to outlive its minute.
"""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

LOCAL_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# A signed URL is never cached and outlives no download: one minute.
SIGNED_URL_SECONDS = 60


def object_storage_options(storage_url: str, environ) -> dict | None:
    """The S3 storage's options from STORAGE_URL or AWS_* variables; None for the disk."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "")
    region = environ.get("AWS_S3_REGION_NAME", "") or environ.get("AWS_DEFAULT_REGION", "")
    if storage_url:
        parts = urlsplit(storage_url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured("STORAGE_URL must look like s3://bucket?region=eu-west-2")
        if parts.username or parts.password:
            raise ImproperlyConfigured(
                "Put object storage credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                "not in STORAGE_URL"
            )
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        unknown = set(query) - {"region", "endpoint", "prefix"}
        if unknown:
            raise ImproperlyConfigured(f"STORAGE_URL has unknown options: {', '.join(sorted(unknown))}")
        bucket = parts.hostname or ""
        endpoint = query.get("endpoint", endpoint)
        region = query.get("region", region)
        location = query.get("prefix", "")
    else:
        location = environ.get("AWS_LOCATION", "")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "location": location.strip("/"),
        # Private: no canned ACL, so objects belong to the bucket owner alone.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        # Names are random (governance.files.PrivatePath); never overwrite a stored file.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    if endpoint:
        options["endpoint_url"] = endpoint
    if region:
        options["region_name"] = region
    return options


class FilesAreServedByTheApp(Exception):
    """A stored file was asked for its URL: files are served only through the views that
    check permission (and log case views), never from the bucket."""


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        raise FilesAreServedByTheApp(
            f"{name} has no URL of its own: stream it through the view that checks permission."
        )


def default_storage_setting(storage_url: str, environ) -> dict:
    options = object_storage_options(storage_url, environ)
    if options is None:
        return LOCAL_STORAGE
    return {"BACKEND": "thscp.storage.PrivateS3Storage", "OPTIONS": options}


def uses_object_storage() -> bool:
    from django.conf import settings

    return settings.STORAGES["default"]["BACKEND"] != LOCAL_STORAGE["BACKEND"]
