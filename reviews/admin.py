"""Superusers only (governance's admin site rules): case records are read-mostly here."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from simple_history.admin import SimpleHistoryAdmin

from governance.admin_widgets import PRIVATE_FILES

from . import access_log
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
)


class CaseRecordAdmin(SimpleHistoryAdmin):
    """Every view of a case record here goes into the case access log, as on the
    service's own pages: a record's page, its history, and each record a list shows."""

    formfield_overrides = PRIVATE_FILES

    def _note(self, request, record, what: str) -> None:
        incident = access_log.incident_of(record) if record is not None else None
        if incident is not None and request.method == "GET":
            access_log.note_case_view(
                request, incident=incident, record=f"Admin {what}: {self.model._meta.verbose_name}"
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._note(request, self.get_object(request, unquote(object_id)), "page")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._note(request, self.get_object(request, unquote(object_id)), "history")
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._note(request, self.get_object(request, unquote(object_id)), "past version")
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}) or {}
        for record in getattr(changelist.get("cl"), "result_list", []):
            self._note(request, record, "list")
        return response


@admin.register(SeriousIncident)
class SeriousIncidentAdmin(CaseRecordAdmin):
    list_display = ["reference", "aware_on", "notified_on", "harm_type", "age_band", "stage"]
    list_filter = ["stage", "harm_type", "age_band"]
    readonly_fields = ["reference", "stage"]


@admin.register(CaseAccessLog)
class CaseAccessLogAdmin(admin.ModelAdmin):
    """Append-only: read here, never added, changed or deleted, not even by a superuser."""

    list_display = ["viewed_at", "user", "incident", "record"]
    list_select_related = ["user", "incident"]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (
    PartnerDecision,
    RapidReview,
    AgencyInformationRequest,
    LocalReview,
    LocalReviewMilestone,
    Recommendation,
):
    admin.site.register(model, CaseRecordAdmin)

# Learning is anonymised, not case data: its views are not logged. (Webinars after
# reviews are training's sessions: governance/learning_from.py.)
admin.site.register(SevenMinuteBriefing, SimpleHistoryAdmin, formfield_overrides=PRIVATE_FILES)
