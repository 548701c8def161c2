"""Demo: seed 000's unit report ("trước ngày 15/11"), asked of the communes and the
offices under UBND huyện Ninh Hải, and, with `work` (the default), the reports the units
sent: on time, late, returned with a reason, and missing.

The plan's deadline is 15/11/2023. The communes report against it in November 2023
(fixed dates, so two loads give the same data): Thanh Hải and Phương Hải before it, Vĩnh
Hải after it (flagged late); Tri Hải on time (62%), returned by the office with its
reason and resubmitted with the causes written and the open-data figure corrected (two
versions: the office sees what changed); Khánh Hải on time but returned, still to fix;
Tân Hải has a draft; Nhơn Hải, the other communes and the offices have sent nothing.
Once the award decision is issued (decisions.demo), the office compiles its consolidated
report for 2023: the units that reported (Tri Hải's 62% among them) and the award results.
A demo run today would then find the deadline long past, so the demo moves it the way an
office would: to 00:00 sixty days from the load, recorded in the obligation's history with
its reason. Nothing else is invented. Every move goes through the services. Idempotent: a
unit's report already started is left alone.

The yearly unit reports of seeds 001-003 ("trước ngày 20/12 hằng năm"…) get an obligation
too, and one unit of each body has sent its 2025 report (Đắk Song's after the deadline;
Đức An has not sent its own). UBND tỉnh Đắk Nông's demo plan asks its departments for their
final report before 15/12/2025: none has sent it, and the deadline moves to 20 days from
the load (`open_obligation`, also used by scoring.demo for the communes' self-assessment).

The roll-up to the province (reports.rollup): seed 000 cites the province's plan, KH
1076/KH-UBND of 23/3/2023, which is not among the seeds. The demo stands it in with seed
000's measurable criteria, issued by Tỉnh Ninh Thuận, asking its districts for their
results before 15/12/2023 (the date seed 000 gives its Phòng VH&TT), and makes its
obligation a roll-up one. A second district, UBND huyện Thuận Bắc, has its own plan citing
KH 1076 with the same criteria; two of its three communes report (and, with `work`, owe
the self-assessment its plan also asks for before 20/12/2023, moved to 14 days from the
load: none has sent it). Ninh Hải's and Thuận Bắc's obligations are linked to the
province's; with `work`, each district's office compiles its consolidated report and sends
it up (Ninh Hải's once the award decision is issued: compile_office_report), so
`vanphong_ninhthuan` (Ban Thi đua - Khen thưởng tỉnh) sees the two districts side by side. A third district, UBND huyện Ninh Sơn, has its plan
too, linked the same way; Quảng Sơn reports, Lâm Sơn does not, and with `work` its office
(`vanphong_ninhson`) has compiled its consolidated report but not sent it up: the province
sees it among the districts that have not sent, and the reminder sweep reminds its office
before the province's deadline (core.reminders, reports.reminders.not_sent_up). The
province's deadline is moved like Ninh Hải's, with its reason in the history. Checking
before it sends up, Ninh Sơn's office returns Quảng Sơn's report for its evidence
(`donvi_quangson` has it to complete and send again; the district's report waits for it).
"""

import datetime
import json

from django.db import transaction
from django.utils import timezone

from awards.demo import at
from campaigns.enums import CampaignState, Comparator, LatePolicy
from campaigns.io import import_campaign
from campaigns.models import Campaign, Milestone
from campaigns.services import publish_campaign
from core.models import TransitionLog
from units.enums import UnitKind
from units.models import Unit, User

from . import services
from .enums import ConsolidatedState, ParticipantMode, SubmissionState, ValueKind
from .forms import ObligationForm
from .models import ReportObligation, ReportSubmission

SEED_KEY = "seed-000-ninh-hai"
MILESTONE = "bao-cao-don-vi"

SECTIONS = [
    "Ban hành Kế hoạch triển khai phong trào; tuyên truyền đến 100% cán bộ, công chức và "
    "các thôn qua loa truyền thanh, nhóm Zalo.",
    "Tỷ lệ hồ sơ trực tuyến đạt {rate}%; 100% văn bản đi được ký số; mô hình «Tổ công nghệ "
    "số cộng đồng» ở các thôn.",
    "Hạ tầng mạng ở một số thôn còn yếu; người cao tuổi còn ngại dùng dịch vụ công trực tuyến.",
    "Đề nghị huyện hỗ trợ thiết bị ký số và tập huấn cho cán bộ bộ phận một cửa.",
]

