"""State-changing actions of the promotion app (the project's design conventions: keyword-only, atomic,
row re-read with select_for_update, permission via ensure(), workflow transitions audited)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import clock
from accounts.templatetags.ocop import vn_date
from accounts.text import slug_vi
from accounts.workflow import DomainError, Workflow, ensure, record_event, transition
from evaluations.models import Recognition
from registrations.models import Producer, Product

from .caching import invalidate_public_pages
from .models import Article, Course, CourseParticipant, Event, EventEligibilityRule, Participation
from .permissions import can_manage_article, can_manage_course, can_manage_district, can_manage_event

OFFICE_ROLES = {"agriculture_office", "economy_office", "admin"}

EVENT_WORKFLOW = Workflow(
    "promotion_event",
    {
        Event.Status.PLANNED: {Event.Status.FINISHED: OFFICE_ROLES, Event.Status.CANCELLED: OFFICE_ROLES},
        Event.Status.CANCELLED: {Event.Status.PLANNED: OFFICE_ROLES},
    },
)

ARTICLE_WORKFLOW = Workflow(
    "promotion_article",
    {
        Article.Status.DRAFT: {Article.Status.PUBLISHED: OFFICE_ROLES},
        Article.Status.PUBLISHED: {Article.Status.WITHDRAWN: OFFICE_ROLES},
        Article.Status.WITHDRAWN: {Article.Status.PUBLISHED: OFFICE_ROLES, Article.Status.DRAFT: OFFICE_ROLES},
    },
)

EVENT_FIELDS = (
    "kind", "name", "organiser", "place", "in_province", "start_date", "end_date", "registration_deadline",
    "support_offered", "description",
)
ARTICLE_FIELDS = ("title", "summary", "body", "cover_image")
COURSE_FIELDS = (
    "kind", "title", "organiser", "organiser_level", "start_date", "end_date", "place", "topic",
    "destination_province", "destination_name", "report",
)


# Eligibility ------------------------------------------------------------------------------


def min_event_stars(on: datetime.date) -> int:
    """The minimum stars in force on a day (EventEligibilityRule rows)."""
    rule = (
        EventEligibilityRule.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise DomainError(_("Chưa có quy định về điều kiện tham gia hoạt động xúc tiến thương mại áp dụng cho ngày %(day)s.")
                          % {"day": on.strftime("%d/%m/%Y")})
    return rule.min_stars


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str
    recognition: Recognition | None = None


def product_eligibility(product: Product, *, on: datetime.date) -> Eligibility:
    """Whether the product may join a promotion event held on `on`: it must hold a recognition
    valid that day with at least the rule's stars. The refusal says why."""
    min_stars = min_event_stars(on)
    decisions = list(
        Recognition.objects.filter(product=product)
        .exclude(status=Recognition.Status.NOT_RECOGNISED)
        .order_by("-decision_date", "-pk")
    )
    valid = [r for r in decisions if r.is_valid_on(on)]
    if valid:
        best = max(valid, key=lambda r: (r.stars or 0, r.decision_date))
        if (best.stars or 0) >= min_stars:
            return Eligibility(True, "", best)
        return Eligibility(
            False,
            _("Sản phẩm chỉ đạt %(stars)s sao (quyết định %(number)s); chỉ sản phẩm OCOP đạt từ %(min)s sao trở lên "
              "được tham gia.") % {"stars": best.stars, "number": best.decision_number, "min": min_stars},
            best,
        )
    if not decisions:
        return Eligibility(False, _("Sản phẩm chưa được công nhận là sản phẩm OCOP."))
    last = decisions[0]
    if last.status == Recognition.Status.REVOKED:
        return Eligibility(
            False,
            _("Quyết định công nhận %(number)s đã bị thu hồi%(when)s.")
            % {"number": last.decision_number,
               "when": (_(" ngày %s") % vn_date(last.end_decision_date or (last.ended_at and last.ended_at.date())))
               if (last.end_decision_date or last.ended_at) else ""},
            last,
        )
    if last.status == Recognition.Status.CANCELLED:
        return Eligibility(False, _("Quyết định công nhận %(number)s đã bị hủy.") % {"number": last.decision_number}, last)
    if last.valid_until and last.valid_until < on:
        return Eligibility(
            False,
            _("Quyết định công nhận %(number)s đã hết hiệu lực ngày %(until)s.")
            % {"number": last.decision_number, "until": vn_date(last.valid_until)},
            last,
        )
    return Eligibility(
        False,
        _("Quyết định công nhận %(number)s chưa có hiệu lực vào ngày %(day)s.")
        % {"number": last.decision_number, "day": vn_date(on)},
        last,
    )


