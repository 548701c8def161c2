from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

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
            raise CommandError(
                _("Không mở được tệp %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        with handle:
            result = import_units_file(handle, kind=PEOPLE if people else UNITS)
        if not result.ok:
            # Every error, one a line, before the failure: the whole file is fixed in one go.
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Tệp có %(count)s lỗi; không dòng nào được nhập.") % {"count": len(result.errors)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nhập: thêm mới %(created)s, cập nhật %(updated)s.")
                % {"created": result.created, "updated": result.updated}
            )
        )
