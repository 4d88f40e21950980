"""Shared set-up and steps of the browser tests of the district's procedures (1048, 148)."""

import datetime


def published_district_round(*, year, criteria, scores, number=1):
    """A published Lục Nam district round of `year` under `criteria`: one Huyền Sơn producer's products,
    named and scored as in `scores` ({name: total}), results computed by the services."""
    from evaluations.models import Round
    from evaluations.tests.test_procedure_paths import scored_round, subgroup, unit
    from registrations.tests.factories import ProducerFactory, ProductFactory, RegistrationFactory

    producer = ProducerFactory(commune=unit("218-11"))
    regs = [RegistrationFactory(year=year, product=ProductFactory(producer=producer, name=name, category=subgroup(criteria)))
            for name in scores]
    round_ = scored_round(unit("218"), level="district", year=year, deadline=datetime.date(year, 7, 10), number=number,
                          criteria=criteria, results=list(zip(regs, scores.values(), strict=True)))
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.PUBLISHED)
    return round_, regs


def fill_letter_to_province(page, *, number, day):
    """The forwarding letter's form, confirming that incomplete dossiers go too (recorded in history)."""
    page.get_by_label("Số công văn").fill(number)
    page.get_by_label("Ngày công văn").fill(day)
    page.get_by_label("Người ký").fill("Trưởng phòng")
    page.get_by_label("Xác nhận gửi cả hồ sơ còn thiếu tài liệu bắt buộc (được ghi vào lịch sử)").check()
