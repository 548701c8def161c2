"""Demo: seed 000's award round, open for nominations, and dossiers in every state.

The plan asks for dossiers "trước ngày 30/11/2023". A demo run today would find that
window closed, so the demo re-opens it the way an office would: a new deadline 60 days
from the first load, recorded in the round's history.

With `work` (the default), the communes of UBND huyện Ninh Hải have filed their dossiers in
November 2023, within the plan's deadline, and each has gone as far as the office, the
appraiser and the chairman took it: one still being drafted, one submitted, one returned
with its reason, one returned and resubmitted, one accepted, one appraised (waiting for the
chairman) and three decided (nominations approved and refused, the approvals filling the
round's quota of 3 collectives and 5 individuals). The other seed bodies each have a
submitted dossier waiting for their office (Đắk Song's from Đức An, while Nam Bình's came
back to complete) and, in their final round of 2025, one being drafted or returned.
UBND huyện Đắk Song's final round has Đức An's dossier accepted (waiting for Phòng Nội
vụ's appraisal), Thuận Hà's appraised (waiting for the chairman) and Nam Bình's approved
proposals of the provincial Bằng khen, sent up as the district's dossier in UBND tỉnh Đắk
Nông's round and submitted there (waiting for the province's office); in that round two
provincial departments filed their own: one accepted (waiting for Sở Nội vụ's appraisal),
one appraised (waiting for the chairman). So every demo account has something to act on. Every move goes through the
services with a fixed date where they take one, so the history is real and two loads give
the same data. A unit whose dossier already exists is left alone (whatever state someone
has since moved it to).
"""

import datetime
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from campaigns.models import AwardRound
from core.models import TransitionLog
from core.services import log_event
from units.models import Person, Unit, User

from . import services
from .enums import Appraisal, AttachmentKind
from .forms import DossierForm, NominationFormSet, limit_nomination_choices
from .models import Dossier

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
FILES = {
    AttachmentKind.LETTER: "to-trinh.pdf",
    AttachmentKind.MINUTES: "bien-ban-hoi-dong.pdf",
    AttachmentKind.ACHIEVEMENT: "bao-cao-thanh-tich.pdf",
}
PROPOSE, NOT_PROPOSE = Appraisal.PROPOSE, Appraisal.NOT_PROPOSE


def at(year, month, day, hour=9, minute=0):
    """A fixed moment, Vietnam time: the demo's dates do not depend on the day it runs."""
    return timezone.make_aware(
        datetime.datetime(year, month, day, hour, minute), timezone.get_default_timezone()
    )


COMMUNE_SUMMARY = (
    "Triển khai hiệu quả Kế hoạch chuyển đổi số của xã; {rate}% hồ sơ thủ tục hành chính "
    "được tiếp nhận, giải quyết trực tuyến; 100% văn bản đi được ký số."
)
PERSON_SUMMARY = (
    "Trực tiếp {task}; hoàn thành xuất sắc nhiệm vụ được giao năm 2023, "
    "không có sai sót trong công tác chuyên môn."
)