RETURN_REASON = (
    "Mục «Tồn tại, hạn chế» chưa nêu nguyên nhân; số liệu dữ liệu mở chưa khớp với báo "
    "cáo của Phòng Văn hóa và Thông tin. Đề nghị rà soát, nộp lại."
)

# (unit code, account, online-services rate %, submitted at or None for a draft, the
# office's return reason). Nhơn Hải has not started its report.
NINH_HAI = [
    ("NT-NH-KH", "donvi3", 58, at(2023, 11, 13, 9), RETURN_REASON),
    ("NT-NH-THH", "donvi4", 66, at(2023, 11, 13, 14), ""),
    ("NT-NH-PHH", "donvi6", 73, at(2023, 11, 14, 10), ""),
    ("NT-NH-TRH", "donvi1", 62, at(2023, 11, 14, 16), RETURN_REASON),
    ("NT-NH-VIH", "donvi5", 45, at(2023, 11, 17, 8, 30), ""),
    ("NT-NH-TAH", "donvi7", 76, None, ""),
]

# Tri Hải fixes what the office asked for and sends its report again: (returned at,
# resubmitted at, the causes added to «Tồn tại, hạn chế», the corrected open-data rate).
TRI_HAI_FIX = (
    at(2023, 11, 15, 8),
    at(2023, 11, 16, 10),
    " Nguyên nhân: kinh phí đầu tư hạ tầng còn hạn chế; công tác tuyên truyền chưa thường xuyên.",
    55,
)
OPEN_DATA = "Tỷ lệ cơ quan nhà nước cung cấp dữ liệu mở đầy đủ theo danh mục (%)"

# (seed key, milestone, unit code, account, year, rate %, submitted at)
OTHER_SEEDS = [
    (
        "seed-001-dak-song",
        "bao-cao-hang-nam",
        "DN-DS-NB",
        "donvi_dsong",
        2025,
        80,
        at(2025, 12, 23),
    ),
    (
        "seed-002-ung-hoe",
        "bao-cao-hang-nam",
        "HD-NG-UH-TH",
        "donvi_unghoe",
        2025,
        90,
        at(2025, 12, 18),
    ),
    (
        "seed-003-buon-ma-thuot",
        "bao-cao-hang-nam",
        "DL-BMT-TL",
        "donvi_bmt",
        2025,
        85,
        at(2025, 12, 5),
    ),
]


def _value(indicator, level, rate):
    """A plausible value: the unit's rate for percentages compared with a floor, the
    threshold itself for the others, "yes" for yes/no."""
    if indicator.value_kind == ValueKind.YES_NO:
        return 1
    comparator, value, value_max = indicator.threshold_for(level)
    if indicator.value_kind == ValueKind.PERCENT:
        if comparator in (Comparator.GE, Comparator.GT):
            return rate
        return value if value is not None else rate
    if value is not None:
        return value
    return value_max if value_max is not None else 1


def _fill_and_submit(obligation, unit, staff, year, rate, submitted_at):
    submission = services.start_submission(obligation, unit=unit, year=year, by=staff)
    sections = list(obligation.sections.all())
    answers = {
        section.pk: text.format(rate=rate)
        for section, text in zip(sections, SECTIONS * len(sections), strict=False)
    }
    values = {
        indicator.pk: _value(indicator, unit.level, rate)
        for indicator in obligation.indicators.all()
    }
    services.save_submission(submission, answers=answers, values=values, by=staff)
    if submitted_at is not None:
        services.submit_report(submission, by=staff, now=submitted_at)
    return submission


def _seed_000_obligation():
    milestone = (
        Milestone.objects.filter(campaign__key=SEED_KEY, local_id=MILESTONE)
        .select_related("campaign__issuing_body")
        .first()
    )
    if milestone is None:
        return None
    obligation = ReportObligation.objects.filter(milestone=milestone).first()
    if obligation is None:
        obligation = services.create_obligation_from_milestone(
            milestone,
            by=None,
            system=True,
            participant_mode=ParticipantMode.KINDS,
            unit_kinds=[UnitKind.PEOPLES_COMMITTEE, UnitKind.OFFICE],
            late_policy=LatePolicy.FLAG,
        )
    return obligation


