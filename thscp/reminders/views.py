from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import services as reminders
from .models import ReminderDigest


@require_http_methods(["GET", "POST"])
def reminder_log(request):
    """What was sent, to whom, when, and what failed: for the business unit."""
    if not request.user.has_perm("thscp.view_reminders"):
        raise PermissionDenied
    if request.method == "POST":
        run = reminders.run_reminders(
            today=timezone.localdate(), triggered_by=f"by hand: {request.user.email}"
        )
        messages.success(
            request, f"Reminders run: {run.items_claimed} new reminder(s) in {run.digests_created} email(s)"
        )
        return redirect("reminders")
    # Explicit: Meta.ordering is not applied to a query with GROUP BY, and the list is paginated.
    digests = (
        ReminderDigest.objects.select_related("run")
        .annotate(item_count=Count("items"))
        .order_by("-created_at", "recipient", "pk")
    )
    status = request.GET.get("status")
    if status in ReminderDigest.Status.values:
        digests = digests.filter(status=status)
    return render(
        request,
        "thscp/reminders.html",
        {
            "page": Paginator(digests, 50).get_page(request.GET.get("page")),
            "query": f"status={status}" if status else "",
            "statuses": ReminderDigest.Status.choices,
            "status": status,
            "failed_count": ReminderDigest.objects.filter(status=ReminderDigest.Status.FAILED).count(),
            "breadcrumbs": [("Reminders", None)],
        },
    )
