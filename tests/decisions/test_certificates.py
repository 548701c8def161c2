import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import Nomination
from decisions import services
from decisions.certificates import render_certificates
from decisions.enums import BatchState, DecisionKind
from decisions.models import CertificateBatch, CertificateSettings
from tests.decisions.conftest import approved_nominations
from tests.decisions.helpers import pdf_text

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
BASE = "http://thidua.example.test/"


@pytest.fixture
def issued(award_round, award_form, nominations, campaign_office, approver):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver, now=NOW)
    decision.refresh_from_db()
    return decision


def pages(data):
    return len(PdfReader(io.BytesIO(data)).pages)


def test_one_landscape_page_per_awardee_with_code_and_number(issued):
    data = render_certificates(issued, base_url=BASE)
    assert pages(data) == 5
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    text = pdf_text(data)
    for line in issued.lines.all():
        assert line.name in text
        assert f"Mã xác minh: {line.verification_code}" in text
    assert "GIẤY KHEN" in text and "Số QĐ: 1/QĐ-UBND, ngày 01/12/2026" in text
    assert "Số sổ vàng: 5" in text


def test_stock_layout_prints_only_the_fields_at_the_admins_offsets(issued):
    CertificateSettings.objects.create(issuing_body=issued.issuing_body, name_top=80, offset_x=3)
    data = render_certificates(issued, layout="stock", base_url=BASE)
    assert pages(data) == 5
    text = pdf_text(data)
    assert "CỘNG HÒA" not in text and "GIẤY KHEN" not in text
    assert issued.lines.first().name in text


def test_revoked_awardees_get_no_certificate(issued, campaign_office, approver):
    line = issued.lines.get(order=1)
    revocation = services.draft_correction(
        issued, DecisionKind.REVOKE, by=campaign_office, reason="Sai đối tượng", line_ids=[line.pk]
    )
    services.issue_decision(revocation, by=approver, now=NOW)
    data = render_certificates(issued, base_url=BASE)
    assert pages(data) == 4
    assert line.name not in pdf_text(data)


def test_the_job_renders_one_pdf_with_progress_and_a_download(
    client, issued, campaign_office, django_capture_on_commit_callbacks
):
    client.force_login(campaign_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("decisions:certificate_start", args=[issued.pk]), {"layout": "full"}
        )
    assert response.status_code == 302
    batch = CertificateBatch.objects.get()
    assert (batch.state, batch.done, batch.total) == (BatchState.DONE, 5, 5)
    status = client.get(reverse("decisions:certificate_status", args=[batch.pk])).json()
    assert status["percent"] == 100 and status["finished"] and status["download"]
    download = client.get(status["download"])
    assert download["Content-Type"] == "application/pdf"
    assert pages(b"".join(download.streaming_content)) == 5
    page = client.get(reverse("decisions:decision_detail", args=[issued.pk])).content.decode()
    assert "data-batch-status" in page and "Tải tệp" in page