# One dossier per unit of the round. `nominees`: (unit or person code, achievement summary,
# votes for, appraisal opinion, appraisal note, the chairman's decision and its reason).
# `until` is how far the dossier goes: draft, submitted, returned, resubmitted, accepted,
# appraised or decided.
NINH_HAI = [
    {
        "unit": "NT-NH-NHH",
        "account": "donvi2",
        "until": "draft",
        "letter": ("", None, "Nguyễn Văn Tài"),
        "council": (None, None, None),
        "nominees": [
            ("NT-NH-NHH", COMMUNE_SUMMARY.format(rate=58), None),
        ],
        "files": [],
    },
    {
        "unit": "NT-NH-KH",
        "account": "donvi3",
        "until": "submitted",
        "letter": ("21/TTr-UBND", (2023, 11, 22), "Trương Văn Hải"),
        "council": ((2023, 11, 20), 9, 9),
        "nominees": [
            ("NT-NH-KH", COMMUNE_SUMMARY.format(rate=71), 9),
            ("NT-NH-KH-02", PERSON_SUMMARY.format(task="chỉ đạo bộ phận một cửa số hóa hồ sơ"), 8),
            ("NT-NH-KH-03", PERSON_SUMMARY.format(task="vận hành Cổng dịch vụ công của xã"), 9),
        ],
        "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES],
        "submitted": at(2023, 11, 23, 10),
    },
    {
        "unit": "NT-NH-TRH",
        "account": "donvi1",
        "until": "returned",
        "letter": ("16/TTr-UBND", (2023, 11, 18), "Đặng Văn Minh"),
        "council": ((2023, 11, 17), 9, 7),
        "nominees": [
            ("NT-NH-TRH", COMMUNE_SUMMARY.format(rate=62), 7),
            (
                "NT-NH-TRH-01",
                PERSON_SUMMARY.format(task="chỉ đạo triển khai phong trào ở xã"),
                7,
            ),
            ("NT-NH-TRH-03", PERSON_SUMMARY.format(task="hướng dẫn người dân nộp hồ sơ"), 6),
        ],
        "files": [AttachmentKind.MINUTES],
        "submitted": at(2023, 11, 20, 15, 30),
        "return_reason": (
            "Biên bản họp Hội đồng ghi 7 thành viên có mặt nhưng chỉ có 6 chữ ký; Báo cáo thành "
            "tích của ông Hoàng Văn Em chưa có xác nhận của Chủ tịch UBND xã. Đề nghị bổ sung "
            "rồi nộp lại trước ngày 30/11/2023."
        ),
    },
    {
        "unit": "NT-NH-THH",
        "account": "donvi4",
        "until": "resubmitted",
        "letter": ("18/TTr-UBND", (2023, 11, 16), "Lưu Văn Thắng"),
        "council": ((2023, 11, 15), 7, 7),
        "nominees": [
            ("NT-NH-THH", COMMUNE_SUMMARY.format(rate=66), 7),
            ("NT-NH-THH-01", PERSON_SUMMARY.format(task="chỉ đạo số hóa sổ hộ tịch"), 6),
            ("NT-NH-THH-03", PERSON_SUMMARY.format(task="số hóa 4.200 trang sổ hộ tịch"), 6),
        ],
        "files": [AttachmentKind.LETTER],
        "submitted": at(2023, 11, 17, 8, 30),
        "return_reason": (
            "Số phiếu đồng ý của ông Võ Văn Khánh ghi 6, Biên bản họp Hội đồng ghi 7; "
            "Báo cáo thành tích của tập thể chưa có bản ký, đóng dấu."
        ),
        # What the commune changed before submitting again (the office sees the diff).
        "fix": {"votes": {"NT-NH-THH-03": 7}, "files": [AttachmentKind.ACHIEVEMENT]},
        "resubmitted": at(2023, 11, 21, 14),
    },
    {
        "unit": "NT-NH-VIH",
        "account": "donvi5",
        "until": "accepted",
        "letter": ("25/TTr-UBND", (2023, 11, 14), "Mai Văn Trung"),
        "council": ((2023, 11, 13), 9, 8),
        "nominees": [
            ("NT-NH-VIH", COMMUNE_SUMMARY.format(rate=69), 8),
            ("NT-NH-VIH-02", PERSON_SUMMARY.format(task="phụ trách bộ phận một cửa"), 8),
            ("NT-NH-VIH-03", PERSON_SUMMARY.format(task="tuyên truyền cài đặt VNeID"), 7),
        ],
        "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES],
        "submitted": at(2023, 11, 15, 9),
    },
    {
        "unit": "NT-NH-PHH",
        "account": "donvi6",
        "until": "appraised",
        "letter": ("30/TTr-UBND", (2023, 11, 10), "Lê Văn Sáu"),
        "council": ((2023, 11, 9), 9, 9),
        "nominees": [
            ("NT-NH-PHH", COMMUNE_SUMMARY.format(rate=73), 9, PROPOSE, ""),
            (
                "NT-NH-PHH-01",
                PERSON_SUMMARY.format(task="chỉ đạo chuyển đổi số ở xã"),
                8,
                NOT_PROPOSE,
                "Đã được tặng Giấy khen của Chủ tịch UBND huyện năm 2022 cho cùng thành tích.",
            ),
            (
                "NT-NH-PHH-02",
                PERSON_SUMMARY.format(task="xây dựng mô hình «Tổ công nghệ số cộng đồng»"),
                9,
                PROPOSE,
                "Thành tích tiêu biểu, có mô hình được nhân rộng.",
            ),
            ("NT-NH-PHH-03", PERSON_SUMMARY.format(task="số hóa hồ sơ đất đai"), 8, PROPOSE, ""),
        ],
        "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT],
        "submitted": at(2023, 11, 13, 16),
    },
    {
        "unit": "NT-NH-TAH",
        "account": "donvi7",
        "until": "decided",
        "letter": ("27/TTr-UBND", (2023, 11, 8), "Huỳnh Văn Bảy"),
        "council": ((2023, 11, 7), 9, 9),
        "nominees": [
            ("NT-NH-TAH", COMMUNE_SUMMARY.format(rate=76), 9, PROPOSE, "", "approve"),
            (
                "NT-NH-TAH-01",
                PERSON_SUMMARY.format(task="chỉ đạo phong trào, xã dẫn đầu huyện"),
                9,
                PROPOSE,
                "",
                "approve",
            ),
            (
                "NT-NH-TAH-02",
                PERSON_SUMMARY.format(task="phụ trách Cổng thông tin điện tử của xã"),
                8,
                NOT_PROPOSE,
                "Chưa đủ 12 tháng công tác tại đơn vị trong năm 2023.",
            ),
            (
                "NT-NH-TAH-03",
                PERSON_SUMMARY.format(task="hỗ trợ người dân thanh toán trực tuyến"),
                7,
                PROPOSE,
                "",
                "reject",
                "Thành tích chưa tiêu biểu bằng các cá nhân khác trong huyện; chỉ tiêu có hạn.",
            ),
        ],
        "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT],
        "submitted": at(2023, 11, 9, 10),
        "decided": at(2023, 12, 8, 15),
    },
    # With Tân Hải, the chairman's approvals fill the plan's quota exactly: 3 collectives
    # and 5 individuals, the list of the demo's award decision (decisions.demo).
    {
        "unit": "NT-NH-HOH",
        "account": "donvi8",
        "until": "decided",
        "letter": ("19/TTr-UBND", (2023, 11, 6), "Phạm Văn Dũng"),
        "council": ((2023, 11, 3), 9, 9),
        "nominees": [
            ("NT-NH-HOH", COMMUNE_SUMMARY.format(rate=74), 9, PROPOSE, "", "approve"),
            (
                "NT-NH-HOH-01",
                PERSON_SUMMARY.format(task="chỉ đạo xây dựng xã thông minh"),
                9,
                PROPOSE,
                "",
                "approve",
            ),
            (
                "NT-NH-HOH-03",
                PERSON_SUMMARY.format(task="triển khai thanh toán không dùng tiền mặt ở chợ xã"),
                8,
                PROPOSE,
                "",
                "approve",
            ),
        ],
        "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT],
        "submitted": at(2023, 11, 7, 9, 30),
        "decided": at(2023, 12, 8, 15),
    },
    {
        "unit": "NT-NH-XUH",
        "account": "donvi9",
        "until": "decided",
        "letter": ("22/TTr-UBND", (2023, 11, 9), "Võ Văn Tám"),
        "council": ((2023, 11, 8), 7, 7),
        "nominees": [
            ("NT-NH-XUH", COMMUNE_SUMMARY.format(rate=70), 7, PROPOSE, "", "approve"),
            (
                "NT-NH-XUH-02",
                PERSON_SUMMARY.format(task="số hóa kết quả giải quyết thủ tục hành chính"),
                7,
                PROPOSE,
                "",
                "approve",
            ),
            (
                "NT-NH-XUH-03",
                PERSON_SUMMARY.format(task="hướng dẫn hộ kinh doanh bán hàng trên sàn số"),
                6,
                PROPOSE,
                "",
                "approve",
            ),
        ],
        "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT],
        "submitted": at(2023, 11, 10, 14),
        "decided": at(2023, 12, 8, 15, 30),
    },
]

