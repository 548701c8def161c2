"""The papers of a nomination, printed from what the app knows (domain.md §4, §5), each a
`Paper` (PDF and editable .docx from one text): the unit's nomination letter (Tờ trình)
with its list, the council meeting minutes (Biên bản họp Hội đồng TĐKT), each nominee's
achievement report form (Báo cáo thành tích) prefilled for the unit to complete, and the
appraiser's letter to the approver with the consolidated proposed list."""

from decimal import ROUND_CEILING, Decimal

from awards.enums import Appraisal
from awards.models import Nomination
from core.documents import document_header
from core.http import name_part
from reports.enums import SubmissionState
from reports.models import IndicatorValue
from units.enums import Role, UnitKind

from .paper import Closing, PageBreak, Paper, Para, Table
from .selectors import awards_of
from .services import _campaign_phrase, _plan_basis, _role_units

BLANK = "…" * 30


def _dossier_filename(what, dossier):
    """ "to-trinh-ubnd-xa-nam-binh-khen-thuong-tong-ket-...": the paper, the unit and the
    round by their names (never a database id)."""
    return f"{what}-{name_part(dossier.unit.name, 50)}-{name_part(dossier.round.label, 50)}"


def _date(day):
    return day.strftime("%d/%m/%Y") if day else "…/…/……"


def _unit_header(unit, *, number="", symbol="", day=None):
    parent = unit.parent.name if unit.parent_id else ""
    return document_header(
        governing_body=parent,
        issuing_body=unit.name,
        number=number,
        symbol=symbol,
        place="",
        day=day.day if day else None,
        month=day.month if day else None,
        year=day.year if day else None,
    )


def _head_title(unit):
    return (
        "CHỦ TỊCH"
        if unit.kind in (UnitKind.PEOPLES_COMMITTEE, UnitKind.COMMUNE)
        else "THỦ TRƯỞNG ĐƠN VỊ"
    )


def _nominations(dossier):
    return list(
        dossier.nominations.select_related(
            "form",
            "person__unit",
            "nominee_unit",
            "proposed_from__dossier__round__campaign__issuing_body",
        ).order_by("form__order", "form_id", "nominee_kind", "order", "pk")
    )


def _lower_plans(nominations):
    """The body's own plans behind a dossier to the level above (awards propose_upward)."""
    plans = {}
    for nomination in nominations:
        if nomination.proposed_from_id:
            campaign = nomination.proposed_from.dossier.round.campaign
            plans.setdefault(campaign.pk, campaign)
    return list(plans.values())


def _post(nomination):
    person = nomination.person
    if person is None:
        return ""
    return ", ".join(part for part in (person.position, person.unit.name) if part)


def _counts(nominations):
    collectives = sum(1 for n in nominations if n.nominee_kind != "individual")
    return f"{collectives:02d} tập thể, {len(nominations) - collectives:02d} cá nhân"


def _by_form(nominations):
    groups = {}
    for nomination in nominations:
        groups.setdefault(nomination.form, []).append(nomination)
    return groups


def nomination_letter(dossier):
    """Tờ trình of the unit, with its list by form."""
    campaign = dossier.round.campaign
    nominations = _nominations(dossier)
    groups = _by_form(nominations)
    forms = ", ".join(form.name for form in groups) or "…"
    decider = next((form.decider for form in groups if form.decider), "") or (
        f"Chủ tịch {campaign.issuing_body.name}"
    )
    blocks = [
        Para(f"Kính gửi: {decider}.", align="center", space_before=6),
        Para(_plan_basis(campaign), italic=True),
        *[Para(_plan_basis(plan), italic=True) for plan in _lower_plans(nominations)],
        Para(
            f"Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng ngày {_date(dossier.council_date)};",
            italic=True,
        ),
        Para(
            f"{dossier.unit.name} kính trình {decider} xem xét, tặng {forms} cho "
            f"{_counts(nominations)} đã được Hội đồng Thi đua - Khen thưởng xét, thông qua, "
            "cụ thể như sau:"
        ),
    ]
    for form, members in groups.items():
        blocks.append(
            Para(f"{form.name}: {_counts(members)}", bold=True, indent=False, align="left")
        )
        blocks.append(
            Table(
                columns=[
                    ("STT", 7, "center"),
                    ("Tên tập thể, họ và tên", 30, "left"),
                    ("Chức vụ, đơn vị", 28, "left"),
                    ("Tóm tắt thành tích", 35, "left"),
                ],
                rows=[
                    [str(i), n.nominee_name, _post(n), n.achievement_summary]
                    for i, n in enumerate(members, start=1)
                ],
            )
        )
    blocks.append(Para("(Có báo cáo thành tích kèm theo)", italic=True))
    blocks.append(Para(f"{dossier.unit.name} kính trình {decider} xem xét, quyết định./."))
    appraisers = _role_units(campaign.issuing_body, Role.APPRAISER)
    recipients = ["Như trên;"] + [f"{unit.name};" for unit in appraisers[:1]] + ["Lưu: VT."]
    blocks.append(Closing(recipients, [_head_title(dossier.unit)], dossier.letter_signer))
    return Paper(
        header=_unit_header(dossier.unit, number=dossier.letter_number, day=dossier.letter_date),
        doc_type="TỜ TRÌNH",
        title=f"V/v đề nghị tặng {forms} trong {_campaign_phrase(campaign)}",
        blocks=blocks,
        filename=_dossier_filename("to-trinh", dossier),
    )


