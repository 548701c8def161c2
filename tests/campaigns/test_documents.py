import io
import json
import re
import unicodedata
from pathlib import Path

import pytest

from campaigns.documents import render_campaign_plan_pdf
from campaigns.io import import_campaign
from tests.factories.campaigns import make_campaign
from units.demo import load as load_units

REPO = Path(__file__).resolve().parents[2]
SEED_JSON = sorted((REPO / "campaigns" / "seeds").glob("*.json"))
SEED_TEXTS = REPO.parent / "shared" / "seeds"


def pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def words(text):
    text = unicodedata.normalize("NFC", text).replace("**", " ")
    # A word the extraction split at a hyphen and a line break ("TT-\nBNV") is one word.
    text = re.sub(r"(?<=\S-)[ \t]*\n\s*", "", text)
    return [w for w in re.split(r"\s+", text) if re.search(r"\w", w)]


def first_missing(expected, actual):
    """Walk `expected` as a subsequence of `actual`; return (index, word) of the first
    word not found in order, or None."""
    position = 0
    for index, word in enumerate(expected):
        try:
            position = actual.index(word, position) + 1
        except ValueError:
            return index, word
    return None


@pytest.fixture
def seed(db):
    load_units()

    def load(path):
        return import_campaign(json.loads(path.read_text(encoding="utf-8")))

    return load


def test_seed_000_reads_in_order(seed, django_assert_max_num_queries):
    campaign = seed(SEED_JSON[0])

    with django_assert_max_num_queries(6):
        data = render_campaign_plan_pdf(campaign)

    pages, text = pdf_text(data)
    flat = " ".join(text.split())
    assert 3 <= pages <= 8
    expected_in_order = [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN NINH HẢI",
        "/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "năm 2023",
        "KẾ HOẠCH",
        "Phát động Phong trào thi đua Chuyển đổi số năm 2023 trên địa bàn huyện Ninh Hải",
        "I. Mục đích, yêu cầu",
        "1. Mục đích",
        "2. Yêu cầu",
        "II. Phạm vi, đối tượng và nội dung phong trào thi đua chuyển đổi số",
        "III. Tiêu chí thi đua",
        "tối thiểu 75% đối với cấp huyện, đạt tối thiểu 50% đối với cấp xã",
        "dữ liệu mở đầy đủ theo danh mục đạt 50%",
        "IV. Hình thức khen thưởng",
        "Không quá 03 tập thể và 05 cá nhân",
        "trước ngày 30/11/2023",
        "01 bộ",
        "V. Tổ chức thực hiện",
        "trước ngày 15/12/2023",
        "(trước ngày 15/11)",
        "Nơi nhận:",
        "- UBND tỉnh;",
        "- Sở Thông tin và Truyền thông; (báo cáo)",
        "- Lưu: VT.",
        "CHỦ TỊCH",
        "Trần Minh Thái",
    ]
    position = 0
    for phrase in expected_in_order:
        found = flat.find(phrase, position)
        assert found >= 0, f"not found in order: {phrase!r}"
        position = found + len(phrase)


@pytest.mark.parametrize("path", SEED_JSON, ids=lambda p: p.stem)
def test_every_word_of_the_seed_in_order(seed, path):
    """The PDF holds every word of the seed text in the same order (page furniture and
    the header the extraction kept aside)."""
    source = next(SEED_TEXTS.glob(f"{path.stem[:3]}_*.txt"), None)
    if source is None:
        pytest.skip(f"seed text not found beside the repository ({SEED_TEXTS})")
    campaign = seed(path)

    _pages, text = pdf_text(render_campaign_plan_pdf(campaign))

    original = words(source.read_text(encoding="utf-8"))
    start = original.index("KẾ")  # the document type; the header before it is furniture
    missing = first_missing(original[start:], words(text))
    context = " ".join(
        original[start:][max(0, (missing or (0,))[0] - 8) : (missing or (0,))[0] + 3]
    )
    assert missing is None, f"word {missing} missing, near: {context}"


def test_minimal_plan_renders(db, district):
    campaign = make_campaign(district)

    pages, text = pdf_text(render_campaign_plan_pdf(campaign))

    assert pages == 1
    assert "Phát động phong trào thi đua thử số" in text
    assert "Nguyễn Văn A" in text


def test_pdf_download_view(client, seed):
    from django.urls import reverse

    from units.models import User

    campaign = seed(SEED_JSON[0])
    client.force_login(User.objects.get(username="vanphong"))

    response = client.get(reverse("campaigns:campaign_pdf", args=[campaign.pk]))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF-")
