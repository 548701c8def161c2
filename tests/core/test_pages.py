import datetime
import decimal

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from core.views import error_403, error_404, error_500


def test_error_pages_in_vietnamese(db, rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/x/")
    request.user = AnonymousUser()

    pages = {
        code: view(request).content.decode() for code, view in ((403, error_403), (404, error_404))
    }
    server_error = error_500(request)

    assert "Bạn không có quyền truy cập trang này" in pages[403]
    assert "Không tìm thấy trang" in pages[404]
    assert server_error.status_code == 500
    assert "Đã có lỗi hệ thống" in server_error.content.decode()


def test_dates_and_numbers_in_vietnamese_format():
    template = Template("{{ day }}|{{ day|date }}|{{ amount }}|{{ big }}")

    with translation.override("vi"):
        text = template.render(
            Context(
                {
                    "day": datetime.date(2023, 11, 5),
                    "amount": decimal.Decimal("1234.5"),
                    "big": 2340000,
                }
            )
        )

    assert text == "05/11/2023|05/11/2023|1.234,5|2.340.000"


def test_vietnam_time_zone():
    instant = datetime.datetime(2023, 11, 14, 17, 0, tzinfo=datetime.UTC)

    local = timezone.localtime(instant)

    assert (local.isoformat(), str(timezone.get_current_timezone())) == (
        "2023-11-15T00:00:00+07:00",
        "Asia/Ho_Chi_Minh",
    )