def _needed_votes(form, members):
    if not members:
        return None
    if form.vote_threshold_pct is not None:
        return int(
            (Decimal(form.vote_threshold_pct) * members / 100).to_integral_value(ROUND_CEILING)
        )
    return members // 2 + 1


def council_minutes(dossier):
    """Biên bản họp Hội đồng TĐKT: members, present, votes per nominee, threshold, result."""
    campaign = dossier.round.campaign
    nominations = _nominations(dossier)
    members, present = dossier.council_members, dossier.council_present
    blocks = [
        Para(f"Thời gian: ngày {_date(dossier.council_date)}.", indent=False, align="left"),
        Para(f"Địa điểm: {dossier.unit.name}.", indent=False, align="left"),
        Para(
            f"Thành phần: tổng số thành viên Hội đồng: {members if members is not None else '…'}; "
            f"số thành viên có mặt: {present if present is not None else '…'}.",
            indent=False,
            align="left",
        ),
        Para(
            f"Nội dung: xét đề nghị khen thưởng trong {_campaign_phrase(campaign)}.",
            indent=False,
            align="left",
        ),
        Para("Kết quả bỏ phiếu:", bold=True, indent=False, align="left"),
    ]
    for form, group in _by_form(nominations).items():
        needed = _needed_votes(form, members)
        rule = (
            f"từ {form.vote_threshold_pct.normalize():f}% tổng số thành viên Hội đồng"
            if form.vote_threshold_pct is not None
            else "quá nửa tổng số thành viên Hội đồng"
        )
        threshold = f" ({needed} phiếu trở lên)" if needed else ""
        blocks.append(Para(f"{form.name}: cần {rule}{threshold}.", indent=False, align="left"))
        rows = []
        for i, n in enumerate(group, start=1):
            passed = n.passes_council()
            share = (
                f"{Decimal(n.votes_for) * 100 / members:.1f}%".replace(".", ",")
                if members and n.votes_for is not None
                else ""
            )
            result = {True: "Đạt", False: "Không đạt", None: "Chưa đủ số liệu"}[passed]
            votes = "" if n.votes_for is None else str(n.votes_for)
            rows.append([str(i), n.nominee_name, votes, share, result])
        blocks.append(
            Table(
                columns=[
                    ("STT", 7, "center"),
                    ("Tên tập thể, họ và tên", 43, "left"),
                    ("Số phiếu đồng ý", 15, "center"),
                    ("Tỷ lệ", 15, "center"),
                    ("Kết quả", 20, "center"),
                ],
                rows=rows,
            )
        )
    blocks.append(Para("Biên bản được thông qua tại cuộc họp./.", indent=False, align="left"))
    blocks.append(Closing([], ["CHỦ TỊCH HỘI ĐỒNG"], dossier.letter_signer))
    return Paper(
        header=_unit_header(dossier.unit, day=dossier.council_date),
        doc_type="BIÊN BẢN",
        title=f"Họp Hội đồng Thi đua - Khen thưởng {dossier.unit.name}",
        blocks=blocks,
        filename=_dossier_filename("bien-ban-hoi-dong", dossier),
    )


def _report_figures(unit):
    """The unit's latest submitted report values: [(label, value with its unit)]."""
    figures = {}
    rows = (
        IndicatorValue.objects.filter(
            submission__unit=unit, submission__state=SubmissionState.SUBMITTED, value__isnull=False
        )
        .select_related("indicator")
        .order_by("-submission__year", "-submission__submitted_at", "-pk")
    )
    for row in rows[:200]:
        label = row.indicator.label
        if label not in figures:
            value = f"{row.value.normalize():f}".replace(".", ",")
            figures[label] = f"{value} {row.indicator.unit_of_measure}".strip()
    return list(figures.items())


