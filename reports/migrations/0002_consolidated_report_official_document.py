"""The consolidated report on the shared official-document base (core.OfficialDocument):
it now records its issuing body (the plan's, filled in for existing reports) and its
signing mode; the other header fields keep their columns, only their labels change."""

import django.db.models.deletion
from django.db import migrations, models


def issuing_body_from_the_plan(apps, schema_editor):
    ConsolidatedReport = apps.get_model("reports", "ConsolidatedReport")
    for report in ConsolidatedReport.objects.select_related("obligation__campaign"):
        report.issuing_body_id = report.obligation.campaign.issuing_body_id
        report.save(update_fields=["issuing_body"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0001_initial"),
        ("units", "0002_person_discipline_pending"),
    ]

    operations = [
        migrations.AddField(
            model_name="consolidatedreport",
            name="issuing_body",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.RunPython(issuing_body_from_the_plan, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="consolidatedreport",
            name="issuing_body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddField(
            model_name="consolidatedreport",
            name="signing_prefix",
            field=models.CharField(
                blank=True,
                choices=[("", "Người đứng đầu ký"), ("TM.", "TM."), ("KT.", "KT.")],
                max_length=5,
                verbose_name="thẩm quyền ký",
            ),
        ),
        migrations.AlterField(
            model_name="consolidatedreport",
            name="issue_day",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="ngày ban hành"),
        ),
        migrations.AlterField(
            model_name="consolidatedreport",
            name="issue_month",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="tháng ban hành"),
        ),
        migrations.AlterField(
            model_name="consolidatedreport",
            name="issue_year",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="năm ban hành"),
        ),
        migrations.AlterField(
            model_name="consolidatedreport",
            name="issuing_body_line",
            field=models.TextField(
                help_text="Mỗi dòng một dòng in, ví dụ «ỦY BAN NHÂN DÂN» / «HUYỆN NINH HẢI».",
                verbose_name="tên cơ quan ban hành như in",
            ),
        ),
        migrations.AlterField(
            model_name="consolidatedreport",
            name="signature_lines",
            field=models.TextField(
                blank=True,
                help_text="Mỗi dòng một dòng in, ví dụ «KT. CHỦ TỊCH» / «PHÓ CHỦ TỊCH».",
                verbose_name="các dòng chức danh ký",
            ),
        ),
    ]
