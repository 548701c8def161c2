"""Plain factories for campaigns: a minimal valid plan, as JSON data or imported."""

import itertools

from campaigns.io import import_campaign

_seq = itertools.count(1)


def minimal_data(issuing_body, **overrides):
    """A plan with no quotas, no deadlines, no criteria and an event-bound end."""
    n = next(_seq)
    data = {
        "format": "thidua.campaign/1",
        "key": f"ke-hoach-thu-{n}",
        "issuing_body": issuing_body.code,
        "header": {
            "issuing_body_lines": ["ỦY BAN NHÂN DÂN", "HUYỆN THỬ"],
            "number": "12",
            "symbol": "KH-UBND",
            "place": "Thử",
            "date": {"day": 5, "month": 1, "year": 2026},
        },
        "title": f"Phát động phong trào thi đua thử số {n}",
        "period": {"start": "2026-01-01", "end": None, "end_text": "khi sự kiện kết thúc"},
        "sections": [
            {
                "numbering": "I.",
                "heading": "MỤC ĐÍCH, YÊU CẦU",
                "role": "purpose",
                "paragraphs": [{"marker": "-", "text": "Khơi dậy tinh thần thi đua."}],
            }
        ],
        "recipients": [{"text": "Như trên;"}, {"text": "Lưu: VT."}],
        "signature": {"prefix": "", "lines": ["CHỦ TỊCH"], "signer": "Nguyễn Văn A"},
    }
    data.update(overrides)
    return data


def make_campaign(issuing_body, **overrides):
    return import_campaign(minimal_data(issuing_body, **overrides))
