"""A stock Django admin for each model a list page shows: the yardstick the issue sets
("each page beside the Django admin changelist of the same model").

Each changelist is Django's default: one column (the record's name), 100 rows a page,
with the foreign keys that name reads selected in the same query (list_select_related),
so that the yardstick is the admin itself, not an N+1 in it. Superusers only, as the
real admin; served only by the benchmark's settings (bench/settings.py).
"""

from django.apps import apps
from django.contrib import admin


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark admin (not the product)"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


site = BenchAdminSite(name="bench_admin")

# model -> what its changelist selects with it: True follows every required foreign key;
# a session's name reads its course, which is optional.
CHANGELISTS = {
    "governance.Action": True,
    "governance.Person": True,
    "governance.Risk": True,
    "governance.Meeting": True,
    "governance.Escalation": True,
    "governance.Document": True,
    "reviews.SeriousIncident": True,
    "reviews.Recommendation": True,
    "priorities.Deliverable": True,
    "priorities.ProgressUpdate": True,
    "dataset.QuarterlyReturn": True,
    "dataset.ReturnValue": True,
    "training.Session": ["course"],
}

for label, related in CHANGELISTS.items():
    model = apps.get_model(label)
    site.register(
        model, type(f"Bench{model.__name__}Admin", (admin.ModelAdmin,), {"list_select_related": related})
    )
