"""python manage.py export_subsidies --year 2021 --output FILE.xlsx|FILE.pdf [--kind payments] [--status approved]
[--commune 218-03] [--stars 3] [--policy luc-nam-nq87-2020] [--date-from 2021-01-01] [--date-to 2021-12-31]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import AdministrativeUnit
from subsidies.exports import FORMATS, REPORT_KINDS, ReportParams, build
from subsidies.models import Entitlement, SupportPolicy


class Command(BaseCommand):
    help = "Xuất báo cáo kinh phí hỗ trợ OCOP (Excel hoặc PDF) ra tệp."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Năm (năm của quyết định công nhận)")
        parser.add_argument("--output", required=True, help="Tệp kết quả .xlsx hoặc .pdf")
        parser.add_argument("--kind", choices=REPORT_KINDS, default="subsidy", help="subsidy: báo cáo; payments: danh sách chi trả")
        parser.add_argument("--status", choices=Entitlement.Status.values, default="")
        parser.add_argument("--commune", default="", help="Mã xã (ví dụ 218-03)")
        parser.add_argument("--stars", type=int, choices=range(1, 6))
        parser.add_argument("--policy", default="", help="Mã chính sách (ví dụ luc-nam-nq87-2020)")
        parser.add_argument("--date-from", dest="date_from", help="YYYY-MM-DD")
        parser.add_argument("--date-to", dest="date_to", help="YYYY-MM-DD")

    def handle(self, *args, **options):
        output = Path(options["output"])
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError("Tệp kết quả phải có đuôi .xlsx hoặc .pdf")
        commune = None
        if options["commune"]:
            commune = AdministrativeUnit.objects.filter(code=options["commune"]).values_list("pk", flat=True).first()
            if commune is None:
                raise CommandError(f"Không có xã mã {options['commune']}")
        policy = None
        if options["policy"]:
            policy = SupportPolicy.objects.filter(code=options["policy"]).values_list("pk", flat=True).first()
            if policy is None:
                raise CommandError(f"Không có chính sách mã {options['policy']}")
        params = ReportParams(
            year=options["year"], status=options["status"], commune=commune, stars=options["stars"], policy=policy,
            date_from=options["date_from"], date_to=options["date_to"],
        )
        _name, content = build(options["kind"], fmt, params, None)
        output.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {output} ({len(content)} byte)."))