def _users(usernames):
    return {u.username: u for u in User.objects.filter(username__in=usernames)}


def _play_seed_000(obligation):
    users = _users({row[1] for row in NINH_HAI} | {"vanphong"})
    units = Unit.objects.in_bulk([row[0] for row in NINH_HAI], field_name="code")
    started = set(
        ReportSubmission.objects.filter(obligation=obligation).values_list("unit__code", flat=True)
    )
    made = 0
    for code, account, rate, submitted_at, return_reason in NINH_HAI:
        if code in started or account not in users:
            continue
        submission = _fill_and_submit(
            obligation, units[code], users[account], obligation.first_year, rate, submitted_at
        )
        if return_reason:
            returned_at = TRI_HAI_FIX[0] if code == "NT-NH-TRH" else submitted_at
            services.transition_submission(
                submission, "return", by=users["vanphong"], reason=return_reason, now=returned_at
            )
        if code == "NT-NH-TRH":
            _resubmit_tri_hai(obligation, submission, users[account])
        made += 1
    return made


def _resubmit_tri_hai(obligation, submission, staff):
    """Tri Hải's second version: the causes written, the open-data figure corrected."""
    _returned_at, resubmitted_at, causes, open_data = TRI_HAI_FIX
    submission.refresh_from_db()
    answers = {a.section_id: a.text for a in submission.answers.all()}
    limits = next(s for s in obligation.sections.all() if "hạn chế" in s.title.lower())
    answers[limits.pk] = answers.get(limits.pk, "") + causes
    values = {v.indicator_id: v.value for v in submission.values.all()}
    values[obligation.indicators.get(label=OPEN_DATA).pk] = open_data
    services.save_submission(submission, answers=answers, values=values, by=staff)
    services.submit_report(submission, by=staff, now=resubmitted_at)


def compile_office_report():
    """The office's consolidated report for the plan's year, compiled from the units that
    reported and the decisions issued. decisions.demo calls it once its decision is issued
    (the decisions app loads after this one); an existing report is left as it stands."""
    obligation = _seed_000_obligation()
    office = User.objects.filter(username="vanphong").first()
    if obligation is None or office is None:
        return None
    report = services.compile_consolidated(obligation, obligation.first_year, by=office)
    if report.state == ConsolidatedState.DRAFT and obligation.upper_obligation_id:
        # Linked to the province's roll-up obligation (_roll_up): sent up once compiled.
        services.send_consolidated(report, by=office)
    return report


def _play_other_seeds():
    made = 0
    users = _users({row[3] for row in OTHER_SEEDS})
    for key, local_id, code, account, year, rate, submitted_at in OTHER_SEEDS:
        milestone = Milestone.objects.filter(campaign__key=key, local_id=local_id).first()
        if milestone is None or account not in users:
            continue
        obligation = services.create_obligation_from_milestone(
            milestone, by=None, system=True, late_policy=LatePolicy.FLAG
        )
        unit = Unit.objects.get(code=code)
        if ReportSubmission.objects.filter(obligation=obligation, unit=unit, year=year).exists():
            continue
        _fill_and_submit(obligation, unit, users[account], year, rate, submitted_at)
        made += 1
    return made


def open_obligation(key, milestone_id, title, *, office, days, phrase, **kwargs):
    """The obligation a plan's "unit reports due" milestone asks for, named as the office
    names it (services.update_obligation, with history) and, once its date is past, due
    `days` from the load (recorded with its reason). None when the plan or the office is
    not there."""
    milestone = Milestone.objects.filter(campaign__key=key, local_id=milestone_id).first()
    office = User.objects.filter(username=office).first()
    if milestone is None or office is None:
        return None
    obligation = services.create_obligation_from_milestone(
        milestone, by=None, system=True, late_policy=LatePolicy.FLAG, **kwargs
    )
    if obligation.title != title:
        data = {
            "title": title,
            "late_policy": obligation.late_policy,
            "participant_mode": obligation.participant_mode,
            "unit_kinds": obligation.unit_kinds,
            "reminder_offsets": obligation.reminder_offsets,
            "upper_obligation": obligation.upper_obligation_id or "",
        }
        if obligation.rolls_up:
            data["rolls_up"] = "on"
        form = ObligationForm(data, instance=obligation)
        if not form.is_valid():
            raise ValueError(f"{key}: {form.errors}")
        obligation = services.update_obligation(obligation, form, by=office)
    _move_past_deadline(obligation, days=days, phrase=phrase)
    return obligation


