"""Superusers only (governance's admin site rules): case records are read-mostly here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgencyInformationRequest,
    CaseAccessLog,
    LocalReview,
    LocalReviewMilestone,
    PartnerDecision,
    RapidReview,
    Recommendation,
    SeriousIncident,
    SevenMinuteBriefing,
    Webinar,
)


@admin.register(SeriousIncident)
class SeriousIncidentAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "aware_on", "notified_on", "harm_type", "age_band", "stage"]
    list_filter = ["stage", "harm_type", "age_band"]
    readonly_fields = ["reference", "stage"]


@admin.register(CaseAccessLog)
class CaseAccessLogAdmin(admin.ModelAdmin):
    list_display = ["viewed_at", "user", "incident", "record"]
    list_select_related = ["user", "incident"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


for model in (
    PartnerDecision,
    RapidReview,
    AgencyInformationRequest,
    LocalReview,
    LocalReviewMilestone,
    Recommendation,
    SevenMinuteBriefing,
    Webinar,
):
    admin.site.register(model, SimpleHistoryAdmin)
