"""Small helpers every governance view uses: permission checks, form pages, lists."""

import csv

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 25


def require(request, permission: str, obj=None, *, hide: bool = False) -> None:
    """Refuse with 403, or with 404 where even the record's existence is not theirs to know."""
    if not request.user.has_perm(permission, obj):
        if hide:
            raise Http404("No such record.")
        raise PermissionDenied


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def form_page(request, form, *, title, breadcrumbs, cancel_url, submit_label="Save", caption="", intro=""):
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": title,
            "breadcrumbs": breadcrumbs,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            "caption": caption,
            "intro": intro,
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
