"""The plan PDF (Decree 30/2020 format) and the shared document base in core.documents."""

import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from campaigns.documents import render_campaign_plan_pdf
from campaigns.io import import_campaign
from campaigns.selectors import plan_tree
from core.documents import (
    DOCUMENTS_DIR,
    NBSP,
    local_fetcher_class,
    number_line,
    vn_date_line,
)
from tests.factories.campaigns import make_campaign
from units.demo import load as load_units

REPO = Path(__file__).resolve().parents[2]
SEED_JSON = sorted((REPO / "campaigns" / "seeds").glob("*.json"))
SEED_TEXTS = REPO / "campaigns" / "seeds" / "source"  # copies of shared/seeds/*.txt
MM = 72 / 25.4  # PDF points per millimetre
A4_HEIGHT = 297 * MM


def pdf_pages(data):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages


def pdf_text(data):
    pages = pdf_pages(data)
    return len(pages), "\n".join(page.extract_text() for page in pages)


def positioned_text(page):
    """(text, x, y) of every non-blank text run on `page`, y from the bottom in points."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return runs


def words(text):
    """NFC words split on whitespace, punctuation-only tokens dropped."""
    text = unicodedata.normalize("NFC", text).replace("**", " ")
    # A word the extraction split at a hyphen and a line break ("TT-\nBNV") is one word.
    text = re.sub(r"(?<=\S-)[ \t]*\n\s*", "", text)
    return [w for w in re.split(r"\s+", text) if re.search(r"\w", w)]


def without_page_furniture(text, campaign):
    """The source text without what the PDF prints elsewhere or anew: bare page numbers
    ("8" in seed 003) and the first-page header lines, which the extraction of seed 003
    dropped into the middle of the opening sentence (the PDF prints them at the top)."""
    header = {
        *campaign.issuing_body_line.split("\n"),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    }
    kept = []
    for line in text.splitlines():
        bare = " ".join(line.replace("**", "").split())
        if bare.isdigit() or bare in header or bare.startswith("Số:"):
            continue
        kept.append(line)
    return "\n".join(kept)


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


def assert_in_order(flat, phrases):
    position = 0
    for phrase in phrases:
        found = flat.find(phrase, position)
        assert found >= 0, f"not found after position {position}: {phrase!r}"
        position = found + len(phrase)


def sections_in_order(sections):
    for section in sections:
        yield section
        yield from sections_in_order(section.children_list)


@pytest.fixture
def seed(db):
    load_units()

    def load(path):
        return import_campaign(json.loads(path.read_text(encoding="utf-8")))

    return load


# --- core.documents helpers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "day", "month", "year", "expected"),
    [
        ("Ninh Hải", 5, 4, 2023, "Ninh Hải, ngày 05 tháng 4 năm 2023"),
        ("Đắk Song", 15, 2, 2024, "Đắk Song, ngày 15 tháng 02 năm 2024"),
        ("Ứng Hòe", 31, 1, 2025, "Ứng Hòe, ngày 31 tháng 01 năm 2025"),
        ("Buôn Ma Thuột", 9, 12, 2023, "Buôn Ma Thuột, ngày 09 tháng 12 năm 2023"),
        ("Ninh Hải", None, None, 2023, f"Ninh Hải, ngày {NBSP * 6} tháng {NBSP * 6} năm 2023"),
        ("", None, None, None, f"ngày {NBSP * 6} tháng {NBSP * 6} năm {NBSP * 8}"),
    ],
)
def test_vn_date_line(place, day, month, year, expected):
    assert vn_date_line(place, day, month, year) == expected


def test_number_line_leaves_room_for_the_number_until_signing():
    assert number_line("12", "KH-UBND") == "Số: 12/KH-UBND"
    assert number_line("", "KH-UBND") == f"Số: {NBSP * 8}/KH-UBND"
    assert number_line("12154", "") == "Số: 12154"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/print.css",
        "http://127.0.0.1/fonts/Tinos-Regular.ttf",
        "file:///etc/hostname",
        f"file://{DOCUMENTS_DIR}/../../config/settings.py",
        f"file://remote-host{DOCUMENTS_DIR}/print.css",
    ],
)
def test_fetcher_refuses_anything_but_the_document_files(url):
    with pytest.raises(ValueError, match="Refused to fetch"):
        local_fetcher_class()().fetch(url)


def test_fetcher_serves_the_shipped_fonts():
    font = DOCUMENTS_DIR / "fonts" / "Tinos-Regular.ttf"

    response = local_fetcher_class()().fetch(font.as_uri())

    assert response.read() == font.read_bytes()


@pytest.mark.parametrize("style", ["Regular", "Bold", "Italic", "BoldItalic"])
def test_the_shipped_fonts_have_every_vietnamese_letter(style):
    from fontTools.ttLib import TTFont

    vowels = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ", "Đ"}
    assert len(letters) == 146 and all(len(letter) == 1 for letter in letters)

    cmap = TTFont(DOCUMENTS_DIR / "fonts" / f"Tinos-{style}.ttf").getBestCmap()

    assert sorted(letter for letter in letters if ord(letter) not in cmap) == []


def test_pdf_uses_the_shipped_fonts_even_with_no_system_fonts(tmp_path):
    """With fontconfig pointed at an empty folder, only the shipped Tinos can print."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{empty}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    output = tmp_path / "out.pdf"
    script = (
        "import django; django.setup(); from pathlib import Path;"
        "from core.documents import render_pdf;"
        f"Path({str(output)!r}).write_bytes(render_pdf('documents/minimal.html',"
        " {'text': 'Cộng hòa xã hội chủ nghĩa Việt Nam'}))"
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], cwd=REPO, env=env, check=True, timeout=120
    )

    page = pdf_pages(output.read_bytes())[0]
    fonts = {font["/BaseFont"].split("+")[-1] for font in page["/Resources"]["/Font"].values()}
    assert fonts == {"Tinos"}
    assert page.extract_text().strip() == "Cộng hòa xã hội chủ nghĩa Việt Nam"


