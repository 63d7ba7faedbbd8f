from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import selectors, services
from ..filters import whole_number
from ..forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    WithdrawForm,
    check_deputies,
)
from ..models import (
    ATTENDANCE,
    Action,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingDecision,
    PartnershipGroup,
    Person,
)
from ..pages import (
    form_page,
    paginate,
    private_file_response,
    query_without_page,
    require,
    submit_form,
)
from ..visibility import hidden_fields

GOVERNANCE = ("Governance", "/governance/")


def _meetings_crumbs():
    return [GOVERNANCE, ("Meetings", reverse("governance:meeting_list"))]


def _meeting_for(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("group").prefetch_related(ATTENDANCE), pk=pk)
    require(request, "governance.view_meeting", meeting, hide=True)
    return meeting


@require_GET
def meeting_list(request):
    require(request, "governance.access_area")
    meetings = selectors.visible_meetings(user=request.user)
    group_id = whole_number(request.GET, "group")
    if group_id is not None:
        meetings = meetings.filter(group_id=group_id)
    now = timezone.now()
    groups = selectors.visible_groups(user=request.user)
    return render(
        request,
        "governance/meeting_list.html",
        {
            # Upcoming meetings first, soonest first; then what has happened, newest first.
            "upcoming": meetings.filter(starts_at__gte=now).prefetch_related(None).order_by("starts_at")[:10],
            "page": paginate(request, meetings.filter(starts_at__lt=now)),
            "recordable_groups": [
                group for group in groups if request.user.has_perm("governance.add_meeting", group)
            ],
            "query": query_without_page(request),
            "groups": selectors.visible_groups(user=request.user),
            "selected_group": group_id,
            "breadcrumbs": [GOVERNANCE, ("Meetings", None)],
        },
    )


@require_GET
def meeting_record(request):
    """ "Record a meeting" from the meetings list: the group is chosen first."""
    require(request, "governance.access_area")
    group = get_object_or_404(PartnershipGroup, pk=whole_number(request.GET, "group") or 0)
    require(request, "governance.view_partnershipgroup", group, hide=True)
    require(request, "governance.add_meeting", group)
    return redirect("governance:meeting_create", slug=group.slug)


@require_GET
def meeting_detail(request, pk):
    meeting = _meeting_for(request, pk)
    agenda = meeting.agenda_items.select_related("lead__agency", "withdrawn_by")
    actions = Action.objects.filter(
        source_type=ContentType.objects.get_for_model(Meeting), source_id=meeting.pk
    ).select_related("owner__agency")
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            # Rows set back to "Not recorded" are listed as such, for their History.
            "attendances": meeting.attendances.all(),
            "recorded_attendances": meeting.recorded_attendances(),
            "decisions": meeting.decisions.select_related("withdrawn_by"),
            "actions": actions,
            "hidden": hidden_fields(request.user, meeting),
            "can_edit": request.user.has_perm("governance.change_meeting", meeting),
            "can_add_action": request.user.has_perm("governance.add_action", meeting.group),
            "breadcrumbs": [*_meetings_crumbs(), (str(meeting), None)],
        },
    )


def meeting_create(request, slug):
    group = get_object_or_404(PartnershipGroup, slug=slug)
    require(request, "governance.view_partnershipgroup", group, hide=True)
    require(request, "governance.add_meeting", group)
    form = MeetingForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_meeting(
            group=group, by=request.user, **form.cleaned_data_for_meeting()
        ),
        message="Meeting recorded",
        once=True,
    )
    return saved or form_page(
        request,
        form,
        title=f"Record a meeting of {group.name}",
        breadcrumbs=[*_meetings_crumbs(), ("Record a meeting", None)],
        cancel_url=reverse("governance:group_detail", args=[group.slug]),
        submit_label="Save meeting",
    )