def _move_past_deadline(obligation, *, days=60, phrase="15/11/2023"):
    now = timezone.now()
    if obligation.due_at is not None and obligation.due_at > now:
        return
    local = timezone.localtime(now) + datetime.timedelta(days=days)
    services.change_deadline(
        obligation,
        by=None,
        system=True,
        due_at=local.replace(hour=0, minute=0, second=0, microsecond=0),
        reason=f"Dữ liệu mẫu: dời hạn báo cáo của kế hoạch ({phrase}) để dùng thử.",
    )


# --- the roll-up to the province ------------------------------------------------------------

PROVINCE_KEY = "ke-hoach-1076-ninh-thuan-2023"
THUAN_BAC_KEY = "chuyen-doi-so-2023-thuan-bac"
PROVINCE_TITLE = "Phát động Phong trào thi đua Chuyển đổi số năm 2023 trên địa bàn tỉnh Ninh Thuận"
# (unit code, account, online-services rate %, submitted at); Bắc Phong sends nothing.
THUAN_BAC = [
    ("NT-TB-LH", "donvi_loihai", 76, at(2023, 11, 10, 9)),
    ("NT-TB-CH", "donvi_conghai", 82, at(2023, 11, 14, 15)),
]
# Thuận Bắc's plan also asks its communes for a self-assessment with evidence.
THUAN_BAC_SELF_ASSESSMENT = {
    "id": "tu-danh-gia-xa",
    "kind": "unit_reports_due",
    "phrase": "trước ngày 20/12/2023",
    "precision": "date",
    "date": "2023-12-20",
    "due_at": "2023-12-20T00:00:00+07:00",
    "responsible": "UBND các xã",
}
NINH_SON_KEY = "chuyen-doi-so-2023-ninh-son"
# Lâm Sơn sends nothing; the district's report is compiled, not sent up.
NINH_SON = [("NT-NS-QS", "donvi_quangson", 68, at(2023, 11, 13, 10))]
QUANG_SON_RETURN = (
    "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (68%) chưa kèm tài liệu kiểm chứng: đề "
    "nghị bổ sung danh sách hồ sơ trích xuất từ Hệ thống thông tin giải quyết thủ tục hành "
    "chính của tỉnh rồi nộp lại để huyện tổng hợp gửi tỉnh."
)


def _seed_000_criteria():
    """Seed 000's measurable criteria as its file gives them (the province's plan carries
    the same ones)."""
    from campaigns.demo import SEEDS_DIR  # noqa: PLC0415 - the campaigns demo owns the seeds

    data = json.loads((SEEDS_DIR / "000_ninh-hai.json").read_text(encoding="utf-8"))
    found = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("indicator") and value.get("comparator") not in (None, "qualitative"):
                found.append({k: v for k, v in value.items() if k != "id"})
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data["sections"])
    return found


def _plan(key, body_code, header, title, *, milestones, legal_basis=(), recipients=()):
    campaign = Campaign.objects.filter(key=key).first()
    if campaign is None:
        campaign = import_campaign(
            {
                "format": "thidua.campaign/1",
                "key": key,
                "issuing_body": body_code,
                "header": header,
                "document_type": "KẾ HOẠCH",
                "title": title,
                "kind": "thematic",
                "period": {"start": "2023-01-01", "end": "2023-12-31", "end_text": ""},
                "legal_basis": list(legal_basis),
                "sections": [
                    {
                        "numbering": "I.",
                        "heading": "MỤC ĐÍCH, YÊU CẦU",
                        "role": "purpose",
                        "paragraphs": [
                            {
                                "marker": "-",
                                "text": "Đẩy mạnh chuyển đổi số trong các cơ quan, đơn vị, "
                                "địa phương; các chỉ tiêu như sau.",
                            }
                        ],
                    }
                ],
                "recipients": [*recipients, {"text": "Lưu: VT.", "suffix": ""}],
                "signature": {"prefix": "", "lines": ["CHỦ TỊCH"], "signer": ""},
                "unplaced": {"criteria": _seed_000_criteria(), "milestones": list(milestones)},
            }
        )
    if campaign.state == CampaignState.DRAFT:
        publish_campaign(campaign, by=None, system=True)
    return campaign


