"""The approval board: only the approver, office and appraiser of the issuing body open it;
columns, filters, pagination, a confirmation step with the quotas after, counters."""

import pytest
from django.urls import reverse

from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier, Nomination
from tests.factories.awards import make_dossier, nominate, round_of
from tests.factories.units import make_person, make_unit


@pytest.fixture
def board(campaign, commune_a, commune_b):
    """Two appraised dossiers: A proposes 2 villages and 3 people, B one person (not proposed)."""
    dossier_a = make_dossier(campaign, commune_a)
    villages = [make_unit(parent=commune_a, name=f"Thôn {i}", kind="village") for i in range(2)]
    people = [make_person(unit=commune_a, full_name=f"Cán bộ {i}") for i in range(3)]
    for v in villages:
        nominate(dossier_a, unit=v, achievement_summary=f"Thành tích của {v.name}")
    for p in people:
        nominate(dossier_a, person=p)
    dossier_b = make_dossier(campaign, commune_b)
    nominate(dossier_b, person=make_person(unit=commune_b, full_name="Người xã B"))
    Dossier.objects.filter(pk__in=[dossier_a.pk, dossier_b.pk]).update(state=DossierState.APPRAISED)
    dossier_a.nominations.update(appraisal=Appraisal.PROPOSE, appraisal_note="Đủ tiêu chuẩn")
    dossier_b.nominations.update(appraisal=Appraisal.NOT_PROPOSE, appraisal_note="Thiếu minh chứng")
    return round_of(campaign)


