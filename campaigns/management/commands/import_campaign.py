from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.io import CampaignImportError, import_campaign, parse_json


class Command(BaseCommand):
    help = "Nhập một kế hoạch từ tệp JSON (định dạng thidua.campaign/1); có lỗi thì không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true", help="Thay kế hoạch cùng mã nếu đã có"
        )

    def handle(self, *args, file, replace, **options):
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error}") from error
        try:
            campaign = import_campaign(parse_json(raw), replace=replace)
        except CampaignImportError as error:
            for path, message in error.errors:
                self.stderr.write(f"{path}: {message}")
            raise CommandError(f"Tệp có {len(error.errors)} lỗi; không lưu gì.") from error
        self.stdout.write(self.style.SUCCESS(f"Đã nhập kế hoạch #{campaign.pk}: {campaign.title}"))