def achievement_reports(dossier):
    """One Báo cáo thành tích per nominee (a page each), prefilled for the unit."""
    campaign = dossier.round.campaign
    nominations = _nominations(dossier)
    figures_by_unit = {}
    blocks = []
    for index, n in enumerate(nominations):
        if index:
            blocks.append(PageBreak())
        blocks.append(
            Para(
                f"BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ TẶNG {n.form.name.upper()}", bold=True, align="center"
            )
        )
        blocks.append(Para(f"Trong {_campaign_phrase(campaign)}", italic=True, align="center"))
        unit = n.person.unit if n.person_id else n.nominee_unit
        if n.person_id:
            person = n.person
            blocks += [
                Para("I. SƠ LƯỢC LÝ LỊCH", bold=True, indent=False, align="left"),
                Para(f"- Họ và tên: {person.full_name}", indent=False, align="left"),
                Para(f"- Giới tính: {person.get_sex_display()}", indent=False, align="left"),
                Para(f"- Ngày sinh: {_date(person.date_of_birth)}", indent=False, align="left"),
                Para(f"- Chức vụ: {person.position or BLANK}", indent=False, align="left"),
                Para(f"- Đơn vị công tác: {person.unit.name}", indent=False, align="left"),
            ]
        else:
            blocks += [
                Para("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", bold=True, indent=False, align="left"),
                Para(f"- Tên tập thể: {n.nominee_unit.name}", indent=False, align="left"),
                Para(
                    f"- Đơn vị cấp trên: {n.nominee_unit.parent.name if n.nominee_unit.parent_id else BLANK}",
                    indent=False,
                    align="left",
                ),
                Para(f"- Đặc điểm, tình hình: {BLANK}", indent=False, align="left"),
            ]
        blocks.append(Para("II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False, align="left"))
        blocks.append(Para(n.achievement_summary))
        if n.achievement_report:
            blocks += [Para(text) for text in n.achievement_report.splitlines() if text.strip()]
        if unit.pk not in figures_by_unit:
            figures_by_unit[unit.pk] = _report_figures(unit)
        figures = figures_by_unit[unit.pk]
        if figures:
            blocks.append(
                Para(
                    f"Kết quả thực hiện các chỉ tiêu của {unit.name} (theo báo cáo gần nhất):",
                    indent=False,
                    align="left",
                )
            )
            blocks.append(
                Table(
                    columns=[
                        ("STT", 8, "center"),
                        ("Chỉ tiêu", 67, "left"),
                        ("Kết quả", 25, "right"),
                    ],
                    rows=[
                        [str(i), label, value] for i, (label, value) in enumerate(figures, start=1)
                    ],
                )
            )
        blocks.append(
            Para(f"Các nội dung khác (đơn vị bổ sung): {BLANK}", indent=False, align="left")
        )
        history = list(
            awards_of(person=n.person) if n.person_id else awards_of(unit=n.nominee_unit)
        )
        blocks.append(
            Para("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, indent=False, align="left")
        )
        if history:
            blocks.append(
                Table(
                    columns=[
                        ("Năm", 12, "center"),
                        ("Hình thức khen thưởng", 48, "left"),
                        ("Số, ngày quyết định", 40, "left"),
                    ],
                    rows=[
                        [
                            str(line.decision.issue_year or ""),
                            line.decision.form.name,
                            f"{line.decision.number_text}, {line.decision.date_text}",
                        ]
                        for line in history
                    ],
                )
            )
        else:
            blocks.append(Para(f"{BLANK}", indent=False, align="left"))
        blocks.append(Closing([], ["THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN"], ""))
    return Paper(
        header=_unit_header(dossier.unit),
        doc_type="BÁO CÁO",
        title="Thành tích đề nghị khen thưởng",
        blocks=blocks,
        filename=_dossier_filename("bao-cao-thanh-tich", dossier),
    )


def appraiser_letter(round_, form):
    """The appraiser's letter to the approver with the consolidated proposed list of `form`."""
    campaign = round_.campaign
    body = campaign.issuing_body
    appraisers = _role_units(body, Role.APPRAISER)
    appraiser = appraisers[0] if appraisers else body
    proposed = list(
        Nomination.objects.filter(dossier__round=round_, form=form, appraisal=Appraisal.PROPOSE)
        .select_related("person__unit", "nominee_unit", "dossier__unit")
        .order_by("nominee_kind", "dossier__unit__path", "order", "pk")
    )
    decider = form.decider or f"Chủ tịch {body.name}"
    units = sorted({n.dossier.unit.name for n in proposed})
    blocks = [
        Para(f"Kính gửi: {decider}.", align="center", space_before=6),
        Para(_plan_basis(campaign), italic=True),
        Para(
            f"Căn cứ hồ sơ đề nghị của {len(units):02d} đơn vị ({'; '.join(units) or '…'});",
            italic=True,
        ),
        Para(
            f"Qua thẩm định, {appraiser.name} kính trình {decider} xem xét, tặng {form.name} cho "
            f"{_counts(proposed)} đã có thành tích trong {_campaign_phrase(campaign)} "
            "(có danh sách kèm theo)."
        ),
        Table(
            columns=[
                ("STT", 7, "center"),
                ("Tên tập thể, họ và tên", 33, "left"),
                ("Chức vụ, đơn vị", 32, "left"),
                ("Đơn vị đề nghị", 28, "left"),
            ],
            rows=[
                [str(i), n.nominee_name, _post(n), n.dossier.unit.name]
                for i, n in enumerate(proposed, start=1)
            ],
        ),
        Para(f"{appraiser.name} kính trình {decider} xem xét, quyết định./."),
        Closing(["Như trên;", "Lưu: VT."], ["TRƯỞNG PHÒNG"], ""),
    ]
    return Paper(
        header=_unit_header(appraiser),
        doc_type="TỜ TRÌNH",
        title=f"V/v đề nghị tặng {form.name} trong {_campaign_phrase(campaign)}",
        blocks=blocks,
        filename=f"to-trinh-tham-dinh-{name_part(form.name, 50)}-{name_part(round_.label, 50)}",
    )
