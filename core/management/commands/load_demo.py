import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: đơn vị, cán bộ, tài khoản, kế hoạch mẫu, và hồ sơ khen thưởng, báo cáo "
        "ở mọi trạng thái; chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-work",
            action="store_false",
            dest="work",
            help=(
                "Chỉ nạp đơn vị, cán bộ, tài khoản, kế hoạch mẫu, đợt khen thưởng và yêu cầu "
                "báo cáo; không nạp hồ sơ, báo cáo mẫu (để thử quy trình từ đầu)."
            ),
        )

    def handle(self, *args, work=True, **options):
        # Each app may ship `<app>/demo.py` with `load(stdout, work=...)`; apps load in
        # settings order, so units come before the campaigns that refer to them.
        started = time.monotonic()
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            module.load(stdout=self.stdout, work=work)
        self.stdout.write(
            self.style.SUCCESS(f"Đã nạp dữ liệu mẫu ({time.monotonic() - started:.1f} giây).")
        )
