from django.apps import apps
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors
from ..signals import record_viewed


class AreaIndexView(PermissionRequiredMixin, TemplateView):
    """The landing page of an area; 403 for roles that may not use it."""

    raise_exception = True
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["breadcrumbs"] = [(self.title, None)]
        return context


@require_GET
def record_history(request, app_label: str, model_name: str, pk: int):
    """Who changed what and when, field by field, for any record the user may see.

    A record the user may not see answers 404, as if it did not exist.
    """
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404("No such kind of record.") from error
    if not hasattr(model, "history"):
        raise Http404("That kind of record has no history.")
    record = model._default_manager.filter(pk=pk).first()
    permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
    if record is None or not request.user.has_perm(permission, record):
        raise Http404("No such record.")
    record_viewed.send(sender=model, record=record, request=request, what="History")
    entries = selectors.history_entries(record=record, user=request.user)
    back_url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    return render(
        request,
        "governance/history.html",
        {
            "record": record,
            "entries": entries,
            "verbose_name": model._meta.verbose_name,
            "back_url": back_url,
        },
    )