def url(round_, **params):
    base = reverse("awards:approval", args=[round_.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize("who", ["unit_staff_a", "unit_staff_b", "other_office"])
def test_unit_staff_and_other_bodies_get_404(request, client, board, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(board)).status_code == 404
    assert client.post(url(board), {"action": "approve"}).status_code == 404


@pytest.mark.parametrize("who", ["approver", "campaign_office", "appraiser"])
def test_issuing_body_roles_open_it(request, client, board, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(board))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thành tích của Thôn 0" in html and "Đủ tiêu chuẩn" in html
    assert "Thiếu minh chứng" in html and "Không đề nghị" in html
    assert (
        reverse("awards:dossier_detail", args=[board.dossiers.get(unit__name="UBND xã An Hải").pk])
        in html
    )
    assert ('name="nomination"' in html) == (who == "approver")


def test_office_cannot_decide(client, board, campaign_office):
    client.force_login(campaign_office)
    ids = list(Nomination.objects.values_list("pk", flat=True))
    response = client.post(url(board), {"action": "approve", "nomination": ids, "confirmed": "1"})
    assert response.status_code == 403
    assert not Nomination.objects.filter(state=NominationState.APPROVED).exists()


def test_filters(client, board, approver):
    client.force_login(approver)
    rows = lambda **p: len(client.get(url(board, **p)).context["rows"])  # noqa: E731
    assert rows() == 6
    assert rows(kind="collective") == 2
    assert rows(opinion="not_propose") == 1
    assert rows(state="approved") == 0
    assert rows(form=board.forms.get().pk, kind="individual") == 4


def test_a_tampered_filter_is_ignored_not_an_error(client, board, approver):
    """'²' passes str.isdigit() but not int(); 10**20 overflows the database's integer."""
    client.force_login(approver)
    for value in ("²", "1" * 20, "-1", "1.234"):
        response = client.get(url(board, form=value))
        assert response.status_code == 200, value
        assert len(response.context["rows"]) == 6, value


def test_confirmation_lists_what_will_be_approved_and_the_quotas_after(client, board, approver):
    client.force_login(approver)
    collectives = list(Nomination.objects.filter(nominee_kind="collective"))
    ids = [n.pk for n in collectives]

    response = client.post(url(board), {"action": "approve", "nomination": ids})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thôn 0" in html and "Thôn 1" in html
    assert "Tập thể: 2 / 3" in html  # the campaign fixture: 3 collectives, 5 individuals
    assert not Nomination.objects.filter(state=NominationState.APPROVED).exists()

    response = client.post(url(board), {"action": "approve", "nomination": ids, "confirmed": "1"})
    assert response.status_code == 302
    assert Nomination.objects.filter(state=NominationState.APPROVED).count() == 2


def test_select_all_on_page_without_script(client, board, approver):
    client.force_login(approver)
    page_ids = list(
        Nomination.objects.filter(appraisal=Appraisal.PROPOSE).values_list("pk", flat=True)
    )
    response = client.post(
        url(board), {"action": "approve", "all_on_page": "1", "page_nomination": page_ids}
    )
    assert len(response.context["nominations"]) == 5


def test_counters_warn_when_proposals_exceed_places(client, campaign, board, approver):
    campaign.quota_set.update(max_individual=2)
    client.force_login(approver)
    html = client.get(url(board)).content.decode()
    assert 'data-testid="over-quota"' in html
    assert "đã phê duyệt 0, đang chờ 3 đề nghị; còn 2 chỉ tiêu" in html


def test_pagination_50_rows_a_page(client, campaign, commune_a, approver):
    dossier = make_dossier(campaign, commune_a)
    for i in range(60):
        nominate(dossier, person=make_person(unit=commune_a, full_name=f"Người {i:02d}"))
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.APPRAISED)
    dossier.nominations.update(appraisal=Appraisal.PROPOSE)
    client.force_login(approver)
    first = client.get(url(round_of(campaign)))
    assert len(first.context["rows"]) == 50
    assert len(client.get(url(round_of(campaign), page=2)).context["rows"]) == 10


def test_rejection_reason_reaches_the_unit(client, board, approver, unit_staff_a):
    client.force_login(approver)
    nomination = Nomination.objects.filter(nominee_kind="collective").first()
    client.post(
        url(board),
        {
            "action": "reject",
            "nomination": [nomination.pk],
            "confirmed": "1",
            "reason": "Thành tích chưa tiêu biểu.",
        },
    )
    nomination.refresh_from_db()
    assert nomination.state == NominationState.REJECTED
    client.force_login(unit_staff_a)
    html = client.get(
        reverse("awards:dossier_detail", args=[nomination.dossier_id])
    ).content.decode()
    assert "Thành tích chưa tiêu biểu." in html


def test_the_round_s_excel_is_named_by_the_round_never_its_id(client, board, approver):
    from campaigns.models import AwardRound

    client.force_login(approver)
    AwardRound.objects.filter(pk=board.pk).update(label="Sơ kết giữa kỳ (Đợt 1)", year=2026)
    response = client.get(url(board, xuat="excel"))
    assert response["Content-Disposition"] == (
        'attachment; filename="de-nghi-khen-thuong-so-ket-giua-ky-dot-1-2026.xlsx"'
    )
    AwardRound.objects.filter(pk=board.pk).update(label="Tổng kết năm 2026")
    response = client.get(url(board, xuat="excel"))
    assert response["Content-Disposition"] == (
        'attachment; filename="de-nghi-khen-thuong-tong-ket-nam-2026.xlsx"'
    )


@pytest.mark.parametrize("who", ["approver", "campaign_office", "appraiser"])
def test_the_round_s_nominations_as_excel(request, client, board, who, commune_a):
    import io

    from openpyxl import load_workbook

    # A draft dossier's proposal is the unit's own until it is sent: not listed.
    draft = make_dossier(board.campaign, make_unit(parent=commune_a, name="Thôn nháp"))
    nominate(draft, person=make_person(unit=commune_a, full_name="Người chưa gửi"))
    Nomination.objects.filter(person__full_name="Người xã B").update(appraisal_note="=1+1")
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(board, xuat="excel"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "STT"))
    body = rows[header + 1 :]
    assert len(body) == 6
    names = {r[2]: r for r in body}
    assert "Người chưa gửi" not in names
    village = names["Thôn 0"]
    assert village[4] == "UBND xã An Hải" and village[5] == "Đã thẩm định"
    assert village[6] == "Thành tích của Thôn 0"
    assert village[8] == "Đề nghị khen thưởng" and village[10] == "Đề nghị"
    other = names["Người xã B"]
    assert other[8] == "Không đề nghị"
    assert other[9] == "=1+1"  # text, never a formula
    assert (
        sheet.cell(row=header + 1 + list(names).index("Người xã B") + 1, column=10).data_type == "s"
    )


