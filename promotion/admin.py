from django.contrib import admin

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


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "organiser", "organiser_level"]
    list_filter = ["kind", "organiser_level"]
    inlines = [CourseParticipantInline]
    raw_id_fields = ["created_by"]