def _province_plan():
    return _plan(
        PROVINCE_KEY,
        "NT",
        {
            "governing_body_line": "",
            "issuing_body_lines": ["ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN"],
            "number": "1076",
            "symbol": "KH-UBND",
            "place": "Ninh Thuận",
            "date": {"day": 23, "month": 3, "year": 2023},
        },
        PROVINCE_TITLE,
        milestones=[
            {
                "id": "bao-cao-huyen",
                "kind": "unit_reports_due",
                "phrase": "trước ngày 15/12/2023",
                "precision": "date",
                "date": "2023-12-15",
                "due_at": "2023-12-15T00:00:00+07:00",
                "responsible": "UBND các huyện, thành phố",
            }
        ],
        recipients=[{"text": "UBND các huyện, thành phố;", "suffix": ""}],
    )


def _district_plan(province_plan, key, code, place, *, more_milestones=()):
    """A district's plan citing the province's KH 1076, with the same criteria."""
    campaign = _plan(
        key,
        code,
        {
            "governing_body_line": "",
            "issuing_body_lines": ["ỦY BAN NHÂN DÂN", f"HUYỆN {place.upper()}"],
            "number": "",
            "symbol": "KH-UBND",
            "place": place,
            "date": {"day": None, "month": None, "year": 2023},
        },
        f"Phát động Phong trào thi đua Chuyển đổi số năm 2023 trên địa bàn huyện {place}",
        milestones=[
            {
                "id": "bao-cao-don-vi",
                "kind": "unit_reports_due",
                "phrase": "trước ngày 15/11",
                "precision": "date",
                "date": "2023-11-15",
                "due_at": "2023-11-15T00:00:00+07:00",
                "responsible": "UBND các xã",
            },
            *more_milestones,
        ],
        legal_basis=[
            {
                "kind": "thuc_hien",
                "text": "Thực hiện Kế hoạch số 1076/KH-UBND ngày 23/3/2023 của UBND tỉnh Ninh "
                f"Thuận về {PROVINCE_TITLE};",
                "doc_number": "1076/KH-UBND",
                "doc_date": "2023-03-23",
                "issuer": "UBND tỉnh Ninh Thuận",
                "is_parent_plan": True,
            }
        ],
        recipients=[{"text": "UBND tỉnh Ninh Thuận (b/c);", "suffix": "(b/c)"}],
    )
    if campaign.copied_from_id is None:
        campaign.copied_from = province_plan
        campaign.save(update_fields=["copied_from", "updated_at"])
    return campaign


def _obligation_of(campaign, local_id, **kwargs):
    milestone = campaign.milestone_set.get(local_id=local_id)
    return services.create_obligation_from_milestone(milestone, by=None, system=True, **kwargs)


def _send_up(obligation, office):
    """The district office compiles its consolidated report (once) and sends it up."""
    report = services.compile_consolidated(obligation, obligation.first_year, by=office)
    if report.state == ConsolidatedState.DRAFT:
        services.send_consolidated(report, by=office)
    return report


def _return_for_evidence(obligation, code, office, reason):
    """The office returns a unit's submitted report with its reason (once: a report already
    returned, or moved on since, is left alone)."""
    submission = ReportSubmission.objects.filter(
        obligation=obligation, unit__code=code, state=SubmissionState.SUBMITTED
    ).first()
    if submission is None:
        return
    if TransitionLog.objects.for_object(submission).filter(action="return").exists():
        return
    services.return_report(submission, by=office, reason=reason)


def _report_communes(obligation, rows, users):
    """The communes' reports of `rows` (unit code, account, rate, submitted at), once."""
    units = Unit.objects.in_bulk([row[0] for row in rows], field_name="code")
    started = set(
        ReportSubmission.objects.filter(obligation=obligation).values_list("unit__code", flat=True)
    )
    for code, account, rate, submitted_at in rows:
        if code not in started and account in users and code in units:
            _fill_and_submit(obligation, units[code], users[account], 2023, rate, submitted_at)


def _district_obligation(province, key, code, place, **kwargs):
    return _obligation_of(
        _district_plan(province, key, code, place, **kwargs),
        "bao-cao-don-vi",
        participant_mode=ParticipantMode.KINDS,
        unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
    )