def test_certificate_pages_are_404_outside_scope(
    client, issued, campaign_office, other_office, unit_staff_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.request_certificates(
            issued, layout="full", by=campaign_office, base_url=BASE
        )
    for user in (other_office, unit_staff_a):
        client.force_login(user)
        assert (
            client.post(reverse("decisions:certificate_start", args=[issued.pk])).status_code == 404
        )
        assert (
            client.get(reverse("decisions:certificate_status", args=[batch.pk])).status_code == 404
        )
        assert (
            client.get(reverse("decisions:certificate_download", args=[batch.pk])).status_code
            == 404
        )


def test_a_draft_prints_no_certificate(award_round, award_form, nominations, campaign_office):
    from django.core.exceptions import PermissionDenied

    draft = services.draft_decision(award_round, award_form, by=campaign_office)
    with pytest.raises(PermissionDenied):
        services.request_certificates(draft, layout="full", by=campaign_office, base_url=BASE)


def test_verification_valid_unknown_revoked(client, issued, campaign_office, approver):
    valid, revoked = issued.lines.get(order=4), issued.lines.get(order=5)
    page = client.get(reverse("public:verify", args=[valid.verification_code]))
    body = page.content.decode()
    assert page.status_code == 200 and "Giấy khen hợp lệ." in body
    assert valid.name in body and "1/QĐ-UBND" in body and issued.form.name in body
    assert "01/12/2026" in body
    lower = client.get(reverse("public:verify", args=[valid.verification_code.lower()]))
    assert "Giấy khen hợp lệ." in lower.content.decode()
    unknown = client.get(reverse("public:verify", args=["ZZZZ9999"]))
    assert unknown.status_code == 404
    assert "Không tìm thấy mã xác minh này." in unknown.content.decode()
    revocation = services.draft_correction(
        issued, DecisionKind.REVOKE, by=campaign_office, reason="Gian dối", line_ids=[revoked.pk]
    )
    services.issue_decision(revocation, by=approver, now=NOW)
    body = client.get(reverse("public:verify", args=[revoked.verification_code])).content.decode()
    assert "Khen thưởng này đã bị hủy bỏ." in body and "2/QĐ-UBND" in body


def test_the_qr_code_points_at_the_verification_page(issued):
    from decisions.certificates import page_contexts

    first = page_contexts(issued, BASE)[0]
    assert first["qr"].startswith("<svg")
    # segno encodes the URL; decode-free check: the same URL gives the same symbol.
    import segno

    code = issued.lines.get(order=1).verification_code
    expected = segno.make(f"http://thidua.example.test/xac-minh/{code}/", error="m", mask=3)
    assert first["qr"] == expected.svg_inline(scale=1, border=0, omitsize=False)


def test_public_pages_show_nothing_private(
    client, issued, award_round, award_form, campaign_office
):
    Nomination.objects.update(appraisal_note="GHI CHÚ THẨM ĐỊNH NỘI BỘ")
    draft_nominations = approved_nominations(
        issued.round.campaign,
        issued.lines.first().nominee_unit.parent,
        collectives=0,
        individuals=1,
        prefix="Lê Thị Dự Thảo",
    )
    draft = services.draft_decision(award_round, award_form, by=campaign_office)
    seen, queue = set(), [reverse("public:index")]
    import re

    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "GHI CHÚ THẨM ĐỊNH NỘI BỘ" not in body
        assert "1.410.000" not in body and "710.000" not in body
        for line in issued.lines.all():
            assert line.verification_code not in body
        assert draft_nominations[0].nominee_name not in body
        queue += [
            link for link in re.findall(r'href="(/cong-khai/[^"]*)"', body) if link not in seen
        ]
    assert reverse("public:decision", args=[issued.pk]) in seen
    names = client.get(reverse("public:decision", args=[issued.pk])).content.decode()
    for line in issued.lines.all():
        assert line.name in names
    assert client.get(reverse("public:decision", args=[draft.pk])).status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_public_query_counts_do_not_grow(
    client, award_round, award_form, campaign, commune_a, commune_b, campaign_office, approver
):
    approved_nominations(campaign, commune_a, collectives=0, individuals=1)
    one = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(one, by=approver, now=NOW)
    code = one.lines.get().verification_code
    small = [
        _count(client, reverse("public:decision", args=[one.pk])),
        _count(client, reverse("public:index")),
        _count(client, reverse("public:verify", args=[code])),
    ]
    approved_nominations(campaign, commune_b, collectives=5, individuals=15)
    many = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(many, by=approver, now=NOW)
    code = many.lines.last().verification_code
    big = [
        _count(client, reverse("public:decision", args=[many.pk])),
        _count(client, reverse("public:index")),
        _count(client, reverse("public:verify", args=[code])),
    ]
    assert small == big


@pytest.mark.postgres
def test_a_batch_on_the_s3_bucket_downloads_through_the_app(
    client, s3_bucket, issued, campaign_office, other_office, django_capture_on_commit_callbacks
):
    client.force_login(campaign_office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("decisions:certificate_start", args=[issued.pk]), {"layout": "full"})
    batch = CertificateBatch.objects.get()
    listed = s3_bucket.client.list_objects_v2(Bucket=s3_bucket.name)["Contents"]
    assert [o["Key"] for o in listed] == [batch.file.name]
    stored = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=batch.file.name)["Body"]
    url = reverse("decisions:certificate_download", args=[batch.pk])
    assert b"".join(client.get(url).streaming_content) == stored.read()
    client.force_login(other_office)
    assert client.get(url).status_code == 404