# The other seed bodies' dossiers, by (plan key, round), in the plan format of NINH_HAI.
OTHER_SEEDS = [
    (
        "seed-001-dak-song",
        "so-ket-2023",
        {
            "unit": "DN-DS-NB",
            "account": "donvi_dsong",
            "until": "returned",
            "letter": ("12/TTr-UBND", (2023, 12, 18), "Nguyễn Văn An"),
            "council": ((2023, 12, 15), 7, 7),
            "nominees": [
                (
                    "DN-DS-NB",
                    "Hoàn thành 100% chỉ tiêu học tập và làm theo tư tưởng, đạo đức, phong cách "
                    "Hồ Chí Minh năm 2023 của xã.",
                    7,
                ),
                (
                    "DN-DS-NB-03",
                    "Trực tiếp biên soạn tài liệu sinh hoạt chuyên đề cho các chi bộ thôn.",
                    6,
                ),
            ],
            "files": [AttachmentKind.LETTER],
            "submitted": at(2023, 12, 20, 9),
            "return_reason": (
                "Hồ sơ chưa có Biên bản họp Hội đồng Thi đua - Khen thưởng của xã; Báo cáo thành "
                "tích của ông Lê Văn Cường chưa có xác nhận của Chủ tịch UBND xã. Đề nghị bổ "
                "sung rồi nộp lại."
            ),
        },
    ),
    (
        "seed-001-dak-song",
        "so-ket-2023",
        {
            "unit": "DN-DS-DA",
            "account": "donvi_ducan",
            "until": "submitted",
            "letter": ("09/TTr-UBND", (2023, 12, 19), "Nguyễn Văn An"),
            "council": ((2023, 12, 18), 7, 7),
            "nominees": [
                (
                    "DN-DS-DA",
                    "Thị trấn đầu tiên của huyện đưa 100% thủ tục hành chính đủ điều kiện lên "
                    "dịch vụ công trực tuyến toàn trình năm 2023.",
                    7,
                ),
                (
                    "DN-DS-DA-03",
                    "Trực tiếp hướng dẫn hơn 1.200 lượt người dân kích hoạt tài khoản định danh "
                    "điện tử mức độ 2.",
                    7,
                ),
            ],
            "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES],
            "submitted": at(2023, 12, 21, 14),
        },
    ),
    (
        "seed-002-ung-hoe",
        "so-ket-2024",
        {
            "unit": "HD-NG-UH-TH",
            "account": "donvi_unghoe",
            "until": "submitted",
            "letter": ("08/TTr-THUH", (2024, 9, 16), "Nguyễn Văn An"),
            "council": ((2024, 9, 13), 5, 5),
            "nominees": [
                (
                    "HD-NG-UH-TH",
                    "Trường đạt chuẩn quốc gia mức độ 2; 100% học sinh hoàn thành chương trình.",
                    5,
                ),
            ],
            "files": [AttachmentKind.LETTER],
            "submitted": at(2024, 9, 18, 10),
        },
    ),
    (
        "seed-003-buon-ma-thuot",
        "so-ket-2024",
        {
            "unit": "DL-BMT-TL",
            "account": "donvi_bmt",
            "until": "submitted",
            "letter": ("41/TTr-UBND", (2024, 9, 20), "Nguyễn Văn An"),
            "council": ((2024, 9, 19), 9, 8),
            "nominees": [
                (
                    "DL-BMT-TL",
                    "Phường đạt chuẩn đô thị văn minh; 98% hộ gia đình đạt danh hiệu "
                    "«Gia đình văn hóa».",
                    8,
                ),
                (
                    "DL-BMT-TL-03",
                    "Trực tiếp vận động 45 hộ hiến đất mở rộng hẻm, xây dựng tuyến phố văn minh.",
                    8,
                ),
            ],
            "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES],
            "submitted": at(2024, 9, 24, 14),
        },
    ),
    (
        "seed-004-so-gtvt-ninh-thuan",
        "so-ket-2023",
        {
            "unit": "NT-GTVT-TTR",
            "account": "donvi_sgtvt",
            "until": "submitted",
            "letter": ("05/TTr-TTr", (2023, 12, 12), "Nguyễn Văn An"),
            "council": ((2023, 12, 11), 7, 7),
            "nominees": [
                (
                    "NT-GTVT-TTR",
                    "Hoàn thành vượt kế hoạch thanh tra, kiểm tra năm 2023; không để xảy ra "
                    "khiếu nại vượt cấp.",
                    7,
                ),
            ],
            "files": [AttachmentKind.LETTER],
            "submitted": at(2023, 12, 13, 9),
        },
    ),
    # The final reviews of 2025: the school is still drafting its dossier, Tân Lợi's came
    # back from the city's office to complete, the Inspectorate has started its own.
    (
        "seed-002-ung-hoe",
        "tong-ket-2025",
        {
            "unit": "HD-NG-UH-TH",
            "account": "donvi_unghoe",
            "until": "draft",
            "form": "gk-ct-xa",
            "letter": ("", None, "Nguyễn Văn An"),
            "council": (None, None, None),
            "nominees": [
                (
                    "HD-NG-UH-TH-03",
                    "Xây dựng kho bài giảng điện tử dùng chung của trường; hướng dẫn 100% giáo "
                    "viên dạy học trên phần mềm quản lý học tập.",
                    None,
                ),
            ],
            "files": [],
        },
    ),
    (
        "seed-003-buon-ma-thuot",
        "tong-ket-2025",
        {
            "unit": "DL-BMT-TL",
            "account": "donvi_bmt",
            "until": "returned",
            "form": "gk-ct-tp",
            "letter": ("58/TTr-UBND", (2025, 12, 8), "Nguyễn Văn An"),
            "council": ((2025, 12, 5), 9, 9),
            "nominees": [
                (
                    "DL-BMT-TL",
                    "Phường dẫn đầu thành phố về thanh toán không dùng tiền mặt: 92% hộ kinh "
                    "doanh ở chợ Tân Lợi nhận thanh toán bằng mã QR.",
                    9,
                ),
                (
                    "DL-BMT-TL-03",
                    "Trực tiếp số hóa 100% hồ sơ hộ tịch của phường từ năm 1995 đến nay.",
                    8,
                ),
            ],
            "files": [AttachmentKind.LETTER],
            "submitted": at(2025, 12, 10, 9),
            "return_reason": (
                "Hồ sơ chưa có Biên bản họp Hội đồng Thi đua - Khen thưởng phường; Báo cáo thành "
                "tích của tập thể mới có số liệu năm 2024, chưa có năm 2025. Đề nghị bổ sung rồi "
                "nộp lại."
            ),
        },
    ),
    (
        "seed-004-so-gtvt-ninh-thuan",
        "tong-ket-2025",
        {
            "unit": "NT-GTVT-TTR",
            "account": "donvi_sgtvt",
            "until": "draft",
            "letter": ("", None, "Nguyễn Văn An"),
            "council": (None, None, None),
            "nominees": [
                (
                    "NT-GTVT-TTR-03",
                    "Chủ trì đưa 100% biên bản vi phạm hành chính lĩnh vực giao thông lên phần "
                    "mềm xử lý trực tuyến giai đoạn 2021 - 2025.",
                    None,
                ),
            ],
            "files": [],
        },
    ),
    # UBND huyện Đắk Song's final round (2024 and 2025): beside Nam Bình's, decided and sent
    # up, Đức An's dossier is accepted (waiting for Phòng Nội vụ's appraisal) and Thuận Hà's
    # appraised (waiting for the chairman's approval on the board), both for the Giấy khen
    # of the district chairman.
    (
        "seed-001-dak-song",
        "tong-ket-2025",
        {
            "unit": "DN-DS-DA",
            "account": "donvi_ducan",
            "until": "accepted",
            "form": "gk-ct-huyen-xa",
            "letter": ("47/TTr-UBND", (2025, 12, 11), "Nguyễn Văn An"),
            "council": ((2025, 12, 9), 7, 7),
            "nominees": [
                (
                    "DN-DS-DA",
                    "Hoàn thành 100% chỉ tiêu chuyển đổi số giai đoạn 2023 - 2025; 97% hồ sơ thủ "
                    "tục hành chính của thị trấn được giải quyết trực tuyến năm 2025.",
                    7,
                ),
                (
                    "DN-DS-DA-03",
                    "Trực tiếp xây dựng mô hình «Khu dân cư số» ở tổ dân phố 3, được huyện "
                    "chọn làm điểm nhân rộng.",
                    6,
                ),
            ],
            "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES],
            "submitted": at(2025, 12, 15, 8, 30),
        },
    ),
    (
        "seed-001-dak-song",
        "tong-ket-2025",
        {
            "unit": "DN-DS-TH",
            "account": "donvi_thuanha",
            "until": "appraised",
            "form": "gk-ct-huyen-xa",
            "letter": ("38/TTr-UBND", (2025, 12, 5), "Nguyễn Văn An"),
            "council": ((2025, 12, 3), 7, 7),
            "nominees": [
                (
                    "DN-DS-TH",
                    "Xã vùng sâu đầu tiên của huyện phủ sóng di động 4G đến 100% thôn, bon; 85% "
                    "hộ gia đình có tài khoản thanh toán điện tử năm 2025.",
                    7,
                    PROPOSE,
                    "",
                ),
                (
                    "DN-DS-TH-03",
                    "Trực tiếp hướng dẫn đồng bào M'nông ở 6 bon cài đặt, sử dụng ứng dụng "
                    "VNeID và nộp hồ sơ trực tuyến.",
                    7,
                    PROPOSE,
                    "Thành tích tiêu biểu ở vùng đồng bào dân tộc thiểu số.",
                ),
            ],
            "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT],
            "submitted": at(2025, 12, 8, 10),
        },
    ),
    # UBND tỉnh Đắk Nông's final round also takes the provincial departments' dossiers:
    # the Department of Information and Communications' is accepted (waiting for Sở Nội
    # vụ's appraisal), the Department of Education's appraised (waiting for the chairman).
    (
        "demo-dak-nong-tinh",
        "tong-ket-2025",
        {
            "unit": "DN-STTTT",
            "account": "donvi_stttt",
            "until": "accepted",
            "letter": ("112/TTr-STTTT", (2025, 12, 15), "Phạm Quốc Huy"),
            "council": ((2025, 12, 12), 7, 7),
            "nominees": [
                (
                    "DN-STTTT-02",
                    "Chủ trì xây dựng Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh; kết nối 100% "
                    "hệ thống thông tin dùng chung của các sở, ngành, địa phương.",
                    7,
                ),
                (
                    "DN-STTTT-03",
                    "Trực tiếp vận hành Trung tâm Giám sát, điều hành thông minh của tỉnh; bảo "
                    "đảm an toàn thông tin, không để xảy ra sự cố mất dữ liệu.",
                    6,
                ),
            ],
            "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES],
            "submitted": at(2025, 12, 16, 9),
        },
    ),
    (
        "demo-dak-nong-tinh",
        "tong-ket-2025",
        {
            "unit": "DN-SGDDT",
            "account": "donvi_sgddt",
            "until": "appraised",
            "letter": ("2150/TTr-SGDĐT", (2025, 12, 12), "Trần Minh Đức"),
            "council": ((2025, 12, 10), 9, 9),
            "nominees": [
                (
                    "DN-SGDDT-02",
                    "Tham mưu đầu tư hạ tầng số cho 100% trường học; triển khai học bạ số ở "
                    "toàn bộ các trường tiểu học của tỉnh.",
                    9,
                    PROPOSE,
                    "",
                ),
                (
                    "DN-SGDDT-03",
                    "Trực tiếp xây dựng cơ sở dữ liệu ngành giáo dục của tỉnh, kết nối với cơ "
                    "sở dữ liệu của Bộ Giáo dục và Đào tạo.",
                    8,
                    PROPOSE,
                    "Thành tích tiêu biểu, có sản phẩm được Bộ Giáo dục và Đào tạo ghi nhận.",
                ),
            ],
            "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT],
            "submitted": at(2025, 12, 13, 10),
        },
    ),
]

