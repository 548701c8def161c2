"""The dossier pages with ids from 1,234 up: every id they post is written as digits, and
posting what the page wrote selects what was chosen (tests/ids.py; the templates' scan is
tests/core/test_template_ids.py)."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.enums import DossierState
from awards.models import Dossier
from awards.services import transition_dossier
from tests.factories.awards import award_campaign, nominate, round_of
from tests.ids import FIRST_ID, grouped_numbers, options

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ids_from_1234(high_ids):
    """Before any other fixture creates an object (autouse fixtures come first)."""


def test_dossier_form_removes_the_ticked_file(
    client, dossier_a, unit_staff_a, commune_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    existing = nominate(dossier_a, unit=commune_a, achievement_report="")
    client.force_login(unit_staff_a)
    url = reverse("awards:dossier_update", args=[dossier_a.pk])
    data = {
        "letter_number": "1/TTr",
        "letter_date": "20/11/2026",
        "letter_signer": "A",
        "council_date": "18/11/2026",
        "council_members": "7",
        "council_present": "7",
        "nominations-TOTAL_FORMS": "1",
        "nominations-INITIAL_FORMS": "1",
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
        "nominations-0-id": existing.pk,
        "nominations-0-dossier": dossier_a.pk,
        "nominations-0-nominee_kind": "collective",
        "nominations-0-nominee_unit": commune_a.pk,
        "nominations-0-form": existing.form_id,
        "nominations-0-votes_for": "7",
        "nominations-0-achievement_summary": "Thành tích",
        "kind": "minutes",
        "file": [
            SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n2"),
            SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.7\n3"),
        ],
    }
    assert client.post(url, data).status_code == 302
    files = {a.original_name: a for a in dossier_a.attachments.all()}
    assert min(a.pk for a in files.values()) >= FIRST_ID and existing.pk >= FIRST_ID

    page = client.get(url).content.decode()
    assert grouped_numbers(page) == []
    ticked = options(page, "remove_attachment")
    assert sorted(ticked) == sorted(str(a.pk) for a in files.values())
    # The formset's own ids (Django's widgets) post back as well.
    assert options(page, "nominations-0-id") == [str(existing.pk)]
    data["file"] = []
    data["remove_attachment"] = [str(files["bien-ban.pdf"].pk)]
    assert data["remove_attachment"][0] in ticked
    assert client.post(url, data).status_code == 302
    assert set(dossier_a.attachments.values_list("original_name", flat=True)) == {"to-trinh.pdf"}


def test_dossier_detail_appraises_each_row(
    client, dossier_a, commune_a, people_a, unit_staff_a, campaign_office, appraiser
):
    first = nominate(dossier_a, unit=commune_a)
    second = nominate(dossier_a, person=people_a[0])
    assert min(first.pk, second.pk) >= FIRST_ID
    transition_dossier(dossier_a, "submit", by=unit_staff_a)
    transition_dossier(dossier_a, "accept", by=campaign_office)
    client.force_login(appraiser)
    page = client.get(reverse("awards:dossier_detail", args=[dossier_a.pk])).content.decode()
    assert grouped_numbers(page) == []
    names = re.findall(r'<select name="(appraisal_[^"]+)"', page)
    assert sorted(names) == sorted(f"appraisal_{n.pk}" for n in (first, second))
    data = {name: "propose" for name in names}
    data["finish"] = "1"
    client.post(reverse("awards:dossier_appraisal", args=[dossier_a.pk]), data)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.appraisal == second.appraisal == "propose"
    assert Dossier.objects.get(pk=dossier_a.pk).state == DossierState.APPRAISED


def test_dossier_list_reminds_the_ticked_unit(
    client,
    district,
    commune_a,
    commune_b,
    unit_staff_a,
    unit_staff_b,
    campaign_office,
    django_capture_on_commit_callbacks,
):
    campaign = award_campaign(district, deadline="2027-01-15T00:00:00+07:00")
    for user in (unit_staff_a, unit_staff_b):
        user.email = f"{user.username}@example.vn"
        user.save()
    assert commune_a.pk >= FIRST_ID
    client.force_login(campaign_office)
    page = client.get(reverse("awards:dossier_list")).content.decode()
    assert grouped_numbers(page) == []
    rounds = options(page, "round")
    assert rounds == [str(round_of(campaign).pk)]
    page = client.get(reverse("awards:dossier_list"), {"round": rounds[0]}).content.decode()
    assert 'data-testid="missing-units"' in page
    assert grouped_numbers(page) == []
    units = options(page, "unit")
    assert str(commune_a.pk) in units
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("awards:remind_missing", args=[int(rounds[0])]),
            {"unit": [str(commune_a.pk)]},
            follow=True,
        )
    assert "Đã gửi nhắc nhở cho 1 đơn vị." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[unit_staff_a.email]]
