import pytest
from django.urls import reverse

from awards.models import Dossier, Nomination
from decisions import letters
from decisions.paper import render_paper_docx, render_paper_pdf
from tests.decisions.helpers import pdf_text, word_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(nominations):
    dossier = nominations[0].dossier
    Dossier.objects.filter(pk=dossier.pk).update(council_members=10, council_present=9)
    Nomination.objects.filter(pk=nominations[0].pk).update(votes_for=8)
    Nomination.objects.filter(pk=nominations[1].pk).update(votes_for=5)
    Nomination.objects.filter(pk=nominations[2].pk).update(votes_for=None)
    dossier.refresh_from_db()
    return dossier


@pytest.mark.parametrize("build", ["nomination_letter", "council_minutes", "achievement_reports"])
def test_dossier_papers_hold_every_nominee_in_pdf_and_docx(dossier, nominations, build):
    paper = getattr(letters, build)(dossier)
    text, word = pdf_text(render_paper_pdf(paper)), word_text(render_paper_docx(paper))
    for nomination in nominations:
        assert nomination.nominee_name in text
        assert nomination.nominee_name in word
    for printed in paper.texts():
        assert " ".join(printed.split()) in word


def test_papers_are_named_by_unit_round_and_form_never_an_id(dossier, award_round, award_form):
    from core.http import name_part

    unit, round_ = name_part(dossier.unit.name), name_part(dossier.round.label, 50)
    assert letters.nomination_letter(dossier).filename == f"to-trinh-{unit}-{round_}"
    assert letters.council_minutes(dossier).filename == f"bien-ban-hoi-dong-{unit}-{round_}"
    assert letters.achievement_reports(dossier).filename == f"bao-cao-thanh-tich-{unit}-{round_}"
    assert letters.appraiser_letter(award_round, award_form).filename == (
        f"to-trinh-tham-dinh-{name_part(award_form.name, 50)}-{name_part(award_round.label, 50)}"
    )
    assert unit and round_


def test_minutes_show_the_threshold_and_results(dossier):
    text = pdf_text(render_paper_pdf(letters.council_minutes(dossier)))
    assert "quá nửa tổng số thành viên Hội đồng (6 phiếu trở lên)" in text
    assert "Đạt" in text and "Không đạt" in text and "Chưa đủ số liệu" in text
    assert "80,0%" in text


def test_appraiser_letter_lists_the_proposed(award_round, award_form, nominations):
    paper = letters.appraiser_letter(award_round, award_form)
    text = pdf_text(render_paper_pdf(paper))
    for nomination in nominations:
        assert nomination.nominee_name in text
    assert "02 tập thể, 03 cá nhân" in text


def test_paper_pages_check_scope(
    client, dossier, award_round, award_form, unit_staff_a, unit_staff_b, appraiser, other_office
):
    letter = reverse("decisions:dossier_paper", args=[dossier.pk, "to-trinh", "docx"])
    appraisal = reverse("decisions:appraiser_letter", args=[award_round.pk, award_form.pk, "pdf"])
    client.force_login(unit_staff_a)
    assert client.get(letter).status_code == 200
    assert client.get(appraisal).status_code == 404
    client.force_login(unit_staff_b)
    assert client.get(letter).status_code == 404
    client.force_login(other_office)
    assert client.get(appraisal).status_code == 404
    client.force_login(appraiser)
    response = client.get(appraisal)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("decisions:dossier_paper", args=[dossier.pk, "khac", "pdf"])).status_code
        == 404
    )