# Seed 001's final review: the provincial Bằng khen is decided by UBND tỉnh Đắk Nông. Nam
# Bình's proposals for it are appraised and approved by UBND huyện Đắk Song, which then sends
# them up (services.propose_upward): its own dossier in the province's round, completed by
# the district office and submitted, waiting for the province's office (vanphong_daknong).
DAK_SONG_FINAL = {
    "unit": "DN-DS-NB",
    "account": "donvi_dsong",
    "until": "decided",
    "form": "bk-ct-tinh",
    "letter": ("31/TTr-UBND", (2025, 12, 10), "Nguyễn Văn An"),
    "council": ((2025, 12, 8), 7, 7),
    "nominees": [
        (
            "DN-DS-NB",
            "Xã dẫn đầu huyện về chuyển đổi số giai đoạn 2023 - 2025: 100% hồ sơ thủ tục hành "
            "chính giải quyết trực tuyến, 100% văn bản đi được ký số.",
            7,
            PROPOSE,
            "",
            "approve",
        ),
        (
            "DN-DS-NB-03",
            "Trực tiếp xây dựng mô hình «Tổ công nghệ số cộng đồng» ở 12 thôn, bon, được nhân "
            "rộng ra toàn huyện.",
            7,
            PROPOSE,
            "Có sáng kiến được áp dụng toàn huyện.",
            "approve",
        ),
    ],
    "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES, AttachmentKind.ACHIEVEMENT],
    "submitted": at(2025, 12, 12, 9),
    "decided": at(2025, 12, 22, 15),
}
# The district's own dossier to the province: its Tờ trình and its council's vote.
DAK_SONG_UPWARD = {
    "office": "vanphong_dsong",
    "letter": ("45/TTr-UBND", (2025, 12, 26)),
    "council": ((2025, 12, 24), 9, 9),
    "votes": 9,
    "files": [AttachmentKind.LETTER, AttachmentKind.MINUTES],
    "submitted": at(2025, 12, 29, 9),
}

