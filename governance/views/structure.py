from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import selectors, services
from ..forms import AgencyForm, ContactSearchForm, ExecutiveChairTermForm, PartnershipGroupForm, PersonForm
from ..models import Agency, ExecutiveChairTerm, PartnershipGroup, Person
from ..pages import (
    csv_response,
    form_page,
    paginate,
    private_file_response,
    query_without_page,
    require,
    submit_form,
)

GOVERNANCE = ("Governance", "/governance/")


def _groups_crumbs():
    return [GOVERNANCE, ("Groups", reverse("governance:group_list"))]


@require_GET
def group_list(request):
    require(request, "governance.access_area")
    groups = selectors.visible_groups(user=request.user, include_retired=True)
    return render(
        request,
        "governance/group_list.html",
        {
            "groups": groups,
            "executive_chair": getattr(ExecutiveChairTerm.covering(timezone.localdate()), "chair", None),
            "can_add": request.user.has_perm("governance.add_partnershipgroup"),
            "breadcrumbs": [GOVERNANCE, ("Groups", None)],
        },
    )


def _group_for(request, slug):
    group = get_object_or_404(
        PartnershipGroup.objects.select_related("chair__agency", "vice_chair__agency"), slug=slug
    )
    require(request, "governance.view_partnershipgroup", group, hide=True)
    return group


@require_GET
def group_detail(request, slug):
    group = _group_for(request, slug)
    today = timezone.localdate()
    context = {
        "group": group,
        "members": group.members.select_related("agency").order_by("full_name"),
        "upcoming_meetings": selectors.visible_meetings(user=request.user, group=group)
        .filter(starts_at__gte=timezone.now())
        .prefetch_related(None)
        .order_by("starts_at")[:6],
        "meetings": selectors.visible_meetings(user=request.user, group=group).filter(
            starts_at__lt=timezone.now()
        )[:6],
        "can_edit": request.user.has_perm("governance.change_partnershipgroup", group),
        "can_add_meeting": request.user.has_perm("governance.add_meeting", group),
        "can_add_action": request.user.has_perm("governance.add_action", group),
        "breadcrumbs": [*_groups_crumbs(), (group.name, None)],
    }
    if group.is_executive:
        terms = list(ExecutiveChairTerm.objects.select_related("chair__agency"))
        context["chair_terms"] = terms
        context["current_term"] = next((t for t in terms if t.starts_on <= today < t.ends_on), None)
        context["next_term"] = next((t for t in terms if t.starts_on > today), None)
        context["can_add_term"] = request.user.has_perm("governance.add_executivechairterm")
    return render(request, "governance/group_detail.html", context)


def group_create(request):
    require(request, "governance.add_partnershipgroup")
    form = PartnershipGroupForm(request.POST or None, request.FILES or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message=lambda group: f"{group.name} added",
        then=lambda group: reverse("governance:group_detail", args=[group.slug]),
    )
    return saved or form_page(
        request,
        form,
        title="Add a group",
        breadcrumbs=[*_groups_crumbs(), ("Add a group", None)],
        cancel_url=reverse("governance:group_list"),
    )


def group_edit(request, slug):
    group = _group_for(request, slug)
    require(request, "governance.change_partnershipgroup", group)
    form = PartnershipGroupForm(request.POST or None, request.FILES or None, instance=group)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message=lambda group: f"{group.name} updated",
        then=lambda group: reverse("governance:group_detail", args=[group.slug]),
    )
    return saved or form_page(
        request,
        form,
        title=f"Change {group.name}",
        breadcrumbs=[
            *_groups_crumbs(),
            (group.name, reverse("governance:group_detail", args=[slug])),
            ("Change", None),
        ],
        cancel_url=reverse("governance:group_detail", args=[slug]),
    )


@require_GET
def group_terms_document(request, slug):
    group = _group_for(request, slug)
    return private_file_response(group.terms_of_reference_document, group.terms_of_reference_document_name)


