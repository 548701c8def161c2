import threading

import pytest
from django.db import connection, connections

from awards.enums import Appraisal, DossierState, NominationState
from awards.models import Dossier, Nomination
from awards.services import QuotaExceeded, approve_nomination, bulk_decide, reject_nomination
from campaigns.models import Registration
from tests.factories.awards import award_campaign, make_dossier, nominate
from tests.factories.units import make_person, make_unit


def appraised(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.APPRAISED)
    dossier.nominations.update(appraisal=Appraisal.PROPOSE)
    dossier.refresh_from_db()
    return list(dossier.nominations.order_by("pk"))


def people(unit, n, leader=False):
    return [
        make_person(unit=unit, full_name=f"Người {unit.pk}-{i}", is_leader=leader) for i in range(n)
    ]


def test_campaign_wide_quota_for_collectives_and_individuals(district, commune_a, approver):
    campaign = award_campaign(district, quota={"max_collective": 1, "max_individual": 2})
    dossier = make_dossier(campaign, commune_a)
    villages = [make_unit(parent=commune_a, name=f"Thôn {i}") for i in range(2)]
    for village in villages:
        nominate(dossier, unit=village)
    for person in people(commune_a, 3):
        nominate(dossier, person=person)
    c1, c2, i1, i2, i3 = appraised(dossier)

    approve_nomination(c1, by=approver)
    with pytest.raises(
        QuotaExceeded, match=r"Đã hết chỉ tiêu Giấy khen của Chủ tịch UBND huyện cho tập thể \(1\)."
    ):
        approve_nomination(c2, by=approver)
    approve_nomination(i1, by=approver)
    approve_nomination(i2, by=approver)
    with pytest.raises(QuotaExceeded, match=r"cho cá nhân \(2\)"):
        approve_nomination(i3, by=approver)

    states = list(Nomination.objects.order_by("pk").values_list("state", flat=True))
    assert states == ["approved", "proposed", "approved", "approved", "proposed"]


def test_mixed_quota(district, commune_a, approver):
    campaign = award_campaign(district, quota={"max_total": 2})
    dossier = make_dossier(campaign, commune_a)
    nominate(dossier, unit=commune_a)
    for person in people(commune_a, 2):
        nominate(dossier, person=person)
    first, second, third = appraised(dossier)

    approve_nomination(first, by=approver)
    approve_nomination(second, by=approver)
    with pytest.raises(QuotaExceeded, match=r"\(2 trường hợp, tập thể hoặc cá nhân\)"):
        approve_nomination(third, by=approver)


def test_per_unit_quota(district, commune_a, commune_b, approver):
    campaign = award_campaign(district, quota={"max_individual": 1, "per_unit": True})
    dossier_a, dossier_b = make_dossier(campaign, commune_a), make_dossier(campaign, commune_b)
    for person in people(commune_a, 2):
        nominate(dossier_a, person=person)
    nominate(dossier_b, person=people(commune_b, 1)[0])
    a1, a2 = appraised(dossier_a)
    (b1,) = appraised(dossier_b)

    approve_nomination(a1, by=approver)
    approve_nomination(b1, by=approver)  # another unit has its own place
    with pytest.raises(QuotaExceeded):
        approve_nomination(a2, by=approver)


def test_percentage_quota_of_participants(district, commune_a, approver, unit_staff_a):
    # No number of participating collectives entered: the registered units are counted.
    campaign = award_campaign(district, quota={"pct_collective": 10, "pct_base": "participants"})
    campaign.registration_enabled = True
    campaign.save()
    units = [make_unit(parent=district, name=f"Xã {i}") for i in range(20)]
    for unit in units:
        Registration.objects.create(campaign=campaign, unit=unit, registered_by=unit_staff_a)
    dossier = make_dossier(campaign, commune_a)
    for i in range(3):
        nominate(dossier, unit=make_unit(parent=commune_a, name=f"Thôn {i}"))
    first, second, third = appraised(dossier)

    approve_nomination(first, by=approver)
    approve_nomination(second, by=approver)  # 10% of 20 participants = 2
    with pytest.raises(QuotaExceeded, match=r"\(2\)"):
        approve_nomination(third, by=approver)


