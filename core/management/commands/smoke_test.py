"""A quick proof that this database serves Thi đua: used by `make restore-check` on a
restored copy, and usable after any upgrade. Writes only a session row."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse


class Command(BaseCommand):
    help = "Kiểm tra nhanh cơ sở dữ liệu: đủ migration, đọc được dữ liệu, các trang chính mở được."

    def handle(self, *args, **options):
        from campaigns.models import Campaign
        from units.models import Unit, User

        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(
                f"Cơ sở dữ liệu còn {len(pending)} migration chưa chạy: chạy manage.py migrate."
            )
        counts = {
            "đơn vị": Unit.objects.count(),
            "tài khoản": User.objects.count(),
            "kế hoạch": Campaign.objects.count(),
        }
        self.stdout.write("Dữ liệu: " + ", ".join(f"{n} {label}" for label, n in counts.items()))

        pages = [reverse("login"), reverse("healthz")]
        user = User.objects.filter(is_active=True).order_by("-is_superuser", "pk").first()
        # The pages are rendered in this process: plain static URLs, so the check does not
        # depend on collectstatic having run in this checkout.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
            SECURE_SSL_REDIRECT=False,
            STORAGES=storages,
        ):
            client = Client()
            failures = []
            for url in pages:
                response = client.get(url)
                if url == reverse("healthz"):
                    ok = response.json()["database"]["ok"]
                else:
                    ok = response.status_code == 200
                if not ok:
                    failures.append(f"{url} → {response.status_code}")
            if user is not None:
                client.force_login(user)
                for url in (reverse("core:dashboard"), reverse("campaigns:campaign_list")):
                    response = client.get(url)
                    if response.status_code != 200:
                        failures.append(f"{url} ({user.username}) → {response.status_code}")
                    pages.append(url)
                client.logout()
        if failures:
            raise CommandError("Trang không mở được: " + "; ".join(failures))
        self.stdout.write(
            self.style.SUCCESS(f"Mở được {len(pages)} trang. Cơ sở dữ liệu dùng được.")
        )
