"""Issue 14, item 6: the yearly award statistics an office sends up, from issued decisions
(revoked awards left out, an amendment counted in the year of the decision it amends), on
the page «Thống kê khen thưởng năm» and as Excel."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions import services
from decisions.enums import DecisionKind
from decisions.models import Decision, DecisionLine
from decisions.statistics import annual_statistics, table_rows

pytestmark = pytest.mark.django_db

ISSUED = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))
NEXT_YEAR = timezone.make_aware(datetime.datetime(2027, 1, 12, 9, 0))
URL = reverse("decisions:annual_statistics")


@pytest.fixture
def issued(award_round, award_form, nominations, campaign_office, approver):
    """2 collectives and 3 individuals of UBND xã An Hải, Giấy khen, issued in 2026."""
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver, now=ISSUED)
    decision.refresh_from_db()
    return decision


def _amount(decision, kind):
    return sum(
        line.amount
        for line in decision.lines.filter(nominee_kind=kind, revoked_by__isnull=True)
        if line.amount
    )


def test_counts_and_amounts_per_body_form_and_kind(issued, district):
    collective, individual = _amount(issued, "collective"), _amount(issued, "individual")
    assert collective > 0 and individual > 0
    stats = annual_statistics([district.path], 2026)
    assert stats["decisions"] == 1
    [body] = stats["bodies"]
    assert (body["name"], body["level"], body["decisions"]) == (district.name, "Cấp huyện", 1)
    [row] = body["rows"]
    assert row["form"] == issued.form.name and row["form_type"] == "Giấy khen"
    assert (row["collective"], row["individual"], row["number"]) == (2, 3, 5)
    assert (row["collective_amount"], row["individual_amount"]) == (collective, individual)
    assert row["amount"] == collective + individual == stats["total"]["amount"]
    assert stats["kinds"] == ["collective", "individual"]  # no household awarded
    [level] = stats["levels"]
    assert (level["level"], level["form_type"], level["number"]) == ("Cấp huyện", "Giấy khen", 5)
    # Another year, or bodies outside the paths: nothing.
    assert annual_statistics([district.path], 2025)["bodies"] == []
    assert annual_statistics(["9999."], 2026)["bodies"] == []


def test_revoked_awards_are_left_out_and_an_amendment_counts_in_its_targets_year(
    issued, district, campaign_office, approver
):
    individual_before = _amount(issued, "individual")
    line = issued.lines.filter(nominee_kind="individual").order_by("order").first()
    revocation = services.draft_correction(
        issued,
        DecisionKind.REVOKE,
        by=campaign_office,
        reason="Kê khai không trung thực",
        line_ids=[line.pk],
    )
    services.issue_decision(revocation, by=approver, now=ISSUED)
    [row] = annual_statistics([district.path], 2026)["bodies"][0]["rows"]
    assert (row["collective"], row["individual"]) == (2, 2)
    assert row["individual_amount"] == individual_before - line.amount

    # Amended the next year (a name corrected): the awards stay 2026's, once each.
    issued.refresh_from_db()
    amendment = services.draft_correction(
        issued, DecisionKind.AMEND, by=campaign_office, reason="Sai tên một cá nhân"
    )
    services.issue_decision(amendment, by=approver, now=NEXT_YEAR)
    issued.refresh_from_db()
    assert issued.state == "amended"
    stats = annual_statistics([district.path], 2026)
    [row] = stats["bodies"][0]["rows"]
    assert (row["collective"], row["individual"], row["number"]) == (2, 2, 4)
    assert annual_statistics([district.path], 2027)["bodies"] == []


def test_page_shows_the_table_and_downloads_excel(client, issued, campaign_office, district):
    from openpyxl import load_workbook

    client.force_login(campaign_office)
    response = client.get(URL, {"nam": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thống kê khen thưởng năm 2026" in html
    table = html.split('data-testid="statistics"')[1].split("</table>")[0]
    stats = annual_statistics([district.path], 2026)
    total = f"{stats['total']['amount']:,}".replace(",", ".")
    assert district.name in table and issued.form.name in table and total in table
    assert [r[0] for r in table_rows(stats)] == [
        "body",
        "form",
        "total",
        "heading",
        "level",
        "grand",
    ]
    # The year selector offers the years with decisions.
    assert '<option value="2026" selected>2026</option>' in html

    response = client.get(URL, {"nam": "2026", "xuat": "excel"})
    assert response.status_code == 200
    assert "thong-ke-khen-thuong-2026.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0].startswith("THỐNG KÊ KHEN THƯỞNG NĂM 2026")
    header = rows[3]
    assert header[:4] == ["STT", "Hình thức khen thưởng", "Cấp", "Loại hình thức"]
    assert header[4:] == [
        "Tập thể: số lượng",
        "Tập thể: tiền thưởng (đồng)",
        "Cá nhân: số lượng",
        "Cá nhân: tiền thưởng (đồng)",
        "Tổng số",
        "Tổng tiền thưởng (đồng)",
    ]
    form_row = next(r for r in rows if r[1] == issued.form.name)
    assert form_row[2:] == [
        "Cấp huyện",
        "Giấy khen",
        2,
        _amount(issued, "collective"),
        3,
        _amount(issued, "individual"),
        5,
        stats["total"]["amount"],
    ]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][-1] == stats["total"]["amount"]


def test_only_the_bodys_readers_see_it(
    client, issued, district, appraiser, approver, unit_staff_a, other_office, commune_a
):
    for user in (appraiser, approver):
        client.force_login(user)
        assert issued.form.name in client.get(URL, {"nam": "2026"}).content.decode()
    client.force_login(unit_staff_a)
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"xuat": "excel"}).status_code == 404
    client.force_login(other_office)
    # Its own scope holds nothing of the district's; naming the district answers 404.
    assert issued.form.name not in client.get(URL, {"nam": "2026"}).content.decode()
    assert client.get(URL, {"nam": "2026", "co-quan": district.pk}).status_code == 404
    assert client.get(URL, {"co-quan": district.pk, "xuat": "excel"}).status_code == 404
    client.logout()
    assert client.get(URL).status_code in (302, 403, 404)


def _decisions(award_round, award_form, body, count, start, by):
    for number in range(start, start + count):
        decision = Decision.objects.create(
            state="issued",
            round=award_round,
            form=award_form,
            issuing_body=body,
            issuing_body_line="ỦY BAN NHÂN DÂN",
            number=str(number),
            sequence=number,
            issue_year=2026,
            issued_on=datetime.date(2026, 6, 1),
            title="Về việc tặng Giấy khen",
            authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THỬ",
            drafted_by=by,
        )
        DecisionLine.objects.bulk_create(
            DecisionLine(
                decision=decision,
                nominee_kind=kind,
                name=f"{kind} {number}",
                order=order,
                amount=1_000_000,
            ).fold()
            for order, kind in enumerate(["collective", "individual", "household"], start=1)
        )


def test_queries_do_not_grow_with_decisions(client, award_round, award_form, district, approver):
    client.force_login(approver)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"nam": "2026"})
        assert response.status_code == 200
        return len(queries), response.context["stats"]

    _decisions(award_round, award_form, district, 1, start=1, by=approver)
    one, stats = count()
    assert stats["total"]["number"] == 3 and stats["kinds"] == [
        "collective",
        "individual",
        "household",
    ]
    _decisions(award_round, award_form, district, 19, start=2, by=approver)
    twenty, stats = count()
    assert stats["decisions"] == 20 and stats["total"]["amount"] == 60_000_000
    assert twenty == one