def meeting_edit(request, pk):
    meeting = _meeting_for(request, pk)
    require(request, "governance.change_meeting", meeting)
    form = MeetingForm(request.POST or None, instance=meeting)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_meeting(
            meeting=meeting, by=request.user, **form.cleaned_data_for_meeting()
        ),
        message="Meeting updated",
    )
    return saved or form_page(
        request,
        form,
        title="Change meeting details and minutes",
        caption=str(meeting),
        breadcrumbs=[*_meetings_crumbs(), (str(meeting), meeting.get_absolute_url()), ("Change", None)],
        cancel_url=meeting.get_absolute_url(),
    )


def _status_shown(attendance) -> str:
    """The register's choice for a member: "" (Not recorded) for no row or a cleared one."""
    if attendance is None or attendance.status == Attendance.Status.NOT_RECORDED:
        return ""
    return attendance.status


def meeting_attendance(request, pk):
    meeting = _meeting_for(request, pk)
    require(request, "governance.change_meeting", meeting)
    members = list(meeting.group.members.select_related("agency").order_by("full_name"))
    recorded = {attendance.person_id: attendance for attendance in meeting.attendances.all()}
    member_ids = {member.pk for member in members}
    # Someone recorded before they left the group stays on the register.
    members += [a.person for a in recorded.values() if a.person_id not in member_ids]
    deputies = Person.objects.select_related("agency").order_by("full_name")
    options = list(deputies)
    forms = [
        AttendanceForm(
            request.POST or None,
            prefix=f"person-{member.pk}",
            person=member,
            deputies=deputies,
            options=options,
            initial={
                "status": _status_shown(recorded.get(member.pk)),
                "deputy": getattr(recorded.get(member.pk), "deputy", None),
            },
        )
        for member in members
    ]
    if not meeting.has_happened:
        # Attendance is recorded once the meeting has happened; until then it is not "not quorate".
        messages.error(request, "You can record attendance once the meeting has started")
        return redirect(meeting)
    # Every row is checked, so the error summary lists every mistake at once.
    valid = [form.is_valid() for form in forms] if request.method == "POST" else [False]
    if request.method == "POST":
        check_deputies(forms)
        valid = [not form.errors for form in forms]
    if all(valid):
        entries = [
            {
                "person": form.person,
                "status": form.cleaned_data["status"],
                "deputy": form.cleaned_data["deputy"],
            }
            for form in forms
            if form.cleaned_data["status"]
        ]
        services.record_attendance(meeting=meeting, entries=entries, by=request.user)
        messages.success(request, "Attendance saved")
        return redirect(meeting)
    errors = [(form, name, error) for form in forms for name, errs in form.errors.items() for error in errs]
    return render(
        request,
        "governance/meeting_attendance.html",
        {
            "meeting": meeting,
            "forms": forms,
            "errors": errors,
            "breadcrumbs": [
                *_meetings_crumbs(),
                (str(meeting), meeting.get_absolute_url()),
                ("Attendance", None),
            ],
        },
    )


def agenda_item_add(request, pk):
    meeting = _meeting_for(request, pk)
    require(request, "governance.change_meeting", meeting)
    form = AgendaItemForm(request.POST or None, request.FILES or None)
    form.fields["lead"].queryset = Person.objects.select_related("agency").order_by("full_name")
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_agenda_item(meeting=meeting, by=request.user, **data),
        message="Agenda item added",
        once=True,
        then=meeting,
    )
    return saved or form_page(
        request,
        form,
        title="Add an agenda item",
        caption=str(meeting),
        breadcrumbs=[
            *_meetings_crumbs(),
            (str(meeting), meeting.get_absolute_url()),
            ("Add an agenda item", None),
        ],
        cancel_url=meeting.get_absolute_url(),
    )


def decision_add(request, pk):
    meeting = _meeting_for(request, pk)
    require(request, "governance.change_meeting", meeting)
    form = DecisionForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_decision(meeting=meeting, by=request.user, **data),
        message="Decision recorded",
        once=True,
        then=meeting,
    )
    return saved or form_page(
        request,
        form,
        title="Record a decision",
        caption=str(meeting),
        breadcrumbs=[
            *_meetings_crumbs(),
            (str(meeting), meeting.get_absolute_url()),
            ("Record a decision", None),
        ],
        cancel_url=meeting.get_absolute_url(),
    )


