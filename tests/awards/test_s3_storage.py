"""Attachments on an S3-compatible bucket (moto's server on 127.0.0.1, PostgreSQL leg):
uploaded through the dossier's page, kept in the bucket under a generated name with the
upload's size and SHA-256, streamed back through the permission-checked view, 404 for
another unit, deleted from the bucket when the unit removes it. No page names the bucket."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.postgres

# A PDF header and 256 KB of bytes in order (no PDF name like /JS can appear in them).
CONTENT = b"%PDF-1.7\n" + bytes(range(256)) * 1024


def _post(client, dossier, **extra):
    data = {
        "nominations-TOTAL_FORMS": "0",
        "nominations-INITIAL_FORMS": "0",
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
        "kind": "minutes",
        **extra,
    }
    return client.post(reverse("awards:dossier_update", args=[dossier.pk]), data)


def test_attachment_round_trip_through_the_bucket(
    client, s3_bucket, dossier_a, unit_staff_a, unit_staff_b, django_capture_on_commit_callbacks
):
    client.force_login(unit_staff_a)
    response = _post(client, dossier_a, file=[SimpleUploadedFile("Biên bản họp.pdf", CONTENT)])
    assert response.status_code == 302

    attachment = dossier_a.attachments.get()
    listed = s3_bucket.client.list_objects_v2(Bucket=s3_bucket.name)["Contents"]
    assert [(o["Key"], o["Size"]) for o in listed] == [(attachment.file.name, len(CONTENT))]
    assert attachment.file.name.startswith(f"ho-so/{dossier_a.pk}/")
    stored = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=attachment.file.name)
    assert stored["Body"].read() == CONTENT
    assert (attachment.size, attachment.sha256) == (
        len(CONTENT),
        hashlib.sha256(CONTENT).hexdigest(),
    )

    url = reverse("awards:attachment_download", args=[attachment.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == CONTENT
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="Bien-ban-hop.pdf"')
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    page = client.get(reverse("awards:dossier_update", args=[dossier_a.pk])).content.decode()
    assert url in page and s3_bucket.name not in page and "X-Amz" not in page

    client.force_login(unit_staff_b)
    assert client.get(url).status_code == 404

    client.force_login(unit_staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, dossier_a, remove_attachment=[attachment.pk]).status_code == 302
    assert s3_bucket.client.list_objects_v2(Bucket=s3_bucket.name).get("Contents", []) == []
