import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procedures.selectors import procedure_in_force
from procedures.text import procedure_text


class Command(BaseCommand):
    help = "In quy trình đánh giá, phân hạng OCOP có hiệu lực vào một ngày (mặc định: hôm nay)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD")

    def handle(self, *args, **options):
        on = timezone.localdate()
        if options.get("date"):
            try:
                on = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày không hợp lệ, cần dạng YYYY-MM-DD.") from None
        self.stdout.write(procedure_text(procedure_in_force(on), on), ending="")