# Events -----------------------------------------------------------------------------------


def _apply(obj, data: dict, fields) -> list[str]:
    changed = []
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if value is False and name == "cover_image":  # the form's "clear" checkbox
            value = ""
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _save_changes(obj, data: dict, fields, *, actor, workflow: str, check=None) -> list[str]:
    """Apply the form's `data` to `obj` (a row the caller has locked and may edit). When anything
    changed: validate (`check`, then full_clean), save only those fields and updated_at, and write the
    "updated" history row naming them. Returns the changed fields."""
    changed = _apply(obj, data, fields)
    if changed:
        if check is not None:
            check(obj)
        obj.full_clean()
        obj.save(update_fields=[*changed, "updated_at"])
        record_event(obj, actor=actor, label="updated", note=", ".join(changed), workflow=workflow)
    return changed


@transaction.atomic
def event_create(*, district, actor, data: dict) -> Event:
    ensure(can_manage_district(actor, district), _("Bạn không có quyền quản lý hoạt động xúc tiến của huyện này."))
    event = Event(district=district, created_by=actor)
    _apply(event, data, EVENT_FIELDS)
    event.full_clean()
    event.save()
    record_event(event, actor=actor, label="created", workflow=EVENT_WORKFLOW.name)
    transaction.on_commit(invalidate_public_pages)
    return event


@transaction.atomic
def event_update(*, event: Event, actor, data: dict) -> Event:
    event = Event.objects.select_for_update(of=("self",)).select_related("district").get(pk=event.pk)
    ensure(can_manage_event(actor, event), _("Bạn không có quyền sửa hoạt động này."))
    if _save_changes(event, data, EVENT_FIELDS, actor=actor, workflow=EVENT_WORKFLOW.name):
        transaction.on_commit(invalidate_public_pages)
    return event


@transaction.atomic
def event_set_status(*, event: Event, actor, to: str, note: str = "") -> Event:
    """Finish (after it started) or cancel an event, or reopen a cancelled one."""
    event = Event.objects.select_for_update(of=("self",)).select_related("district").get(pk=event.pk)
    ensure(can_manage_event(actor, event), _("Bạn không có quyền thay đổi trạng thái hoạt động này."))
    if to == Event.Status.FINISHED and event.start_date > clock.localdate():
        raise DomainError(_("Hoạt động chưa diễn ra, chưa thể kết thúc."))
    transition(event, workflow=EVENT_WORKFLOW, to=to, actor=actor, note=note)
    transaction.on_commit(invalidate_public_pages)
    return event


@transaction.atomic
def participation_invite(
    *, event: Event, product: Product, actor, booth: str = "", support_amount: int = 0
) -> Participation:
    """Invite a product: only while it holds a valid recognition of enough stars on the event's
    first day (DomainError with the reason otherwise); one participation per event and product."""
    event = Event.objects.select_for_update(of=("self",)).select_related("district").get(pk=event.pk)
    ensure(can_manage_event(actor, event), _("Bạn không có quyền mời sản phẩm tham gia hoạt động này."))
    if event.status != Event.Status.PLANNED:
        raise DomainError(_("Hoạt động đã kết thúc hoặc bị hủy, không thể mời thêm sản phẩm."))
    product = Product.objects.select_related("producer__commune").get(pk=product.pk)
    if product.producer.commune.parent_id != event.district_id:
        raise DomainError(_("Sản phẩm không thuộc huyện tổ chức hoạt động."))
    if Participation.objects.filter(event=event, product=product).exists():
        raise DomainError(_("Sản phẩm đã có trong danh sách tham gia hoạt động này."))
    check = product_eligibility(product, on=event.start_date)
    if not check.eligible:
        raise DomainError(check.reason)
    if support_amount is None or int(support_amount) < 0:
        raise ValidationError({"support_amount": _("Kinh phí hỗ trợ không được âm.")})
    participation = Participation.objects.create(
        event=event, product=product, producer=product.producer, recognition=check.recognition,
        booth=(booth or "").strip(), support_amount=int(support_amount or 0), invited_by=actor,
    )
    record_event(event, actor=actor, label="product_invited", note=str(product), workflow=EVENT_WORKFLOW.name)
    transaction.on_commit(invalidate_public_pages)
    return participation