def chair_term_add(request):
    require(request, "governance.add_executivechairterm")
    executive = get_object_or_404(PartnershipGroup, is_executive=True)
    form = ExecutiveChairTermForm(request.POST or None)
    form.fields["chair"].queryset = Person.objects.exclude(agency__statutory_partner="").select_related(
        "agency"
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_executive_chair_term(
            partner=data["partner"],
            chair=data["chair"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            by=request.user,
        ),
        message="Chair's term added to the rotation",
        then=reverse("governance:group_detail", args=[executive.slug]),
    )
    return saved or form_page(
        request,
        form,
        title="Add a term to the Executive chair's rotation",
        breadcrumbs=[
            *_groups_crumbs(),
            (executive.name, reverse("governance:group_detail", args=[executive.slug])),
            ("Add a chair's term", None),
        ],
        cancel_url=reverse("governance:group_detail", args=[executive.slug]),
        intro="The chair rotates between the three statutory partners: the local authority, the integrated "
        "care board and the police.",
    )


@require_GET
def person_list(request):
    require(request, "governance.view_person")
    search = ContactSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    people = selectors.visible_people(
        search=filters.get("q", ""),
        agency=getattr(filters.get("agency"), "pk", None),
        group=getattr(filters.get("group"), "pk", None),
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            "partner-contacts.csv",
            [
                "Name",
                "Job title",
                "Agency",
                "Email",
                "Phone",
                "Groups",
                "Receives bulletins",
                "Escalation contact",
            ],
            (
                [
                    p.full_name,
                    p.job_title,
                    p.agency.name,
                    p.email,
                    p.phone,
                    "; ".join(g.name for g in p.groups.all()),
                    "Yes" if p.receives_bulletins else "No",
                    "Yes" if p.is_escalation_contact else "No",
                ]
                for p in people
            ),
        )
    return render(
        request,
        "governance/person_list.html",
        {
            "search": search,
            "page": paginate(request, people),
            "query": query_without_page(request),
            "breadcrumbs": [GOVERNANCE, ("Partner contacts", None)],
        },
    )


@require_GET
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.select_related("agency"), pk=pk)
    require(request, "governance.view_person", person, hide=True)
    return render(
        request,
        "governance/person_detail.html",
        {
            "person": person,
            "groups": person.groups.all(),
            "roles": sorted(person.user.role_names) if person.user else [],
            "breadcrumbs": [
                GOVERNANCE,
                ("Partner contacts", reverse("governance:person_list")),
                (person.full_name, None),
            ],
        },
    )


@require_GET
def agency_list(request):
    require(request, "governance.view_agency")
    agencies = Agency.objects.annotate(people_count=Count("people")).order_by("-is_active", "name")
    return render(
        request,
        "governance/agency_list.html",
        {
            "agencies": agencies,
            "can_change": request.user.has_perm("governance.change_agency"),
            "breadcrumbs": [GOVERNANCE, ("Agencies", None)],
        },
    )


def agency_edit(request, pk=None):
    require(request, "governance.change_agency")
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message=lambda agency: f"{agency.name} saved",
        then=reverse("governance:agency_list"),
    )
    if saved:
        return saved
    title = f"Change {agency.name}" if agency else "Add an agency"
    return form_page(
        request,
        form,
        title=title,
        breadcrumbs=[GOVERNANCE, ("Agencies", reverse("governance:agency_list")), (title, None)],
        cancel_url=reverse("governance:agency_list"),
    )


def person_edit(request, pk=None):
    require(request, "governance.change_person")
    person = get_object_or_404(Person, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message=lambda person: f"{person.full_name} saved",
    )
    if saved:
        return saved
    title = f"Change {person.full_name}" if person else "Add a contact"
    return form_page(
        request,
        form,
        title=title,
        breadcrumbs=[GOVERNANCE, ("Partner contacts", reverse("governance:person_list")), (title, None)],
        cancel_url=person.get_absolute_url() if person else reverse("governance:person_list"),
    )