# --- the plan PDF -----------------------------------------------------------------------


def test_seed_000_reads_in_order(seed, django_assert_max_num_queries):
    campaign = seed(SEED_JSON[0])

    # legal basis, sections, paragraphs, recipients, appendices
    with django_assert_max_num_queries(5):
        data = render_campaign_plan_pdf(campaign)

    pages, text = pdf_text(data)
    flat = " ".join(text.split())
    assert 3 <= pages <= 8
    assert flat.startswith("ỦY BAN NHÂN DÂN HUYỆN NINH HẢI Số: /KH-UBND")
    assert_in_order(
        flat,
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Ninh Hải, ngày tháng năm 2023",
            "KẾ HOẠCH",
            "Phát động Phong trào thi đua Chuyển đổi số năm 2023 trên địa bàn huyện Ninh Hải",
            "Thực hiện Kế hoạch số 1076/KH-UBND ngày 23/3/2023",
            "I. Mục đích, yêu cầu",
            "1. Mục đích",
            "2. Yêu cầu",
            "II. Phạm vi, đối tượng và nội dung phong trào thi đua chuyển đổi số",
            "III. Tiêu chí thi đua",
            "tối thiểu 75% đối với cấp huyện, đạt tối thiểu 50% đối với cấp xã",
            "IV. Hình thức khen thưởng",
            "Không quá 03 tập thể và 05 cá nhân",
            "trước ngày 30/11/2023",
            "V. Tổ chức thực hiện",
            "trước ngày 15/12/2023",
            "(trước ngày 15/11)",
            "triển khai thực hiện./.",
            "Nơi nhận:",
            "CHỦ TỊCH",
            "Trần Minh Thái",
        ],
    )
    headings = [
        " ".join(f"{s.numbering} {s.heading}".split())
        for s in sections_in_order(plan_tree(campaign))
        if s.heading
    ]
    assert len(headings) == 16
    assert_in_order(flat, headings)
    recipients = [f"- {r.text}" for r in campaign.recipient_set.order_by("order")]
    assert recipients[0] == "- UBND tỉnh;" and recipients[-1] == "- Lưu: VT."
    assert_in_order(flat, ["Nơi nhận:", *recipients, "CHỦ TỊCH", "Trần Minh Thái"])