@transaction.atomic
def participation_update(*, participation: Participation, actor, booth: str, support_amount: int) -> Participation:
    participation = Participation.objects.select_for_update(of=("self",)).select_related("event__district").get(pk=participation.pk)
    ensure(can_manage_event(actor, participation.event), _("Bạn không có quyền sửa thông tin tham gia."))
    if support_amount is None or int(support_amount) < 0:
        raise ValidationError({"support_amount": _("Kinh phí hỗ trợ không được âm.")})
    participation.booth = (booth or "").strip()
    participation.support_amount = int(support_amount)
    participation.save(update_fields=["booth", "support_amount"])
    record_event(participation.event, actor=actor, label="participation_updated",
                 note=f"{participation.product_id}: {participation.booth} · {participation.support_amount}",
                 workflow=EVENT_WORKFLOW.name)
    return participation


@transaction.atomic
def participation_record_results(
    *, participation: Participation, actor, sales_amount: int | None, contracts_signed: int | None,
    visitors: int | None, note: str = "",
) -> Participation:
    """Record what a product achieved at the event (after the event has started)."""
    participation = Participation.objects.select_for_update(of=("self",)).select_related("event__district").get(pk=participation.pk)
    event = participation.event
    ensure(can_manage_event(actor, event), _("Bạn không có quyền ghi nhận kết quả tham gia."))
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("Hoạt động đã bị hủy."))
    if event.start_date > clock.localdate():
        raise DomainError(_("Chỉ ghi nhận kết quả sau khi hoạt động đã diễn ra."))
    for name, value in (("sales_amount", sales_amount), ("contracts_signed", contracts_signed), ("visitors", visitors)):
        if value is not None and int(value) < 0:
            raise ValidationError({name: _("Giá trị không được âm.")})
    participation.sales_amount = sales_amount
    participation.contracts_signed = contracts_signed
    participation.visitors = visitors
    participation.results_note = (note or "").strip()
    participation.results_recorded_at = clock.now()
    participation.save(
        update_fields=["sales_amount", "contracts_signed", "visitors", "results_note", "results_recorded_at"]
    )
    record_event(event, actor=actor, label="results_recorded", note=str(participation.product), workflow=EVENT_WORKFLOW.name)
    return participation


@transaction.atomic
def participation_withdraw(*, participation: Participation, actor) -> None:
    participation = Participation.objects.select_for_update(of=("self",)).select_related("event__district", "product").get(
        pk=participation.pk
    )
    ensure(can_manage_event(actor, participation.event), _("Bạn không có quyền rút sản phẩm khỏi hoạt động."))
    if participation.has_results:
        raise DomainError(_("Sản phẩm đã có kết quả tham gia, không thể rút khỏi danh sách."))
    if participation.event.status != Event.Status.PLANNED:
        raise DomainError(_("Hoạt động đã kết thúc hoặc bị hủy, không thể rút sản phẩm khỏi danh sách."))
    record_event(
        participation.event, actor=actor, label="product_withdrawn", note=str(participation.product),
        workflow=EVENT_WORKFLOW.name,
    )
    participation.delete()
    transaction.on_commit(invalidate_public_pages)


# News -------------------------------------------------------------------------------------


def _unique_article_slug(title: str, exclude_pk=None) -> str:
    base = slug_vi(title)[:120] or "tin"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def article_create(*, district, actor, data: dict) -> Article:
    ensure(can_manage_district(actor, district), _("Bạn không có quyền đăng tin của huyện này."))
    article = Article(district=district, created_by=actor)
    _apply(article, data, ARTICLE_FIELDS)
    article.slug = _unique_article_slug(article.title)
    article.full_clean()
    article.save()
    record_event(article, actor=actor, label="created", workflow=ARTICLE_WORKFLOW.name)
    return article


@transaction.atomic
def article_update(*, article: Article, actor, data: dict) -> Article:
    article = Article.objects.select_for_update(of=("self",)).select_related("district").get(pk=article.pk)
    ensure(can_manage_article(actor, article), _("Bạn không có quyền sửa tin, bài này."))
    if _save_changes(article, data, ARTICLE_FIELDS, actor=actor, workflow=ARTICLE_WORKFLOW.name):
        transaction.on_commit(invalidate_public_pages)
    return article


@transaction.atomic
def article_set_status(*, article: Article, actor, to: str, published_at=None) -> Article:
    """Publish (now or at a given time), withdraw, or return an article to draft."""
    article = Article.objects.select_for_update(of=("self",)).select_related("district").get(pk=article.pk)
    ensure(can_manage_article(actor, article), _("Bạn không có quyền đăng hoặc gỡ tin, bài này."))
    extra = []
    if to == Article.Status.PUBLISHED:
        if not article.title.strip() or not article.body.strip():
            raise DomainError(_("Tin, bài cần có tiêu đề và nội dung trước khi đăng."))
        article.published_at = published_at or article.published_at or clock.now()
        extra = ["published_at"]
    transition(article, workflow=ARTICLE_WORKFLOW, to=to, actor=actor, extra_update_fields=extra)
    transaction.on_commit(invalidate_public_pages)
    return article


