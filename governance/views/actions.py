from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import selectors, services
from ..action_sources import action_source
from ..filters import parse_whole_number
from ..forms import ActionFilterForm, ActionForm, ActionProgressForm, CancelActionForm, CompleteActionForm
from ..models import Action, ActionUpdate, PartnershipGroup
from ..pages import (
    csv_response,
    form_page,
    paginate,
    private_file_response,
    query_without_page,
    require,
    submit_form,
)
from ..visibility import hidden_fields

GOVERNANCE = ("Governance", "/governance/")


def _actions_crumbs():
    return [GOVERNANCE, ("Actions", reverse("governance:action_list"))]


def _action_for(request, pk):
    try:
        action = selectors.action_detail(action_id=pk, user=request.user)
    except Action.DoesNotExist as error:
        raise Http404("No such action.") from error
    return action


@require_GET
def action_list(request):
    require(request, "governance.access_area")
    today = timezone.localdate()
    source_kinds = selectors.action_source_kinds(user=request.user)
    visible_kinds = {kind.pk for kind in source_kinds}
    filter_form = ActionFilterForm(request.GET or None, source_kinds=source_kinds)
    filters = filter_form.filters()
    actions = selectors.filter_actions(
        selectors.visible_actions(user=request.user), filters=filters, user=request.user, today=today
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            "actions.csv",
            [
                "Reference",
                "Title",
                "Group",
                "Owner",
                "Agency",
                "Due",
                "Status",
                "Overdue",
                "RAG",
                "Theme",
                "Source",
            ],
            (
                [
                    f"A{a.pk}",
                    a.title,
                    a.group.name,
                    a.owner.full_name,
                    a.owner.agency.name,
                    a.due_date.isoformat(),
                    a.get_status_display(),
                    "Yes" if a.is_overdue(today) else "No",
                    a.get_rag_display(),
                    a.theme.name if a.theme else "",
                    a.source_type.name if a.source_type_id in visible_kinds else "",
                ]
                for a in actions
            ),
        )
    return render(
        request,
        "governance/action_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, actions),
            "query": query_without_page(request),
            # Narrowed to one person (from a link on their name): say whose, and how to widen.
            "owner": filter_form.cleaned_data.get("owner") if filters.get("owner") else None,
            "query_without_owner": _query_without(request, "owner", "page"),
            "today": today,
            "visible_kinds": visible_kinds,
            "can_add": selectors.groups_for_new_actions(user=request.user).exists(),
            "breadcrumbs": [GOVERNANCE, ("Actions", None)],
        },
    )


def _query_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _source_from(request):
    """The record an action is raised from (?source=risk:12), if the person may see it,
    with the suggested values and the record's own group if the person runs the record."""
    raw = request.GET.get("source") or request.POST.get("source") or ""
    if not raw:
        return None, {}, None
    key, _, pk = raw.partition(":")
    source = action_source(key)
    pk = parse_whole_number(pk)
    if source is None or pk is None:
        raise Http404("Unknown source.")
    record = source.model._default_manager.filter(pk=pk).first()
    if record is None or not source.may_see(request.user, record):
        raise Http404("No such record.")
    return record, source.initial_for(record), source.own_group_for(request.user, record)


def action_create(request):
    source, suggested, own_group = _source_from(request)
    groups = selectors.groups_for_new_actions(user=request.user)
    if own_group is not None and not own_group.is_retired:
        groups = groups | PartnershipGroup.objects.filter(pk=own_group.pk)
    if not groups.exists():
        require(request, "governance.add_action", None)
    initial = {name: getattr(value, "pk", value) for name, value in suggested.items()}
    if "group" in initial and not groups.filter(pk=initial["group"]).exists():
        del initial["group"]  # a group the person may not add actions to
    slug = request.GET.get("group")
    if slug:
        group = groups.filter(slug=slug).first()
        if group:
            initial["group"] = group.pk
    form = ActionForm(request.POST or None, groups=groups, initial=initial)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.create_action(source=source, by=request.user, **data),
        message=lambda action: f"Action A{action.pk} added",
        once=True,
    )
    return saved or form_page(
        request,
        form,
        title="Add an action",
        caption=f"Raised from: {source}" if source is not None else "",
        breadcrumbs=[*_actions_crumbs(), ("Add an action", None)],
        cancel_url=source.get_absolute_url()
        if hasattr(source, "get_absolute_url")
        else reverse("governance:action_list"),
        submit_label="Add action",
    )


