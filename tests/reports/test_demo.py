import io

from django.core.management import call_command

from core.models import TransitionLog
from reports.demo import load
from reports.models import ReportObligation
from reports.selectors import obligation_units


def test_demo_obligation_for_seed_000_is_idempotent(db):
    call_command("load_demo", "--no-work", stdout=io.StringIO())
    obligation = ReportObligation.objects.get()
    assert load(work=False) == obligation
    assert ReportObligation.objects.count() == 1
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