def test_page_numbers_top_centre_from_page_two(seed):
    campaign = seed(SEED_JSON[0])

    pages = pdf_pages(render_campaign_plan_pdf(campaign))

    top_margin = A4_HEIGHT - 20 * MM
    in_top_margin = [
        [(text, round(x)) for text, x, y in positioned_text(page) if y > top_margin]
        for page in pages
    ]
    assert in_top_margin[0] == []
    for number, runs in enumerate(in_top_margin[1:], start=2):
        assert [text for text, _x in runs] == [str(number)]
        # centred between the 30 mm and 15 mm margins, give or take the digit's width
        assert abs(runs[0][1] - (30 * MM + (210 - 15) * MM) / 2) < 10
    body_left = min(x for _text, x, _y in positioned_text(pages[1]))
    assert round(body_left / MM) == 30


@pytest.mark.parametrize("path", SEED_JSON, ids=lambda p: p.stem)
def test_every_word_of_the_seed_in_order(seed, path):
    """The PDF holds every word of the seed text, from the document type on, in the same
    order; it may hold more (the header, page numbers)."""
    source = next(SEED_TEXTS.glob(f"{path.stem[:3]}_*.txt"), None)
    if source is None:
        pytest.skip(f"seed text {path.stem[:3]}_*.txt not found in {SEED_TEXTS}")
    campaign = seed(path)

    _pages, text = pdf_text(render_campaign_plan_pdf(campaign))

    original = words(without_page_furniture(source.read_text(encoding="utf-8"), campaign))
    expected = original[original.index("KẾ") :]  # the header before it is page furniture
    missing = first_missing(expected, words(text))
    if missing is not None:
        index, word = missing
        context = " ".join(expected[max(0, index - 8) : index + 4])
        pytest.fail(f"word {index} {word!r} missing or out of order, near: {context}")


def test_a_signed_plan_prints_its_number_and_date(district):
    campaign = make_campaign(
        district,
        header={
            "governing_body_line": "UBND TỈNH NINH THUẬN",
            "issuing_body_lines": ["SỞ GIAO THÔNG VẬN TẢI"],
            "number": "12",
            "symbol": "KH-SGTVT",
            "place": "Ninh Thuận",
            "date": {"day": 5, "month": 4, "year": 2023},
        },
    )

    pages, text = pdf_text(render_campaign_plan_pdf(campaign))

    assert pages == 1
    assert_in_order(
        " ".join(text.split()),
        [
            "UBND TỈNH NINH THUẬN SỞ GIAO THÔNG VẬN TẢI Số: 12/KH-SGTVT",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
            "Ninh Thuận, ngày 05 tháng 4 năm 2023",
            f"KẾ HOẠCH {campaign.title}",
            "I. MỤC ĐÍCH, YÊU CẦU - Khơi dậy tinh thần thi đua.",
            "Nơi nhận: - Như trên; - Lưu: VT.",
            "CHỦ TỊCH Nguyễn Văn A",
        ],
    )


def test_render_plan_command_by_id_and_by_key(seed, tmp_path):
    campaign = seed(SEED_JSON[4])
    by_id, by_key = tmp_path / "by-id.pdf", tmp_path / "by-key.pdf"

    call_command("render_plan", str(campaign.pk), output=str(by_id), stdout=io.StringIO())
    call_command("render_plan", campaign.key, output=str(by_key), stdout=io.StringIO())

    for output in (by_id, by_key):
        _pages, text = pdf_text(output.read_bytes())
        assert "SỞ GIAO THÔNG VẬN TẢI" in text
    with pytest.raises(CommandError, match="Không có kế hoạch khong-co"):
        call_command("render_plan", "khong-co", output=str(tmp_path / "x.pdf"))


def test_pdf_download_view(client, seed):
    from django.urls import reverse

    from units.models import User

    campaign = seed(SEED_JSON[0])
    client.force_login(User.objects.get(username="vanphong"))

    response = client.get(reverse("campaigns:campaign_pdf", args=[campaign.pk]))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    # named by its title (no number yet), never by its internal code "seed-000-ninh-hai"
    assert response["Content-Disposition"] == (
        'attachment; filename="ke-hoach-phat-dong-phong-trao-thi-dua-chuyen-doi-so-nam-2023-'
        'tren-dia-ban-huyen-ninh-hai.pdf"'
    )
    _pages, text = pdf_text(response.content)
    assert text.startswith("ỦY BAN NHÂN DÂN\nHUYỆN NINH HẢI")
