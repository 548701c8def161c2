from django.core.management.base import BaseCommand, CommandError

from units.importers import PEOPLE, UNITS, import_units_file


class Command(BaseCommand):
    help = "Nhập đơn vị (hoặc cán bộ, với --people) từ tệp .xlsx hoặc .csv; có dòng lỗi thì không nhập gì."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument("--people", action="store_true", help="Tệp là danh sách cán bộ")

    def handle(self, *args, file, people, **options):
        try:
            handle = open(file, "rb")
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error}") from error
        with handle:
            result = import_units_file(handle, kind=PEOPLE if people else UNITS)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(result.errors)} lỗi; không dòng nào được nhập.")
        self.stdout.write(
            self.style.SUCCESS(f"Đã nhập: thêm mới {result.created}, cập nhật {result.updated}.")
        )
