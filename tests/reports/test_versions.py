"""A returned and resubmitted report keeps every version; the office sees what changed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import TransitionLog
from reports import services
from reports.enums import SubmissionState
from reports.models import ReportVersion
from reports.versions import version_rows
from tests.factories.reports import FULL, RATE, SIGNED, fill, make_submission

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=VN)
SECOND = datetime.datetime(2026, 11, 12, 15, 30, tzinfo=VN)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _value_pks(obligation):
    return {i.label: i.pk for i in obligation.indicators.all()}


@pytest.fixture
def resubmitted(obligation, commune_a, unit_staff_a, campaign_office):
    """Submitted, returned with a reason, corrected (a value, a section, a file), resubmitted."""
    submission = services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a)
    fill(submission, FULL, text="Đã triển khai.")
    services.submit_report(submission, by=unit_staff_a, now=FIRST)
    services.return_report(submission, by=campaign_office, reason="Số liệu ký số chưa đúng.")
    pks = _value_pks(obligation)
    third = obligation.sections.get(order=3)
    services.save_submission(
        submission,
        answers={third.pk: "Hạ tầng mạng ở hai thôn còn yếu."},
        values={pks[SIGNED]: 95},
        by=unit_staff_a,
    )
    services.add_attachment(submission, SimpleUploadedFile("minh-chung.pdf", PDF), by=unit_staff_a)
    services.submit_report(submission, by=unit_staff_a, now=SECOND)
    return submission


def test_every_submission_keeps_its_version(resubmitted, unit_staff_a):
    versions = list(resubmitted.versions.order_by("number"))
    assert [(v.number, v.submitted_at, v.submitted_by) for v in versions] == [
        (1, FIRST, unit_staff_a),
        (2, SECOND, unit_staff_a),
    ]
    first = {item["label"]: item["text"] for item in versions[0].content["values"]}
    second = {item["label"]: item["text"] for item in versions[1].content["values"]}
    assert (first[SIGNED], second[SIGNED], first[RATE], second[RATE]) == (
        "100%",
        "95%",
        "62%",
        "62%",
    )
    # The engine's history says which version each submission made.
    submits = TransitionLog.objects.for_object(resubmitted).filter(action="submit")
    assert [log.data["version"] for log in submits] == [1, 2]


def test_the_difference_is_field_by_field(resubmitted):
    latest, first = version_rows(resubmitted)
    assert first.changes == [] and first.is_first
    assert latest.changes == [
        ("Số liệu", SIGNED, "100%", "95%"),
        (
            "Nội dung",
            "Tồn tại, hạn chế và nguyên nhân",
            "Đã triển khai.",
            "Hạ tầng mạng ở hai thôn còn yếu.",
        ),
        ("Tệp đính kèm", "minh-chung.pdf", "", "thêm"),
    ]


def test_the_office_sees_the_difference_on_the_submission_page(
    client, resubmitted, campaign_office
):
    client.force_login(campaign_office)
    response = client.get(reverse("reports:submission_detail", args=[resubmitted.pk]))
    html = response.content.decode()
    assert 'data-testid="versions"' in html
    assert "Lần 2" in html and "3 thay đổi so với lần trước" in html
    assert "12:30 10/11/2026" not in html  # times print in Vietnam time
    assert "15:30 12/11/2026" in html and "09:00 10/11/2026" in html
    diff = html.split('data-testid="version-diff"')[1].split("</table>")[0]
    assert "100%" in diff and "95%" in diff and "Hạ tầng mạng ở hai thôn còn yếu." in diff


def test_a_resubmission_without_changes_says_so(
    client, obligation, commune_a, unit_staff_a, campaign_office
):
    submission = services.start_submission(obligation, unit=commune_a, year=2026, by=unit_staff_a)
    fill(submission, FULL)
    services.submit_report(submission, by=unit_staff_a, now=FIRST)
    services.return_report(submission, by=campaign_office, reason="Xem lại.")
    services.submit_report(submission, by=unit_staff_a, now=SECOND)
    assert [row.changes for row in version_rows(submission)] == [[], []]
    client.force_login(campaign_office)
    html = client.get(reverse("reports:submission_detail", args=[submission.pk])).content.decode()
    assert "Đơn vị nộp lại không thay đổi gì." in html


def test_versions_are_scoped_with_the_report(client, resubmitted, unit_staff_b):
    client.force_login(unit_staff_b)
    response = client.get(reverse("reports:submission_detail", args=[resubmitted.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_submission_page_queries_do_not_grow_with_versions(
    client, obligation, commune_a, campaign_office, unit_staff_a, count, django_assert_num_queries
):
    submission = make_submission(
        obligation, commune_a, state=SubmissionState.SUBMITTED, submitted_at=FIRST, values=FULL
    )
    ReportVersion.objects.bulk_create(
        ReportVersion(
            submission=submission,
            number=n,
            submitted_at=FIRST,
            submitted_by=unit_staff_a,
            content={"values": [{"id": 1, "label": RATE, "value": str(n), "text": f"{n}%"}]},
        )
        for n in range(1, count + 1)
    )
    client.force_login(campaign_office)
    url = reverse("reports:submission_detail", args=[submission.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert len(response.context["versions"]) == count


QUERIES = 12
