from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.documents import consolidated_xlsx, render_consolidated_report_pdf
from reports.models import ConsolidatedReport


class Command(BaseCommand):
    help = (
        "In báo cáo tổng hợp (Báo cáo kết quả thực hiện phong trào thi đua) theo ID ra tệp "
        "PDF (thể thức Nghị định 30/2020/NĐ-CP) hoặc Excel, theo phần mở rộng của tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="ID báo cáo tổng hợp")
        parser.add_argument("--output", required=True, help="tệp .pdf hoặc .xlsx")

    def handle(self, *args, id, output, **options):
        report = (
            ConsolidatedReport.objects.select_related("obligation__campaign__issuing_body")
            .filter(pk=id)
            .first()
        )
        if report is None:
            raise CommandError(f"Không có báo cáo tổng hợp {id}.")
        suffix = Path(output).suffix.lower()
        if suffix == ".pdf":
            data = render_consolidated_report_pdf(report)
        elif suffix == ".xlsx":
            data = consolidated_xlsx(report)
        else:
            raise CommandError("Tệp ra phải có phần mở rộng .pdf hoặc .xlsx.")
        Path(output).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Đã in báo cáo tổng hợp #{report.pk} ra {output}"))
