"""Training pages. Views are thin: they ask rules.py (require), read through
selectors.py and change data through services.py (governance.pages: form_page and
submit_form)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import learning_from
from governance.filters import whole_number
from governance.pages import (
    PAGE_SIZE,
    apply_service_errors,
    csv_response,
    form_page,
    paginate,
    query_without_page,
    require,
    submit_form,
)
from governance.periods import FinancialYear
from governance.visibility import hidden_fields

from . import certificates, library, schedule, selectors, services
from .forms import (
    AttendanceFilterForm,
    AttendanceForm,
    BookForm,
    BulletinForm,
    BulletinSectionForm,
    CancelSessionForm,
    CourseForm,
    EvaluationAnswerForm,
    EvaluationRequestForm,
    NeedForm,
    NeedsAnalysisForm,
    ResourceForm,
    SessionForm,
)
from .models import (
    Booking,
    Bulletin,
    BulletinSection,
    Course,
    NeedsAnalysis,
    NeedsResponse,
    Resource,
    Session,
)

GET_POST = require_http_methods(["GET", "POST"])
TRAINING = ("Training", "/training/")


def _post(request):
    return request.POST if request.method == "POST" else None


def _crumbs(*more):
    return [TRAINING, *more]


def _form(
    request, form, *, title, save, message, parent=None, cancel_url=None, then=None, history_record=None,
    **options,
):  # fmt: skip
    """The one shape of a training form page: on a valid POST, the service (`save`) runs
    through governance.pages.submit_form; otherwise the form page, with breadcrumbs
    Training > `parent` > `title` and Cancel back to `parent` (a (label, URL) pair) unless
    `cancel_url` says otherwise. A `history_record` links to its History below the form."""
    saved = submit_form(request, form, save=save, message=message, then=then)
    if saved:
        return saved
    if history_record is not None:
        options.update(template="training/form_with_history.html", history_record=history_record)
    return form_page(
        request,
        form,
        title=title,
        breadcrumbs=_crumbs(*([parent] if parent else []), (title, None)),
        cancel_url=cancel_url or parent[1],
        **options,
    )


def _on(record) -> tuple[str, str]:
    """A record as the parent of a form page: its name and its page."""
    label = getattr(record, "name", None) or getattr(record, "title", None) or str(record)
    return label, record.get_absolute_url()


# The offer


@require_GET
def index(request):
    require(request, "training.access_area")
    person = getattr(request.user, "person", None)
    return render(
        request,
        "training/index.html",
        {
            "title": "Training",
            "breadcrumbs": [("Training", None)],
            "sessions": paginate(request, selectors.upcoming_sessions()),
            "my_bookings": list(selectors.my_bookings(person)[:10]) if person else [],
            "can_manage": request.user.has_perm("training.manage"),
        },
    )


@require_GET
def past_sessions(request):
    require(request, "training.access_area")
    return render(
        request,
        "training/past_sessions.html",
        {
            "title": "Past sessions",
            "breadcrumbs": _crumbs(("Past sessions", None)),
            "sessions": paginate(request, selectors.past_sessions()),
        },
    )


ATTENDANCE_HEADER = ["Date", "Session", "Kind", "Person", "Agency", "Attended"]


def _attended(booking) -> str:
    return {True: "Yes", False: "No"}.get(booking.attended, "Not marked")


@require_GET
def attendance(request):
    """Places taken and attendance, by agency, for a financial year: the business unit's,
    with a CSV of the same rows and the same columns as the page."""
    require(request, "training.manage")
    today = timezone.localdate()
    years = selectors.training_years(today)
    filters = AttendanceFilterForm(request.GET or None, years=years)
    year = filters.value("year") or FinancialYear.containing(today).start_year
    period = FinancialYear(year)
    agency = filters.value("agency")
    bookings = selectors.attendance(period=period, agency=agency)
    if request.GET.get("format") == "csv":
        suffix = f"-{slugify(agency.name)}" if agency else ""
        return csv_response(
            f"training-attendance-{period.label}{suffix}.csv",
            ATTENDANCE_HEADER,
            (
                [
                    f"{timezone.localtime(b.session.starts_at):%Y-%m-%d}",
                    b.session.name,
                    b.session.get_kind_display(),
                    b.person.full_name,
                    b.person.agency.name,
                    _attended(b),
                ]
                for b in bookings.iterator(chunk_size=2000)
            ),
        )
    title = "Attendance by agency"
    return render(
        request,
        "training/attendance.html",
        {
            "title": title,
            "breadcrumbs": _crumbs((title, None)),
            "filters": filters,
            "period": period,
            "agency": agency,
            "summary": selectors.attendance_summary(bookings),
            "page": paginate(request, bookings),
            "query": query_without_page(request),
        },
    )


@require_GET
def course_list(request):
    require(request, "training.access_area")
    return render(
        request,
        "training/course_list.html",
        {
            "title": "Courses",
            "breadcrumbs": _crumbs(("Courses", None)),
            "courses": paginate(request, selectors.courses()),
            "can_manage": request.user.has_perm("training.manage"),
        },
    )


@GET_POST
def course_create(request):
    require(request, "training.manage")
    return _form(
        request,
        CourseForm(_post(request)),
        title="Add a course",
        save=lambda data: services.save_course(by=request.user, **data),
        message="Course added",
        parent=("Courses", reverse("training:course_list")),
    )


@require_GET
def course_detail(request, pk):
    require(request, "training.access_area")
    course = get_object_or_404(Course.objects.select_related("provider"), pk=pk)
    return render(
        request,
        "training/course_detail.html",
        {
            "title": course.title,
            "course": course,
            "breadcrumbs": _crumbs(("Courses", reverse("training:course_list")), (course.title, None)),
            "sessions": paginate(request, selectors.sessions().filter(course=course).order_by("-starts_at")),
            "mandatory_roles": list(course.mandatory_for_roles.order_by("name")),
            "mandatory_agencies": list(course.mandatory_for_agencies.order_by("name")),
            "can_manage": request.user.has_perm("training.manage"),
            "can_see_results": request.user.has_perm("training.view_results"),
        },
    )


@GET_POST
def course_edit(request, pk):
    require(request, "training.manage")
    course = get_object_or_404(Course, pk=pk)
    return _form(
        request,
        CourseForm(_post(request), instance=course),
        title="Change the course",
        save=lambda data: services.save_course(by=request.user, course=course, **data),
        message="Course saved",
        parent=_on(course),
        caption=course.title,
        history_record=course,
    )


@require_GET
def course_results(request, pk):
    require(request, "training.view_results")
    course = get_object_or_404(Course, pk=pk)
    return render(
        request,
        "training/results.html",
        {
            "title": f"Evaluation: {course.title}",
            "subject": course.title,
            "breadcrumbs": _crumbs((course.title, course.get_absolute_url()), ("Evaluation", None)),
            "results": selectors.course_results(course),
        },
    )


# Sessions


def _new_session_initial(request) -> tuple[dict, object]:
    """What a link may fill in: the course (?course=12), the kind (?kind=webinar) and, from
    a review's page, the review a webinar comes from (?learning_from=rapid_review:12),
    which counts only if this person may see that review (returned too)."""
    course_id = whole_number(request.GET, "course")
    course = Course.objects.filter(pk=course_id).first() if course_id else None
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in Session.Kind.values else Session.Kind.COURSE}
    if course:
        initial.update(course=course, kind=Session.Kind.COURSE)
    source = learning_from.record_for_key(request.GET.get("learning_from", ""), user=request.user)
    if source is not None:
        initial["learned_from"] = learning_from.key_for(source)
    return initial, source


@GET_POST
def session_create(request):
    require(request, "training.manage")
    initial, source = _new_session_initial(request)
    form = SessionForm(_post(request), initial=initial, user=request.user)
    return _form(
        request,
        form,
        title="Add a session",
        save=lambda data: services.save_session(by=request.user, **form.session_data()),
        message="Session added",
        # From a review's page, Cancel goes back there.
        cancel_url=learning_from.describe(source)["url"] if source else reverse("training:index"),
    )


def _session(pk) -> Session:
    return get_object_or_404(Session.objects.select_related("course__provider", "learned_from_type"), pk=pk)


@require_GET
def session_detail(request, pk):
    require(request, "training.access_area")
    session = _session(pk)
    can_manage = request.user.has_perm("training.manage")
    person = getattr(request.user, "person", None)
    bookings = list(selectors.session_bookings(session)) if can_manage else []
    mine = (
        session.bookings.filter(person=person).exclude(status=Booking.Status.CANCELLED).first()
        if person
        else None
    )
    counts = selectors.sessions().filter(pk=session.pk).values("booked", "waiting", "attended_count").get()
    # Which review a webinar came from: for those who may see it (training.rules).
    source = None
    if "learned_from_id" not in hidden_fields(request.user, session):
        record = learning_from.linked_record(session)
        if record is not None and learning_from.may_see(request.user, record):
            source = learning_from.describe(record)
    return render(
        request,
        "training/session_detail.html",
        {
            "title": session.name,
            "session": session,
            "breadcrumbs": _crumbs((session.name, None)),
            "bookings": bookings,
            "mine": mine,
            "counts": counts,
            "places_left": None if session.capacity is None else max(session.capacity - counts["booked"], 0),
            "can_manage": can_manage,
            "can_book_self": request.user.has_perm("training.book_self")
            and not mine
            and not session.is_cancelled
            and not session.has_happened,
            "can_see_results": request.user.has_perm("training.view_results"),
            "learned_from": source,
        },
    )


@GET_POST
def session_edit(request, pk):
    require(request, "training.manage")
    session = _session(pk)
    form = SessionForm(_post(request), instance=session, user=request.user)
    return _form(
        request,
        form,
        title="Change the session",
        save=lambda data: services.save_session(by=request.user, session=session, **form.session_data()),
        message="Session saved",
        parent=_on(session),
        caption=session.name,
        history_record=session,
    )


@GET_POST
def session_cancel(request, pk):
    require(request, "training.manage")
    session = _session(pk)
    return _form(
        request,
        CancelSessionForm(_post(request)),
        title="Cancel the session",
        save=lambda data: services.cancel_session(session=session, by=request.user, **data),
        message="Session cancelled: everyone booked has been emailed",
        parent=_on(session),
        caption=session.name,
        submit_label="Cancel the session",
    )


@require_POST
def book_self(request, pk):
    require(request, "training.book_self")
    session = _session(pk)
    try:
        booking = services.book(session=session, person=request.user.person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(session)
    if booking.status == Booking.Status.WAITING:
        messages.success(request, "The session is full: you are on the waiting list")
    else:
        messages.success(request, "You are booked")
    return redirect(session)


@GET_POST
def book_person(request, pk):
    require(request, "training.manage")
    session = _session(pk)
    return _form(
        request,
        BookForm(_post(request)),
        title="Book a place for someone",
        save=lambda data: services.book(session=session, person=data["person"], by=request.user),
        message=lambda booking: (
            f"{booking.person.full_name} is "
            + ("on the waiting list" if booking.status == Booking.Status.WAITING else "booked")
        ),
        then=session,
        parent=_on(session),
        caption=session.name,
        submit_label="Book",
    )


@require_POST
def booking_cancel(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("session", "person"), pk=pk)
    require(request, "training.cancel_booking", booking, hide=not request.user.has_perm("training.manage"))
    try:
        services.cancel_booking(booking=booking, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Booking for {booking.person.full_name} cancelled")
    return redirect(booking.session)


@GET_POST
def session_attendance(request, pk):
    require(request, "training.manage")
    session = _session(pk)
    bookings = list(session.bookings.filter(status=Booking.Status.BOOKED).select_related("person__agency"))
    return _form(
        request,
        AttendanceForm(_post(request), bookings=bookings),
        title="Mark attendance",
        save=lambda data: services.record_attendance(
            session=session, attended=data["attended"], by=request.user
        ),
        message="Attendance saved",
        then=session,
        parent=_on(session),
        caption=session.name,
        intro="" if bookings else "Nobody is booked on this session.",
    )


@GET_POST
def session_evaluations(request, pk):
    require(request, "training.manage")
    session = _session(pk)
    return _form(
        request,
        EvaluationRequestForm(_post(request)),
        title="Send an evaluation form",
        save=lambda data: services.request_evaluations(session=session, stage=data["stage"], by=request.user),
        message=lambda sent: f"Evaluation form sent to {sent} {'person' if sent == 1 else 'people'}",
        then=session,
        parent=_on(session),
        caption=session.name,
        intro=f"Each stage goes by itself when it is due: {schedule.BEFORE_DAYS} days before the session, "
        f"the day after it and {schedule.FOLLOW_UP_AFTER_DAYS // 7} weeks after it. Send one now only if it "
        "is needed sooner, or to send someone a new link. Each person gets an email with a link of their "
        "own, which works once, without signing in. Before the session it goes to those booked; after it, "
        "to those who attended.",
        submit_label="Send",
    )


@require_GET
def session_results(request, pk):
    require(request, "training.view_results")
    session = _session(pk)
    return render(
        request,
        "training/results.html",
        {
            "title": f"Evaluation: {session.name}",
            "subject": f"{session.name}, {session.day:%-d %B %Y}",
            "breadcrumbs": _crumbs((session.name, session.get_absolute_url()), ("Evaluation", None)),
            "results": selectors.session_results(session),
        },
    )


@require_GET
def certificate(request, pk):
    booking = get_object_or_404(Booking.objects.select_related("session__course", "person__agency"), pk=pk)
    require(request, "training.certificate", booking, hide=True)
    if not booking.attended:
        raise Http404("A certificate is for those who attended.")
    response = HttpResponse(certificates.certificate_pdf(booking), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{booking.pk}.pdf"'
    return response


# Evaluation forms, answered without signing in


def _link_problem(request, reason: str):
    return render(
        request,
        "training/link_problem.html",
        {"title": "This link does not work", "reason": reason},
        status=400,
    )


@login_not_required
@GET_POST
def evaluate(request, token):
    try:
        evaluation = services.evaluation_from_token(token)
    except services.InvalidLink as problem:
        return _link_problem(request, problem.reason)
    form = EvaluationAnswerForm(_post(request), stage=evaluation.stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_evaluation(token=token, **{"usefulness": None, **form.cleaned_data})
        except services.InvalidLink as problem:
            return _link_problem(request, problem.reason)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return render(request, "training/evaluation_thanks.html", {"title": "Thank you"})
    session = evaluation.booking.session
    # Only the session and the stage: never the person's name or anyone else's answers.
    return form_page(
        request,
        form,
        title="Tell us about the training",
        caption=f"{session.name}, {session.day:%-d %B %Y}",
        intro=f"{evaluation.get_stage_display()}. This form takes a minute. The link works once.",
        breadcrumbs=[],
        cancel_url="/",
        submit_label="Send",
        template="training/evaluate.html",
    )


@login_not_required
@GET_POST
def unsubscribe(request, token):
    try:
        person = services.person_from_unsubscribe_token(token)
    except services.InvalidLink as problem:
        return _link_problem(request, problem.reason)
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "training/unsubscribed.html", {"title": "You are unsubscribed"})
    return render(
        request,
        "training/unsubscribe.html",
        {"title": "Stop getting bulletins", "already": not person.receives_bulletins},
    )


# The learning library


@require_GET
def library_page(request):
    require(request, "training.access_area")
    return render(
        request,
        "training/library.html",
        {
            "title": "Learning library",
            "breadcrumbs": _crumbs(("Learning library", None)),
            "resources": paginate(request, selectors.library()),
            "webinars": Paginator(selectors.held_webinars(), PAGE_SIZE).get_page(
                request.GET.get("webinar_page")
            ),
            "elsewhere": library.items_from_elsewhere(request.user),
            "can_manage": request.user.has_perm("training.manage"),
        },
    )


@GET_POST
def resource_create(request):
    require(request, "training.manage")
    library_page = reverse("training:library")
    return _form(
        request,
        ResourceForm(_post(request)),
        title="Add a resource",
        save=lambda data: services.save_resource(by=request.user, **data),
        message="Resource added",
        then=library_page,
        parent=("Learning library", library_page),
    )


@GET_POST
def resource_edit(request, pk):
    require(request, "training.manage")
    resource = get_object_or_404(Resource, pk=pk)
    library_page = reverse("training:library")
    return _form(
        request,
        ResourceForm(_post(request), instance=resource),
        title="Change the resource",
        save=lambda data: services.save_resource(by=request.user, resource=resource, **data),
        message="Resource saved",
        then=library_page,
        parent=("Learning library", library_page),
        caption=resource.title,
        history_record=resource,
    )


# Bulletins


@require_GET
def bulletin_list(request):
    require(request, "training.access_area")
    can_manage = request.user.has_perm("training.manage")
    return render(
        request,
        "training/bulletin_list.html",
        {
            "title": "Bulletins",
            "breadcrumbs": _crumbs(("Bulletins", None)),
            "bulletins": paginate(request, selectors.bulletins(drafts=can_manage)),
            "can_manage": can_manage,
        },
    )


@GET_POST
def bulletin_create(request):
    require(request, "training.manage")
    return _form(
        request,
        BulletinForm(_post(request)),
        title="Write a bulletin",
        save=lambda data: services.save_bulletin(by=request.user, **data),
        message="Bulletin started: add its sections",
        parent=("Bulletins", reverse("training:bulletin_list")),
    )


def _bulletin(request, pk) -> Bulletin:
    require(request, "training.access_area")
    bulletin = get_object_or_404(Bulletin.objects.select_related("sent_by"), pk=pk)
    require(request, "training.view_bulletin", bulletin, hide=True)
    return bulletin


@require_GET
def bulletin_detail(request, pk):
    bulletin = _bulletin(request, pk)
    can_manage = request.user.has_perm("training.manage")
    return render(
        request,
        "training/bulletin_detail.html",
        {
            "title": bulletin.title,
            "bulletin": bulletin,
            "breadcrumbs": _crumbs(("Bulletins", reverse("training:bulletin_list")), (bulletin.title, None)),
            "sections": list(bulletin.sections.all()),
            "deliveries": paginate(request, bulletin.deliveries.order_by("email")) if can_manage else None,
            "recipient_count": services.bulletin_recipients().count()
            if can_manage and bulletin.is_draft
            else None,
            "can_manage": can_manage,
        },
    )


@GET_POST
def bulletin_edit(request, pk):
    require(request, "training.manage")
    bulletin = get_object_or_404(Bulletin, pk=pk, status=Bulletin.Status.DRAFT)
    return _form(
        request,
        BulletinForm(_post(request), instance=bulletin),
        title="Change the bulletin",
        save=lambda data: services.save_bulletin(by=request.user, bulletin=bulletin, **data),
        message="Bulletin saved",
        parent=_on(bulletin),
        history_record=bulletin,
    )


@GET_POST
def section_add(request, pk):
    require(request, "training.manage")
    bulletin = get_object_or_404(Bulletin, pk=pk, status=Bulletin.Status.DRAFT)
    return _form(
        request,
        BulletinSectionForm(_post(request)),
        title="Add a section",
        save=lambda data: services.save_section(by=request.user, bulletin=bulletin, **data),
        message="Section added",
        parent=_on(bulletin),
        caption=bulletin.title,
    )


@GET_POST
def section_edit(request, pk):
    require(request, "training.manage")
    section = get_object_or_404(BulletinSection.objects.select_related("bulletin"), pk=pk)
    if not section.bulletin.is_draft:
        raise Http404("A sent bulletin cannot be changed.")
    return _form(
        request,
        BulletinSectionForm(_post(request), instance=section),
        title="Change the section",
        save=lambda data: services.save_section(by=request.user, section=section, **data),
        message="Section saved",
        parent=_on(section.bulletin),
        caption=section.bulletin.title,
    )


@require_POST
def bulletin_send(request, pk):
    require(request, "training.manage")
    bulletin = get_object_or_404(Bulletin, pk=pk)
    try:
        count = services.send_bulletin(bulletin=bulletin, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Bulletin sent to {count} {'contact' if count == 1 else 'contacts'}")
    return redirect(bulletin)


# The training needs analysis


@require_GET
def needs_list(request):
    require(request, "training.answer_needs")
    return render(
        request,
        "training/needs_list.html",
        {
            "title": "Training needs analysis",
            "breadcrumbs": _crumbs(("Training needs analysis", None)),
            "analyses": paginate(request, selectors.needs_analyses()),
            "can_manage": request.user.has_perm("training.manage"),
        },
    )


@GET_POST
def needs_create(request):
    require(request, "training.manage")
    return _form(
        request,
        NeedsAnalysisForm(_post(request), initial={"year": timezone.localdate().year + 1}),
        title="Start a training needs analysis",
        save=lambda data: services.save_needs_analysis(by=request.user, **data),
        message="Needs analysis started",
        parent=("Training needs analysis", reverse("training:needs_list")),
    )


@require_GET
def needs_detail(request, pk):
    require(request, "training.answer_needs")
    analysis = get_object_or_404(NeedsAnalysis, pk=pk)
    can_manage = request.user.has_perm("training.manage")
    person = getattr(request.user, "person", None)
    own = (
        NeedsResponse.objects.filter(analysis=analysis)
        .select_related("agency")
        .order_by("agency__name", "topic")
    )
    if not can_manage:
        own = own.filter(agency_id=person.agency_id) if person else own.none()
    asked = can_manage or (person is not None and analysis.agencies.filter(pk=person.agency_id).exists())
    return render(
        request,
        "training/needs_detail.html",
        {
            "title": str(analysis),
            "analysis": analysis,
            "breadcrumbs": _crumbs(
                ("Training needs analysis", reverse("training:needs_list")), (str(analysis), None)
            ),
            "demand": selectors.ranked_demand(analysis),
            "yet_to_answer": list(selectors.agencies_yet_to_answer(analysis)) if can_manage else [],
            "responses": paginate(request, own),
            "can_add": asked,
            "can_manage": can_manage,
        },
    )


@GET_POST
def need_add(request, pk):
    require(request, "training.answer_needs")
    analysis = get_object_or_404(NeedsAnalysis, pk=pk)
    can_manage = request.user.has_perm("training.manage")
    person = getattr(request.user, "person", None)
    if not can_manage and (person is None or not analysis.agencies.filter(pk=person.agency_id).exists()):
        raise Http404("Your agency is not asked in this needs analysis.")
    form = NeedForm(_post(request), agency_choices=analysis.agencies.order_by("name") if can_manage else None)

    def save(data):
        agency = data.pop("agency", None) or person.agency
        return services.save_need(by=request.user, analysis=analysis, agency=agency, **data)

    return _form(
        request,
        form,
        title="Add a training need",
        save=save,
        message="Training need added",
        then=analysis,
        parent=_on(analysis),
        caption=str(analysis),
    )


@GET_POST
def need_edit(request, pk):
    need = get_object_or_404(NeedsResponse.objects.select_related("analysis", "agency"), pk=pk)
    require(request, "training.answer_needs_for", need, hide=True)
    return _form(
        request,
        NeedForm(_post(request), instance=need),
        title="Change a training need",
        save=lambda data: services.save_need(by=request.user, need=need, **data),
        message="Training need saved",
        then=need.analysis,
        parent=_on(need.analysis),
        caption=f"{need.agency}: {need.analysis}",
        history_record=need,
    )
