import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (đơn vị, cán bộ, tài khoản, kế hoạch mẫu); chạy lại nhiều lần vẫn an toàn."
    )

    def handle(self, *args, **options):
        # Each app may ship `<app>/demo.py` with `load(stdout)`; apps load in settings order,
        # so units come before the campaigns that refer to them.
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
