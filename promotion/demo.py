"""Demo data of the promotion app (idempotent), through the real services:

- the district's OCOP day of 2021 ("Ngày hội Mỗi xã một sản phẩm huyện Lục Nam lần thứ 2", plan
  section II.4) with Dứa Bảo Sơn (3★, Decision 191/QĐ-UBND) participating; the plan gives no date,
  so the event's dates are illustrative and the description says so; no sales figures are invented;
- one news article summarising the district plan (the plan's own text);
- one training course with attendees and one study tour (plan sections II.2 and II.3), both
  labelled as demo data.

Nothing here fabricates a recognition: the catalogue shows Dứa Bảo Sơn when its recognition is in
force on the catalogue's date (see selectors.catalogue_date and OCOP_CATALOGUE_AS_OF).
"""

import datetime

from django.utils import timezone

from accounts import clock
from accounts.models import AdministrativeUnit, User
from registrations.models import Producer, Product

from . import services
from .models import Article, Course, CourseParticipant, Event

DEMO_NOTE = "Dữ liệu mẫu (demo): ngày tổ chức và nội dung chi tiết là giả định để minh họa."

OCOP_DAY = {
    "kind": Event.Kind.OCOP_DAY,
    "name": "Ngày hội Mỗi xã một sản phẩm huyện Lục Nam lần thứ 2",
    "organiser": "UBND huyện Lục Nam",
    "place": "Thị trấn Đồi Ngô, huyện Lục Nam",
    "in_province": True,
    "start_date": datetime.date(2021, 12, 10),
    "end_date": datetime.date(2021, 12, 12),
    "registration_deadline": datetime.date(2021, 11, 30),
    "support_offered": "Gian hàng trưng bày, giới thiệu sản phẩm OCOP từ 3 sao trở lên (Kế hoạch OCOP năm 2021, mục II.4).",
    "description": "Quảng bá các sản phẩm OCOP gắn với ngày Hội mỗi xã một sản phẩm huyện Lục Nam lần thứ 2. " + DEMO_NOTE,
}

ARTICLE = {
    "title": "Huyện Lục Nam triển khai Chương trình Mỗi xã một sản phẩm năm 2021",
    "summary": "UBND huyện Lục Nam ban hành Kế hoạch thực hiện Chương trình OCOP năm 2021: tuyên truyền, tập huấn, "
               "học tập kinh nghiệm, xúc tiến thương mại và đánh giá, phân hạng sản phẩm; phấn đấu 3-5 sản phẩm "
               "được công nhận từ 3 sao trở lên.",
    "body": (
        "## Mục tiêu\n\n"
        "Tăng cường công tác tuyên truyền, hỗ trợ các tổ chức, hộ gia đình, cá nhân tích cực tham gia Chương trình "
        "OCOP. Phấn đấu trong năm có **3-5 sản phẩm** được công nhận từ 3 sao trở lên.\n\n"
        "## Nhiệm vụ chính\n\n"
        "1. Tổ chức các hoạt động tuyên truyền về Chương trình OCOP.\n"
        "2. Tập huấn, bồi dưỡng cho cán bộ quản lý và các chủ thể tham gia Chương trình.\n"
        "3. Tổ chức đoàn công tác học tập, trao đổi kinh nghiệm tại một số tỉnh đã thực hiện tốt Chương trình.\n"
        "4. Xúc tiến thương mại: hỗ trợ sản phẩm OCOP từ 3 sao trở lên tham gia hội chợ, triển lãm trong và ngoài "
        "tỉnh; tổ chức ngày Hội mỗi xã một sản phẩm huyện Lục Nam lần thứ 2.\n\n"
        "Các xã, thị trấn tổng hợp danh sách đăng ký gửi UBND huyện (qua Phòng Nông nghiệp và PTNT) trong tháng 3/2021.\n"
    ),
}

TRAINING = {
    "kind": Course.Kind.TRAINING,
    "title": "Tập huấn triển khai Chương trình OCOP năm 2021 cho cán bộ xã và các chủ thể",
    "organiser": "Phòng Nông nghiệp và PTNT huyện Lục Nam",
    "organiser_level": Course.OrganiserLevel.DISTRICT,
    "start_date": datetime.date(2021, 4, 15),
    "end_date": datetime.date(2021, 4, 15),
    "place": "Hội trường UBND huyện Lục Nam",
    "topic": "Chu trình OCOP, hồ sơ đăng ký, tiêu chí đánh giá và phân hạng sản phẩm. " + DEMO_NOTE,
}

