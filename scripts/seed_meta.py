"""What the seed texts lost or leave implicit: headers (domain.md §3) and structured parts.

Each part is (needle, key, item): the item is attached to the one paragraph whose text
contains `needle` (None: not tied to a paragraph).
"""


def ms(id_, kind, phrase, precision, **kw):
    item = {
        "id": id_,
        "kind": kind,
        "phrase": phrase,
        "precision": precision,
        "date": None,
        "day": None,
        "month": None,
        "quarter": None,
        "year": None,
        "due_at": None,
        "responsible": "",
    }
    item.update(kw)
    return item


def target(
    text,
    comparator="qualitative",
    value=None,
    *,
    group="",
    indicator="",
    unit="%",
    thresholds=(),
    value_max=None,
    external="",
):
    return {
        "text": text,
        "indicator": indicator,
        "comparator": comparator,
        "value": value,
        "value_max": value_max,
        "unit_of_measure": unit if value is not None else "",
        "level_thresholds": list(thresholds),
        "external_index": external,
        "group": group,
    }


def criterion(
    text,
    comparator="qualitative",
    value=None,
    *,
    category=None,
    indicator="",
    unit="%",
    thresholds=(),
    external="",
):
    item = target(
        text,
        comparator,
        value,
        indicator=indicator,
        unit=unit,
        thresholds=thresholds,
        external=external,
    )
    del item["group"]
    item["category"] = category
    return item


