"""The dossier pages skip the checks panel's queries of what the campaign does not have
(awards.selectors.dossiers_for_page): with a ratio rule, a quota for the round, measurable
criteria and a public comment the panel shows them all; without them it shows none of
them, for fewer queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import selectors
from awards.enums import DossierState
from awards.models import Dossier
from campaigns.models import Criterion, Quota, RatioRule
from decisions.models import PublicComment
from tests.factories.awards import award_campaign, make_dossier, nominate
from tests.factories.reports import report_campaign


def page(client, user, url):
    client.force_login(user)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_the_panel_reads_only_what_the_campaign_has(
    client, district, commune_a, people_a, campaign_office, unit_staff_a
):
    campaign = award_campaign(district, quota={"max_collective": 3, "max_individual": 5}, ratio=30)
    Criterion.objects.filter(campaign=report_campaign(district)).update(campaign=campaign)
    assert Criterion.objects.filter(campaign=campaign).exclude(comparator="qualitative").exists()
    dossier = make_dossier(campaign, commune_a)
    first = nominate(dossier, person=people_a[0])
    nominate(dossier, person=people_a[1])
    PublicComment.objects.create(nomination=first, text="Chị ấy làm rất tốt.", sender="x")
    detail = reverse("awards:dossier_detail", args=[dossier.pk])
    edit = reverse("awards:dossier_update", args=[dossier.pk])

    def flags(user):
        found = selectors.dossiers_for_page(user).get(pk=dossier.pk)
        page = selectors.dossier_for_page(user, dossier.pk)  # the pages' compiled statement
        names = ("has_ratio_rules", "has_quotas", "has_criteria", "has_public_comments")
        assert [getattr(page, name) for name in names] == [getattr(found, n) for n in names]
        return tuple(getattr(found, name) for name in names)

    edit_page, edit_full = page(client, unit_staff_a, edit)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
    assert flags(campaign_office) == (True, True, True, True)
    detail_page, detail_full = page(client, campaign_office, detail)
    for html in (detail_page, edit_page):
        assert 'data-testid="quota-use"' in html
        assert "(tối đa 0)" in html  # 30% of 2 individuals
        assert "Tiêu chí đo được" in html
    assert "Chị ấy làm rất tốt." in detail_page

    RatioRule.objects.filter(campaign=campaign).delete()
    Quota.objects.filter(campaign=campaign).delete()
    Criterion.objects.filter(campaign=campaign).delete()
    PublicComment.objects.all().delete()
    assert flags(campaign_office) == (False, False, False, False)
    detail_page, detail_bare = page(client, campaign_office, detail)
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.DRAFT)
    edit_page, edit_bare = page(client, unit_staff_a, edit)
    for html in (detail_page, edit_page):
        assert 'data-testid="quota-use"' not in html
        assert "tối đa" not in html and "Tiêu chí đo được" not in html
        assert "Tỷ lệ lãnh đạo, quản lý" in html  # the counts, without a rule
    assert "Góp ý của người dân" not in detail_page
    assert detail_bare < detail_full and edit_bare < edit_full
