from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from campaigns.docimport import DocumentReadError
from campaigns.io import CampaignImportError
from campaigns.selectors import recognised_counts
from campaigns.services import draft_from_document
from core.uploads import DOCX, PDF, validate_upload
from units.models import Unit


class Command(BaseCommand):
    help = (
        "Tạo dự thảo kế hoạch từ tệp Word (.docx) hoặc PDF có lớp chữ; các phần nhận dạng "
        "tự động được đánh dấu để cơ quan thường trực xác nhận trước khi ban hành."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--body", required=True, help="Mã đơn vị của cơ quan ban hành")
        parser.add_argument("--key", help="Mã kế hoạch (mặc định: tạo từ trích yếu)")

    def handle(self, *args, file, body, key=None, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Không mở được tệp {file}: {error}") from error
        unit = Unit.objects.filter(code=body).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã «{body}».")
        upload = SimpleUploadedFile(Path(file).name, data)
        try:
            kind, _digest = validate_upload(upload)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if kind not in (DOCX, PDF):
            raise CommandError("Chỉ nhận tệp Word (.docx) hoặc PDF (.pdf).")
        try:
            campaign = draft_from_document(
                data, kind=kind.code, name=upload.name, by=None, issuing_body=unit, key=key
            )
        except DocumentReadError as error:
            raise CommandError(str(error)) from error
        except CampaignImportError as error:
            for where, message in error.errors:
                self.stderr.write(f"{where}: {message}")
            raise CommandError(f"Tệp có {len(error.errors)} lỗi; không lưu gì.") from error
        counts = ", ".join(f"{name} {n}" for name, n in recognised_counts(campaign).items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo dự thảo #{campaign.pk} «{campaign.title}»; cần xác nhận: {counts or 'không'}."
            )
        )