# Courses and study tours ------------------------------------------------------------------


def _check_course(course: Course) -> None:
    if course.kind == Course.Kind.STUDY_TOUR and not (course.destination_province_id or course.destination_name.strip()):
        raise ValidationError({"destination_province": _("Đoàn học tập cần có tỉnh đến.")})


@transaction.atomic
def course_create(*, district, actor, data: dict) -> Course:
    ensure(can_manage_district(actor, district), _("Bạn không có quyền quản lý tập huấn của huyện này."))
    course = Course(district=district, created_by=actor)
    _apply(course, data, COURSE_FIELDS)
    _check_course(course)
    course.full_clean()
    course.save()
    record_event(course, actor=actor, label="created", workflow="promotion_course")
    return course


@transaction.atomic
def course_update(*, course: Course, actor, data: dict) -> Course:
    course = Course.objects.select_for_update(of=("self",)).select_related("district").get(pk=course.pk)
    ensure(can_manage_course(actor, course), _("Bạn không có quyền sửa lớp tập huấn / đoàn học tập này."))
    _save_changes(course, data, COURSE_FIELDS, actor=actor, workflow="promotion_course", check=_check_course)
    return course


@transaction.atomic
def course_add_participant(*, course: Course, actor, user=None, producer: Producer | None = None, note: str = "") -> CourseParticipant:
    """Add an officer (user) or a producer to a course or tour (exactly one of them)."""
    course = Course.objects.select_for_update(of=("self",)).select_related("district").get(pk=course.pk)
    ensure(can_manage_course(actor, course), _("Bạn không có quyền thêm người tham gia."))
    if (user is None) == (producer is None):
        raise ValidationError(_("Chọn một cán bộ hoặc một chủ thể."))
    if producer is not None and producer.commune.parent_id != course.district_id:
        raise DomainError(_("Chủ thể không thuộc huyện tổ chức."))
    existing = CourseParticipant.objects.filter(course=course)
    if (user is not None and existing.filter(user=user).exists()) or (
        producer is not None and existing.filter(producer=producer).exists()
    ):
        raise DomainError(_("Người này đã có trong danh sách."))
    participant = CourseParticipant.objects.create(course=course, user=user, producer=producer, note=(note or "").strip())
    record_event(course, actor=actor, label="participant_added", note=str(user or producer), workflow="promotion_course")
    return participant


@transaction.atomic
def course_record_attendance(*, course: Course, actor, attended_ids) -> int:
    """Mark who attended (the given participant ids) and who did not (all others)."""
    course = Course.objects.select_for_update(of=("self",)).select_related("district").get(pk=course.pk)
    ensure(can_manage_course(actor, course), _("Bạn không có quyền điểm danh."))
    if course.start_date > clock.localdate():
        raise DomainError(_("Lớp / đoàn chưa diễn ra, chưa thể điểm danh."))
    ids = {int(i) for i in attended_ids}
    participants = CourseParticipant.objects.filter(course=course)
    present = participants.filter(pk__in=ids).update(attended=True)
    participants.exclude(pk__in=ids).update(attended=False)
    record_event(course, actor=actor, label="attendance", note=str(present), workflow="promotion_course")
    return present


@transaction.atomic
def course_remove_participant(*, participant: CourseParticipant, actor) -> None:
    participant = CourseParticipant.objects.select_for_update(of=("self",)).select_related("course__district").get(pk=participant.pk)
    ensure(can_manage_course(actor, participant.course), _("Bạn không có quyền xóa người tham gia."))
    record_event(participant.course, actor=actor, label="participant_removed",
                 note=str(participant.user or participant.producer), workflow="promotion_course")
    participant.delete()


# Open-data API keys -------------------------------------------------------------------------


@transaction.atomic
def api_token_issue(*, actor):
    """Issue (or replace) the actor's own key for the province part of the open-data API; the old
    key stops working at once. Only the province role (or an admin) may hold one. The action is
    recorded in the user's history (never the key itself)."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from .permissions import can_read_province_api

    user = get_user_model().objects.select_for_update().get(pk=actor.pk)
    ensure(can_read_province_api(user), _("Chỉ cán bộ cấp tỉnh được cấp khóa truy cập dữ liệu mở."))
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    record_event(user, actor=user, label="api_token_replaced" if replaced else "api_token_issued", workflow="open_data_api")
    return token
