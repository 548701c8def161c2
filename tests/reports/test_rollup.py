"""The roll-up through the levels: a district's consolidated report, once sent, is what the
province sees for that district, side by side with the others, and what the province
compiles its own report from (reports.rollup)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import Notification, TransitionLog
from core.services import WorkflowError
from reports import rollup, services
from reports.documents import render_consolidated_report_pdf
from reports.enums import Attainment, ConsolidatedState, ParticipantMode, SubmissionState
from reports.models import IndicatorValue
from reports.selectors import reports_due_for
from tests.factories.reports import (
    FULL,
    RATE,
    SIGNED,
    WEBSITE,
    make_obligation,
    make_submission,
    report_campaign,
)
from tests.factories.units import make_unit, make_user
from units.enums import Role, UnitKind, UnitLevel

YEAR = 2026
AT = timezone.make_aware(datetime.datetime(2026, 11, 10, 9))
NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9))


def _district(province, name, rates):
    """A district under `province` with its office, its communes reporting `rates`, its
    obligation and its office's compiled consolidated report (draft)."""
    body = make_unit(
        parent=province, name=name, kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )
    office_unit = make_unit(
        parent=body, name=f"Phòng VH&TT {name}", kind=UnitKind.OFFICE, level=UnitLevel.DISTRICT
    )
    office = make_user(unit=office_unit, roles=[Role.CAMPAIGN_OFFICE], body=body)
    obligation = make_obligation(
        report_campaign(body),
        participant_mode=ParticipantMode.KINDS,
        unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
    )
    for number, rate in enumerate(rates, start=1):
        commune = make_unit(parent=body, name=f"UBND xã {name} {number}")
        make_submission(
            obligation,
            commune,
            state=SubmissionState.SUBMITTED,
            submitted_at=AT,
            values={**FULL, RATE: rate},
        )
    report = services.compile_consolidated(obligation, YEAR, by=office, now=AT)
    return body, office, obligation, report


@pytest.fixture
def province(db):
    return make_unit(name="Tỉnh Thử", kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE)


@pytest.fixture
def province_office(province):
    unit = make_unit(
        parent=province,
        name="Ban Thi đua - Khen thưởng tỉnh",
        kind=UnitKind.OFFICE,
        level=UnitLevel.PROVINCE,
    )
    return make_user(unit=unit, roles=[Role.CAMPAIGN_OFFICE], body=province)


@pytest.fixture
def upper(province):
    """The province's roll-up obligation: its districts (people's committees) report."""
    return make_obligation(
        report_campaign(province),
        participant_mode=ParticipantMode.KINDS,
        unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
        rolls_up=True,
    )


@pytest.fixture
def world(province, province_office, upper):
    a = _district(province, "UBND huyện An", [62, 80])  # mean 71 over 2 communes
    b = _district(province, "UBND huyện Bình", [50])
    c = make_unit(  # a third district that sends nothing
        parent=province,
        name="UBND huyện Chưa",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.DISTRICT,
    )
    for _body, office, obligation, _report in (a, b):
        services.link_upper_obligation(obligation, upper, by=office)
    return {"a": a, "b": b, "c": c}


def _send(district):
    _body, office, _obligation, report = district
    return services.send_consolidated(report, by=office, now=AT)


# --- linking and sending ------------------------------------------------------------------


def test_linking_matches_indicators_by_wording_with_history(world, upper):
    _body, office, obligation, _report = world["a"]
    uppers = {i.label: i.pk for i in upper.indicators.all()}
    assert {i.label: i.upper_indicator_id for i in obligation.indicators.all()} == uppers
    log = TransitionLog.objects.for_object(obligation).get(action="link_upper")
    assert log.actor == office
    assert "3/3 chỉ số khớp" in log.data["summary"]


def test_only_a_roll_up_obligation_above_may_be_linked(world, province, upper):
    _body, office, obligation, _report = world["a"]
    _b_body, _b_office, other, _b_report = world["b"]
    assert list(services.upper_obligation_choices(obligation)) == [upper]
    with pytest.raises(WorkflowError):  # a sibling's obligation is not above
        services.link_upper_obligation(obligation, other, by=office)
    with pytest.raises(PermissionDenied):  # another district's office
        services.link_upper_obligation(obligation, upper, by=world["b"][1])


def test_sending_needs_a_link(province):
    _body, office, obligation, report = _district(province, "UBND huyện Lẻ", [60])
    with pytest.raises(WorkflowError, match="Chưa gắn yêu cầu báo cáo của cấp trên"):
        services.send_consolidated(report, by=office)


