"""python manage.py export_registrations --year 2021 --output FILE.xlsx|FILE.pdf [--district 218]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import AdministrativeUnit
from registrations.exports import export_district_list


class Command(BaseCommand):
    help = "Xuất biểu tổng hợp các sản phẩm đăng ký OCOP của một năm ra Excel (.xlsx) hoặc PDF."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="Tệp .xlsx hoặc .pdf")
        parser.add_argument("--district", default=settings.OCOP_DEFAULT_DISTRICT_CODE, help="Mã huyện (mặc định 218)")

    def handle(self, *args, year, output, district, **options):
        path = Path(output)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "pdf"):
            raise CommandError("Tệp đầu ra phải có đuôi .xlsx hoặc .pdf")
        unit = AdministrativeUnit.objects.filter(code=district).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {district}")
        _name, content = export_district_list(year=year, district=unit, fmt=fmt)
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {path} ({len(content)} byte)."))
