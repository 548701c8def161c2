"""Any malformed file sent to an import page answers 400 with a Vietnamese message."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign
from units.models import Unit


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


MALFORMED_JSON = {
    "deep-arrays": (b"[" * 100_000, "lồng nhau quá 32 cấp"),
    "deep-objects": (b'{"a":' * 50_000, "lồng nhau quá 32 cấp"),
    # Parses, but nests past the limit: the schema validator would recurse on it.
    "deep-but-closed": (b"[" * 500 + b"]" * 500, "lồng nhau quá 32 cấp"),
    "binary": (b"\x00\xff\xfe\x89PNG garbage", "Tệp "),
    "utf16-garbage": (b"\xff\xfe{\x00\xd8\x00", "Tệp "),
    "empty-looking": (b"   ", "Tệp không phải JSON hợp lệ"),
    "huge-number": (b'{"a": 1e999999}', ""),
    "array": (b"[1, 2, 3]", ""),
}


@pytest.mark.parametrize("case", MALFORMED_JSON, ids=list(MALFORMED_JSON))
def test_plan_import_answers_400_in_vietnamese(client, district, campaign_office, case):
    content, message = MALFORMED_JSON[case]
    client.force_login(campaign_office)

    response = client.post(
        reverse("campaigns:campaign_import"),
        {"file": SimpleUploadedFile("ke-hoach.json", content)},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Traceback" not in html
    assert response.context["errors"] or response.context["form"].errors
    assert Campaign.objects.count() == 0


def test_plan_import_command_prints_the_message(tmp_path, db):
    from django.core.management import CommandError, call_command

    path = tmp_path / "sau.json"
    path.write_bytes(b"[" * 100_000)

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_campaign", str(path))


def test_oversized_plan_file_refused(client, district, campaign_office, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(campaign_office)

    response = client.post(
        reverse("campaigns:campaign_import"),
        {"file": SimpleUploadedFile("ke-hoach.json", b"{}" + b" " * 2000)},
    )

    assert response.status_code == 400
    assert "Tệp vượt giới hạn" in response.content.decode()


MALFORMED_TABLES = {
    # The csv module refuses a cell longer than 131 072 characters.
    "csv-huge-cell": (
        b"Ma don vi,Ten don vi,Loai don vi\nA," + b'"' + b"x" * 200_000 + b'",Khac\n',
        "Không đọc được tệp",
    ),
    "csv-nul": (b"Ma,Ten\x00\n", "Không đọc được tệp"),
    "latin1": (b"M\xe3 \xf0\xf5n v\xef\n", "Không đọc được tệp"),
    "zip-not-excel": (_zip({"a.txt": "x"}), "Không đọc được tệp Excel"),
    "truncated-zip": (_zip({"xl/workbook.xml": "x" * 5000})[:60], "Không đọc được tệp Excel"),
    "xlsx-broken-xml": (
        _zip({"[Content_Types].xml": "<oops", "xl/workbook.xml": "<<<"}),
        "Không đọc được tệp Excel",
    ),
    "empty": (b"", ""),
}


@pytest.mark.parametrize("case", MALFORMED_TABLES, ids=list(MALFORMED_TABLES))
def test_unit_import_answers_400_in_vietnamese(client, admin_user, case):
    content, message = MALFORMED_TABLES[case]
    client.force_login(admin_user)
    before = Unit.objects.count()

    response = client.post(
        reverse("units:import"),
        {"kind": "units", "file": SimpleUploadedFile("don-vi.csv", content)},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Unit.objects.count() == before


def test_xlsx_that_inflates_too_far_is_refused_before_reading(client, admin_user, monkeypatch):
    monkeypatch.setattr("units.importers.MAX_XLSX_UNPACKED_BYTES", 10_000)
    client.force_login(admin_user)
    bomb = _zip({"[Content_Types].xml": "<x/>", "xl/sharedStrings.xml": "0" * 50_000})

    response = client.post(
        reverse("units:import"),
        {"kind": "units", "file": SimpleUploadedFile("don-vi.xlsx", bomb)},
    )

    assert response.status_code == 400
    assert "Tệp Excel khi giải nén lớn bất thường" in response.content.decode()


def test_a_real_plan_nests_well_below_the_limit():
    from pathlib import Path

    from campaigns.io import MAX_JSON_DEPTH, _depth_exceeds

    seeds = sorted((Path(__file__).resolve().parents[2] / "campaigns" / "seeds").glob("*.json"))
    assert seeds
    for seed in seeds:
        assert not _depth_exceeds(json.loads(seed.read_text()), MAX_JSON_DEPTH // 2), seed


def _docx(document_xml):
    return _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": document_xml,
            "_rels/.rels": "<Relationships/>",
        }
    )


MALFORMED_DOCUMENTS = {
    "docx-broken-xml": _docx("<w:document><<<"),
    "docx-deep-xml": _docx("<a>" * 50_000 + "</a>" * 50_000),
    "docx-empty-body": _docx(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body/></w:document>"
    ),
    "pdf-truncated": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog",
    "pdf-no-text": None,  # a real PDF with one blank page: nothing to recognise
    "not-a-document": b"\x00\x01\x02garbage",
}


@pytest.mark.parametrize("case", MALFORMED_DOCUMENTS, ids=list(MALFORMED_DOCUMENTS))
def test_plan_from_document_answers_400(client, district, campaign_office, case):
    from tests.core.pdfs import clean_pdf

    content = MALFORMED_DOCUMENTS[case]
    if content is None:
        content = clean_pdf()
    name = "ke-hoach.pdf" if content.startswith(b"%PDF") else "ke-hoach.docx"
    client.force_login(campaign_office)

    response = client.post(
        reverse("campaigns:campaign_import_document"),
        {"file": SimpleUploadedFile(name, content), "issuing_body": district.pk},
    )

    assert response.status_code == 400
    assert "Traceback" not in response.content.decode()
    assert Campaign.objects.count() == 0
