"""A dossier is complete before it goes: the round's required parts, votes within the
members present, the council result computed, households with their own fields."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.enums import DossierState
from awards.models import Nomination
from awards.services import add_attachment, transition_dossier
from campaigns.models import AwardRound
from core.services import WorkflowError
from tests.factories.awards import make_dossier, nominate


@pytest.fixture
def bare(campaign, commune_a):
    """A dossier with no Tờ trình, no council data, two nominees without votes or reports."""
    return make_dossier(campaign, commune_a, complete=False)


def test_submission_lists_every_missing_part(bare, commune_a, person_a, unit_staff_a):
    nominate(bare, unit=commune_a, achievement_report="")
    nominate(bare, person=person_a, achievement_report="")

    with pytest.raises(WorkflowError) as error:
        transition_dossier(bare, "submit", by=unit_staff_a)

    message = str(error.value)
    assert "Tờ trình: thiếu số, ngày, người ký." in message
    assert (
        "Biên bản họp Hội đồng Thi đua - Khen thưởng: thiếu ngày họp, tổng số thành viên "
        "Hội đồng, số thành viên có mặt." in message
    )
    assert "Chưa nhập số phiếu đồng ý của: UBND xã An Hải, Nguyễn Thị Ánh." in message
    assert "Chưa có Báo cáo thành tích" in message
    assert "của: UBND xã An Hải, Nguyễn Thị Ánh." in message
    bare.refresh_from_db()
    assert bare.state == DossierState.DRAFT


def test_a_round_may_require_fewer_parts(bare, commune_a, unit_staff_a):
    AwardRound.objects.filter(pk=bare.round_id).update(dossier_parts=["letter"])
    bare.letter_number, bare.letter_signer = "3/TTr-UBND", "Trần Văn Ba"
    bare.letter_date = "2026-11-20"
    bare.save()
    bare.refresh_from_db()
    nominate(bare, unit=commune_a, achievement_report="")

    transition_dossier(bare, "submit", by=unit_staff_a)
    assert bare.state == DossierState.SUBMITTED


def test_an_uploaded_report_tied_to_the_nominee_counts(
    dossier_a, commune_a, person_a, unit_staff_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    collective = nominate(dossier_a, unit=commune_a, achievement_report="")
    nominate(dossier_a, person=person_a, achievement_report="")
    add_attachment(
        dossier_a,
        SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\nx"),
        kind="achievement",
        nomination=collective,
        by=unit_staff_a,
    )

    with pytest.raises(WorkflowError) as error:
        transition_dossier(dossier_a, "submit", by=unit_staff_a)
    assert "Chưa có Báo cáo thành tích" in str(error.value)
    assert "của: Nguyễn Thị Ánh." in str(error.value)


def test_votes_above_present_are_refused_at_submission(dossier_a, commune_a, unit_staff_a):
    nominate(dossier_a, unit=commune_a, votes=9)
    with pytest.raises(WorkflowError, match=r"số phiếu đồng ý \(9\) lớn hơn số thành viên có mặt"):
        transition_dossier(dossier_a, "submit", by=unit_staff_a)


def form_data(dossier, **overrides):
    data = {
        "letter_number": "15/TTr-UBND",
        "letter_date": "20/11/2026",
        "letter_signer": "Nguyễn Văn An",
        "council_date": "18/11/2026",
        "council_members": "7",
        "council_present": "5",
        "nominations-TOTAL_FORMS": "1",
        "nominations-INITIAL_FORMS": "0",
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
        "nominations-0-form": dossier.round.forms.get().pk,
        "nominations-0-achievement_summary": "Thành tích đã gõ",
        "kind": "other",
    }
    data.update(overrides)
    return data


def test_form_refuses_votes_above_present_and_keeps_what_was_typed(
    client, dossier_a, unit_staff_a, commune_a
):
    client.force_login(unit_staff_a)
    response = client.post(
        reverse("awards:dossier_update", args=[dossier_a.pk]),
        form_data(
            dossier_a,
            **{
                "nominations-0-nominee_kind": "collective",
                "nominations-0-nominee_unit": commune_a.pk,
                "nominations-0-votes_for": "6",
            },
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Số phiếu đồng ý không được lớn hơn số thành viên có mặt (5)." in html
    assert "Thành tích đã gõ" in html
    assert dossier_a.nominations.count() == 0


def test_form_refuses_present_above_members(client, dossier_a, unit_staff_a):
    client.force_login(unit_staff_a)
    response = client.post(
        reverse("awards:dossier_update", args=[dossier_a.pk]),
        form_data(dossier_a, council_present="8", **{"nominations-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 400
    assert (
        "Số thành viên có mặt không được lớn hơn tổng số thành viên." in response.content.decode()
    )


def test_household_has_its_own_fields(client, dossier_a, unit_staff_a):
    client.force_login(unit_staff_a)
    url = reverse("awards:dossier_update", args=[dossier_a.pk])
    row = {"nominations-0-nominee_kind": "household", "nominations-0-votes_for": "5"}

    response = client.post(url, form_data(dossier_a, **row))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ghi họ và tên chủ hộ." in html and "Ghi địa chỉ của hộ gia đình." in html

    row.update(
        {
            "nominations-0-household_head": "Ông Phạm Văn Hộ",
            "nominations-0-household_address": "Thôn Đông, xã An Hải",
        }
    )
    assert client.post(url, form_data(dossier_a, **row)).status_code == 302
    nomination = dossier_a.nominations.get()
    assert nomination.nominee_name == "Hộ gia đình Ông Phạm Văn Hộ"
    assert nomination.household_address == "Thôn Đông, xã An Hải"


def test_database_refuses_a_household_without_head(dossier_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            dossier=dossier_a,
            form=dossier_a.round.forms.get(),
            nominee_kind="household",
            achievement_summary="x",
        )


def test_delete_label_is_vietnamese_and_council_result_is_shown(
    client, dossier_a, unit_staff_a, commune_a, person_a
):
    nominate(dossier_a, unit=commune_a, votes=6)
    nominate(dossier_a, person=person_a, votes=3)
    client.force_login(unit_staff_a)

    form_html = client.get(reverse("awards:dossier_update", args=[dossier_a.pk])).content.decode()
    assert "Bỏ đề nghị này khi lưu" in form_html and ">Delete<" not in form_html

    html = client.get(reverse("awards:dossier_detail", args=[dossier_a.pk])).content.decode()
    assert '6/7 (85,7%) <span class="text-success">đạt</span>' in html
    assert '3/7 (42,9%) <span class="text-danger">không đạt</span>' in html


def test_round_parts_come_from_the_campaign_json(district):
    from campaigns.io import export_campaign
    from tests.factories.awards import award_campaign

    campaign = award_campaign(district)
    AwardRound.objects.filter(campaign=campaign).update(dossier_parts=["letter", "votes"])
    exported = export_campaign(campaign)
    assert exported["unplaced"]["award_rounds"][0]["dossier_parts"] == ["letter", "votes"]
