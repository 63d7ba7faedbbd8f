"""The open-cases dashboard and the list of every case."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance.pages import paginate

from .. import selectors
from .common import crumbs, require_cases, today


@require_GET
def index(request):
    # The area page: roles without case access are refused plainly, like any area they
    # may not use; it names no case, so it need not pretend not to exist.
    if not request.user.has_perm("reviews.access_area"):
        raise PermissionDenied
    on = today()
    page = paginate(request, selectors.open_cases(user=request.user))
    return render(
        request,
        "reviews/index.html",
        {
            "title": "Reviews",
            "breadcrumbs": [("Reviews", None)],
            "page": page,
            "rows": selectors.dashboard_rows(page.object_list, today=on),
            "today": on,
            "can_manage": request.user.has_perm("reviews.manage_cases"),
        },
    )


@require_GET
def case_list(request):
    require_cases(request)
    return render(
        request,
        "reviews/case_list.html",
        {
            "title": "All cases",
            "breadcrumbs": crumbs(("All cases", None)),
            "page": paginate(request, selectors.all_cases(user=request.user)),
        },
    )
