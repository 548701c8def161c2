"""The upload service (import on behalf of a user) and copying a plan."""

import pytest
from django.core.exceptions import PermissionDenied

from campaigns.enums import CampaignState
from campaigns.io import CampaignImportError, export_campaign
from campaigns.models import Campaign, Registration
from campaigns.services import copy_campaign, create_campaign_from_json
from core.models import TransitionLog
from tests.factories.campaigns import make_campaign, minimal_data
from tests.factories.units import make_unit, make_user
from units.enums import Role, UnitLevel

S = CampaignState


def _published(district, **overrides):
    campaign = make_campaign(district, **overrides)
    Campaign.objects.filter(pk=campaign.pk).update(state=S.PUBLISHED)
    campaign.refresh_from_db()
    return campaign


def test_office_imports_for_its_own_body_with_a_history_row(district, campaign_office):
    campaign = create_campaign_from_json(minimal_data(district), by=campaign_office)

    log = TransitionLog.objects.for_object(campaign).get()
    assert (campaign.issuing_body, campaign.state) == (district, S.DRAFT)
    assert (log.action, log.from_state, log.to_state, log.actor, log.reason) == (
        "import",
        "",
        "",
        campaign_office,
        "Nhập từ tệp JSON",
    )


def test_import_for_another_body_lists_every_error_and_saves_nothing(
    district, other_district, other_office
):
    data = minimal_data(district)
    data["title"] = ""

    with pytest.raises(CampaignImportError) as error:
        create_campaign_from_json(data, by=other_office)

    assert error.value.errors == [
        (
            "Cơ quan ban hành",
            f"Bạn không phải cơ quan thường trực của đơn vị mã «{district.code}».",
        ),
        ("Trích yếu", "Không được để trống."),
    ]
    assert Campaign.objects.count() == 0


def test_replacing_another_bodys_draft_is_refused(district, other_district, other_office):
    theirs = make_campaign(district)
    data = minimal_data(other_district, key=theirs.key)

    with pytest.raises(CampaignImportError) as error:
        create_campaign_from_json(data, by=other_office, replace=True)

    assert error.value.errors == [
        ("Mã kế hoạch", "Bạn không được thay kế hoạch cùng mã của đơn vị khác.")
    ]
    assert list(Campaign.objects.values_list("pk", "issuing_body")) == [(theirs.pk, district.pk)]


def test_replacing_a_published_plan_is_refused(district, campaign_office):
    live = _published(district)

    with pytest.raises(CampaignImportError) as error:
        create_campaign_from_json(
            minimal_data(district, key=live.key), by=campaign_office, replace=True
        )

    assert error.value.errors == [
        (
            "Mã kế hoạch",
            "Kế hoạch cùng mã đã ban hành; cần trả kế hoạch về dự thảo (ghi lý do) trước khi thay.",
        )
    ]
    assert Campaign.objects.get().pk == live.pk


def test_replacing_the_offices_own_draft(district, campaign_office):
    draft = make_campaign(district)
    data = minimal_data(district, key=draft.key, title="Tên mới của kế hoạch")

    campaign = create_campaign_from_json(data, by=campaign_office, replace=True)

    assert list(Campaign.objects.values_list("pk", "key", "title")) == [
        (draft.pk, draft.key, "Tên mới của kế hoạch")
    ]
    assert campaign.pk == draft.pk
    log = TransitionLog.objects.for_object(campaign).get()
    assert (log.action, log.actor, log.data) == ("replace", campaign_office, {"replaced": True})


def test_copy_is_a_new_draft_without_a_number(district, campaign_office):
    source = _published(
        district, header={"issuing_body_lines": ["ỦY BAN NHÂN DÂN"], "number": "12"}
    )

    copy = copy_campaign(source, by=campaign_office, key="ban-sao")

    exported, original = export_campaign(copy), export_campaign(source)
    assert (copy.state, copy.copied_from, exported["header"]["number"]) == (S.DRAFT, source, "")
    assert exported["header"]["date"] == {"day": None, "month": None, "year": 2026}
    for data in (exported, original):
        data.pop("key")
        data["header"].pop("number")
        data["header"].pop("date")
    assert exported == original


def test_a_copy_for_next_year_moves_the_plans_dates_not_the_cited_documents(
    district, campaign_office
):
    source = _published(
        district,
        period={"start": "2026-01-01", "end": "2026-12-31", "end_text": ""},
        legal_basis=[
            {
                "kind": "can_cu",
                "text": "Luật Thi đua, khen thưởng ngày 15/6/2022;",
                "doc_date": "2022-06-15",
            }
        ],
    )

    copy = copy_campaign(source, by=campaign_office, year=2027)

    exported = export_campaign(copy)
    assert (exported["period"]["start"], exported["period"]["end"]) == ("2027-01-01", "2027-12-31")
    assert exported["header"]["date"]["year"] == 2027
    assert exported["legal_basis"][0]["doc_date"] == "2022-06-15"
    assert copy.key != source.key and "2027" in copy.key
    assert TransitionLog.objects.for_object(copy).get().data == {"summary": "Các ngày dời 1 năm"}
    log = TransitionLog.objects.for_object(copy).get()
    assert (log.action, log.actor) == ("copy", campaign_office)


def test_a_body_above_copies_a_published_plan_into_its_own_body(district):
    province = make_unit(name="UBND tỉnh Thử", level=UnitLevel.PROVINCE)
    district.parent = province
    district.save()
    office = make_user(unit=province, roles=[Role.CAMPAIGN_OFFICE])
    source = _published(district)

    copy = copy_campaign(source, by=office, key="ban-sao-tinh")

    assert (copy.issuing_body, copy.state) == (province, S.DRAFT)


def test_copy_refused_to_who_cannot_see_the_source(district, other_office):
    draft = make_campaign(district)

    with pytest.raises(PermissionDenied):
        copy_campaign(draft, by=other_office, key="ban-sao")
    assert Campaign.objects.count() == 1


def test_replacing_a_draft_keeps_its_registrations(district, commune_a, campaign_office):
    draft = make_campaign(district)
    registration = Registration.objects.create(
        campaign=draft, unit=commune_a, registered_by=campaign_office
    )

    campaign = create_campaign_from_json(
        minimal_data(district, key=draft.key, title="Tên mới"), by=campaign_office, replace=True
    )

    assert (campaign.pk, campaign.title) == (draft.pk, "Tên mới")
    assert Registration.objects.get().pk == registration.pk
    assert Registration.objects.get().campaign_id == draft.pk
