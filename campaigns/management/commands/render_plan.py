from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.documents import render_campaign_plan_pdf
from campaigns.models import Campaign


class Command(BaseCommand):
    help = "In kế hoạch (theo ID hoặc mã) ra tệp PDF theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser):
        parser.add_argument("id", help="ID hoặc mã kế hoạch")
        parser.add_argument("--output", required=True)

    def handle(self, *args, id, output, **options):
        lookup = {"pk": int(id)} if id.isdigit() else {"key": id}
        campaign = Campaign.objects.select_related("issuing_body").filter(**lookup).first()
        if campaign is None:
            raise CommandError(f"Không có kế hoạch {id}.")
        Path(output).write_bytes(render_campaign_plan_pdf(campaign))
        self.stdout.write(self.style.SUCCESS(f"Đã in kế hoạch #{campaign.pk} ra {output}"))
