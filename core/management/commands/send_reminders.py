import datetime

from django.core.management.base import BaseCommand, CommandError

from core.reminders import send_reminders, vietnam_today


class Command(BaseCommand):
    help = (
        "Chạy một lượt nhắc hạn (như lịch 06:00 hằng ngày): nhắc đơn vị sắp đến hạn, gửi cơ "
        "quan thường trực danh sách quá hạn. Chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ngay",
            dest="day",
            default="",
            help="Chạy như thể hôm nay là ngày này (dd/mm/yyyy); mặc định: hôm nay.",
        )

    def handle(self, *args, day="", **options):
        today = vietnam_today()
        if day:
            try:
                today = datetime.datetime.strptime(day, "%d/%m/%Y").date()
            except ValueError as error:
                raise CommandError(f"Ngày «{day}» không đúng dạng dd/mm/yyyy.") from error
        reminders, digests = send_reminders(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Ngày {today:%d/%m/%Y}: {reminders} việc được nhắc, "
                f"{digests} bản tổng hợp quá hạn gửi cơ quan thường trực."
            )
        )
