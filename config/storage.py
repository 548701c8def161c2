"""Where files are kept: the STORAGES["default"] entry for an S3-compatible bucket, built
from STORAGE_URL and the AWS_* variables (config/settings.py reads them and calls this; the
tests call it with moto's address). No environment is read here."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"

# S3Storage option <- the variable that sets it (it wins over the same part of STORAGE_URL).
VARIABLES = {
    "endpoint_url": "AWS_S3_ENDPOINT_URL",
    "bucket_name": "AWS_STORAGE_BUCKET_NAME",
    "location": "AWS_LOCATION",
    "access_key": "AWS_ACCESS_KEY_ID",
    "secret_key": "AWS_SECRET_ACCESS_KEY",
    "region_name": "AWS_S3_REGION_NAME",
    "addressing_style": "AWS_S3_ADDRESSING_STYLE",
}


def parse_storage_url(url):
    """s3://KEY:SECRET@host:port/bucket/prefix?region=..&addressing_style=.. -> S3 options.

    s3:// (or s3+https://) talks HTTPS to the host, s3+http:// plain HTTP; the keys are
    percent-encoded; without a host the SDK's default endpoint is used.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("s3", "s3+http", "s3+https"):
        raise ImproperlyConfigured(
            "STORAGE_URL phải bắt đầu bằng s3:// (HTTPS) hoặc s3+http:// (HTTP), ví dụ "
            "s3://KHOA_TRUY_CAP:KHOA_BI_MAT@may-chu-luu-tru:9000/thidua"
        )
    bucket, _, prefix = parts.path.lstrip("/").partition("/")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    endpoint = None
    if parts.hostname:
        scheme = "http" if parts.scheme == "s3+http" else "https"
        endpoint = f"{scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return {
        "endpoint_url": endpoint,
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "access_key": unquote(parts.username or ""),
        "secret_key": unquote(parts.password or ""),
        "region_name": query.get("region"),
        "addressing_style": query.get("addressing_style"),
    }


def s3_storage(storage_url="", variables=None, *, signed_url_seconds=300):
    """The STORAGES["default"] entry for a bucket, or None when nothing names one (local
    disk). `variables`: the AWS_* values that are set, by name."""
    variables = variables or {}
    options = parse_storage_url(storage_url) if storage_url else {}
    for option, name in VARIABLES.items():
        if variables.get(name):
            options[option] = variables[name]
    if not options.get("bucket_name"):
        if storage_url or variables.get("AWS_S3_ENDPOINT_URL"):
            raise ImproperlyConfigured(
                "Lưu tệp trên kho đối tượng S3 cần tên bucket: đặt nó trong STORAGE_URL "
                "(s3://KHOA:BI_MAT@may-chu/ten-bucket) hoặc trong AWS_STORAGE_BUCKET_NAME."
            )
        return None
    if options.get("endpoint_url") and not options.get("addressing_style"):
        options["addressing_style"] = "path"  # works without a DNS name per bucket
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            **{key: value for key, value in options.items() if value},
            # The bucket's own policy (private): no object is ever made public-read.
            "default_acl": None,
            # Nothing is served from the bucket's address: downloads go through the app's
            # views; a URL the storage signs (storage.url) is short-lived.
            "querystring_auth": True,
            "querystring_expire": signed_url_seconds,
            # A stored file is never replaced in place (names are generated anyway).
            "file_overwrite": False,
            # A download is spooled to a temporary file past 2 MB instead of memory.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