@require_GET
def action_detail(request, pk):
    action = _action_for(request, pk)
    # The source may be a confidential record (a case review): named only to those who may see it.
    hidden = hidden_fields(request.user, action)
    # Records are removed only by erasure at the end of their retention period: said to
    # those who may know of records of its kind.
    source_erased = (
        action.source_type_id is not None and action.source is None and "source_type" not in hidden
    )
    source_hidden = "source_id" in hidden and not source_erased
    source = None if source_hidden else action.source
    source_url = source.get_absolute_url() if hasattr(source, "get_absolute_url") else None
    return render(
        request,
        "governance/action_detail.html",
        {
            "action": action,
            "source": source,
            "source_label": action.source_type.name if action.source_type else "",
            "source_hidden": source_hidden,
            "source_erased": source_erased,
            "source_url": source_url,
            "updates": action.updates.all(),
            "is_overdue": action.is_overdue(),
            "can_edit": request.user.has_perm("governance.change_action", action),
            "can_update": request.user.has_perm("governance.update_action_progress", action),
            "breadcrumbs": [*_actions_crumbs(), (f"A{action.pk}", None)],
        },
    )


def action_edit(request, pk):
    action = _action_for(request, pk)
    require(request, "governance.change_action", action)
    groups = selectors.groups_for_new_actions(user=request.user) | PartnershipGroup.objects.filter(
        pk=action.group_id
    )
    form = ActionForm(request.POST or None, instance=action, groups=groups.distinct())

    def save(data):
        action.refresh_from_db()  # validating the form put its values on the instance
        return services.update_action(action=action, by=request.user, **data)

    saved = submit_form(request, form, save=save, message="Action updated")
    return saved or form_page(
        request,
        form,
        title="Change action",
        caption=f"A{action.pk}: {action.title}",
        breadcrumbs=[*_actions_crumbs(), (f"A{action.pk}", action.get_absolute_url()), ("Change", None)],
        cancel_url=action.get_absolute_url(),
    )


def action_progress(request, pk):
    action = _action_for(request, pk)
    require(request, "governance.update_action_progress", action)
    form = ActionProgressForm(
        request.POST or None, request.FILES or None, initial={"written_on": timezone.localdate()}
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_action_update(action=action, by=request.user, **data),
        message="Progress update added",
        once=True,
        then=action,
    )
    return saved or form_page(
        request,
        form,
        title="Add a progress update",
        caption=f"A{action.pk}: {action.title}",
        breadcrumbs=[
            *_actions_crumbs(),
            (f"A{action.pk}", action.get_absolute_url()),
            ("Progress update", None),
        ],
        cancel_url=action.get_absolute_url(),
        submit_label="Add update",
    )


def action_complete(request, pk):
    action = _action_for(request, pk)
    require(request, "governance.update_action_progress", action)
    form = CompleteActionForm(request.POST or None, request.FILES or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.complete_action(action=action, by=request.user, **data),
        message=f"Action A{action.pk} marked as done",
    )
    return saved or form_page(
        request,
        form,
        title="Mark the action as done",
        caption=f"A{action.pk}: {action.title}",
        breadcrumbs=[
            *_actions_crumbs(),
            (f"A{action.pk}", action.get_absolute_url()),
            ("Mark as done", None),
        ],
        cancel_url=action.get_absolute_url(),
        submit_label="Mark as done",
        intro="An action is done when its impact can be shown. Say what changed and how you know.",
    )


def action_cancel(request, pk):
    action = _action_for(request, pk)
    require(request, "governance.change_action", action)
    if action.is_closed:
        messages.info(request, f"Action A{action.pk} is already closed: change it to reopen it")
        return redirect(action)
    form = CancelActionForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.cancel_action(action=action, by=request.user, **data),
        message=f"Action A{action.pk} cancelled",
    )
    return saved or form_page(
        request,
        form,
        title="Cancel the action",
        caption=f"A{action.pk}: {action.title}",
        breadcrumbs=[*_actions_crumbs(), (f"A{action.pk}", action.get_absolute_url()), ("Cancel", None)],
        cancel_url=action.get_absolute_url(),
        submit_label="Yes, cancel the action",
        intro="The action leaves the open log; the reason goes on its timeline. It can be reopened later.",
    )


@require_GET
def action_evidence(request, pk):
    update = get_object_or_404(ActionUpdate.objects.select_related("action__group"), pk=pk)
    require(request, "governance.view_action", update.action, hide=True)
    return private_file_response(update.evidence, update.evidence_name)