def test_send_moves_state_writes_history_and_tells_the_upper_office(
    world, province_office, django_capture_on_commit_callbacks
):
    _body, office, _obligation, report = world["a"]
    with django_capture_on_commit_callbacks(execute=True):
        _send(world["a"])
    report.refresh_from_db()
    assert report.state == ConsolidatedState.SENT and report.sent_by == office
    log = TransitionLog.objects.for_object(report).get(action="send")
    assert (log.from_state, log.to_state, log.actor) == ("draft", "sent", office)
    note = Notification.objects.get(recipient=province_office, event="consolidated_sent")
    assert "UBND huyện An" in note.title
    assert reverse("reports:rollup", args=[report.obligation.upper_obligation_id]) in note.link


def test_what_the_province_reads_is_the_copy_sent(world, upper, province_office):
    _send(world["a"])
    _body, office, obligation, report = world["a"]
    # The district goes on working: a commune's figure changes, the office recompiles and
    # rewrites a paragraph. The province still reads what was sent.
    IndicatorValue.objects.filter(submission__obligation=obligation, indicator__label=RATE).update(
        value=Decimal("90")
    )
    services.recompile_consolidated(report, by=office)
    report.sections.filter(key="limits").update(body="Viết lại sau khi gửi.")
    report.refresh_from_db()
    assert report.changed_since_sent
    rate = next(r for r in rollup.side_by_side(upper, YEAR).rows if r.indicator.label == RATE)
    assert rate.cells[0].value == Decimal("71")
    # Sent again: the province reads the new copy, the history says it was a resending.
    services.send_consolidated(report, by=office)
    report.refresh_from_db()
    assert not report.changed_since_sent
    rate = next(r for r in rollup.side_by_side(upper, YEAR).rows if r.indicator.label == RATE)
    assert rate.cells[0].value == Decimal("90")
    resent = TransitionLog.objects.for_object(report).filter(action="send").order_by("pk")
    assert [log.data.get("resent", False) for log in resent] == [False, True]
    snapshot = rollup.rollup_snapshot(upper, YEAR)
    limits = next(n for n in snapshot["narrative"] if n["title"].startswith("Tồn tại"))
    assert limits["items"] == [["UBND huyện An", "Viết lại sau khi gửi."]]


def test_the_upper_office_returns_with_a_reason(world, province_office):
    _send(world["a"])
    _body, office, _obligation, report = world["a"]
    with pytest.raises(PermissionDenied):  # a district office cannot return its own report
        services.return_consolidated(report, by=office, reason="x")
    with pytest.raises(WorkflowError, match="lý do"):
        services.return_consolidated(report, by=province_office, reason="")
    services.return_consolidated(report, by=province_office, reason="Thiếu số liệu xã.")
    report.refresh_from_db()
    assert report.state == ConsolidatedState.RETURNED
    services.send_consolidated(report, by=office)
    assert report.state == ConsolidatedState.SENT


def test_only_the_bodys_own_office_sends(world, province_office):
    report = world["a"][3]
    with pytest.raises(PermissionDenied):  # the province office manages below, but sends not
        services.send_consolidated(report, by=province_office)
    with pytest.raises(PermissionDenied):
        services.send_consolidated(report, by=world["b"][1])


# --- the side-by-side figures ---------------------------------------------------------------


def test_side_by_side_shows_each_sent_district_and_who_has_not_sent(world, upper):
    _send(world["a"])
    board = rollup.side_by_side(upper, YEAR)
    names = [b.unit.name for b in board.bodies]
    assert names == ["UBND huyện An", "UBND huyện Bình", "UBND huyện Chưa"]
    assert [b.unit.name for b in board.not_sent] == ["UBND huyện Bình", "UBND huyện Chưa"]
    rate = next(row for row in board.rows if row.indicator.label == RATE)
    an, binh, chua = rate.cells
    assert an.value == Decimal("71") and an.text == "71%"
    assert an.denominator_text == "2/2 đơn vị có số liệu"
    assert an.attainment == Attainment.NOT_MET  # district threshold ≥ 75%
    assert binh.value is None and chua.value is None  # B compiled but did not send
    website = next(row for row in board.rows if row.indicator.label == WEBSITE)
    assert website.cells[0].text == "có: 2/2 đơn vị"
    assert website.cells[0].attainment == Attainment.MET


