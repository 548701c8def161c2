import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions import services
from decisions.enums import DecisionKind
from decisions.models import PastAward
from tests.decisions.conftest import approved_nominations

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))
URL = "/tra-cuu-khen-thuong/"


@pytest.fixture
def issued(award_round, award_form, nominations, campaign_office, approver):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver, now=NOW)
    decision.refresh_from_db()
    return decision


def csv_file(rows):
    text = "\n".join(";".join(row) for row in rows)
    return SimpleUploadedFile("khen-thuong.csv", text.encode("utf-8"), content_type="text/csv")


HEADER = [
    "STT",
    "Tên tập thể, họ và tên",
    "Mã cán bộ hoặc mã đơn vị",
    "Đối tượng",
    "Hình thức khen thưởng",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
]


def test_search_without_accents_finds_issued_awards(client, issued, campaign_office):
    client.force_login(campaign_office)
    body = client.get(URL, {"q": "nguyen van binh 2"}).content.decode()
    assert "Nguyễn Văn Bình 2" in body and "Nguyễn Văn Bình 1" not in body
    assert "1/QĐ-UBND" in body and "Còn hiệu lực" in body


def test_a_persons_history_shows_revocation(client, issued, campaign_office, approver):
    line = issued.lines.get(order=3)
    revocation = services.draft_correction(
        issued, DecisionKind.REVOKE, by=campaign_office, reason="Sai", line_ids=[line.pk]
    )
    services.issue_decision(revocation, by=approver, now=NOW)
    client.force_login(campaign_office)
    body = client.get(URL, {"person": line.person_id}).content.decode()
    assert line.name in body and "Đã bị hủy bỏ" in body and "2/QĐ-UBND" in body
    # The revoking decision's own line is not an award of the person.
    assert body.count("Còn hiệu lực") == 0


def test_a_persons_history_as_excel_says_what_was_revoked(
    client, issued, campaign_office, approver, other_office
):
    import io

    from openpyxl import load_workbook

    line = issued.lines.get(order=3)
    revocation = services.draft_correction(
        issued, DecisionKind.REVOKE, by=campaign_office, reason="Sai", line_ids=[line.pk]
    )
    services.issue_decision(revocation, by=approver, now=NOW)
    client.force_login(campaign_office)
    response = client.get(URL, {"person": line.person_id, "xuat": "excel"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == f"Quá trình khen thưởng: {line.person}"
    [award] = [r for r in rows if r[1] == line.name]
    assert award[4] == "1/QĐ-UBND" and award[5] == NOW.strftime("%d/%m/%Y")
    assert award[7] == "Đã bị hủy bỏ theo Quyết định số 2/QĐ-UBND"
    # Another body's office: the person is not in its scope.
    client.force_login(other_office)
    assert client.get(URL, {"person": line.person_id, "xuat": "excel"}).status_code == 404


def test_history_is_scoped(client, issued, other_office, unit_staff_b, unit_staff_a):
    line = issued.lines.get(order=3)
    client.force_login(other_office)
    assert client.get(URL, {"person": line.person_id}).status_code == 404
    assert line.name not in client.get(URL, {"q": "binh"}).content.decode()
    client.force_login(unit_staff_b)
    assert line.name not in client.get(URL, {"q": "binh"}).content.decode()
    client.force_login(unit_staff_a)  # their own unit's people
    assert line.name in client.get(URL, {"q": "binh"}).content.decode()


def test_import_past_awards_all_or_nothing(client, campaign_office, person_a, district):
    from units.models import Person

    Person.objects.filter(pk=person_a.pk).update(code="CB-01")
    client.force_login(campaign_office)
    url = reverse("decisions:past_award_import")
    bad = client.post(
        url,
        {
            "file": csv_file(
                [
                    HEADER,
                    [
                        "1",
                        "Nguyễn Thị Ánh",
                        "CB-01",
                        "Cá nhân",
                        "Giấy khen",
                        "12/QĐ-UBND",
                        "15/12/2022",
                        "UBND huyện Thử",
                    ],
                    ["2", "Thôn Cũ", "", "Nhóm", "Giấy khen", "13/QĐ-UBND", "31/02/2022", ""],
                ]
            )
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Dòng 3, cột «Đối tượng»" in body and "Dòng 3, cột «Ngày quyết định»" in body
    assert "Dòng 3, cột «Cơ quan ban hành»" in body
    assert PastAward.objects.count() == 0
    good = client.post(
        url,
        {
            "file": csv_file(
                [
                    HEADER,
                    [
                        "1",
                        "Nguyễn Thị Ánh",
                        "CB-01",
                        "Cá nhân",
                        "Giấy khen của Chủ tịch UBND huyện",
                        "12/QĐ-UBND",
                        "15/12/2022",
                        "UBND huyện Thử",
                    ],
                ]
            )
        },
    )
    assert good.status_code == 302
    award = PastAward.objects.get()
    assert award.person == person_a and award.decision_date == datetime.date(2022, 12, 15)
    body = client.get(URL, {"q": "anh"}).content.decode()
    assert "12/QĐ-UBND" in body and "Nhập từ hồ sơ cũ" in body
    template = client.get(url, {"mau": "1"})
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_import_refuses_codes_outside_scope(client, campaign_office, other_district):
    from tests.factories.units import make_person

    make_person(unit=other_district, full_name="Người Huyện Khác", code="CB-X")
    client.force_login(campaign_office)
    response = client.post(
        reverse("decisions:past_award_import"),
        {
            "file": csv_file(
                [
                    HEADER,
                    [
                        "1",
                        "Người Huyện Khác",
                        "CB-X",
                        "Cá nhân",
                        "Giấy khen",
                        "1/QĐ",
                        "01/01/2020",
                        "UBND",
                    ],
                ]
            )
        },
    )
    assert response.status_code == 400
    assert (
        "Không có cán bộ hoặc đơn vị mã «CB-X» trong phạm vi của bạn." in response.content.decode()
    )


def test_unit_staff_cannot_import(client, unit_staff_a):
    client.force_login(unit_staff_a)
    assert client.get(reverse("decisions:past_award_import")).status_code == 404


def test_history_query_count_does_not_grow(
    client, award_round, award_form, campaign, commune_a, commune_b, campaign_office, approver
):
    approved_nominations(campaign, commune_a, collectives=0, individuals=1, prefix="Trần Thị Tra")
    services.issue_decision(
        services.draft_decision(award_round, award_form, by=campaign_office), by=approver, now=NOW
    )
    client.force_login(campaign_office)
    with CaptureQueriesContext(connection) as one:
        assert "Trần Thị Tra 1" in client.get(URL, {"q": "tra"}).content.decode()
    approved_nominations(campaign, commune_b, collectives=0, individuals=19, prefix="Trần Thị Tra")
    services.issue_decision(
        services.draft_decision(award_round, award_form, by=campaign_office), by=approver, now=NOW
    )
    with CaptureQueriesContext(connection) as twenty:
        assert "Trần Thị Tra 19" in client.get(URL, {"q": "tra"}).content.decode()
    assert len(one) == len(twenty)