ORDER = ["draft", "submitted", "returned", "resubmitted", "accepted", "appraised", "decided"]


def _reaches(plan, state):
    return ORDER.index(plan["until"]) >= ORDER.index(state)


ACHIEVEMENT_REPORT = (
    "Báo cáo thành tích năm 2023 (Mẫu số 07): {summary} Số liệu minh chứng lấy từ Hệ thống "
    "thông tin giải quyết thủ tục hành chính của tỉnh."
)


def _file(kind):
    name = FILES[kind]
    return SimpleUploadedFile(name, (DATA_DIR / name).read_bytes(), "application/pdf")


class DemoDataError(Exception):
    """A demo dossier the form refused: a bug in this file, never user input."""


def _form_data(dossier, plan, votes=None, existing=()):
    """The dossier page as the unit fills it in: Tờ trình, Biên bản and one row a nominee."""
    number, letter_date, signer = plan["letter"]
    council_date, members, present = plan["council"]
    votes = votes or {}
    data = {
        "letter_number": number,
        "letter_date": datetime.date(*letter_date).strftime("%d/%m/%Y") if letter_date else "",
        "letter_signer": signer,
        "council_date": datetime.date(*council_date).strftime("%d/%m/%Y") if council_date else "",
        "council_members": members or "",
        "council_present": present or "",
        "nominations-TOTAL_FORMS": str(len(plan["nominees"])),
        "nominations-INITIAL_FORMS": str(len(existing)),
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
    }
    codes = [row[0] for row in plan["nominees"]]
    units = Unit.objects.in_bulk(codes, field_name="code")
    people = {p.code: p for p in Person.objects.filter(code__in=codes)}
    forms = dossier.round.forms.order_by("order", "pk")
    form = forms.get(local_id=plan["form"]) if plan.get("form") else forms.first()
    for index, (code, summary, count, *_rest) in enumerate(plan["nominees"]):
        prefix = f"nominations-{index}-"
        person = people.get(code)
        count = votes.get(code, count)
        data.update(
            {
                prefix + "nominee_kind": "individual" if person else "collective",
                prefix + "nominee_unit": "" if person else units[code].pk,
                prefix + "person": person.pk if person else "",
                prefix + "form": form.pk,
                prefix + "achievement_summary": summary,
                prefix + "achievement_report": ACHIEVEMENT_REPORT.format(summary=summary),
                prefix + "votes_for": "" if count is None else count,
            }
        )
        if index < len(existing):
            data[prefix + "id"] = existing[index]
            data[prefix + "dossier"] = dossier.pk
    return data


