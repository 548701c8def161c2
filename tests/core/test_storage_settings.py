"""STORAGE_URL and the AWS_* variables -> the default storage (config/storage.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.storage import s3_storage


def test_nothing_set_keeps_the_local_disk():
    assert s3_storage("", {}) is None


def test_one_url_names_endpoint_bucket_prefix_keys_region_and_style():
    entry = s3_storage(
        "s3://KHOA%2F1:BI%40MAT@may-chu-luu-tru:9000/thidua/tep/?region=hn-1&addressing_style=virtual"
    )
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    options = entry["OPTIONS"]
    assert {key: options[key] for key in options if key not in ("max_memory_size",)} == {
        "endpoint_url": "https://may-chu-luu-tru:9000",
        "bucket_name": "thidua",
        "location": "tep",
        "access_key": "KHOA/1",
        "secret_key": "BI@MAT",
        "region_name": "hn-1",
        "addressing_style": "virtual",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }


def test_plain_http_and_path_style_by_default():
    options = s3_storage("s3+http://k:s@127.0.0.1:9000/thidua")["OPTIONS"]
    assert (options["endpoint_url"], options["addressing_style"]) == (
        "http://127.0.0.1:9000",
        "path",
    )
    assert "location" not in options and "region_name" not in options


def test_the_aws_variables_alone_or_over_the_url():
    variables = {
        "AWS_STORAGE_BUCKET_NAME": "thidua",
        "AWS_S3_ENDPOINT_URL": "https://may-chu-luu-tru",
        "AWS_ACCESS_KEY_ID": "k",
        "AWS_SECRET_ACCESS_KEY": "s",
    }
    options = s3_storage("", variables, signed_url_seconds=60)["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["querystring_expire"]) == (
        "thidua",
        "https://may-chu-luu-tru",
        60,
    )
    over = s3_storage("s3://a:b@khac/cu", {"AWS_STORAGE_BUCKET_NAME": "moi"})["OPTIONS"]
    assert (over["bucket_name"], over["access_key"]) == ("moi", "a")


@pytest.mark.parametrize(
    ("url", "variables"),
    [
        ("ftp://k:s@may-chu/thidua", {}),
        ("s3://k:s@may-chu", {}),
        ("", {"AWS_S3_ENDPOINT_URL": "x"}),
    ],
)
def test_a_half_configuration_refuses_to_start(url, variables):
    with pytest.raises(ImproperlyConfigured):
        s3_storage(url, variables)