def _roll_up(ninh_hai, *, work):
    """The province's roll-up obligation, Thuận Bắc's and Ninh Sơn's plans and reports, the
    three districts linked to the province and, with `work`, Ninh Hải's and Thuận Bắc's
    consolidated reports sent up, Ninh Sơn's compiled and not sent."""
    if Unit.objects.filter(code__in=["NT", "NT-TB"]).count() != 2:
        return 0
    province = _province_plan()
    upper = _obligation_of(
        province,
        "bao-cao-huyen",
        participant_mode=ParticipantMode.KINDS,
        unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
        rolls_up=True,
    )
    thuan_bac = _district_obligation(
        province, THUAN_BAC_KEY, "NT-TB", "Thuận Bắc", more_milestones=[THUAN_BAC_SELF_ASSESSMENT]
    )
    ninh_son = None
    if Unit.objects.filter(code="NT-NS").exists():
        ninh_son = _district_obligation(province, NINH_SON_KEY, "NT-NS", "Ninh Sơn")
    users = _users(
        {"vanphong", "vanphong_thuanbac", "vanphong_ninhson"}
        | {row[1] for row in THUAN_BAC + NINH_SON}
    )
    for obligation in (ninh_hai, thuan_bac, ninh_son):
        if obligation is not None and obligation.upper_obligation_id != upper.pk:
            services.link_upper_obligation(obligation, upper, by=None, system=True)
    sent = 0
    if work and {"vanphong", "vanphong_thuanbac"} <= users.keys():
        _report_communes(thuan_bac, THUAN_BAC, users)
        # Ninh Hải's is sent by compile_office_report, once decisions.demo has issued the
        # decision its award results count.
        _send_up(thuan_bac, users["vanphong_thuanbac"])
        sent = 1
        # The communes' self-assessment the plan asks for before 20/12/2023: none has sent
        # it yet (moved to 14 days from the load, with its reason).
        open_obligation(
            THUAN_BAC_KEY,
            THUAN_BAC_SELF_ASSESSMENT["id"],
            "Báo cáo tự đánh giá mức độ chuyển đổi số cấp xã năm 2023 (kèm tài liệu kiểm chứng)",
            office="vanphong_thuanbac",
            days=14,
            phrase="20/12/2023",
            participant_mode=ParticipantMode.KINDS,
            unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
        )
    if work and ninh_son is not None and "vanphong_ninhson" in users:
        _report_communes(ninh_son, NINH_SON, users)
        # Compiled, not sent up: the district the province is still waiting for.
        services.compile_consolidated(ninh_son, ninh_son.first_year, by=users["vanphong_ninhson"])
        _return_for_evidence(ninh_son, "NT-NS-QS", users["vanphong_ninhson"], QUANG_SON_RETURN)
    _move_past_deadline(thuan_bac)
    if ninh_son is not None:
        _move_past_deadline(ninh_son)
    _move_past_deadline(upper, days=75, phrase="15/12/2023")
    return sent


@transaction.atomic
def load(stdout=None, *, work=True, **options):
    obligation = _seed_000_obligation()
    if obligation is None:
        return None
    made = 0
    if work:
        # Before the deadline moves: the reports sent after 15/11/2023 are flagged late.
        made = _play_seed_000(obligation) + _play_other_seeds()
        # UBND tỉnh Đắk Nông asks its departments for their final report: none has sent
        # it yet (demo plan dak-nong.json).
        open_obligation(
            "demo-dak-nong-tinh",
            "bao-cao-so-nganh",
            "Báo cáo tổng kết phong trào thi đua “Chuyển đổi số giai đoạn 2023 - 2025” "
            "của các sở, ban, ngành",
            office="vanphong_daknong",
            days=20,
            phrase="15/12/2025",
        )
    _move_past_deadline(obligation)
    sent_up = _roll_up(obligation, work=work)
    if stdout is not None:
        last_day = timezone.localtime(obligation.due_at) - datetime.timedelta(microseconds=1)
        stdout.write(
            f"Yêu cầu báo cáo mẫu: hạn nộp hết ngày {last_day:%d/%m/%Y}"
            + (f"; báo cáo mẫu thêm {made}." if work else ".")
            + (f" Báo cáo tổng hợp gửi lên tỉnh: {sent_up}." if sent_up else "")
        )
    return obligation
