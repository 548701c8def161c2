"""`load_demo` leaves work in every state, for every demo account, and loads it once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Attachment, Dossier, Nomination
from campaigns.models import AwardRound, Registration
from core.models import TransitionLog
from reports.enums import SubmissionState, UnitStatus
from reports.models import ReportObligation, ReportSubmission
from reports.selectors import dashboard
from units.models import Person, RoleGrant, Unit, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    return AwardRound.objects.get(campaign__key="seed-000-ninh-hai", local_id="tong-ket-2023")


def _history(obj):
    """The state moves of `obj` (edits and uploads are history rows too, without a move)."""
    rows = TransitionLog.objects.for_object(obj).exclude(to_state="")
    return list(rows.values_list("action", "reason"))


def test_seed_000_round_has_a_dossier_in_every_state(demo):
    states = dict(Dossier.objects.filter(round=demo).values_list("unit__code", "state"))

    assert states == {
        "NT-NH-NHH": DossierState.DRAFT,
        "NT-NH-KH": DossierState.SUBMITTED,
        "NT-NH-TRH": DossierState.RETURNED,
        "NT-NH-THH": DossierState.RESUBMITTED,
        "NT-NH-VIH": DossierState.ACCEPTED,
        "NT-NH-PHH": DossierState.APPRAISED,
        "NT-NH-TAH": DossierState.DECIDED,
        "NT-NH-HOH": DossierState.DECIDED,
        "NT-NH-XUH": DossierState.DECIDED,
    }
    dossiers = {d.unit.code: d for d in Dossier.objects.filter(round=demo).select_related("unit")}
    # Collectives and individuals, with achievement summaries and council votes.
    kinds = set(
        Nomination.objects.filter(dossier__round=demo).values_list("nominee_kind", flat=True)
    )
    assert kinds == {"collective", "individual"}
    assert not Nomination.objects.filter(dossier__round=demo, achievement_summary="").exists()
    assert dossiers["NT-NH-KH"].council_members == 9
    # The returned dossier: the office's reason is in its history.
    returned = _history(dossiers["NT-NH-TRH"])
    assert [action for action, _reason in returned] == ["submit", "return"]
    assert returned[1][1].startswith("Biên bản họp Hội đồng ghi 7 thành viên có mặt")
    # Returned, fixed and resubmitted: the office sees what changed.
    from awards.services import dossier_diff

    assert [a for a, _r in _history(dossiers["NT-NH-THH"])] == ["submit", "return", "submit"]
    changes = dossier_diff(dossiers["NT-NH-THH"])
    assert ("Võ Văn Khánh", "số phiếu đồng ý", 6, 7) in changes
    assert any(where == "Tệp đính kèm" for where, *_rest in changes)
    # Appraised: the appraiser's opinion on every nomination, one note where it refuses.
    appraised = dossiers["NT-NH-PHH"].nominations.all()
    assert sorted(n.appraisal for n in appraised) == [
        Appraisal.NOT_PROPOSE,
        Appraisal.PROPOSE,
        Appraisal.PROPOSE,
        Appraisal.PROPOSE,
    ]
    assert appraised.get(appraisal=Appraisal.NOT_PROPOSE).appraisal_note
    # Decided: approved and refused within the round's quota (3 collectives, 5 individuals).
    decided = dict(
        dossiers["NT-NH-TAH"].nominations.values_list("person__code", "state").order_by("pk")
    )
    assert decided == {
        None: NominationState.APPROVED,
        "NT-NH-TAH-01": NominationState.APPROVED,
        "NT-NH-TAH-02": NominationState.PROPOSED,  # not proposed by the appraiser
        "NT-NH-TAH-03": NominationState.REJECTED,
    }
    refused = dossiers["NT-NH-TAH"].nominations.get(state=NominationState.REJECTED)
    assert _history(refused)[-1][1].startswith("Thành tích chưa tiêu biểu")
    # The approvals fill the quota exactly: 3 collectives and 5 individuals.
    approved = Nomination.objects.filter(dossier__round=demo, state=NominationState.APPROVED)
    assert (
        sorted(approved.values_list("nominee_kind", flat=True))
        == ["collective"] * 3 + ["individual"] * 5
    )
    # Small real files where the dossier has them.
    assert Attachment.objects.filter(dossier__round=demo).count() >= 10
    assert set(Attachment.objects.values_list("content_type", flat=True)) == {"application/pdf"}
    # The other seeds' offices each have a submitted dossier waiting (Đắk Song's from Đức
    # An; Nam Bình's came back to complete); their final rounds of 2025 have a dossier
    # being drafted (Ứng Hòe's school, the Inspectorate) or returned (Tân Lợi). Seed 001's
    # final round has Đức An's dossier waiting for the appraiser, Thuận Hà's for the
    # chairman, and Nam Bình's decided proposals of the provincial Bằng khen, which UBND
    # huyện Đắk Song sent up and submitted in the province's round; there the Department
    # of Information and Communications' dossier waits for the appraiser, the Department
    # of Education's for the chairman.
    others = Dossier.objects.exclude(round=demo)
    assert sorted(
        others.values_list("round__campaign__key", "round__local_id", "unit__code", "state")
    ) == [
        ("demo-dak-nong-tinh", "tong-ket-2025", "DN-DS", DossierState.SUBMITTED),
        ("demo-dak-nong-tinh", "tong-ket-2025", "DN-SGDDT", DossierState.APPRAISED),
        ("demo-dak-nong-tinh", "tong-ket-2025", "DN-STTTT", DossierState.ACCEPTED),
        ("seed-001-dak-song", "so-ket-2023", "DN-DS-DA", DossierState.SUBMITTED),
        ("seed-001-dak-song", "so-ket-2023", "DN-DS-NB", DossierState.RETURNED),
        ("seed-001-dak-song", "tong-ket-2025", "DN-DS-DA", DossierState.ACCEPTED),
        ("seed-001-dak-song", "tong-ket-2025", "DN-DS-NB", DossierState.DECIDED),
        ("seed-001-dak-song", "tong-ket-2025", "DN-DS-TH", DossierState.APPRAISED),
        ("seed-002-ung-hoe", "so-ket-2024", "HD-NG-UH-TH", DossierState.SUBMITTED),
        ("seed-002-ung-hoe", "tong-ket-2025", "HD-NG-UH-TH", DossierState.DRAFT),
        ("seed-003-buon-ma-thuot", "so-ket-2024", "DL-BMT-TL", DossierState.SUBMITTED),
        ("seed-003-buon-ma-thuot", "tong-ket-2025", "DL-BMT-TL", DossierState.RETURNED),
        ("seed-004-so-gtvt-ninh-thuan", "so-ket-2023", "NT-GTVT-TTR", DossierState.SUBMITTED),
        ("seed-004-so-gtvt-ninh-thuan", "tong-ket-2025", "NT-GTVT-TTR", DossierState.DRAFT),
    ]
    upward = others.get(round__campaign__key="demo-dak-nong-tinh", unit__code="DN-DS")
    assert [(n.nominee_name, n.proposed_from.state) for n in upward.nominations.all()] == [
        ("UBND xã Nam Bình", "approved"),
        ("Lê Văn Cường", "approved"),
    ]
    assert (upward.letter_number, upward.letter_signer) == ("45/TTr-UBND", "Lê Văn Hòa")


def test_demo_decision_lists_the_round_s_eight_awardees_with_amounts(demo):
    """The issue's done-when: the chairman's approvals of seed 000's round become one issued
    decision listing 3 collectives and 5 individuals with their amounts, each awardee's
    history showing it."""
    from decisions.enums import DecisionState
    from decisions.models import Decision
    from decisions.selectors import awards_of

    decision = Decision.objects.get(round=demo)
    assert (decision.state, decision.number_text) == (DecisionState.ISSUED, "1/QĐ-UBND")
    lines = list(decision.lines.order_by("order"))
    assert [line.nominee_kind for line in lines] == ["collective"] * 3 + ["individual"] * 5
    # The base salary in force on 15/12/2023 was 1.800.000 đ: 0,6 and 0,3 of it.
    assert [line.amount for line in lines] == [1_080_000] * 3 + [540_000] * 5
    assert len({line.verification_code for line in lines}) == 8
    for line in lines:
        kwargs = {"person": line.person} if line.person_id else {"unit": line.nominee_unit}
        assert [a.decision for a in awards_of(**kwargs)] == [decision]


def test_seed_000_reports_on_time_late_returned_and_missing(demo):
    obligation = ReportObligation.objects.get(campaign__key="seed-000-ninh-hai")

    board = dashboard(obligation, 2023)

    status = {row.unit.code: row.status for row in board.rows}
    assert status["NT-NH-THH"] == status["NT-NH-PHH"] == UnitStatus.SUBMITTED
    assert status["NT-NH-VIH"] == UnitStatus.LATE
    # Tri Hải was returned and sent its report again; Khánh Hải's is still to fix.
    assert status["NT-NH-TRH"] == UnitStatus.SUBMITTED
    assert status["NT-NH-KH"] == UnitStatus.RETURNED
    assert status["NT-NH-NHH"] == UnitStatus.MISSING
    tri_hai = _history(ReportSubmission.objects.get(unit__code="NT-NH-TRH"))
    assert [action for action, _reason in tri_hai] == ["submit", "return", "submit"]
    draft = ReportSubmission.objects.get(unit__code="NT-NH-TAH")
    assert draft.state == SubmissionState.DRAFT
    late = _history(ReportSubmission.objects.get(unit__code="NT-NH-VIH"))
    assert late == [("submit", "Nộp sau hạn (hết ngày 14/11/2023).")]
    # Đắk Song's 2025 report came after 20/12/2025.
    dak_song = ReportSubmission.objects.get(obligation__campaign__key="seed-001-dak-song")
    assert (dak_song.year, dak_song.is_late) == (2025, True)


# The cards each account must find with something in them on its first page.
WORK = {
    "quantri": ["Hồ sơ chờ tiếp nhận"],
    "vanphong": ["Hồ sơ chờ tiếp nhận", "Báo cáo đơn vị đã nộp"],
    "thamdinh": ["Hồ sơ chờ thẩm định"],
    "chutich": ["Hồ sơ chờ phê duyệt"],
    "donvi1": ["Hồ sơ đang soạn hoặc bị trả lại", "Báo cáo chưa nộp"],
    "donvi2": ["Hồ sơ đang soạn hoặc bị trả lại", "Báo cáo chưa nộp"],
    "donvi3": ["Báo cáo chưa nộp"],
    # Thanh Hải, Vĩnh Hải, Phương Hải sent their 2023 report and dossier: what is left is the
    # 2026 self-assessment of the scored plan (scoring.demo), due in two weeks; it is every
    # commune's.
    "donvi4": ["Báo cáo chưa nộp"],
    "donvi5": ["Báo cáo chưa nộp"],
    "donvi6": ["Báo cáo chưa nộp"],
    "donvi7": ["Báo cáo chưa nộp"],
    "donvi8": ["Báo cáo chưa nộp"],
    "donvi9": ["Báo cáo chưa nộp"],
    # Nam Bình's 2023 dossier returned by the district office; Đức An's 2025 report not sent.
    "donvi_dsong": ["Hồ sơ đang soạn hoặc bị trả lại"],
    "donvi_ducan": ["Báo cáo chưa nộp"],
    # The final rounds of 2025 (awards.demo.OTHER_SEEDS): drafts and a returned dossier.
    "donvi_unghoe": ["Hồ sơ đang soạn hoặc bị trả lại"],
    "donvi_bmt": ["Hồ sơ đang soạn hoặc bị trả lại"],
    "donvi_sgtvt": ["Hồ sơ đang soạn hoặc bị trả lại"],
    # The province's departments owe their final report (reports.demo); their dossiers
    # wait for Sở Nội vụ's appraisal and for the chairman.
    "donvi_stttt": ["Báo cáo chưa nộp"],
    "donvi_sgddt": ["Báo cáo chưa nộp"],
    "thamdinh_daknong": ["Hồ sơ chờ thẩm định"],
    "chutich_daknong": ["Hồ sơ chờ phê duyệt"],
    # Đắk Song's final round of 2025: Đức An's dossier accepted, Thuận Hà's appraised; Thuận
    # Hà (like Đức An) has not sent its 2025 report.
    "thamdinh_dsong": ["Hồ sơ chờ thẩm định"],
    "chutich_dsong": ["Hồ sơ chờ phê duyệt"],
    "donvi_thuanha": ["Báo cáo chưa nộp"],
    "vanphong_dsong": ["Hồ sơ chờ tiếp nhận", "Báo cáo đơn vị đã nộp"],
    "vanphong_unghoe": ["Hồ sơ chờ tiếp nhận", "Báo cáo đơn vị đã nộp"],
    "vanphong_bmt": ["Hồ sơ chờ tiếp nhận", "Báo cáo đơn vị đã nộp"],
    "vanphong_sgtvt": ["Hồ sơ chờ tiếp nhận"],
    # UBND huyện Đắk Song's dossier to the province, submitted (awards.demo.DAK_SONG_UPWARD).
    "vanphong_daknong": ["Hồ sơ chờ tiếp nhận"],
    # Ninh Hải's and Thuận Bắc's consolidated reports, sent up (reports.demo._roll_up).
    "vanphong_ninhthuan": ["Báo cáo tổng hợp cấp dưới đã gửi lên"],
    "vanphong_thuanbac": ["Báo cáo đơn vị đã nộp"],
    # Lợi Hải and Công Hải sent their 2023 report; the self-assessment Thuận Bắc's plan asks
    # for (reports.demo) is due in two weeks.
    "donvi_loihai": ["Báo cáo chưa nộp"],
    "donvi_conghai": ["Báo cáo chưa nộp"],
    # Ninh Sơn's consolidated report is compiled, not sent up: its office returned Quảng
    # Sơn's report for its evidence (reports.demo), which Quảng Sơn has to send again.
    "vanphong_ninhson": ["Báo cáo tổng hợp chưa gửi lên cấp trên"],
    "donvi_quangson": ["Báo cáo chưa nộp"],
}


# Demo accounts with nothing of their own to act on yet (none now): every other account
# must be in WORK.
NO_WORK_YET = set()


def test_every_demo_account_is_checked_for_work():
    from units.demo import read_accounts

    accounts = {row[0] for row in read_accounts()}
    assert accounts - NO_WORK_YET == set(WORK)


def test_each_account_finds_work_on_its_dashboard(demo, client):
    found = {}
    for username, titles in WORK.items():
        user = User.objects.get(username=username)
        assert user.check_password("ThiDua@2026")
        client.force_login(user)

        response = client.get(reverse("core:dashboard"))

        counts = {card.title: card.count for card in response.context["cards"]}
        found[username] = [title for title in titles if counts.get(title)]
        # …and the list behind a dossier card shows the dossiers.
        if any(title.startswith("Hồ sơ") for title in titles):
            listed = client.get(reverse("awards:dossier_list")).context["dossiers"]
            assert len(listed) > 0, username

    assert found == WORK


def _snapshot():
    models = [
        Unit,
        Person,
        User,
        RoleGrant,
        Registration,
        Dossier,
        Nomination,
        Attachment,
        ReportObligation,
        ReportSubmission,
        TransitionLog,
    ]
    return {
        "counts": {model.__name__: model.objects.count() for model in models},
        "dossiers": sorted(Dossier.objects.values_list("unit__code", "state", "submitted_at")),
        "nominations": sorted(
            Nomination.objects.values_list("dossier__unit__code", "order", "state", "appraisal")
        ),
        "reports": sorted(
            ReportSubmission.objects.values_list("unit__code", "year", "state", "is_late")
        ),
    }


def test_load_demo_twice_gives_the_same_data(demo):
    first = _snapshot()

    call_command("load_demo", stdout=io.StringIO())

    assert _snapshot() == first
    # 13, seed 001's final round: Nam Bình's dossier, the district's dossier upward; Đức
    # An's, the three final-round ones of seeds 002-004, the two provincial departments',
    # Đức An's and Thuận Hà's in seed 001's final round.
    assert first["counts"]["Dossier"] == 23


def test_no_work_loads_only_the_catalogue(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--no-work", stdout=io.StringIO())

    assert User.objects.filter(username="donvi1").exists()
    assert AwardRound.objects.filter(campaign__key="seed-000-ninh-hai").exists()
    # Seed 000's, and the roll-up's structure: the province's (KH 1076), Thuận Bắc's and
    # Ninh Sơn's.
    assert ReportObligation.objects.count() == 4
    assert (
        not ReportObligation.objects.exclude(upper_obligation=None)
        .filter(consolidated_reports__isnull=False)
        .exists()
    )
    assert not Dossier.objects.exists()
    assert not ReportSubmission.objects.exists()
