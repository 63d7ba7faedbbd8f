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

The form page carries a one-time token: the same form sent again (Back, then the button
once more) is not saved twice; the person is taken to what the first sending saved.
"""

import csv
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

PAGE_SIZE = 25

# The one-time token of a form page, and where each token used in this session led.
FORM_TOKEN = "form_token"  # noqa: S105 - the name of a form field, not a secret
_USED_TOKENS = "used_form_tokens"
_TOKENS_KEPT = 50


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


def submit_form(request, form, *, save: Callable, message, then=None):
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
    token = request.POST.get(FORM_TOKEN, "")
    used = request.session.get(_USED_TOKENS, {})
    if token and token in used:
        messages.info(request, "This form had already been sent: nothing was saved twice")
        return redirect(used[token])
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
    if token:
        used[token] = response.url
        request.session[_USED_TOKENS] = dict(list(used.items())[-_TOKENS_KEPT:])
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
            # Kept while the page is shown again with errors, so the corrected form is
            # still the first sending.
            "form_token": request.POST.get(FORM_TOKEN) or secrets.token_urlsafe(16),
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
