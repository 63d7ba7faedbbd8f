"""A plain Django admin for each model a list page shows: the yardstick the issue sets
("each page beside the Django admin changelist of the same model"). Each changelist shows
a few columns as a reasonable admin would, with the foreign keys it shows selected in the
same query; 100 rows a page, Django's default. Superusers only, as the real admin."""

from django.apps import apps
from django.contrib import admin


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark admin (not the product)"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


site = BenchAdminSite(name="bench_admin")

# model -> the columns its changelist shows (foreign keys are select_related).
CHANGELISTS = {
    "governance.Action": ["title", "group", "owner", "due_date", "status", "rag"],
    "governance.Person": ["full_name", "job_title", "agency", "email"],
    "governance.Risk": ["title", "owner", "category", "review_date", "status"],
    "governance.Meeting": ["group", "starts_at", "location"],
    "governance.Escalation": ["summary", "raised_by_agency", "raised_on", "stage", "status"],
    "governance.Document": ["title", "kind", "owner", "review_date"],
    "reviews.SeriousIncident": ["reference", "aware_on", "notified_on", "harm_type", "age_band", "stage"],
    "reviews.Recommendation": ["text", "theme", "action", "spotlight"],
    "priorities.Deliverable": ["title", "objective", "owner", "due_on", "forecast_on", "status"],
    "priorities.ProgressUpdate": ["area", "period", "rag", "written_on"],
    "dataset.QuarterlyReturn": ["agency", "year", "quarter", "status", "due_on"],
    "dataset.ReturnValue": ["quarterly_return", "indicator", "value", "status"],
    "training.Session": ["title", "course", "starts_at", "status", "capacity"],
}

# Where a column's own name reads a further record.
DEEPER = {"dataset.ReturnValue": ["quarterly_return__agency"]}

for label, columns in CHANGELISTS.items():
    model = apps.get_model(label)
    related = [name for name in columns if model._meta.get_field(name).is_relation] + DEEPER.get(label, [])
    site.register(
        model,
        type(
            f"Bench{model.__name__}Admin",
            (admin.ModelAdmin,),
            {"list_display": columns, "list_select_related": related},
        ),
    )
