import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import TransitionLog
from decisions import services
from decisions.enums import DecisionState
from decisions.models import Decision
from tests.decisions.conftest import approved_nominations
from tests.decisions.helpers import pdf_text, word_text

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 0))


def login(client, user):
    client.force_login(user)
    return client


def test_office_drafts_from_the_round_page(
    client, award_round, award_form, nominations, campaign_office
):
    login(client, campaign_office)
    url = reverse("decisions:decision_draft", args=[award_round.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Nguyễn Văn Bình 1" in page.content.decode()
    response = client.post(
        url, {"form": award_form.pk, "nomination": [nominations[0].pk, nominations[2].pk]}
    )
    decision = Decision.objects.get()
    assert response.url == reverse("decisions:decision_detail", args=[decision.pk])
    assert decision.lines.count() == 2


def test_draft_page_is_404_for_others(
    client, award_round, nominations, approver, other_office, unit_staff_a
):
    url = reverse("decisions:decision_draft", args=[award_round.pk])
    for user in (approver, other_office, unit_staff_a):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 404


def test_edit_draft_keeps_typing_on_error_and_logs_changes(
    client, award_round, award_form, nominations, campaign_office
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    login(client, campaign_office)
    url = reverse("decisions:decision_detail", args=[decision.pk])
    data = {
        "form_type": "giay_khen",
        "issuing_body_line": "ỦY BAN NHÂN DÂN\nHUYỆN THỬ",
        "symbol": "QĐ-UBND",
        "place": "Thử",
        "title": "",
        "authority_line": decision.authority_line,
        "legal_basis": decision.legal_basis,
        "reason": "Lý do mới đã gõ",
        "executors": decision.executors,
        "funding_source": "",
        "recipients": decision.recipients,
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Lý do mới đã gõ" in body and "Chưa nhập nội dung này." in body
    data["title"] = "Về việc tặng Giấy khen năm 2026"
    assert client.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert decision.title == "Về việc tặng Giấy khen năm 2026"
    edit = TransitionLog.objects.for_object(decision).get(action="edit")
    assert any(change[0] == "Trích yếu" for change in edit.data["changes"])


def test_approver_issues_and_documents_list_every_awardee(
    client, award_round, award_form, nominations, campaign_office, approver
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    login(client, approver)
    response = client.post(reverse("decisions:decision_transition", args=[decision.pk, "issue"]))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.ISSUED
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "1/QĐ-UBND" in page and "Đã ban hành" in page
    pdf = client.get(reverse("decisions:decision_document", args=[decision.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    docx = client.get(reverse("decisions:decision_document", args=[decision.pk, "docx"]))
    word = word_text(docx.content)
    names = [line.name for line in decision.lines.all()]
    assert len(names) == 5
    for document in (text, word):
        for name in names:
            assert name in document
        assert "Số: 1/QĐ-UBND" in document
        assert "I. TẬP THỂ" in document and "II. CÁ NHÂN" in document
        assert "1.410.000" in document and "710.000" in document
        assert "4.950.000" in document
        assert "Bốn triệu chín trăm năm mươi nghìn đồng" in document
        assert "Điều 1." in document and "Điều 3." in document


def test_docx_holds_every_printed_text(
    client, award_round, award_form, nominations, campaign_office, approver
):
    from decisions.documents import decision_paper
    from decisions.paper import render_paper_docx

    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver, now=NOW)
    decision.refresh_from_db()
    paper = decision_paper(decision)
    word = word_text(render_paper_docx(paper))
    for text in paper.texts():
        assert " ".join(text.split()) in word


def test_decision_pages_are_404_outside_scope(
    client, award_round, award_form, nominations, campaign_office, other_office, unit_staff_a
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    urls = [
        reverse("decisions:decision_detail", args=[decision.pk]),
        reverse("decisions:decision_history", args=[decision.pk]),
        reverse("decisions:decision_document", args=[decision.pk, "pdf"]),
    ]
    for user in (other_office, unit_staff_a):
        client.logout()
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert (
            client.post(
                reverse("decisions:decision_transition", args=[decision.pk, "issue"])
            ).status_code
            == 404
        )


def test_office_cannot_issue_and_approver_cannot_edit(
    client, award_round, award_form, nominations, campaign_office, approver
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    login(client, campaign_office)
    client.post(reverse("decisions:decision_transition", args=[decision.pk, "issue"]))
    decision.refresh_from_db()
    assert decision.state == DecisionState.DRAFT
    client.logout()
    login(client, approver)
    assert (
        client.post(
            reverse("decisions:decision_lines", args=[decision.pk]),
            {"remove": [decision.lines.first().pk]},
        ).status_code
        == 403
    )
    assert decision.lines.count() == 5


def test_revocation_from_the_page(
    client, award_round, award_form, nominations, campaign_office, approver
):
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(decision, by=approver, now=NOW)
    login(client, campaign_office)
    line = decision.lines.get(order=2)
    response = client.post(
        reverse("decisions:decision_correction", args=[decision.pk]),
        {"kind": "revoke", "reason": "Kê khai không trung thực", "line": [line.pk]},
    )
    draft = Decision.objects.get(kind="revoke")
    assert response.url == reverse("decisions:decision_detail", args=[draft.pk])
    services.issue_decision(draft, by=approver, now=NOW)
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "Đã bị hủy bỏ, sửa đổi theo Quyết định số 2/QĐ-UBND" in page
    text = pdf_text(
        client.get(reverse("decisions:decision_document", args=[draft.pk, "pdf"])).content
    )
    assert line.name in text and "Hủy bỏ việc tặng" in text


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_rows(
    client, award_round, award_form, campaign, commune_a, commune_b, campaign_office, approver
):
    login(client, campaign_office)
    approved_nominations(campaign, commune_a, collectives=0, individuals=1)
    small = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(small, by=approver, now=NOW)
    draft_url = reverse("decisions:decision_draft", args=[award_round.pk])
    list_url = reverse("decisions:decision_list")
    counts_one = (
        _queries(client, reverse("decisions:decision_detail", args=[small.pk])),
        _queries(client, list_url),
    )
    approved_nominations(campaign, commune_b, collectives=1, individuals=0)
    draft_one = _queries(client, draft_url)
    approved_nominations(campaign, commune_b, collectives=5, individuals=14)
    draft_many = _queries(client, draft_url)
    big = services.draft_decision(award_round, award_form, by=campaign_office)
    services.issue_decision(big, by=approver, now=NOW)
    for _i in range(18):
        approved_nominations(campaign, commune_a, collectives=0, individuals=1)
        services.issue_decision(
            services.draft_decision(award_round, award_form, by=campaign_office),
            by=approver,
            now=NOW,
        )
    counts_many = (
        _queries(client, reverse("decisions:decision_detail", args=[big.pk])),
        _queries(client, list_url),
    )
    assert big.lines.count() == 20
    assert counts_one == counts_many
    assert draft_one == draft_many


def test_excel_list_through_the_safe_writer(
    client, award_round, award_form, campaign, commune_b, campaign_office, approver
):
    import io

    from openpyxl import load_workbook

    from awards.models import Nomination

    rows = approved_nominations(
        campaign, commune_b, collectives=0, individuals=1, prefix="=HYPERLINK"
    )
    Nomination.objects.filter(pk=rows[0].pk).update(state="approved")
    decision = services.draft_decision(award_round, award_form, by=campaign_office)
    client.force_login(campaign_office)
    draft = client.get(reverse("decisions:decision_document", args=[decision.pk, "xlsx"]))
    # a draft has no number yet: named a draft, never by its database id
    assert draft["Content-Disposition"] == (
        'attachment; filename="danh-sach-quyet-dinh-du-thao.xlsx"'
    )
    services.issue_decision(decision, by=approver, now=NOW)
    response = client.get(reverse("decisions:decision_document", args=[decision.pk, "xlsx"]))
    assert decision.number.split("/")[0] in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "=HYPERLINK 1" in values
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK 1")
    assert cell.data_type == "s"
    assert 710000 in values and "I. CÁ NHÂN" in values
