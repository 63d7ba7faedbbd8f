"""The dataset's pages. Views are thin: they ask rules.py (require), read through
selectors.py and change data through services.py (governance.pages)."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from governance.models import Agency
from governance.pages import csv_response, form_page, paginate, query_without_page, require, submit_form
from governance.periods import FinancialYear, Quarter
from governance.visibility import hidden_fields

from . import selectors, services
from .forms import (
    ConfirmForm,
    CorrectionForm,
    DashboardFilterForm,
    IndicatorForm,
    ReasonForm,
    ReturnFiguresForm,
    WorkbookUploadForm,
)
from .models import Indicator, QuarterlyReturn, ReturnValue
from .rules import is_agency_data_lead, is_own_agency_return
from .workbook import return_workbook, summary_workbook

GET_POST = require_http_methods(["GET", "POST"])
DATASET = ("Dataset", "/dataset/")
# The quarters a person may pick on the dashboard: this many back from the latest ended.
PERIODS_OFFERED = 12


def today() -> date:
    return timezone.localdate()


def post_data(request):
    return request.POST if request.method == "POST" else None


def _period_from(text: str | None, default: Quarter) -> Quarter:
    if not text:
        return default
    try:
        return Quarter.parse(text)
    except ValueError:
        return default


def _filters(request):
    """The dashboard's and summary's filters, read leniently: an unknown value is ignored."""
    latest = selectors.collection_period(today())
    periods = list(reversed(selectors.quarters_ending(latest, PERIODS_OFFERED)))
    period = _period_from(request.GET.get("period"), latest)
    agencies = selectors.supplying_agencies(user=request.user)
    agency_id = request.GET.get("agency", "")
    agency_id = int(agency_id) if agency_id.isdigit() and int(agency_id) in {a.pk for a in agencies} else None
    theme = request.GET.get("theme", "")
    theme = theme if theme in Indicator.Theme.values else ""
    form = DashboardFilterForm(
        initial={"period": period.label, "agency": agency_id or "", "theme": theme},
        periods=periods,
        agencies=agencies,
    )
    return period, agency_id, theme, form


@require_GET
def dashboard(request):
    require(request, "dataset.access_area")
    period, agency_id, theme, form = _filters(request)
    board = selectors.dashboard(
        user=request.user,
        period=period,
        today=today(),
        agency_id=agency_id,
        theme=theme,
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "dataset/dashboard.html",
        {
            "title": "Dataset",
            "breadcrumbs": [("Dataset", None)],
            "board": board,
            "filter_form": form,
            "today": today(),
            "query": query_without_page(request),
            "page": board.page,
            "can_change_indicators": request.user.has_perm("dataset.change_indicator"),
        },
    )


# The quarterly summary for the QA sub-group ---------------------------------------------------


SUMMARY_HEADER_FIXED = ["Code", "Indicator", "Agency", "Theme", "Unit", "Target"]
SUMMARY_QUARTERS = 5


def _summary(request):
    require(request, "dataset.export")
    period, agency_id, theme, form = _filters(request)
    rows = selectors.summary_rows(user=request.user, period=period, agency_id=agency_id, theme=theme)
    quarters = selectors.quarters_ending(period, SUMMARY_QUARTERS)
    return period, rows, quarters, form


def _summary_table(rows, quarters, period):
    header = [
        *SUMMARY_HEADER_FIXED,
        *[quarter.label for quarter in quarters],
        f"RAG {period.label}",
        "Direction of travel",
        f"Comment {period.label}",
        "Definition changes",
    ]
    body = []
    for row in rows:
        indicator = row.indicator
        latest = row.points[-1]
        body.append(
            [
                indicator.code,
                indicator.title,
                indicator.agency.name,
                indicator.get_theme_display(),
                indicator.get_unit_display(),
                indicator.target if indicator.target is not None else "",
                *[point.value if point.value is not None else "" for point in row.points],
                row.rag_label if row.rag else "Not rated",
                row.direction,
                latest.comment,
                " ".join(f"{change.note}." for change in row.changes),
            ]
        )
    return header, body


@require_GET
def summary_page(request):
    period, rows, quarters, form = _summary(request)
    completeness = selectors.returns_for_period(user=request.user, period=period, today=today())
    return render(
        request,
        "dataset/summary.html",
        {
            "title": f"Quarterly dataset summary, {period.label}",
            "breadcrumbs": [DATASET, ("Quarterly summary", None)],
            "period": period,
            "rows": rows,
            "quarters": quarters,
            "completeness": completeness,
            "accepted_count": sum(row.status == QuarterlyReturn.Status.ACCEPTED for row in completeness),
            "late_count": sum(row.late or row.submitted_late for row in completeness),
            "filter_form": form,
            "today": today(),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def summary_csv(request):
    period, rows, quarters, _ = _summary(request)
    header, body = _summary_table(rows, quarters, period)
    return csv_response(f"dataset-summary-{period.label.replace(' ', '-')}.csv", header, body)


@require_GET
def summary_xlsx(request):
    period, rows, quarters, _ = _summary(request)
    header, body = _summary_table(rows, quarters, period)
    data = summary_workbook(title=f"Quarterly dataset summary, {period.label}", header=header, rows=body)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="dataset-summary-{period.label.replace(" ", "-")}.xlsx"'
    )
    return response


# The catalogue ------------------------------------------------------------------------------------


@require_GET
def indicator_list(request):
    require(request, "dataset.view_indicator")
    include_retired = request.GET.get("retired") == "1"
    theme = request.GET.get("theme", "")
    theme = theme if theme in Indicator.Theme.values else ""
    page = paginate(request, selectors.indicator_list(theme=theme, include_retired=include_retired))
    return render(
        request,
        "dataset/indicator_list.html",
        {
            "title": "Indicators",
            "breadcrumbs": [DATASET, ("Indicators", None)],
            "page": page,
            "query": query_without_page(request),
            "include_retired": include_retired,
            "theme": theme,
            "themes": Indicator.Theme.choices,
            "can_change": request.user.has_perm("dataset.change_indicator"),
        },
    )


def _indicator(request, pk) -> Indicator:
    require(request, "dataset.view_indicator")
    return get_object_or_404(Indicator.objects.select_related("agency"), pk=pk)


@require_GET
def indicator_detail(request, pk):
    indicator = _indicator(request, pk)
    scope = selectors.scoped_agency_id(request.user)
    rows = []
    if scope is None or scope == indicator.agency_id:
        # The dashboard links here for the quarter it shows: its trend ends there.
        latest = selectors.collection_period(today())
        latest = min(_period_from(request.GET.get("period"), latest), latest)
        rows = selectors.indicator_rows(
            [indicator], selectors.quarters_ending(latest, selectors.TREND_QUARTERS)
        )
    return render(
        request,
        "dataset/indicator_detail.html",
        {
            "title": f"{indicator.code} {indicator.title}",
            "breadcrumbs": [
                DATASET,
                ("Indicators", reverse("dataset:indicator_list")),
                (indicator.code, None),
            ],
            "indicator": indicator,
            "versions": selectors.indicator_versions(indicator),
            "row": rows[0] if rows else None,
            "can_change": request.user.has_perm("dataset.change_indicator") and indicator.is_current,
        },
    )


@GET_POST
def indicator_create(request):
    require(request, "dataset.change_indicator")
    form = IndicatorForm(post_data(request), initial={"change_needing_comment": 20, "display_order": 100})
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_indicator(by=request.user, **data),
        message="Indicator added",
    )
    return saved or form_page(
        request,
        form,
        title="Add an indicator",
        breadcrumbs=[DATASET, ("Indicators", reverse("dataset:indicator_list")), ("Add an indicator", None)],
        cancel_url=reverse("dataset:indicator_list"),
    )


@GET_POST
def indicator_edit(request, pk):
    indicator = _indicator(request, pk)
    require(request, "dataset.change_indicator")
    if not indicator.is_current:
        raise Http404("An earlier version is not changed.")
    form = IndicatorForm(post_data(request), instance=indicator)

    def save(data):
        data.pop("code", None)
        return services.save_indicator(indicator=indicator, by=request.user, **data)

    saved = submit_form(
        request,
        form,
        save=save,
        message=lambda new: (
            "Indicator updated"
            if new.pk == indicator.pk
            else f"The definition changed, so version {new.version} was started"
        ),
    )
    return saved or form_page(
        request,
        form,
        title="Change the indicator",
        caption=f"{indicator.code} {indicator.title}",
        intro=(
            "Changing what is counted (the definition, numerator, denominator or unit) of an indicator "
            "that has figures starts a new version, so earlier figures keep their meaning."
        ),
        breadcrumbs=[DATASET, (indicator.code, indicator.get_absolute_url()), ("Change", None)],
        cancel_url=indicator.get_absolute_url(),
    )


@GET_POST
def indicator_retire(request, pk):
    indicator = _indicator(request, pk)
    require(request, "dataset.change_indicator")
    if not indicator.is_active:
        raise Http404("Only an indicator being collected can be retired.")
    form = ReasonForm(
        post_data(request),
        label="Why is it being retired?",
        required_message="Enter why the indicator is being retired",
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.retire_indicator(
            indicator=indicator, reason=data["reason"], by=request.user
        ),
        message="Indicator retired: its figures and history are kept",
    )
    return saved or form_page(
        request,
        form,
        title="Retire the indicator",
        caption=f"{indicator.code} {indicator.title}",
        intro="Agencies stop being asked for it. Its figures and history are kept.",
        submit_label="Retire the indicator",
        breadcrumbs=[DATASET, (indicator.code, indicator.get_absolute_url()), ("Retire", None)],
        cancel_url=indicator.get_absolute_url(),
    )


# Returns -------------------------------------------------------------------------------------------


@require_GET
def return_list(request):
    require(request, "dataset.access_area")
    status = request.GET.get("status", "")
    status = status if status in QuarterlyReturn.Status.values else ""
    page = paginate(request, selectors.return_list(user=request.user, status=status))
    return render(
        request,
        "dataset/return_list.html",
        {
            "title": "Returns",
            "breadcrumbs": [DATASET, ("Returns", None)],
            "page": page,
            "query": query_without_page(request),
            "status": status,
            "statuses": QuarterlyReturn.Status.choices,
            "today": today(),
        },
    )


def _return(request, pk, permission="dataset.view_quarterlyreturn") -> QuarterlyReturn:
    require(request, "dataset.access_area")
    try:
        found = selectors.return_detail(pk)
    except QuarterlyReturn.DoesNotExist as error:
        raise Http404("No such return.") from error
    # A return another agency's data lead may not see answers as if it did not exist.
    require(request, "dataset.view_quarterlyreturn", found, hide=True)
    if permission != "dataset.view_quarterlyreturn":
        require(request, permission, found)
    return found


@GET_POST
def return_for_period(request, agency_pk, year, quarter):
    """An agency's return for a quarter: the return's page once started, or a button to start it."""
    require(request, "dataset.access_area")
    agency = get_object_or_404(Agency, pk=agency_pk)
    try:
        period = Quarter(FinancialYear(year), quarter)
    except ValueError as error:
        raise Http404("No such quarter.") from error
    if year < 2000 or year > today().year + 1:
        raise Http404("No such quarter.")
    scope = selectors.scoped_agency_id(request.user)
    if scope is not None and scope != agency.pk:
        raise Http404("No such return.")
    found = QuarterlyReturn.objects.filter(agency=agency, year=year, quarter=quarter).first()
    if found is not None:
        return redirect(found)
    require(request, "dataset.make_return", agency)
    form = ConfirmForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.open_return(agency=agency, period=period, by=request.user),
        message="Return started",
        then=lambda made: reverse("dataset:return_figures", args=[made.pk]),
    )
    return saved or form_page(
        request,
        form,
        title=f"Start the {period.label} return",
        caption=agency.name,
        intro=(
            f"{period.long_label}. Enter the figures on a form, or download a workbook to fill in and upload."
        ),
        submit_label="Start the return",
        breadcrumbs=[DATASET, (f"{agency.name}: {period.label}", None)],
        cancel_url=reverse("dataset:index"),
    )


@require_GET
def return_detail(request, pk):
    found = _return(request, pk)
    lines = selectors.return_lines(found)
    user = request.user
    for line in lines:
        line.hidden = hidden_fields(user, line.value) if line.value else frozenset()
        line.can_correct = bool(
            line.value
            and line.value.status == ReturnValue.Status.ACCEPTED
            and user.has_perm("dataset.correct_value", line.value)
        )
    can_make = user.has_perm("dataset.change_quarterlyreturn", found)
    return render(
        request,
        "dataset/return_detail.html",
        {
            "title": f"{found.agency.name}: {found.period.label} return",
            "breadcrumbs": [DATASET, ("Returns", reverse("dataset:return_list")), (found.period.label, None)],
            "return": found,
            "lines": lines,
            "today": today(),
            "can_make": can_make,
            # The business unit may fill in a return for the agency; it reviews first.
            "on_behalf": can_make and not (is_agency_data_lead(user) and is_own_agency_return(user, found)),
            "has_figures": any(line.value for line in lines),
            "can_review": user.has_perm("dataset.review_return", found),
            "has_pending": any(
                line.value and line.value.status == ReturnValue.Status.PENDING for line in lines
            ),
        },
    )


@GET_POST
def return_figures(request, pk):
    found = _return(request, pk, "dataset.change_quarterlyreturn")
    if not found.is_open:
        return redirect(found)
    lines = selectors.return_lines(found)
    form = ReturnFiguresForm(post_data(request), lines=lines)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_figures(
            quarterly_return=found, figures=form.figures(), by=request.user
        ),
        message="Figures saved in the draft",
    )
    return saved or render(
        request,
        "dataset/return_figures.html",
        {
            "title": "Enter the figures",
            "caption": f"{found.agency.name}: {found.period.label}",
            "breadcrumbs": [
                DATASET,
                (found.period.label, found.get_absolute_url()),
                ("Enter the figures", None),
            ],
            "form": form,
            "return": found,
            "cancel_url": found.get_absolute_url(),
        },
    )


@require_GET
def return_workbook_download(request, pk):
    found = _return(request, pk, "dataset.change_quarterlyreturn")
    data = return_workbook(quarterly_return=found, indicators=selectors.indicators_for_return(found))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"dataset-return-{slugify(found.agency.name)}-{found.period.label.replace(' ', '-')}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@GET_POST
def return_upload(request, pk):
    found = _return(request, pk, "dataset.change_quarterlyreturn")
    if not found.is_open:
        return redirect(found)
    form = WorkbookUploadForm(post_data(request), request.FILES or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.upload_workbook(
            quarterly_return=found, upload=data["workbook"], by=request.user
        ),
        message="Workbook uploaded: check the figures, then submit the return",
    )
    return saved or form_page(
        request,
        form,
        title="Upload the workbook",
        caption=f"{found.agency.name}: {found.period.label}",
        intro=(
            "Every cell is checked. If anything is wrong, nothing from the file is saved "
            "and each problem is listed."
        ),
        submit_label="Check and upload",
        breadcrumbs=[DATASET, (found.period.label, found.get_absolute_url()), ("Upload the workbook", None)],
        cancel_url=found.get_absolute_url(),
    )


@GET_POST
def return_submit(request, pk):
    found = _return(request, pk, "dataset.change_quarterlyreturn")
    if found.status in (QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.ACCEPTED):
        # Back to this page after submitting, or a second press: say so on the return.
        messages.info(request, f"This return is {found.get_status_display().lower()} already")
        return redirect(found)
    form = ConfirmForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.submit_return(quarterly_return=found, by=request.user),
        message="Return submitted to the business unit",
    )
    return saved or form_page(
        request,
        form,
        title="Submit the return",
        caption=f"{found.agency.name}: {found.period.label}",
        intro="The business unit checks the figures and accepts them, or returns any for correction.",
        submit_label="Submit the return",
        breadcrumbs=[DATASET, (found.period.label, found.get_absolute_url()), ("Submit", None)],
        cancel_url=found.get_absolute_url(),
    )


@GET_POST
def return_accept(request, pk):
    found = _return(request, pk, "dataset.review_return")
    if not found.values.filter(status=ReturnValue.Status.PENDING).exists() or found.status not in (
        QuarterlyReturn.Status.SUBMITTED,
        QuarterlyReturn.Status.RETURNED,
    ):
        messages.info(request, "No figures of this return are waiting to be accepted")
        return redirect(found)
    form = ConfirmForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.accept_return(quarterly_return=found, by=request.user),
        message=lambda made: (
            "Return accepted"
            if made.status == QuarterlyReturn.Status.ACCEPTED
            else "Figures accepted; the return waits for the agency's correction"
        ),
    )
    return saved or form_page(
        request,
        form,
        title="Accept the figures",
        caption=f"{found.agency.name}: {found.period.label}",
        intro="Every figure not returned for correction is accepted and shown on the dashboard.",
        submit_label="Accept the figures",
        breadcrumbs=[DATASET, (found.period.label, found.get_absolute_url()), ("Accept", None)],
        cancel_url=found.get_absolute_url(),
    )


@GET_POST
def return_send_back(request, pk):
    found = _return(request, pk, "dataset.review_return")
    if found.status != QuarterlyReturn.Status.SUBMITTED:
        status = found.get_status_display().lower()
        messages.info(request, f"This return is {status}: it cannot be returned now")
        return redirect(found)
    form = ReasonForm(
        post_data(request),
        label="What needs correcting?",
        required_message="Enter why the return is being returned",
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.return_for_correction(
            quarterly_return=found, reason=data["reason"], by=request.user
        ),
        message="Return sent back for correction",
    )
    return saved or form_page(
        request,
        form,
        title="Return it for correction",
        caption=f"{found.agency.name}: {found.period.label}",
        submit_label="Return for correction",
        breadcrumbs=[
            DATASET,
            (found.period.label, found.get_absolute_url()),
            ("Return for correction", None),
        ],
        cancel_url=found.get_absolute_url(),
    )


def _value(request, pk) -> ReturnValue:
    require(request, "dataset.access_area")
    value = ReturnValue.objects.select_related("indicator", "quarterly_return__agency").filter(pk=pk).first()
    if value is None or not request.user.has_perm("dataset.view_returnvalue", value):
        raise Http404("No such figure.")
    return value


@GET_POST
def value_send_back(request, pk):
    value = _value(request, pk)
    require(request, "dataset.review_return", value.quarterly_return)
    found = value.quarterly_return
    if value.status != ReturnValue.Status.PENDING or found.status not in (
        QuarterlyReturn.Status.SUBMITTED,
        QuarterlyReturn.Status.RETURNED,
    ):
        messages.info(request, f"{value.indicator.code} is {value.get_status_display().lower()}")
        return redirect(found)
    form = ReasonForm(
        post_data(request),
        label="What needs correcting?",
        required_message="Enter why the figure is being returned",
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.return_value_for_correction(
            value=value, reason=data["reason"], by=request.user
        ),
        message=f"{value.indicator.code} returned for correction",
        then=found.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title=f"Return {value.indicator.code} for correction",
        caption=f"{found.agency.name}: {found.period.label}",
        intro=f"{value.indicator.title}: {value.shown}.",
        submit_label="Return for correction",
        breadcrumbs=[DATASET, (found.period.label, found.get_absolute_url()), ("Return a figure", None)],
        cancel_url=found.get_absolute_url(),
    )


@GET_POST
def value_correct(request, pk):
    value = _value(request, pk)
    require(request, "dataset.correct_value", value)
    if value.status != ReturnValue.Status.ACCEPTED:
        raise Http404("Only an accepted figure is corrected here.")
    found = value.quarterly_return
    form = CorrectionForm(post_data(request), value=value)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.correct_value(
            value=value, figure=form.figure(), reason=data["reason"], by=request.user
        ),
        message=f"{value.indicator.code} corrected",
        then=found.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title=f"Correct {value.indicator.code}",
        caption=f"{found.agency.name}: {found.period.label}",
        intro=(
            f"{value.indicator.title}. Now {value.shown}. "
            "History keeps the figure before and after, with the reason."
        ),
        submit_label="Correct the figure",
        breadcrumbs=[DATASET, (found.period.label, found.get_absolute_url()), ("Correct a figure", None)],
        cancel_url=found.get_absolute_url(),
    )