@pytest.mark.parametrize("who", ["unit_staff_a", "other_office"])
def test_the_excel_is_404_for_others(request, client, board, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(board, xuat="excel")).status_code == 404


def test_pages_follow_the_board_order(campaign, commune_a, commune_b):
    """The rows' count and each page come from the round's tally (selectors.BoardRows):
    every page, of any size and filter, is the slice of the board's order."""
    from django.core.paginator import Paginator

    from awards.checks import QuotaTally
    from awards.selectors import BoardRows, board_nominations

    round_ = round_of(campaign)
    giay_khen = round_.forms.get()
    bang_khen = campaign.awardform_set.create(
        local_id="bk", name="Bằng khen", authority=giay_khen.authority, order=0
    )
    round_.forms.add(bang_khen)
    for unit in (commune_b, commune_a):
        dossier = make_dossier(campaign, unit, state=DossierState.APPRAISED)
        for i in range(3):
            village = make_unit(parent=unit, kind="village")
            form = bang_khen if i == 1 else giay_khen
            nominate(dossier, unit=village, form=form, appraisal=Appraisal.PROPOSE)
            opinion = Appraisal.NOT_PROPOSE if i == 2 else Appraisal.PROPOSE
            nominate(dossier, person=make_person(unit=unit), form=form, appraisal=opinion)
        nominate(dossier, person=make_person(unit=unit), form=giay_khen)  # not appraised
    draft = make_dossier(campaign, make_unit(parent=commune_a, kind="village"))
    nominate(draft, person=make_person(unit=commune_a), form=giay_khen, appraisal="propose")
    Nomination.objects.filter(pk=Nomination.objects.order_by("pk").first().pk).update(
        state=NominationState.APPROVED
    )
    tally = QuotaTally(round_, places=list(round_.forms.all()))
    for params in (
        {},
        {"kind": "individual"},
        {"opinion": "propose"},
        {"state": "approved"},
        {"form": str(bang_khen.pk), "kind": "collective"},
    ):
        expected = list(board_nominations(round_, **params).values_list("pk", flat=True))
        board = BoardRows(round_, tally, **params)
        assert len(board) == len(expected)
        for size in (1, 2, 3, 5, 50):
            pages = Paginator(board, size)
            got = [row.pk for n in pages.page_range for row in pages.page(n).object_list]
            assert got == expected, (params, size)
    assert len(BoardRows(round_, tally)) == 12


def test_row_ids_are_printed_as_they_are():
    """A template prints 12345 as '12.345' (thousand separator): the board's checkboxes
    and links print ids as the POST and the URL read them."""
    from awards.selectors import BoardRow
    from awards.templatetags.awards_board import board_rows

    row = BoardRow(
        *(12345, 6789, 1, "individual", None, 7, "", False, "Thành tích", "proposed"),
        *("propose", "", "Giấy khen", "decided_here", "Nguyễn Văn A", None, "UBND xã", False),
    )
    html = board_rows([row], True)
    assert 'name="nomination" value="12345"' in html
    assert 'name="page_nomination" value="12345"' in html
    assert reverse("awards:dossier_detail", args=[6789]) in html
    assert "Nguyễn Văn A" in html


def test_ids_from_1000_up_go_through_the_board_and_the_confirmation(
    client, campaign, commune_a, approver
):
    """Ids are printed without thousand separators ('12.345' would not be read back)."""
    dossier = make_dossier(campaign, commune_a, state=DossierState.APPRAISED)
    person = make_person(unit=commune_a, full_name="Người số lớn")
    nominate(dossier, person=person, appraisal=Appraisal.PROPOSE, pk=12345)
    client.force_login(approver)
    board = client.get(url(round_of(campaign))).content.decode()
    assert 'name="nomination" value="12345"' in board
    response = client.post(url(round_of(campaign)), {"action": "approve", "nomination": "12345"})
    assert 'name="nomination" value="12345"' in response.content.decode()
    client.post(
        url(round_of(campaign)), {"action": "approve", "nomination": "12345", "confirmed": "1"}
    )
    assert Nomination.objects.get(pk=12345).state == NominationState.APPROVED