def test_the_province_reads_the_sent_snapshot_not_the_communes_submissions(world, upper):
    _send(world["a"])
    # A commune's raw value changes after the district sent: the province still sees
    # what the district sent.
    IndicatorValue.objects.filter(
        submission__obligation=world["a"][2], indicator__label=RATE
    ).update(value=Decimal("100"))
    rate = next(r for r in rollup.side_by_side(upper, YEAR).rows if r.indicator.label == RATE)
    assert rate.cells[0].value == Decimal("71")


def test_province_compiles_from_the_districts_without_retyping(world, upper, province_office):
    _send(world["a"])
    _send(world["b"])
    report = services.compile_consolidated(upper, YEAR, by=province_office, now=NOW)
    snapshot = report.snapshot
    assert snapshot["rollup"] is True
    assert snapshot["participation"]["missing"] == ["UBND huyện Chưa"]
    assert len(snapshot["participation"]["on_time"]) == 2
    rate = next(i for i in snapshot["indicators"] if i["label"] == RATE)
    # Mean weighted by the communes that reported: (62 + 80 + 50) / 3 = 64.
    assert Decimal(rate["figure"]) == Decimal("64")
    assert (rate["reported"], rate["required"]) == (2, 3)
    assert (rate["units_reported"], rate["units_required"]) == (3, 3)
    signed = next(i for i in snapshot["indicators"] if i["label"] == SIGNED)
    assert signed["figure_text"] == "bình quân 100%"
    website = next(i for i in snapshot["indicators"] if i["label"] == WEBSITE)
    assert website["figure_text"] == "có: 3/3 đơn vị"
    assert [u["values"][0] for u in snapshot["units"]] == ["71% (2/2)", "50% (1/1)", ""]
    # The districts' written synthesis feeds the province's, by district.
    results = report.sections.get(key="results").body
    assert "- UBND huyện An:" in results and "- UBND huyện Bình:" in results
    history = TransitionLog.objects.for_object(report).get(action="compile")
    assert history.actor == province_office


def test_the_provinces_pdf_holds_each_districts_figures(world, upper, province_office):
    _send(world["a"])
    _send(world["b"])
    report = services.compile_consolidated(upper, YEAR, by=province_office, now=NOW)
    reader = PdfReader(io.BytesIO(render_consolidated_report_pdf(report)))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "có 2/3 cơ quan cấp dưới gửi báo cáo tổng hợp lên" in text
    assert "UBND huyện Chưa" in text
    assert "2/3 cơ quan cấp dưới có số liệu; 3/3 đơn vị cơ sở có số liệu" in text
    assert "71% (2/2)" in text and "50% (1/1)" in text


def test_a_district_returned_drops_out_of_the_next_compilation(world, upper, province_office):
    _send(world["a"])
    _send(world["b"])
    report = services.compile_consolidated(upper, YEAR, by=province_office, now=NOW)
    services.return_consolidated(world["b"][3], by=province_office, reason="Sai số liệu.")
    result = services.recompile_consolidated(report, by=province_office)
    report.refresh_from_db()
    assert report.snapshot["participation"]["returned"] == ["UBND huyện Bình"]
    assert any("gửi báo cáo" in what for what, _b, _a in result["figures"])


def test_units_are_not_asked_to_fill_a_roll_up_obligation(world, upper, province):
    staff = make_user(unit=world["c"], roles=[Role.UNIT_STAFF])
    assert [row.obligation for row in reports_due_for(staff)] == []
    with pytest.raises(WorkflowError):
        services.start_submission(upper, unit=world["c"], year=YEAR, by=staff)


# --- the pages --------------------------------------------------------------------------


