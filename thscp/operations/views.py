"""The business unit's retention review: what is past its period, and erasing it."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance.forms import GovUKForm
from governance.pages import form_page, require, submit_form

from . import retention
from .models import Erasure, RetentionDue

RETENTION = ("Retention", "/retention/")


@require_GET
def retention_review(request):
    require(request, "thscp.review_retention")
    labels = {kind.key: kind.label for kind in retention.retention_kinds().values()}
    erasures = Erasure.objects.select_related("erased_by")[:20]
    return render(
        request,
        "thscp/retention.html",
        {
            "kinds": retention.due_for_review(),
            "erasures": [(erasure, labels.get(erasure.kind, erasure.kind)) for erasure in erasures],
            "breadcrumbs": [(RETENTION[0], None)],
        },
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class EraseForm(GovUKForm):
    confirm = forms.BooleanField(
        label="Yes, erase this record and everything that belongs to it",
        error_messages={"required": "Confirm that you want to erase this record"},
    )


@require_http_methods(["GET", "POST"])
def retention_erase(request, kind: str, record_id: int):
    require(request, "thscp.review_retention")
    listing = RetentionDue.objects.filter(kind=kind, record_id=record_id).first()
    retention_kind = retention.retention_kinds().get(kind)
    record = retention_kind.records().filter(pk=record_id).first() if retention_kind and listing else None
    if record is None:
        raise Http404("That record is not listed for review.")
    description = retention_kind.describe(record)
    # Bound on any POST: an unticked box sends nothing, and must still be an error.
    form = EraseForm(request.POST if request.method == "POST" else None)
    saved = submit_form(
        request,
        form,
        save=lambda data: retention.erase_record(
            kind_key=kind, record_id=record_id, by=request.user, today=timezone.localdate()
        ),
        message=lambda erasure: (
            f"Erased: {_count(erasure.records_removed, 'record')}, "
            f"{_count(erasure.history_rows_removed, 'History row')} "
            f"and {_count(erasure.files_removed, 'file')}. The erasure log records that it happened."
        ),
        then=reverse("retention"),
    )
    return saved or form_page(
        request,
        form,
        title="Erase this record",
        caption=f"{retention_kind.label}: {description}",
        breadcrumbs=[RETENTION, ("Erase a record", None)],
        cancel_url=reverse("retention"),
        submit_label="Erase",
        intro=(
            f"Its retention period ended on {listing.due_on:%-d %B %Y}. Erasing removes the record, the "
            "records that belong to it, the History of all of them and their files. It cannot be undone. "
            "The erasure log keeps only that a record of this kind was erased, when and by you."
        ),
        warning="Check first that nothing requires the record to be kept: a review, an inquiry, a complaint "
        "or a legal claim.",
    )