def _save(dossier, data, staff):
    """Save through the same form and service as the dossier page (history included)."""
    form = DossierForm(data, instance=dossier)
    formset = NominationFormSet(data, instance=dossier)
    limit_nomination_choices(formset, dossier)
    if not (form.is_valid() & formset.is_valid()):
        raise DemoDataError(f"{dossier.unit.code}: {form.errors} {formset.errors}")
    services.save_dossier(dossier, form, formset, by=staff)


def _attach(dossier, kinds, staff):
    """The scanned documents; a Báo cáo thành tích belongs to the first nominee (a unit)."""
    first = dossier.nominations.order_by("order", "pk").first()
    for kind in kinds:
        nomination = first if kind == AttachmentKind.ACHIEVEMENT else None
        services.add_attachment(dossier, _file(kind), kind=kind, by=staff, nomination=nomination)


def _fill(dossier, plan, staff):
    """What the unit types on the dossier page, then its files."""
    _save(dossier, _form_data(dossier, plan), staff)
    _attach(dossier, plan["files"], staff)


def _fix(dossier, plan, staff):
    """The unit's corrections after a return, saved through the dossier page's service."""
    existing = list(dossier.nominations.order_by("order", "pk").values_list("pk", flat=True))
    data = _form_data(dossier, plan, votes=plan["fix"].get("votes"), existing=existing)
    _save(dossier, data, staff)
    _attach(dossier, plan["fix"].get("files", []), staff)