STUDY_TOUR = {
    "kind": Course.Kind.STUDY_TOUR,
    "title": "Đoàn công tác học tập kinh nghiệm thực hiện Chương trình OCOP",
    "organiser": "UBND huyện Lục Nam",
    "organiser_level": Course.OrganiserLevel.DISTRICT,
    "start_date": datetime.date(2021, 5, 20),
    "end_date": datetime.date(2021, 5, 22),
    "place": "",
    "destination_name": "Quảng Ninh",
    "topic": "Học tập, trao đổi kinh nghiệm tại tỉnh đã thực hiện tốt Chương trình OCOP (Kế hoạch, mục II.3). " + DEMO_NOTE,
    "report": "Báo cáo mẫu (demo): đoàn làm việc với cơ quan thường trực OCOP của tỉnh, tham quan mô hình sản xuất "
              "và điểm giới thiệu, bán sản phẩm OCOP; đề xuất áp dụng cho huyện về bao bì, nhãn mác và câu chuyện sản phẩm.",
}


# When each 2021 step happened (history rows and stamps carry these days). The article's day is the
# plan's deadline for the lists (31/03); the courses are set up two weeks before they start and
# their attendance recorded on their last day; the OCOP day announced before its registration
# deadline (30/11), Dứa Bảo Sơn invited before it and the event closed the day after it ended.
DAY = datetime.date
TIMELINE_2021 = {
    "event_created": DAY(2021, 10, 15),
    "invited": DAY(2021, 11, 25),
    "finished": OCOP_DAY["end_date"] + datetime.timedelta(days=1),
    "article": timezone.make_aware(datetime.datetime(2021, 3, 31, 8, 0)),
}


def seed() -> dict:
    office = User.objects.filter(username="phongnn").first()
    district = AdministrativeUnit.objects.filter(code="218").first()
    if office is None or district is None:
        return {}
    result = {"events_created": 0, "participations_created": 0, "articles_created": 0, "courses_created": 0}

    event = Event.objects.filter(name=OCOP_DAY["name"], district=district).first()
    if event is None:
        with clock.at(TIMELINE_2021["event_created"]):
            event = services.event_create(district=district, actor=office, data=OCOP_DAY)
        result["events_created"] = 1
    pineapple = Product.objects.filter(name="Dứa Bảo Sơn").first()
    if pineapple is not None and event.status == Event.Status.PLANNED and not event.participations.filter(product=pineapple).exists():
        if services.product_eligibility(pineapple, on=event.start_date).eligible:
            with clock.at(TIMELINE_2021["invited"]):
                services.participation_invite(event=event, product=pineapple, actor=office, booth="Gian số 03")
            result["participations_created"] = 1
    if event.status == Event.Status.PLANNED and event.end_date < timezone.localdate():
        with clock.at(TIMELINE_2021["finished"]):
            services.event_set_status(event=event, actor=office, to=Event.Status.FINISHED, note="Dữ liệu mẫu")

    if not Article.objects.filter(title=ARTICLE["title"]).exists():
        published = TIMELINE_2021["article"]
        with clock.at(published):
            article = services.article_create(district=district, actor=office, data=ARTICLE)
            services.article_set_status(article=article, actor=office, to=Article.Status.PUBLISHED,
                                        published_at=published)
        result["articles_created"] = 1

    producers = list(Producer.objects.filter(commune__parent=district).order_by("pk")[:4])
    officers = list(User.objects.filter(username__in=["xa.baoson", "xa.huyenson", "xa.truongson"]).order_by("username"))
    for spec, members in ((TRAINING, [*officers, *producers]), (STUDY_TOUR, [office, *producers[:2]])):
        course = Course.objects.filter(title=spec["title"], district=district).first()
        set_up = spec["start_date"] - datetime.timedelta(days=14)
        if course is None:
            with clock.at(set_up):
                course = services.course_create(district=district, actor=office, data=spec)
            result["courses_created"] += 1
        for member in members:
            kwargs = {"producer": member} if isinstance(member, Producer) else {"user": member}
            if not CourseParticipant.objects.filter(course=course, **kwargs).exists():
                with clock.at(set_up):
                    services.course_add_participant(course=course, actor=office, **kwargs)
        if not course.participants.filter(attended=True).exists():
            present = list(course.participants.order_by("pk").values_list("pk", flat=True))
            with clock.at(spec["end_date"]):
                services.course_record_attendance(course=course, actor=office, attended_ids=present[:-1] or present)
    return result