def test_province_office_sees_the_districts_side_by_side(client, world, upper, province_office):
    _send(world["a"])
    client.force_login(province_office)
    response = client.get(reverse("reports:rollup", args=[upper.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "UBND huyện An" in html and "71%" in html and "2/2 đơn vị có số liệu" in html
    assert "Chưa gửi" in html and "UBND huyện Chưa" in html
    # The dashboard of a roll-up obligation is this page.
    dashboard = client.get(reverse("reports:dashboard", args=[upper.pk]))
    assert dashboard.status_code == 302 and "/cap-duoi/" in dashboard["Location"]
    # The sent report opens as PDF for the province office.
    pdf = client.get(reverse("reports:consolidated_download", args=[world["a"][3].pk, "pdf"]))
    assert pdf.status_code == 200


def test_a_district_office_never_sees_the_province_page_nor_another_district(client, world, upper):
    _send(world["a"])
    _send(world["b"])
    client.force_login(world["b"][1])
    assert client.get(reverse("reports:rollup", args=[upper.pk])).status_code == 404
    a_report = world["a"][3]
    for url in (
        reverse("reports:consolidated_download", args=[a_report.pk, "pdf"]),
        reverse("reports:consolidated_update", args=[a_report.pk]),
    ):
        assert client.get(url).status_code == 404
    url = reverse("reports:consolidated_transition", args=[a_report.pk, "return"])
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_another_province_gets_404(client, world, upper):
    other = make_unit(name="Tỉnh Khác", kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE)
    stranger = make_user(unit=other, roles=[Role.CAMPAIGN_OFFICE])
    _send(world["a"])
    client.force_login(stranger)
    assert client.get(reverse("reports:rollup", args=[upper.pk])).status_code == 404
    pdf = reverse("reports:consolidated_download", args=[world["a"][3].pk, "pdf"])
    assert client.get(pdf).status_code == 404


def test_send_and_return_through_the_pages(client, world, upper, province_office):
    _body, office, _obligation, report = world["a"]
    client.force_login(office)
    page = client.get(reverse("reports:consolidated_update", args=[report.pk]))
    assert 'data-testid="send-consolidated"' in page.content.decode()
    client.post(reverse("reports:consolidated_transition", args=[report.pk, "send"]))
    report.refresh_from_db()
    assert report.state == ConsolidatedState.SENT
    page = client.get(reverse("reports:consolidated_update", args=[report.pk])).content.decode()
    assert "Gửi lại cấp trên" in page and 'data-testid="changed-since-sent"' not in page
    report.sections.filter(key="limits").update(body="Sửa sau khi gửi.")
    page = client.get(reverse("reports:consolidated_update", args=[report.pk])).content.decode()
    assert 'data-testid="changed-since-sent"' in page
    client.force_login(province_office)
    url = reverse("reports:consolidated_transition", args=[report.pk, "return"])
    response = client.post(url, {"reason": "Bổ sung số liệu xã."})
    assert response.status_code == 302 and "/cap-duoi/" in response["Location"]
    report.refresh_from_db()
    assert report.state == ConsolidatedState.RETURNED


def test_the_obligation_form_links_to_the_level_above(client, world, upper):
    _body, office, obligation, _report = world["a"]
    services.link_upper_obligation(obligation, None, by=office)
    client.force_login(office)
    url = reverse("reports:obligation_update", args=[obligation.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["upper_obligation"].queryset) == [upper]
    data = {
        "title": obligation.title,
        "late_policy": obligation.late_policy,
        "participant_mode": obligation.participant_mode,
        "unit_kinds": obligation.unit_kinds,
        "reminder_offsets": "",
        "upper_obligation": upper.pk,
        "save": "1",
    }
    assert client.post(url, data).status_code == 302
    obligation.refresh_from_db()
    assert obligation.upper_obligation == upper
    assert obligation.indicators.filter(upper_indicator__isnull=False).count() == 3


def test_province_office_card_points_at_the_side_by_side_page(world, upper, province_office):
    from reports.dashboard import report_cards

    _send(world["a"])
    card = next(c for c in report_cards(province_office) if "cấp dưới" in c.title)
    assert card.count == 1
    assert card.url == reverse("reports:rollup", args=[upper.pk])


@pytest.mark.parametrize("bodies", [1, 20])
def test_side_by_side_page_queries_do_not_grow_with_bodies(
    client, province, province_office, upper, bodies
):
    for number in range(bodies):
        district = _district(province, f"UBND huyện {number:02d}", [60])
        services.link_upper_obligation(district[2], upper, by=district[1])
        _send(district)
    client.force_login(province_office)
    url = reverse("reports:rollup", args=[upper.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(response.context["board"].sent) == bodies
    assert len(queries) == ROLLUP_PAGE_QUERIES, [q["sql"][:150] for q in queries]


ROLLUP_PAGE_QUERIES = 11


def test_the_reminder_sweep_leaves_roll_up_obligations_alone(world, upper):
    from reports.reminders import open_report_obligations

    owed = list(open_report_obligations(datetime.date(2026, 11, 14)))
    assert [o.key for o in owed if o.key.startswith(f"report:{upper.pk}:")] == []