def _play(round_, plan, users):
    """Create the unit's dossier and take it through the services up to `until`."""
    staff = users[plan["account"]]
    unit = Unit.objects.get(code=plan["unit"])
    dossier = services.create_dossier(round_, unit=unit, by=staff)
    _fill(dossier, plan, staff)
    if not _reaches(plan, "submitted"):
        return dossier
    services.submit_dossier(dossier, by=staff, now=plan["submitted"])
    body = round_.campaign.issuing_body
    office = _holder(users, "campaign_office", body)
    if _reaches(plan, "returned") and plan.get("return_reason"):
        services.return_dossier(dossier, by=office, reason=plan["return_reason"])
        if "fix" not in plan:
            return dossier
        _fix(dossier, plan, staff)
        services.submit_dossier(dossier, by=staff, now=plan["resubmitted"])
    if not _reaches(plan, "accepted"):
        return dossier
    services.accept_dossier(dossier, by=office)
    if not _reaches(plan, "appraised"):
        return dossier
    appraiser = _holder(users, "appraiser", body)
    nominations = {n.nominee_code: n for n in _nominations(dossier)}
    for code, _summary, _votes, opinion, note, *_decision in plan["nominees"]:
        services.record_appraisal(nominations[code], opinion=opinion, note=note, by=appraiser)
    services.appraise_dossier(dossier, by=appraiser)
    if not _reaches(plan, "decided"):
        return dossier
    approver = _holder(users, "approver", body)
    for code, _summary, _votes, _opinion, _note, *decision in plan["nominees"]:
        if not decision:
            continue  # the appraiser did not propose it: nothing for the chairman to decide
        action, *why = decision
        if action == "approve":
            services.approve_nomination(nominations[code], by=approver, now=plan["decided"])
        else:
            services.reject_nomination(
                nominations[code], by=approver, reason=why[0], now=plan["decided"]
            )
    return dossier


def _upward_form_data(dossier, plan):
    """The district office completes its dossier to the province on the dossier page: the
    Tờ trình's number and date (the signer is preset), the council, each row's votes."""
    number, letter_date = plan["letter"]
    council_date, members, present = plan["council"]
    nominations = list(dossier.nominations.order_by("order", "pk"))
    data = {
        "letter_number": number,
        "letter_date": datetime.date(*letter_date).strftime("%d/%m/%Y"),
        "letter_signer": dossier.letter_signer,
        "council_date": datetime.date(*council_date).strftime("%d/%m/%Y"),
        "council_members": members,
        "council_present": present,
        "nominations-TOTAL_FORMS": str(len(nominations)),
        "nominations-INITIAL_FORMS": str(len(nominations)),
        "nominations-MIN_NUM_FORMS": "0",
        "nominations-MAX_NUM_FORMS": "1000",
    }
    for index, n in enumerate(nominations):
        prefix = f"nominations-{index}-"
        data.update(
            {
                prefix + "id": n.pk,
                prefix + "dossier": dossier.pk,
                prefix + "nominee_kind": n.nominee_kind,
                prefix + "nominee_unit": n.nominee_unit_id or "",
                prefix + "person": n.person_id or "",
                prefix + "household_head": n.household_head,
                prefix + "household_address": n.household_address,
                prefix + "form": n.form_id,
                prefix + "achievement_summary": n.achievement_summary,
                prefix + "achievement_report": n.achievement_report,
                prefix + "votes_for": plan["votes"],
            }
        )
    return data