SEEDS = {
    "000": {
        "key": "seed-000-ninh-hai",
        "issuing_body": "NT-NH",
        "header": {
            "governing_body_line": "",
            "issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN NINH HẢI"],
            "number": "",
            "symbol": "KH-UBND",
            "place": "Ninh Hải",
            "date": {"day": None, "month": None, "year": 2023},
        },
        "period": {"start": "2023-01-01", "end": "2023-12-31", "end_text": ""},
        "basis": {
            0: {
                "doc_number": "1076/KH-UBND",
                "doc_date": "2023-03-23",
                "issuer": "UBND tỉnh Ninh Thuận",
                "doc_title": "Phát động Phong trào thi đua Chuyển đổi số năm 2023 trên địa bàn tỉnh Ninh Thuận",
                "is_parent_plan": True,
            }
        },
        "parts": [
            (
                None,
                "participant_categories",
                {
                    "id": "tap-the",
                    "nominee_kind": "collective",
                    "label": "Tập thể: cơ quan, ban, ngành, Mặt trận, đoàn thể, UBND các xã, thị trấn, doanh nghiệp",
                    "unit_kinds": [],
                    "unit_level": "",
                },
            ),
            (
                None,
                "participant_categories",
                {
                    "id": "ca-nhan",
                    "nominee_kind": "individual",
                    "label": "Cá nhân thuộc cơ quan, đơn vị, địa phương, tổ chức nêu trên",
                    "unit_kinds": [],
                    "unit_level": "",
                },
            ),
            (
                "trước ngày 30/11/2023 để xem xét",
                "milestones",
                ms(
                    "ho-so",
                    "nominations_due",
                    "trước ngày 30/11/2023",
                    "date",
                    date="2023-11-30",
                    due_at="2023-11-30T00:00:00+07:00",
                    responsible="Các tập thể, cá nhân đề nghị khen thưởng",
                ),
            ),
            (
                "(trước ngày 15/11)",
                "milestones",
                ms(
                    "bao-cao-don-vi",
                    "unit_reports_due",
                    "trước ngày 15/11",
                    "date",
                    date="2023-11-15",
                    due_at="2023-11-15T00:00:00+07:00",
                    responsible="Thủ trưởng các tổ chức, đơn vị, địa phương",
                ),
            ),
            (
                "trước ngày 15/12/2023",
                "milestones",
                ms(
                    "bao-cao-phong",
                    "office_report_due",
                    "trước ngày 15/12/2023",
                    "date",
                    date="2023-12-15",
                    due_at="2023-12-15T00:00:00+07:00",
                    responsible="Phòng Văn hoá và Thông tin",
                ),
            ),
            (
                None,
                "award_forms",
                {
                    "id": "giay-khen-ct-huyen",
                    "name": "Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
                    "authority": "decided_here",
                    "decider": "Chủ tịch Ủy ban nhân dân huyện",
                    "recipient_kinds": ["collective", "individual"],
                    "eligible_unit_kinds": [],
                    "standards": "Việc xét khen thưởng cho các tập thể và cá nhân căn cứ vào kết quả thực hiện các nội dung và tiêu chí thi đua của Phong trào thi đua Chuyển đổi số huyện năm 2023 nêu trên.",
                    "is_title": False,
                },
            ),
            (
                None,
                "award_rounds",
                {
                    "id": "tong-ket-2023",
                    "kind": "final",
                    "label": "Khen thưởng Phong trào thi đua Chuyển đổi số năm 2023",
                    "year": 2023,
                    "milestone": "ho-so",
                    "forms": ["giay-khen-ct-huyen"],
                },
            ),
            (
                None,
                "quotas",
                {
                    "text": "Không quá 03 tập thể và 05 cá nhân",
                    "form": "giay-khen-ct-huyen",
                    "round": "tong-ket-2023",
                    "max_collective": 3,
                    "max_individual": 5,
                    "max_total": None,
                    "per_unit": False,
                    "pct_collective": None,
                    "pct_individual": None,
                },
            ),
            (
                "Thủ tục, hồ sơ đề nghị khen thưởng thực hiện theo",
                "dossier_requirements",
                {
                    "text": "Hồ sơ theo Hướng dẫn số 2730/HD-SNV ngày 06/9/2022 của Sở Nội vụ; tập thể kèm Kế hoạch phát động hoặc văn bản triển khai và Báo cáo kết quả thực hiện phong trào",
                    "components": [
                        "Hồ sơ theo Hướng dẫn số 2730/HD-SNV ngày 06/9/2022 của Sở Nội vụ",
                        "Kế hoạch phát động hoặc văn bản triển khai thực hiện Phong trào thi đua Chuyển đổi số năm 2023 (đối với tập thể)",
                        "Báo cáo kết quả thực hiện phong trào thi đua Chuyển đổi số năm 2023 (đối với tập thể)",
                    ],
                    "copies": "01 bộ",
                    "send_to": "Phòng Văn hoá và Thông tin",
                    "via": "Phòng Nội vụ",
                    "milestone": "ho-so",
                },
            ),
            (
                "Đảm bảo 100% văn bản điện tử",
                "criteria",
                criterion(
                    "100% văn bản điện tử gửi, nhận giữa các cơ quan hành chính Nhà nước các cấp được ký số thay thế văn bản giấy (trừ văn bản mật)",
                    "=",
                    100,
                    indicator="Tỷ lệ văn bản điện tử gửi, nhận được ký số (%)",
                ),
            ),
            (
                "100% dịch vụ công trực tuyến được triển khai",
                "criteria",
                criterion(
                    "100% dịch vụ công trực tuyến được triển khai trên nhiều nền tảng truy cập khác nhau, bao gồm cả thiết bị di động",
                    "=",
                    100,
                    indicator="Tỷ lệ dịch vụ công trực tuyến triển khai trên nhiều nền tảng (%)",
                ),
            ),
            (
                "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ",
                "criteria",
                criterion(
                    "Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ đạt tối thiểu 75% đối với cấp huyện, đạt tối thiểu 50% đối với cấp xã, thị trấn",
                    ">=",
                    50,
                    indicator="Tỷ lệ dịch vụ công trực tuyến phát sinh hồ sơ (%)",
                    thresholds=[
                        {"level": "district", "comparator": ">=", "value": 75, "value_max": None},
                        {"level": "commune", "comparator": ">=", "value": 50, "value_max": None},
                    ],
                ),
            ),
            (
                "Trang thông tin điện tử của UBND huyện",
                "criteria",
                criterion(
                    "Trang thông tin điện tử của UBND huyện công khai thông tin đầy đủ theo Nghị định số 42/2022/NĐ-CP",
                    "yes_no",
                    None,
                    indicator="Trang thông tin điện tử công khai đầy đủ theo Nghị định số 42/2022/NĐ-CP",
                ),
            ),
            (
                "dữ liệu mở đầy đủ theo danh mục đạt 50%",
                "criteria",
                criterion(
                    "Tỷ lệ cơ quan nhà nước cung cấp dữ liệu mở đầy đủ theo danh mục đạt 50%",
                    ">=",
                    50,
                    indicator="Tỷ lệ cơ quan nhà nước cung cấp dữ liệu mở đầy đủ theo danh mục (%)",
                ),
            ),
        ],
    },
    "001": {
        "key": "seed-001-dak-song",
        "issuing_body": "DN-DS",
        "header": {
            "governing_body_line": "",
            "issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN ĐẮK SONG"],
            "number": "",
            "symbol": "KH-UBND",
            "place": "Đắk Song",
            "date": {"day": None, "month": None, "year": 2023},
        },
        "period": {"start": "2023-01-01", "end": "2025-12-31", "end_text": ""},
        "registration": {"enabled": True, "deadline": None},
        "parts": [],
    },
    "002": {
        "key": "seed-002-ung-hoe",
        "issuing_body": "HD-NG-UH",
        "header": {
            "governing_body_line": "",
            "issuing_body_lines": ["ỦY BAN NHÂN DÂN", "XÃ ỨNG HÒE"],
            "number": "",
            "symbol": "KH-UBND",
            "place": "Ứng Hòe",
            "date": {"day": None, "month": None, "year": 2023},
        },
        "period": {"start": "2023-01-01", "end": "2025-12-31", "end_text": ""},
        "registration": {"enabled": True, "deadline": None},
        "parts": [],
    },
    "003": {
        "key": "seed-003-buon-ma-thuot",
        "issuing_body": "DL-BMT",
        "header": {
            "governing_body_line": "",
            "issuing_body_lines": ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ BUÔN MA THUỘT"],
            "number": "",
            "symbol": "KH-UBND",
            "place": "Buôn Ma Thuột",
            "date": {"day": None, "month": 7, "year": 2023},
        },
        "period": {"start": "2023-01-01", "end": "2025-12-31", "end_text": ""},
        "registration": {"enabled": True, "deadline": None},
        "parts": [],
    },
    "004": {
        "key": "seed-004-so-gtvt-ninh-thuan",
        "issuing_body": "NT-GTVT",
        "header": {
            "governing_body_line": "UBND TỈNH NINH THUẬN",
            "issuing_body_lines": ["SỞ GIAO THÔNG VẬN TẢI"],
            "number": "",
            "symbol": "KH-SGTVT",
            "place": "Ninh Thuận",
            "date": {"day": None, "month": 8, "year": 2022},
        },
        "period": {"start": "2021-01-01", "end": "2025-12-31", "end_text": ""},
        "parts": [],
    },
}
