"""The quota a unit sees while filling counts the round's approvals plus its proposals."""

from django.urls import reverse

from awards.enums import NominationState
from awards.models import Nomination
from tests.factories.awards import award_campaign, make_dossier, nominate
from tests.factories.units import make_unit


def test_round_wide_quota_counts_approvals_elsewhere(
    client, campaign, dossier_a, commune_a, commune_b, unit_staff_a
):
    other = make_dossier(campaign, commune_b)
    approved = nominate(other, unit=commune_b)
    Nomination.objects.filter(pk=approved.pk).update(state=NominationState.APPROVED)
    nominate(other, unit=make_unit(parent=commune_b, name="Thôn B"))  # proposed only
    nominate(dossier_a, unit=commune_a)
    client.force_login(unit_staff_a)

    html = client.get(reverse("awards:dossier_update", args=[dossier_a.pk])).content.decode()

    assert "Giấy khen của Chủ tịch UBND huyện — tập thể: 2 / 3" in html
    assert (
        "1 đã được phê duyệt trong đợt ở các hồ sơ khác + 1 đề nghị của hồ sơ này; "
        "chỉ tiêu chung của cả đợt" in html
    )
    assert "Giấy khen của Chủ tịch UBND huyện — cá nhân: 0 / 5" in html


def test_per_unit_quota_counts_this_dossier(client, district, commune_a, unit_staff_a, people_a):
    campaign = award_campaign(district, quota={"max_individual": 1, "per_unit": True})
    dossier = make_dossier(campaign, commune_a)
    nominate(dossier, person=people_a[0])
    nominate(dossier, person=people_a[1])
    client.force_login(unit_staff_a)

    html = client.get(reverse("awards:dossier_detail", args=[dossier.pk])).content.decode()

    assert "cá nhân: 2 / 1" in html
    assert "2 đề nghị của hồ sơ này; chỉ tiêu tính cho mỗi đơn vị — vượt số lượng" in html
