from django.contrib import admin

from accounts.admin import ServiceFormsetMixin

from . import services
from .models import Article, Course, CourseParticipant, Event, EventEligibilityRule, Participation


@admin.register(EventEligibilityRule)
class EventEligibilityRuleAdmin(admin.ModelAdmin):
    list_display = ["min_stars", "valid_from", "valid_to", "legal_basis"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["product", "producer", "recognition", "invited_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start_date", "end_date", "place", "status"]
    list_filter = ["kind", "status", "in_province"]
    search_fields = ["name", "name_search"]
    inlines = [ParticipationInline]
    raw_id_fields = ["created_by"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["created_by"]


class CourseParticipantInline(admin.TabularInline):
    model = CourseParticipant
    extra = 0
    raw_id_fields = ["user", "producer"]

    def has_change_permission(self, request, obj=None):
        return False  # participants are added or removed (through the services), not edited here


def _add_participant(request, course, data):
    services.course_add_participant(course=course, actor=request.user, user=data.get("user"),
                                    producer=data.get("producer"), note=data.get("note", ""))


def _remove_participant(request, participant):
    services.course_remove_participant(participant=participant, actor=request.user)


@admin.register(Course)
class CourseAdmin(ServiceFormsetMixin, admin.ModelAdmin):
    inline_services = {CourseParticipant: (_add_participant, _remove_participant)}
    list_display = ["title", "kind", "start_date", "organiser", "organiser_level"]
    list_filter = ["kind", "organiser_level"]
    inlines = [CourseParticipantInline]
    raw_id_fields = ["created_by"]