def play_upward(users):
    """Đắk Song's final round: Nam Bình's approved proposals of the provincial Bằng khen
    sent to the province and submitted there. Returns how many dossiers were made."""
    lower = _round("seed-001-dak-song", "tong-ket-2025")
    if lower is None or lower.upper_round_id is None:
        return 0
    made = 0
    if not Dossier.objects.filter(round=lower, unit__code=DAK_SONG_FINAL["unit"]).exists():
        _play(lower, DAK_SONG_FINAL, users)
        made += 1
    body = lower.campaign.issuing_body
    if Dossier.objects.filter(round_id=lower.upper_round_id, unit=body).exists():
        return made
    office, plan = users[DAK_SONG_UPWARD["office"]], DAK_SONG_UPWARD
    dossier, _added = services.propose_upward(lower, by=office)
    _save(dossier, _upward_form_data(dossier, plan), office)
    _attach(dossier, plan["files"], office)
    services.submit_dossier(dossier, by=office, now=plan["submitted"])
    return made + 1


def _nominations(dossier):
    nominations = list(dossier.nominations.select_related("person", "nominee_unit"))
    for nomination in nominations:
        nomination.nominee_code = (nomination.person or nomination.nominee_unit).code
    return nominations


def _holder(users, role, body):
    """The demo account holding `role` for `body` (or a body above it)."""
    for user in users.values():
        for grant in user.grants:
            if grant.role == role and body.path.startswith(grant.body.path):
                return user
    raise LookupError(f"No demo account is {role} of {body.code}")


def _round(campaign_key, local_id):
    return (
        AwardRound.objects.filter(campaign__key=campaign_key, local_id=local_id)
        .select_related("campaign__issuing_body")
        .first()
    )


def _recorded_extension(round_, now):
    """The deadline the demo already gave the round, as its history records it, if still
    ahead. Reloading the seed plan puts the plan's own deadline back on the round."""
    event = (
        TransitionLog.objects.for_object(round_)
        .filter(workflow="award_round", action="extend_deadline")
        .order_by("-pk")
        .first()
    )
    if event is None or not (event.data or {}).get("deadline"):
        return None
    day = datetime.datetime.strptime(event.data["deadline"], "%d/%m/%Y")
    deadline = timezone.make_aware(day, timezone.get_default_timezone())
    return deadline if deadline > now else None


def _reopen(round_, stdout):
    now = timezone.now()
    if round_.deadline is not None and round_.deadline > now:
        return
    recorded = _recorded_extension(round_, now)
    if recorded is not None:
        # Already in the history with its reason: put it back, do not record it twice.
        round_.deadline = recorded
        round_.save(update_fields=["deadline", "updated_at"])
        return
    local = timezone.localtime(now) + datetime.timedelta(days=60)
    round_.deadline = local.replace(hour=0, minute=0, second=0, microsecond=0)
    round_.save(update_fields=["deadline", "updated_at"])
    log_event(
        round_,
        workflow="award_round",
        action="extend_deadline",
        by=None,
        reason="Dữ liệu mẫu: mở lại hạn nhận hồ sơ để dùng thử.",
        data={"deadline": timezone.localtime(round_.deadline).strftime("%d/%m/%Y")},
    )
    if stdout is not None:
        last_day = timezone.localtime(round_.deadline) - datetime.timedelta(microseconds=1)
        stdout.write(f"Đợt khen thưởng mẫu nhận hồ sơ đến hết ngày {last_day:%d/%m/%Y}.")


def play_all():
    """Every demo dossier not filed yet; returns how many were made."""
    usernames = {plan["account"] for plan in NINH_HAI} | {
        plan["account"] for *_key, plan in OTHER_SEEDS
    }
    usernames |= {"vanphong", "thamdinh", "chutich", "thamdinh_dsong", "chutich_dsong"} | {
        f"vanphong_{suffix}" for suffix in ("dsong", "unghoe", "bmt", "sgtvt", "daknong")
    }
    usernames |= {"thamdinh_daknong"}
    users = {u.username: u for u in User.objects.filter(username__in=usernames).order_by("pk")}
    plans = [(("seed-000-ninh-hai", "tong-ket-2023"), plan) for plan in NINH_HAI]
    plans += [((key, local_id), plan) for key, local_id, plan in OTHER_SEEDS]
    made = 0
    for (key, local_id), plan in plans:
        round_ = _round(key, local_id)
        if round_ is None or plan["account"] not in users:
            continue
        if Dossier.objects.filter(round=round_, unit__code=plan["unit"]).exists():
            continue
        _play(round_, plan, users)
        made += 1
    if all(name in users for name in ("donvi_dsong", "thamdinh_dsong", "chutich_dsong")):
        made += play_upward(users)
    return made


@transaction.atomic
def load(stdout=None, *, work=True, **options):
    round_ = _round("seed-000-ninh-hai", "tong-ket-2023")
    if round_ is None:
        return
    if work:
        made = play_all()
        if stdout is not None:
            stdout.write(f"Hồ sơ khen thưởng mẫu: thêm {made}.")
    _reopen(round_, stdout)