def _agenda_item_for(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__group", "lead"), pk=pk)
    meeting = _meeting_for(request, item.meeting_id)
    require(request, "governance.change_meeting", meeting)
    return item, meeting


def _meeting_crumbs(meeting, label):
    return [*_meetings_crumbs(), (str(meeting), meeting.get_absolute_url()), (label, None)]


def agenda_item_change(request, pk):
    item, meeting = _agenda_item_for(request, pk)
    form = AgendaItemForm(request.POST or None, request.FILES or None, instance=item)
    form.fields["lead"].queryset = Person.objects.select_related("agency").order_by("full_name")
    form.fields["paper"].help_text = (
        f"Leave empty to keep {item.paper_name}. " if item.paper else ""
    ) + "PDF, Word, Excel or PowerPoint, up to 20 MB"
    saved = submit_form(
        request,
        form,
        save=lambda data: services.change_agenda_item(
            item=AgendaItem.objects.get(pk=item.pk),
            by=request.user,
            title=data["title"],
            lead=data["lead"],
            # A new upload replaces the paper; otherwise the form gives back the stored one
            # (validating the form already put it on `item`, so compare by kind, not value).
            paper=data["paper"] if isinstance(data["paper"], UploadedFile) else None,
            is_confidential=data["is_confidential"],
            change_reason=data["change_reason"],
        ),
        message="Agenda item changed",
        then=meeting,
    )
    return saved or form_page(
        request,
        form,
        title="Change an agenda item",
        caption=str(meeting),
        breadcrumbs=_meeting_crumbs(meeting, "Change an agenda item"),
        cancel_url=meeting.get_absolute_url(),
    )


def _withdraw_page(request, record, *, title, caption, summary, back, breadcrumbs):
    form = WithdrawForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.withdraw(record=record, reason=data["reason"], by=request.user),
        message=f"{summary} withdrawn",
        then=back,
    )
    return saved or form_page(
        request,
        form,
        title=title,
        caption=caption,
        breadcrumbs=breadcrumbs,
        cancel_url=back,
        submit_label="Withdraw",
        intro="It stays on the record marked as withdrawn, with your reason, and no longer counts.",
    )


def agenda_item_withdraw(request, pk):
    item, meeting = _agenda_item_for(request, pk)
    return _withdraw_page(
        request,
        item,
        title=f"Withdraw the agenda item “{item.title}”",
        caption=str(meeting),
        summary="Agenda item",
        back=meeting.get_absolute_url(),
        breadcrumbs=_meeting_crumbs(meeting, "Withdraw an agenda item"),
    )


def _decision_for(request, pk):
    decision = get_object_or_404(MeetingDecision.objects.select_related("meeting__group"), pk=pk)
    meeting = _meeting_for(request, decision.meeting_id)
    require(request, "governance.change_meeting", meeting)
    return decision, meeting


def decision_change(request, pk):
    decision, meeting = _decision_for(request, pk)
    form = DecisionForm(request.POST or None, instance=decision)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.change_decision(
            decision=MeetingDecision.objects.get(pk=decision.pk),
            text=data["text"],
            change_reason=data["change_reason"],
            by=request.user,
        ),
        message="Decision changed",
        then=meeting,
    )
    return saved or form_page(
        request,
        form,
        title="Change a decision",
        caption=str(meeting),
        breadcrumbs=_meeting_crumbs(meeting, "Change a decision"),
        cancel_url=meeting.get_absolute_url(),
    )


def decision_withdraw(request, pk):
    decision, meeting = _decision_for(request, pk)
    return _withdraw_page(
        request,
        decision,
        title="Withdraw a decision",
        caption=str(meeting),
        summary="Decision",
        back=meeting.get_absolute_url(),
        breadcrumbs=_meeting_crumbs(meeting, "Withdraw a decision"),
    )


@require_GET
def agenda_paper(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__group"), pk=pk)
    require(request, "governance.view_meeting", item.meeting, hide=True)
    if item.is_confidential:
        require(request, "governance.view_confidential_meeting_content", item.meeting, hide=True)
    return private_file_response(item.paper, item.paper_name)
