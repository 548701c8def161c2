"""Quotas enforced as the plan writes them (issue 13): a named body's own quota, the units
of a kind together, each commune exactly 2 (collective or individual), and percentages of
the participants directly taking part, not of the dossiers filed. The unit's page, the
submission check, the approval board and approval read the same count."""

import pytest
from django.urls import reverse

from awards import checks
from awards.enums import Appraisal, DossierState
from awards.models import Dossier
from awards.selectors import quota_counters
from awards.services import QuotaExceeded, approve_nomination, submit_dossier
from core.services import WorkflowError
from tests.factories.awards import award_campaign, make_dossier, nominate, round_of
from tests.factories.units import make_person, make_unit
from units.enums import UnitKind, UnitLevel


def appraised(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.APPRAISED)
    dossier.nominations.update(appraisal=Appraisal.PROPOSE)
    return list(dossier.nominations.order_by("pk"))


def people(unit, n):
    return [make_person(unit=unit, full_name=f"Người {unit.pk}-{i}") for i in range(n)]


def villages(unit, n):
    return [
        make_unit(parent=unit, name=f"Thôn {unit.pk}-{i}", kind=UnitKind.VILLAGE) for i in range(n)
    ]


@pytest.fixture
def steering(district):
    return make_unit(
        parent=district, name="Ban Chỉ đạo", kind=UnitKind.OFFICE, level=UnitLevel.DISTRICT
    )


def test_a_named_units_quota_binds_that_unit_only(district, steering, commune_a, approver):
    campaign = award_campaign(
        district, quota={"applies_to": "unit", "unit": steering.code, "max_individual": 2}
    )
    board_dossier = make_dossier(campaign, steering)
    for person in people(steering, 3):
        nominate(board_dossier, person=person)
    commune_dossier = make_dossier(campaign, commune_a)
    for person in people(commune_a, 3):
        nominate(commune_dossier, person=person)
    s1, s2, s3 = appraised(board_dossier)
    c1, c2, c3 = appraised(commune_dossier)

    approve_nomination(s1, by=approver)
    approve_nomination(s2, by=approver)
    with pytest.raises(
        QuotaExceeded,
        match=r"Đã hết chỉ tiêu Giấy khen của Chủ tịch UBND huyện cho cá nhân của Ban Chỉ đạo \(2\)",
    ):
        approve_nomination(s3, by=approver)
    for nomination in (c1, c2, c3):  # the commune is not bound by the board's quota
        approve_nomination(nomination, by=approver)

    counters = {c.label: (c.approved, c.limit) for c in quota_counters(round_of(campaign))}
    assert counters["Ban Chỉ đạo — Cá nhân"] == (2, 2)


def test_the_units_of_a_kind_share_one_quota(district, commune_a, commune_b, approver):
    campaign = award_campaign(
        district, quota={"applies_to": "unit_kind", "unit_kind": "commune", "max_collective": 1}
    )
    school = make_unit(parent=district, name="Trường THCS Thử", kind=UnitKind.SCHOOL)
    dossiers = [make_dossier(campaign, unit) for unit in (commune_a, commune_b, school)]
    for dossier in dossiers:
        nominate(dossier, unit=villages(dossier.unit, 1)[0] if dossier.unit != school else school)
    (a,), (b,), (s,) = (appraised(d) for d in dossiers)

    approve_nomination(a, by=approver)
    with pytest.raises(QuotaExceeded, match=r"cho tập thể của các đơn vị loại «Xã, phường"):
        approve_nomination(b, by=approver)
    approve_nomination(s, by=approver)  # a school is not a commune


def test_each_commune_exactly_two_collective_or_individual(
    district, commune_a, commune_b, unit_staff_a, approver
):
    campaign = award_campaign(
        district,
        quota={
            "text": "mỗi xã, phường chọn 02 trường hợp, tập thể hoặc cá nhân",
            "applies_to": "each_unit",
            "unit_kind": "commune",
            "max_total": 2,
            "exact": True,
        },
    )
    dossier = make_dossier(campaign, commune_a)
    nominate(dossier, unit=commune_a)

    with pytest.raises(WorkflowError, match=r"Chưa đủ số lượng .*: phải đúng 2, hồ sơ có 1"):
        submit_dossier(dossier, by=unit_staff_a)
    person, extra = people(commune_a, 2)
    nominate(dossier, person=person)
    third = nominate(dossier, person=extra)
    with pytest.raises(WorkflowError, match=r"Vượt số lượng .*: 3 / 2"):
        submit_dossier(dossier, by=unit_staff_a)
    third.delete()
    submit_dossier(dossier, by=unit_staff_a)  # one collective and one individual: exactly 2

    other = make_dossier(campaign, commune_b)
    for village in villages(commune_b, 3):
        nominate(other, unit=village)
    a1, a2 = appraised(dossier)
    b1, b2, b3 = appraised(other)
    for nomination in (a1, a2, b1, b2):  # each commune has its own two places
        approve_nomination(nomination, by=approver)
    with pytest.raises(
        QuotaExceeded,
        match=r"của UBND xã Bình Hải \(2 trường hợp, tập thể hoặc cá nhân\)",
    ):
        approve_nomination(b3, by=approver)


def test_the_unit_sees_its_own_exact_quota_in_words(client, district, commune_a, unit_staff_a):
    campaign = award_campaign(
        district,
        quota={"applies_to": "each_unit", "unit_kind": "commune", "max_total": 2, "exact": True},
    )
    dossier = make_dossier(campaign, commune_a)
    nominate(dossier, unit=commune_a)
    client.force_login(unit_staff_a)

    html = client.get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()

    assert "tập thể hoặc cá nhân: 1 / 2" in html
    assert (
        "1 đề nghị của hồ sơ này; chỉ tiêu tính cho mỗi đơn vị loại «Xã, phường, thị trấn, "
        "đặc khu»; phải đúng 2" in html
    )


def test_percentages_of_participants_entered_not_of_dossiers_filed(district, commune_a, approver):
    # 10% of the 25 collectives taking part is 2, though only 3 were proposed (10% of 3 is 0).
    campaign = award_campaign(
        district,
        quota={"pct_collective": 10, "pct_base": "participants", "base_collective": 25},
    )
    dossier = make_dossier(campaign, commune_a)
    for village in villages(commune_a, 3):
        nominate(dossier, unit=village)
    first, second, third = appraised(dossier)

    approve_nomination(first, by=approver)
    approve_nomination(second, by=approver)
    with pytest.raises(QuotaExceeded, match=r"cho tập thể \(2\)"):
        approve_nomination(third, by=approver)
    (use,) = checks.quota_uses(
        dossier, list(dossier.nominations.all()), checks.round_quotas(round_of(campaign))
    )
    assert (use.used, use.limit, use.exceeded) == (3, 2, True)  # the unit sees the same limit


def test_percentages_of_the_nominations_filed_by_default(district, commune_a, approver):
    campaign = award_campaign(district, quota={"pct_individual": 50})
    dossier = make_dossier(campaign, commune_a)
    for person in people(commune_a, 4):
        nominate(dossier, person=person)
    nominations = appraised(dossier)

    approve_nomination(nominations[0], by=approver)
    approve_nomination(nominations[1], by=approver)  # 50% of the 4 filed
    with pytest.raises(QuotaExceeded, match=r"cho cá nhân \(2\)"):
        approve_nomination(nominations[2], by=approver)
