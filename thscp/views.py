from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_GET

from .home import my_work
from .navigation import areas_for


@require_GET
def home(request):
    """The signed-in user's own work, and the areas they may use."""
    today = timezone.localdate()
    return render(
        request,
        "thscp/home.html",
        {"areas": areas_for(request.user), "work": my_work(user=request.user, today=today), "today": today},
    )


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "thscp/accessibility.html")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors can be trusted here: the failure may be in one of them.

    return HttpResponseServerError(loader.get_template("500.html").render())
