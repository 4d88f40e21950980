"""Load reference data and the demo data set. Idempotent: running it twice creates nothing twice.

Each app contributes ``<app>.demo.seed() -> dict`` and runs in dependency order.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["accounts", "registrations", "evaluations", "subsidies", "promotion"]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (demo) của huyện Lục Nam năm 2021."

    def handle(self, *args, **options):
        from accounts.reference import load_units

        with transaction.atomic():
            load_units()
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                result = module.seed() or {}
                self.stdout.write(f"{app}: {result}")
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu."))
