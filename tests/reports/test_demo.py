import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.models import TransitionLog
from reports import rollup
from reports.dashboard import report_cards
from reports.demo import PROVINCE_KEY, QUANG_SON_RETURN, load
from reports.enums import ConsolidatedState, SubmissionState
from reports.models import ConsolidatedReport, ReportObligation, ReportSubmission
from reports.selectors import obligation_units
from units.models import User


def test_demo_obligation_for_seed_000_is_idempotent(db):
    call_command("load_demo", "--no-work", stdout=io.StringIO())
    obligation = ReportObligation.objects.get(campaign__key="seed-000-ninh-hai")
    assert load(work=False) == obligation
    # Seed 000's, the province's roll-up (KH 1076), Thuận Bắc's and Ninh Sơn's.
    assert ReportObligation.objects.count() == 4
    assert obligation.campaign.key == "seed-000-ninh-hai"
    assert obligation.milestone.local_id == "bao-cao-don-vi"
    assert obligation.first_year == 2023
    assert [u.code for u in obligation_units(obligation)] == [
        "NT-NH-VHTT",
        "NT-NH-NV",
        "NT-NH-VP",
        "NT-NH-TCKH",
        "NT-NH-KH",
        "NT-NH-TRH",
        "NT-NH-NHH",
        "NT-NH-THH",
        "NT-NH-VIH",
        "NT-NH-PHH",
        "NT-NH-TAH",
        "NT-NH-HOH",
        "NT-NH-XUH",
    ]
    rate = obligation.indicators.get(label="Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)")
    assert (rate.threshold_for("commune"), rate.threshold_for("district")) == (
        (">=", 50, None),
        (">=", 75, None),
    )
    # The past deadline was moved once, with its reason in the history.
    moves = TransitionLog.objects.for_object(obligation).filter(action="change_deadline")
    assert [(m.data["changes"][0][1], m.reason) for m in moves] == [
        (
            "hết ngày 14/11/2023",
            "Dữ liệu mẫu: dời hạn báo cáo của kế hoạch (15/11/2023) để dùng thử.",
        )
    ]


def test_demo_province_sees_the_districts_side_by_side(db):
    """vanphong_ninhthuan's first page points at its work: Ninh Hải's and Thuận Bắc's
    consolidated reports, sent up; the side-by-side page shows both, and Ninh Sơn among the
    districts that have not sent (its report compiled, a draft); loading again adds
    nothing."""
    call_command("load_demo", stdout=io.StringIO())
    upper = ReportObligation.objects.get(campaign__key=PROVINCE_KEY)
    assert upper.rolls_up
    assert [u.code for u in obligation_units(upper)] == ["NT-NH", "NT-TB", "NT-NS"]
    board = rollup.side_by_side(upper, 2023)
    assert [b.unit.name for b in board.sent] == ["UBND huyện Ninh Hải", "UBND huyện Thuận Bắc"]
    assert [b.unit.name for b in board.not_sent] == ["UBND huyện Ninh Sơn"]
    ninh_son = ConsolidatedReport.objects.get(issuing_body__code="NT-NS")
    assert ninh_son.state == ConsolidatedState.DRAFT
    assert ninh_son.obligation.upper_obligation == upper
    # Checking before it sends up, Ninh Sơn's office returned Quảng Sơn's report with its
    # reason; Quảng Sơn's staff finds it to complete, the reason on its page.
    quang_son = ReportSubmission.objects.get(unit__code="NT-NS-QS")
    assert quang_son.state == SubmissionState.RETURNED
    [returned] = TransitionLog.objects.for_object(quang_son).filter(action="return")
    assert (returned.actor.username, returned.reason) == ("vanphong_ninhson", QUANG_SON_RETURN)
    staff = Client()
    staff.force_login(User.objects.get(username="donvi_quangson"))
    page = staff.get(reverse("reports:submission_detail", args=[quang_son.pk])).content.decode()
    assert "chưa kèm tài liệu kiểm chứng" in page
    rate = next(
        r
        for r in board.rows
        if r.indicator.label.startswith("Tỷ lệ dịch vụ công trực tuyến phát sinh")
    )
    ninh_hai, thuan_bac, not_sent = rate.cells
    assert not_sent.value is None
    # Ninh Hải: Tri Hải 62, Thanh Hải 66, Phương Hải 73, Vĩnh Hải 45 (Khánh Hải returned).
    assert (ninh_hai.text, ninh_hai.denominator_text) == ("61,5%", "4/13 đơn vị có số liệu")
    assert ninh_hai.attainment == "not_met"  # district threshold ≥ 75%
    assert (thuan_bac.text, thuan_bac.denominator_text) == ("79%", "2/3 đơn vị có số liệu")
    assert thuan_bac.attainment == "met"

    user = User.objects.get(username="vanphong_ninhthuan")
    card = next(c for c in report_cards(user) if "cấp dưới" in c.title)
    assert card.count == 2 and card.url == reverse("reports:rollup", args=[upper.pk])
    client = Client()
    client.force_login(user)
    assert "UBND huyện Thuận Bắc" in client.get(card.url).content.decode()

    counts = (
        ConsolidatedReport.objects.filter(state=ConsolidatedState.SENT).count(),
        TransitionLog.objects.filter(workflow="consolidated_report").count(),
        TransitionLog.objects.filter(action="link_upper").count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert (
        counts
        == (
            ConsolidatedReport.objects.filter(state=ConsolidatedState.SENT).count(),
            TransitionLog.objects.filter(workflow="consolidated_report").count(),
            TransitionLog.objects.filter(action="link_upper").count(),
        )
        # Ninh Sơn: its compiled report (one more row), its link (one more).
        == (2, 5, 3)
    )
