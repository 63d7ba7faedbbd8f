"""What every area's views share: permission checks, the one form page and the one way
to handle its submission, lists (pagination), CSV exports and private files.

A form page in any area:

    form = MeetingForm(request.POST or None)
    saved = submit_form(
        request, form,
        save=lambda data: services.record_meeting(group=group, by=request.user, **data),
        message="Meeting recorded",
    )
    return saved or form_page(request, form, title="Record a meeting", breadcrumbs=..., cancel_url=...)

The service validates and runs in a transaction; a ValidationError it raises is shown
on the form's fields in the GOV.UK error summary, and nothing is saved.

A page that adds a record with nothing unique about it (an agenda item, a decision, an
action) passes `once=True`: the same form sent again soon after (Back, then the button
once more) is not saved twice, and the person is taken to what was saved the first time.
A token in the form would not do: the browser fetches the page afresh on Back (no-store).
"""

import csv
import hashlib
import time
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

PAGE_SIZE = 25

# What each form sent with `once=True` in this session saved, by a digest of the page
# and what was sent: a repeat within the window goes to the first result.
_SENT = "forms_sent"
_SENT_WINDOW_SECONDS = 15 * 60
_SENT_KEPT = 30


def require(request, permission: str, obj=None, *, hide: bool = False) -> None:
    """Refuse with 403, or with 404 where even the record's existence is not theirs to know."""
    if not request.user.has_perm(permission, obj):
        if hide:
            raise Http404("No such record.")
        raise PermissionDenied


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def _digest_of_what_was_sent(request) -> str:
    fields = sorted(
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    )
    files = sorted((name, upload.name, upload.size) for name, upload in request.FILES.items())
    return hashlib.sha256(repr((request.path, fields, files)).encode()).hexdigest()


def submit_form(request, form, *, save: Callable, message, then=None, once: bool = False):
    """The one way a form page handles its POST.

    On a valid POST, calls `save(form.cleaned_data)` (a workflow from services.py). A
    ValidationError it raises goes onto the form (see apply_service_errors) and None is
    returned, so the page shows the form again with its error summary. On success the
    person sees `message` (text, or a function of what save returned) and is sent to
    `then` (a URL, a record with get_absolute_url, or a function of what save returned;
    by default what save returned). Returns None on a GET or an invalid form.
    """
    if request.method != "POST":
        return None
    if once:
        now = time.time()
        sent = {
            digest: (url, at)
            for digest, (url, at) in request.session.get(_SENT, {}).items()
            if now - at < _SENT_WINDOW_SECONDS
        }
        digest = _digest_of_what_was_sent(request)
        if digest in sent:
            messages.info(request, "This had already been saved: it was not saved a second time")
            return redirect(sent[digest][0])
    if not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    target = then(result) if callable(then) else (then or result)
    response = redirect(target)
    if once:
        sent[digest] = (response.url, now)
        request.session[_SENT] = dict(list(sent.items())[-_SENT_KEPT:])
    return response


def form_page(
    request,
    form,
    *,
    title,
    breadcrumbs,
    cancel_url,
    submit_label="Save",
    caption="",
    intro="",
    warning="",
    template="components/form_page.html",
    **context,
):
    """The one form page: error summary, caption, heading, intro, a warning if any, the
    form through crispy-forms-gds, the button and a Cancel link. A page that needs more
    around its form passes its own template extending components/form_page.html."""
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "breadcrumbs": breadcrumbs,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            "caption": caption,
            "intro": intro,
            "warning": warning,
            **context,
        },
    )


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        # Cells starting with these are formulas to a spreadsheet: neutralise them.
        writer.writerow(
            [
                "'" + cell if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
                for cell in row
            ]
        )
    return response


def private_file_response(field_file, download_name: str):
    if not field_file:
        raise Http404("No file.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(
        handle, as_attachment=True, filename=download_name or field_file.name.rsplit("/")[-1]
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