def test_leader_ratio_against_the_quota(district, commune_a, approver):
    campaign = award_campaign(district, quota={"max_individual": 10}, ratio=30)
    dossier = make_dossier(campaign, commune_a)
    for person in people(commune_a, 4, leader=True):
        nominate(dossier, person=person)
    nominate(dossier, person=people(commune_a, 1)[0])
    l1, l2, l3, l4, worker = appraised(dossier)

    for nomination in (l1, l2, l3):
        approve_nomination(nomination, by=approver)
    with pytest.raises(
        QuotaExceeded, match=r"Vượt tỷ lệ cán bộ lãnh đạo, quản lý \(tối đa 30%: 3 người\)."
    ):
        approve_nomination(l4, by=approver)
    approve_nomination(worker, by=approver)


def test_only_the_approver_of_the_body_approves(
    dossier_a, commune_a, campaign_office, other_office
):
    nomination = nominate(dossier_a, unit=commune_a)
    appraised(dossier_a)

    for user in (campaign_office, other_office):
        with pytest.raises(Exception, match="Bạn không có quyền phê duyệt đề nghị này."):
            approve_nomination(nomination, by=user)


def test_not_proposed_by_appraiser_cannot_be_approved(dossier_a, commune_a, approver):
    nomination = nominate(dossier_a, unit=commune_a)
    appraised(dossier_a)
    Nomination.objects.filter(pk=nomination.pk).update(appraisal=Appraisal.NOT_PROPOSE)

    with pytest.raises(
        Exception, match="Chỉ phê duyệt đề nghị được cơ quan thẩm định đề nghị khen thưởng."
    ):
        approve_nomination(nomination, by=approver)


def test_deciding_every_nomination_closes_the_dossier(dossier_a, commune_a, people_a, approver):
    nominate(dossier_a, unit=commune_a)
    nominate(dossier_a, person=people_a[0])
    first, second = appraised(dossier_a)

    approve_nomination(first, by=approver)
    reject_nomination(second, by=approver, reason="Chưa đủ tiêu chuẩn")

    dossier_a.refresh_from_db()
    assert dossier_a.state == DossierState.DECIDED


def test_bulk_goes_through_the_same_checks(district, commune_a, approver):
    campaign = award_campaign(district, quota={"max_individual": 2})
    dossier = make_dossier(campaign, commune_a)
    for person in people(commune_a, 3):
        nominate(dossier, person=person)
    nominations = appraised(dossier)

    done, refused = bulk_decide(nominations, "approve", by=approver)

    assert (len(done), [n.pk for n, _m in refused]) == (2, [nominations[2].pk])
    assert refused[0][1] == "Đã hết chỉ tiêu Giấy khen của Chủ tịch UBND huyện cho cá nhân (2)."


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_approvers_race_for_the_last_place(district, commune_a, approver):
    """On PostgreSQL: 20 threads approve for the last free place at once; one wins."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite admits one writer at a time and ignores row locks: the race needs PostgreSQL"
        )
    campaign = award_campaign(district, quota={"max_individual": 1})
    dossier = make_dossier(campaign, commune_a)
    for person in people(commune_a, 20):
        nominate(dossier, person=person)
    nominations = appraised(dossier)
    barrier = threading.Barrier(20)
    outcomes = []

    def approve(nomination):
        try:
            barrier.wait()
            approve_nomination(nomination, by=approver)
            outcomes.append("approved")
        except QuotaExceeded:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(n,)) for n in nominations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved"] + ["refused"] * 19
    assert Nomination.objects.filter(state=NominationState.APPROVED).count() == 1
