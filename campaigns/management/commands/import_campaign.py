from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.io import CampaignImportError, parse_json
from campaigns.services import import_campaign_file


class Command(BaseCommand):
    help = "Nhập một kế hoạch từ tệp JSON (định dạng thidua.campaign/1); có lỗi thì không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Thay nội dung kế hoạch cùng mã nếu đã có (giữ nguyên kế hoạch, các đợt, hồ sơ, báo cáo gắn vào)",
        )

    def handle(self, *args, file, replace, **options):
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error}") from error
        try:
            campaign = import_campaign_file(parse_json(raw), replace=replace)
        except CampaignImportError as error:
            for problem in error.errors:
                where, message = problem
                path = getattr(problem, "path", "")
                self.stderr.write(f"{where}: {message}" + (f" [{path}]" if path else ""))
            raise CommandError(f"Tệp có {len(error.errors)} lỗi; không lưu gì.") from error
        self.stdout.write(self.style.SUCCESS(f"Đã nhập kế hoạch #{campaign.pk}: {campaign.title}"))
