from django.core.management.base import BaseCommand

from ocop_portal.reference import load_reference


class Command(BaseCommand):
    help = "Nạp (lại) dữ liệu tham chiếu: đơn vị hành chính, phân loại sản phẩm, bộ tiêu chí, chính sách."

    def handle(self, *args, **options):
        for app, result in load_reference().items():
            self.stdout.write(f"{app}: {result}")
