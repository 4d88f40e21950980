"""Load reference data and the demo data set. Idempotent: running it twice creates nothing twice.

Each app contributes ``<app>.demo.seed() -> dict``, run in dependency order.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from ocop_portal.reference import load_reference, seed_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (demo) của huyện Lục Nam năm 2021."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_reference()
            for app, result in seed_demo().items():
                self.stdout.write(f"{app}: {result}")
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu."))
