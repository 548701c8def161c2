from django.core.management.base import BaseCommand

from units.services import sync_official_provinces, sync_official_wards


class Command(BaseCommand):
    help = "Cập nhật danh mục tỉnh (và xã, phường của các tỉnh chỉ định) từ gói vietnam-provinces."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wards",
            nargs="*",
            default=[],
            metavar="MÃ_TỈNH",
            help="Mã tỉnh cần nạp cả xã, phường, đặc khu (ví dụ 56 66).",
        )

    def handle(self, *args, wards, **options):
        provinces = sync_official_provinces()
        self.stdout.write(f"Tỉnh, thành phố: {len(provinces)}")
        for code in wards:
            count = sync_official_wards(code)
            self.stdout.write(f"Tỉnh mã {code}: {count} xã, phường, đặc khu")
