"""The reminder sweep and the roll-up: a lower body whose consolidated report is not sent up
to the province's roll-up obligation is reminded through its own campaign office, once per
offset (core.reminders keys); one that has sent is left alone; after the deadline the
province office's digest names the bodies that have not sent. Queries do not grow with the
number of bodies."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import EmailOutbox, Notification
from core.reminders import days_left_words, send_reminders, vietnam_today
from reports import services
from reports.enums import ConsolidatedState, ParticipantMode, SubmissionState
from reports.models import ReportObligation
from tests.factories.reports import FULL, make_obligation, make_submission, report_campaign
from tests.factories.units import make_unit, make_user
from units.enums import Role, UnitKind, UnitLevel
from units.models import Unit

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2026
# The province's deadline: 00:00 15/11/2026, "hết ngày 14/11/2026" (a Saturday): the
# 3-day reminder goes out on Wednesday 11/11, the last one on Friday 13/11.
REMIND_DAY = D(2026, 11, 11)
AFTER = D(2026, 11, 16)
# The districts' own deadline for their communes, a month before the province's.
DISTRICT_DUE = "2026-10-15T00:00:00+07:00"


def _office(body, name):
    unit = make_unit(parent=body, name=name, kind=UnitKind.OFFICE, level=body.level)
    return make_user(
        unit=unit,
        roles=[Role.CAMPAIGN_OFFICE],
        body=body,
        email=f"vp{body.pk}@example.vn",
    )


def district(province, name, *, linked=None, compiled=True, commune=True):
    """A district under `province` with its office; with `linked`, its own obligation linked
    to that roll-up one and, with `compiled`, its consolidated report (a draft)."""
    body = make_unit(
        parent=province, name=name, kind=UnitKind.PEOPLES_COMMITTEE, level=UnitLevel.DISTRICT
    )
    office = _office(body, f"Phòng VH&TT {name}")
    report = None
    if linked is not None:
        obligation = make_obligation(
            report_campaign(body, due_at=DISTRICT_DUE),
            participant_mode=ParticipantMode.KINDS,
            unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
        )
        if commune:
            make_submission(
                obligation,
                make_unit(parent=body, name=f"UBND xã của {name}"),
                year=YEAR,
                state=SubmissionState.SUBMITTED,
                values=FULL,
            )
        services.link_upper_obligation(obligation, linked, by=office)
        if compiled:
            report = services.compile_consolidated(obligation, YEAR, by=office)
    return body, office, report


@pytest.fixture
def province():
    return make_unit(name="Tỉnh Thử", kind=UnitKind.PROVINCE, level=UnitLevel.PROVINCE)


@pytest.fixture
def province_office(province):
    return _office(province, "Ban Thi đua - Khen thưởng tỉnh")


@pytest.fixture
def upper(province):
    return make_obligation(
        report_campaign(province),
        participant_mode=ParticipantMode.KINDS,
        unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
        rolls_up=True,
    )


@pytest.fixture
def world(province, province_office, upper):
    """An: compiled, not sent. Bình: sent. Cẩm: sent, returned by the province. Chưa: no
    obligation linked yet."""
    an = district(province, "UBND huyện An", linked=upper)
    binh = district(province, "UBND huyện Bình", linked=upper)
    services.send_consolidated(binh[2], by=binh[1])
    cam = district(province, "UBND huyện Cẩm", linked=upper)
    services.send_consolidated(cam[2], by=cam[1])
    services.return_consolidated(cam[2], by=province_office, reason="Thiếu số liệu xã.")
    chua = district(province, "UBND huyện Chưa")
    return {"an": an, "binh": binh, "cam": cam, "chua": chua}


def sweep(today, capture):
    with capture(execute=True):
        return send_reminders(today)


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_each_district_that_has_not_sent_is_reminded_once_per_window(
    client, world, upper, django_capture_on_commit_callbacks
):
    an_office, binh_office = world["an"][1], world["binh"][1]
    cam_office, chua_office = world["cam"][1], world["chua"][1]
    mail.outbox.clear()
    sweep(REMIND_DAY, django_capture_on_commit_callbacks)

    [letter] = mails_to(an_office)
    what = f"báo cáo tổng hợp «{upper.title}» năm 2026"
    assert letter.subject == (
        f"[Thi đua] Nhắc gửi {what} lên cấp trên: hạn hết ngày 14/11/2026 (còn 3 ngày)"
    )
    assert f"UBND huyện An chưa gửi {what} lên Tỉnh Thử" in letter.body
    assert "Hạn gửi: hết ngày 14/11/2026 (còn 3 ngày)." in letter.body
    # The link is the page where the office sends its report ("Gửi cấp trên").
    send_page = reverse("reports:consolidated_update", args=[world["an"][2].pk])
    assert f"Lập, gửi cấp trên tại: http://127.0.0.1:8000{send_page}" in letter.body
    note = Notification.objects.get(recipient=an_office, event="reminder")
    assert (
        note.key
        == f"reminder:rollup:{upper.pk}:{world['an'][0].pk}:2026:3:2026-11-14:{an_office.pk}"
    )
    assert note.link == send_page and note.unit_id == world["an"][0].pk
    client.force_login(an_office)
    page = client.get(send_page).content.decode()
    assert 'data-testid="send-consolidated"' in page
    # The page says the province's deadline as the reminder does.
    assert "Hạn gửi: hết ngày 14/11/2026" in page

    assert mails_to(binh_office) == []  # sent: nothing
    [returned] = mails_to(cam_office)
    assert returned.subject.startswith(f"[Thi đua] Nhắc gửi lại {what} lên cấp trên")
    assert f"Tỉnh Thử đã trả lại {what} của UBND huyện Cẩm" in returned.body
    assert reverse("reports:consolidated_update", args=[world["cam"][2].pk]) in returned.body
    [unlinked] = mails_to(chua_office)  # no obligation linked: its list of reports
    assert "http://127.0.0.1:8000/bao-cao/\n" in unlinked.body + "\n"
    # Units are never asked to fill the roll-up obligation; the province office is not
    # reminded (the districts owe it, it does not).
    assert not Notification.objects.filter(key__startswith=f"reminder:report:{upper.pk}:").exists()

    # Again the same day and the next day: nothing new, in-app or e-mail.
    before = (Notification.objects.count(), EmailOutbox.objects.count(), len(mail.outbox))
    assert before[0] == 3
    sweep(REMIND_DAY, django_capture_on_commit_callbacks)
    sweep(REMIND_DAY + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert (Notification.objects.count(), EmailOutbox.objects.count(), len(mail.outbox)) == before

    # Friday 13/11: the last reminder (Saturday 14/11 is not a working day), once.
    sweep(D(2026, 11, 13), django_capture_on_commit_callbacks)
    sweep(D(2026, 11, 13), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=an_office).count() == 2


def test_a_district_that_sends_is_reminded_no_more(
    world, upper, django_capture_on_commit_callbacks
):
    _body, an_office, report = world["an"]
    services.send_consolidated(report, by=an_office)
    sweep(REMIND_DAY, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=an_office).exists()
    assert Notification.objects.filter(event="reminder").count() == 2  # Cẩm, Chưa


def test_a_district_that_has_compiled_nothing_is_sent_to_its_dashboard(
    province, upper, django_capture_on_commit_callbacks
):
    body, office, _report = district(province, "UBND huyện Mới", linked=upper, compiled=False)
    obligation = ReportObligation.objects.get(upper_obligation=upper)
    sweep(REMIND_DAY, django_capture_on_commit_callbacks)
    note = Notification.objects.get(recipient=office, event="reminder")
    assert note.link == f"{reverse('reports:dashboard', args=[obligation.pk])}?nam=2026"
    assert note.unit_id == body.pk


def test_a_district_without_an_office_account_is_skipped(
    province, upper, django_capture_on_commit_callbacks
):
    make_unit(
        parent=province,
        name="UBND huyện Vắng",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.DISTRICT,
    )
    assert sweep(REMIND_DAY, django_capture_on_commit_callbacks) == (0, 0)


def test_after_the_deadline_the_province_digest_names_the_districts_not_sent(
    world, upper, province_office, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    assert sweep(AFTER, django_capture_on_commit_callbacks) == (0, 1)
    sweep(AFTER, django_capture_on_commit_callbacks)  # once a day
    [digest] = mails_to(province_office)
    assert digest.subject == "[Thi đua] Ngày 16/11/2026: 3 việc của đơn vị đã quá hạn"
    assert (
        f"- Báo cáo tổng hợp «{upper.title}» năm 2026, hạn hết ngày 14/11/2026 "
        "(đã quá hạn 2 ngày): 3 cơ quan cấp dưới chưa gửi: "
        "UBND huyện An, UBND huyện Cẩm, UBND huyện Chưa."
    ) in digest.body
    assert "UBND huyện Bình" not in digest.body
    assert f"Xem: http://127.0.0.1:8000/bao-cao/{upper.pk}/cap-duoi/?nam=2026" in digest.body
    note = Notification.objects.get(recipient=province_office)
    assert note.key == f"digest:{upper.campaign.issuing_body_id}:2026-11-16:{province_office.pk}"
    # After the last day the districts' offices get no more reminders of it.
    assert not Notification.objects.filter(event="reminder").exists()


def test_a_district_report_returned_after_it_was_sent_is_reminded_again(
    world, upper, province_office, django_capture_on_commit_callbacks
):
    _body, binh_office, report = world["binh"]
    sweep(REMIND_DAY, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=binh_office).exists()
    services.return_consolidated(report, by=province_office, reason="Sai số liệu.")
    report.refresh_from_db()
    assert report.state == ConsolidatedState.RETURNED
    sweep(REMIND_DAY, django_capture_on_commit_callbacks)
    note = Notification.objects.get(recipient=binh_office, event="reminder")
    assert note.title.startswith("Nhắc gửi lại báo cáo tổng hợp")


@pytest.mark.parametrize("bodies", [1, 20])
def test_the_sweeps_queries_do_not_grow_with_the_lower_bodies(
    province, province_office, upper, bodies, django_capture_on_commit_callbacks
):
    """Per sweep a fixed number of queries, whatever the number of districts: the
    reminders' day (each district with a draft, one with nothing linked) and the digest's
    day."""
    for number in range(bodies):
        district(province, f"UBND huyện {number:02d}", linked=upper, commune=False)
    district(province, "UBND huyện Chưa gắn")
    # Cached once per process: the reminders' target and the digest's.
    ContentType.objects.get_for_models(ReportObligation, Unit)
    counts = []
    for today in (REMIND_DAY, AFTER):
        with django_capture_on_commit_callbacks(execute=False):
            with CaptureQueriesContext(connection) as queries:
                told, digests = send_reminders(today)
        counts.append(len(queries))
        if today == REMIND_DAY:
            assert told == bodies + 1
        else:
            assert (told, digests) == (0, 1)
    assert Notification.objects.filter(event="reminder").count() == bodies + 1
    assert counts == SWEEP_QUERIES, counts


SWEEP_QUERIES = [18, 11]


def test_the_side_by_side_page_says_the_deadline_as_the_reminders_do(
    client, world, upper, province_office
):
    # 00:00 15/11/2026 is "hết ngày 14/11/2026"; the page printed the instant's date.
    client.force_login(province_office)
    page = client.get(reverse("reports:rollup", args=[upper.pk])).content.decode()
    assert "Hạn gửi: hết ngày 14/11/2026" in page
    assert "15/11/2026" not in page


# --- the district office's first page -------------------------------------------------------
# Its consolidated report due to go up and not sent yet: how many, the province's nearest
# deadline as offices write it, a link to where it sends. Queries do not grow with the
# obligations linked up.

UPWARD_TITLE = "Báo cáo tổng hợp chưa gửi lên cấp trên"


def _upward_card(client, user):
    client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    return next((c for c in response.context["cards"] if c.title == UPWARD_TITLE), None), response


def test_a_district_not_sent_up_finds_it_on_its_first_page(client, world, upper):
    body, office, report = world["an"]

    card, response = _upward_card(client, office)

    assert card.count == 1
    assert card.url == reverse("reports:consolidated_update", args=[report.pk])
    deadline = upper.deadline_for(upper.current_year())
    left = days_left_words(deadline, vietnam_today())
    assert card.note == f"Hạn gần nhất: hết ngày 14/11/2026 ({left})"
    html = response.content.decode()
    assert f'data-testid="card-note">Hạn gần nhất: hết ngày 14/11/2026 ({left})<' in html
    assert f'href="{card.url}"' in html


def test_sent_returned_and_not_linked_districts(client, world, upper, province_office):
    # Sent: nothing left; returned by the province: to send again, on its report's page.
    sent, _response = _upward_card(client, world["binh"][1])
    assert (sent.count, sent.note) == (0, "")
    returned, _response = _upward_card(client, world["cam"][1])
    assert returned.count == 1
    assert returned.url == reverse("reports:consolidated_update", args=[world["cam"][2].pk])
    # No obligation linked up: no card; the province's office has its own card only.
    assert _upward_card(client, world["chua"][1])[0] is None
    assert _upward_card(client, province_office)[0] is None


def test_the_card_of_a_district_that_has_compiled_nothing_leads_to_its_dashboard(
    client, province, upper
):
    body, office, _report = district(province, "UBND huyện Dương", linked=upper, compiled=False)
    obligation = ReportObligation.objects.get(campaign__issuing_body=body)

    card, _response = _upward_card(client, office)

    assert card.count == 1
    assert card.url == f"{reverse('reports:dashboard', args=[obligation.pk])}?nam=2026"


def _link_more_up(body, office, upper, count):
    for _index in range(count):
        obligation = make_obligation(
            report_campaign(body),
            participant_mode=ParticipantMode.KINDS,
            unit_kinds=[UnitKind.PEOPLES_COMMITTEE],
        )
        services.link_upper_obligation(obligation, upper, by=office)


def test_the_first_page_queries_do_not_grow_with_obligations_linked_up(
    client, province, upper, django_assert_num_queries
):
    body, office, _report = district(province, "UBND huyện An", linked=upper)
    client.force_login(office)
    client.get(reverse("core:dashboard"))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:dashboard"))
    _link_more_up(body, office, upper, 4)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("core:dashboard"))

    card = next(c for c in response.context["cards"] if c.title == UPWARD_TITLE)
    assert card.count == 5
    assert card.url == reverse("reports:report_list")
