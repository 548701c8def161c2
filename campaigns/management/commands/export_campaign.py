from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.io import dumps, export_campaign
from campaigns.models import Campaign


class Command(BaseCommand):
    help = "Xuất một kế hoạch (theo số ID hoặc mã) ra tệp JSON."

    def add_arguments(self, parser):
        parser.add_argument("id", help="ID hoặc mã kế hoạch")
        parser.add_argument("--output", required=True)

    def handle(self, *args, id, output, **options):
        lookup = {"pk": int(id)} if id.isdigit() else {"key": id}
        campaign = Campaign.objects.filter(**lookup).first()
        if campaign is None:
            raise CommandError(f"Không có kế hoạch {id}.")
        Path(output).write_text(dumps(export_campaign(campaign)), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Đã xuất kế hoạch #{campaign.pk} ra {output}"))
