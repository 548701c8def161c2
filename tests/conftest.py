"""Shared fixtures: a small district with two communes and one user per role.

district (UBND huyện)
├── office (Phòng Văn hóa và Thông tin)
├── home_affairs (Phòng Nội vụ)
├── commune_a (UBND xã A)   <- unit_staff_a
└── commune_b (UBND xã B)   <- unit_staff_b
other_district (UBND huyện khác) <- other_office
"""

import os
import re
from pathlib import Path

import pytest

from tests.factories.units import make_person, make_unit, make_user
from units.enums import Role, UnitKind, UnitLevel


def pytest_configure(config):
    """The SQLite test database is a file named after the process (config/settings.py).
    A run that was killed leaves it behind with its WAL; SQLite would replay a stale WAL
    into a new database of the same name once the process id is reused. Remove our own
    name's files and those of processes that no longer exist before the run starts."""
    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if not name or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    for path in Path(name).parent.glob("thidua-test-*.sqlite3*"):
        match = re.fullmatch(r"thidua-test-(\d+)\.sqlite3(?:-wal|-shm|-journal)?", path.name)
        if match and (int(match[1]) == os.getpid() or not _alive(int(match[1]))):
            path.unlink(missing_ok=True)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture
def district(db):
    return make_unit(
        name="UBND huyện Thử", kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )


@pytest.fixture
def office_unit(district):
    return make_unit(
        parent=district,
        name="Phòng Văn hóa và Thông tin",
        kind=UnitKind.OFFICE,
        level=UnitLevel.DISTRICT,
    )


@pytest.fixture
def home_affairs_unit(district):
    return make_unit(
        parent=district, name="Phòng Nội vụ", kind=UnitKind.OFFICE, level=UnitLevel.DISTRICT
    )


@pytest.fixture
def commune_a(district):
    return make_unit(parent=district, name="UBND xã An Hải")


@pytest.fixture
def commune_b(district):
    return make_unit(parent=district, name="UBND xã Bình Hải")


@pytest.fixture
def other_district(db):
    return make_unit(
        name="UBND huyện Khác", kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )


@pytest.fixture
def person_a(commune_a):
    return make_person(unit=commune_a, full_name="Nguyễn Thị Ánh")


@pytest.fixture
def person_b(commune_b):
    return make_person(unit=commune_b, full_name="Trần Văn Bảo")


@pytest.fixture
def unit_staff_a(commune_a):
    return make_user(unit=commune_a, roles=[Role.UNIT_STAFF], username="donvi_a")


@pytest.fixture
def unit_staff_b(commune_b):
    return make_user(unit=commune_b, roles=[Role.UNIT_STAFF], username="donvi_b")


@pytest.fixture
def campaign_office(office_unit, district):
    return make_user(
        unit=office_unit, roles=[Role.CAMPAIGN_OFFICE], body=district, username="vanphong_t"
    )


@pytest.fixture
def appraiser(home_affairs_unit, district):
    return make_user(
        unit=home_affairs_unit, roles=[Role.APPRAISER], body=district, username="thamdinh_t"
    )


@pytest.fixture
def approver(district):
    return make_user(unit=district, roles=[Role.APPROVER], body=district, username="chutich_t")


@pytest.fixture
def admin_user(district):
    return make_user(unit=district, roles=[Role.ADMIN], username="quantri_t")


@pytest.fixture
def other_office(other_district):
    return make_user(unit=other_district, roles=[Role.CAMPAIGN_OFFICE], username="vanphong_khac")


@pytest.fixture
def high_ids(db):
    """Every object the test creates has an id from 1,234 up, as in production once ids pass
    1,000 (ask for it before the objects: `pytest.mark.usefixtures("high_ids")`)."""
    from tests.ids import start_ids_at

    start_ids_at()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    # Tests run tasks in process on both CI legs; the PostgreSQL leg proves the real worker
    # separately in .ci/run (a worker answering a ping and running a task through Redis).
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads (the demo's attachments too) land in the test's own folder, never in media/.
    settings.MEDIA_ROOT = tmp_path / "media"


# --- S3-compatible storage: moto's standalone server on 127.0.0.1 -------------------------


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_server():
    """moto's S3 HTTP API in its own process on a free local port (the PostgreSQL leg only:
    requirements-dev.txt installs moto[server]). Yields the endpoint URL."""
    import subprocess
    import sys
    import time
    import urllib.request

    try:
        import moto.server  # noqa: F401 - only the PostgreSQL leg starts it
    except ImportError:
        # CI's PostgreSQL leg installs requirements-dev.txt: a skip there would hide the test.
        if os.environ.get("CI"):
            pytest.fail("moto[server] is missing in CI: requirements-dev.txt installs it")
        pytest.skip("needs moto[server] (requirements-dev.txt)")
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("moto's server did not start")
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_bucket(request, settings, db):
    """The default storage is a fresh private bucket on moto's server, configured as an
    installation configures it (config.storage from STORAGE_URL). Returns the bucket's
    name and a boto3 client to look into it. PostgreSQL leg only."""
    import types
    import uuid

    from django.db import connection

    from config.storage import s3_storage

    if connection.vendor != "postgresql":
        pytest.skip("the S3 storage test runs in the PostgreSQL leg")
    endpoint = request.getfixturevalue("moto_server")
    import boto3

    bucket = f"thidua-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    host = endpoint.removeprefix("http://")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(f"s3+http://testing:testing@{host}/{bucket}?region=us-east-1"),
    }
    return types.SimpleNamespace(name=bucket, client=client)
