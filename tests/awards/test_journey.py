"""The issue's acceptance flow on the demo data, through the web views."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.enums import DossierState, NominationState
from awards.models import Dossier, Nomination
from campaigns.models import AwardRound
from units.models import Person, Unit, User


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-work", stdout=io.StringIO())
    return AwardRound.objects.get(campaign__key="seed-000-ninh-hai")


def login(client, username):
    client.force_login(User.objects.get(username=username))


def nomination_rows(dossier, rows, existing=()):
    data = {
        "nominations-TOTAL_FORMS": str(len(rows)),
        "nominations-INITIAL_FORMS": str(len(existing)),
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
        "letter_number": "15/TTr-UBND",
        "letter_date": "20/11/2026",
        "letter_signer": "Nguyễn Văn An",
        "council_date": "18/11/2026",
        "council_members": "7",
        "council_present": "7",
        "kind": "other",
    }
    form_id = dossier.round.forms.get().pk
    for index, row in enumerate(rows):
        prefix = f"nominations-{index}-"
        data.update(
            {
                prefix + "nominee_kind": row["kind"],
                prefix + "nominee_unit": row.get("unit", ""),
                prefix + "person": row.get("person", ""),
                prefix + "form": form_id,
                prefix + "achievement_summary": row.get(
                    "summary", "Hoàn thành xuất sắc nhiệm vụ chuyển đổi số năm 2023."
                ),
                prefix + "votes_for": "7",
                prefix + "achievement_report": "Báo cáo thành tích năm 2023.",
            }
        )
        if index < len(existing):
            data[prefix + "id"] = existing[index]
            data[prefix + "dossier"] = dossier.pk
    return data


def test_whole_flow_on_the_demo(client, demo):
    tri_hai = Unit.objects.get(code="NT-NH-TRH")
    village = Unit.objects.create(
        code="NT-NH-TRH-KP",
        name="Thôn Khánh Phước",
        kind="village",
        level="commune",
        parent=tri_hai,
    )
    collectives = [tri_hai, village]
    people = list(Person.objects.filter(unit=tri_hai).order_by("code"))
    extra_person = Person.objects.create(
        full_name="Lê Thị Hoa", sex="female", unit=tri_hai, code="NT-NH-TRH-09"
    )

    # donvi1 files 2 collectives and 3 individuals and submits.
    login(client, "donvi1")
    response = client.post(reverse("awards:dossier_create", args=[demo.pk]))
    dossier = Dossier.objects.get(round=demo, unit=tri_hai)
    assert response["Location"] == reverse("awards:dossier_update", args=[dossier.pk])
    rows = [{"kind": "collective", "unit": u.pk} for u in collectives] + [
        {"kind": "individual", "person": p.pk} for p in people
    ]
    response = client.post(
        reverse("awards:dossier_update", args=[dossier.pk]),
        {**nomination_rows(dossier, rows), "submit": "1"},
    )
    dossier.refresh_from_db()
    assert (dossier.state, dossier.nominations.count()) == (DossierState.SUBMITTED, 5)

    # Read-only for the unit until returned.
    response = client.get(reverse("awards:dossier_update", args=[dossier.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("awards:dossier_detail", args=[dossier.pk])
    assert "chỉ sửa được khi cơ quan thường trực trả lại hồ sơ" in response.content.decode()

    # vanphong returns it with a reason.
    login(client, "vanphong")
    client.post(
        reverse("awards:dossier_transition", args=[dossier.pk, "return"]),
        {"reason": "Thay cá nhân Hoàng Văn Em bằng người trực tiếp thực hiện."},
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED

    # donvi1 changes one nominee and resubmits.
    login(client, "donvi1")
    existing = list(dossier.nominations.order_by("pk").values_list("pk", flat=True))
    rows[4] = {"kind": "individual", "person": extra_person.pk}
    client.post(
        reverse("awards:dossier_update", args=[dossier.pk]),
        {**nomination_rows(dossier, rows, existing), "submit": "1"},
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RESUBMITTED

    # vanphong sees exactly that change, then accepts.
    login(client, "vanphong")
    page = client.get(reverse("awards:dossier_detail", args=[dossier.pk]))
    assert sorted(page.context["diff"]) == sorted(
        [
            (extra_person.full_name, "đề nghị", "chưa có", "thêm mới"),
            (people[2].full_name, "đề nghị", "có", "đã bỏ"),
        ]
    )
    assert "Thay đổi so với bản đã trả lại" in page.content.decode()
    client.post(reverse("awards:dossier_transition", args=[dossier.pk, "accept"]))
    dossier.refresh_from_db()
    assert dossier.state == DossierState.ACCEPTED

    # thamdinh proposes every nomination and finishes the appraisal.
    login(client, "thamdinh")
    opinions = {f"appraisal_{n.pk}": "propose" for n in dossier.nominations.all()}
    client.post(reverse("awards:dossier_appraisal", args=[dossier.pk]), {**opinions, "finish": "1"})
    dossier.refresh_from_db()
    assert dossier.state == DossierState.APPRAISED

    # chutich approves within the quota (≤ 3 collectives, ≤ 5 individuals).
    login(client, "chutich")
    ids = list(dossier.nominations.values_list("pk", flat=True))
    client.post(
        reverse("awards:approval", args=[demo.pk]),
        {"action": "approve", "nomination": ids, "confirmed": "1"},
    )
    assert Nomination.objects.filter(state=NominationState.APPROVED).count() == 5
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED


def test_unit_staff_of_another_unit_get_404(client, demo):
    tri_hai = Unit.objects.get(code="NT-NH-TRH")
    dossier = Dossier.objects.create(round=demo, unit=tri_hai)
    login(client, "donvi2")

    for name in ("awards:dossier_detail", "awards:dossier_update", "awards:dossier_history"):
        assert client.get(reverse(name, args=[dossier.pk])).status_code == 404
    assert (
        client.post(reverse("awards:dossier_transition", args=[dossier.pk, "submit"])).status_code
        == 404
    )
    assert list(client.get(reverse("awards:dossier_list")).context["dossiers"]) == []


def test_refused_upload_keeps_what_was_typed(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    tri_hai = Unit.objects.get(code="NT-NH-TRH")
    dossier = Dossier.objects.create(round=demo, unit=tri_hai)
    login(client, "donvi1")
    data = nomination_rows(
        dossier, [{"kind": "collective", "unit": tri_hai.pk, "summary": "Thành tích đã gõ"}]
    )
    data["file"] = SimpleUploadedFile("to-trinh.pdf", b"<html><script>alert(1)</script></html>")

    response = client.post(reverse("awards:dossier_update", args=[dossier.pk]), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "không phải tệp PDF, Word (DOCX), Excel (XLSX), JPEG hoặc PNG hợp lệ" in html
    assert "Thành tích đã gõ" in html
    assert 'value="15/TTr-UBND"' in html
    assert dossier.nominations.count() == 0


def test_attachments_download_as_files_and_only_in_scope(client, demo, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from awards.services import add_attachment

    settings.MEDIA_ROOT = tmp_path
    tri_hai = Unit.objects.get(code="NT-NH-TRH")
    dossier = Dossier.objects.create(round=demo, unit=tri_hai)
    donvi1 = User.objects.get(username="donvi1")
    attachment = add_attachment(
        dossier,
        SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\nnoi dung"),
        kind="minutes",
        by=donvi1,
    )
    url = reverse("awards:attachment_download", args=[attachment.pk])

    assert attachment.file.name.startswith(
        f"ho-so/{dossier.pk}/"
    ) and attachment.file.name.endswith(".pdf")
    assert "bien-ban" not in attachment.file.name
    login(client, "donvi1")
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "application/pdf",
        "nosniff",
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.7\nnoi dung"
    login(client, "donvi2")
    assert client.get(url).status_code == 404
