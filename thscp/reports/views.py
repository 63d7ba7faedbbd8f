"""The yearly report pages: choose a year, preview and edit it, render it, download it.

Views ask thscp.reports.rules and call one service each; the report's content comes
from thscp.reports.sections.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.filters import whole_number
from governance.pages import form_page, submit_form
from governance.periods import FinancialYear

from . import services
from .forms import NarrativeForm
from .models import ReportRender, YearlyReport
from .sections import NARRATIVE_BY_KEY

EARLIEST_YEAR = 2018  # WT 2018 brought in safeguarding partners and their yearly report
RECENT_RENDERS = 5


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _period(year: int) -> FinancialYear:
    if not EARLIEST_YEAR <= year <= FinancialYear.containing(timezone.localdate()).start_year:
        raise Http404("No yearly report for that year.")
    return FinancialYear(year)


def default_year() -> int:
    """The last complete financial year: the one a yearly report is written about."""
    return FinancialYear.containing(timezone.localdate()).start_year - 1


def _crumbs(*items):
    return [("Reports", reverse("reports:index")), *items]


@require_GET
def index(request):
    _require(request, "thscp.access_reports")
    current = FinancialYear.containing(timezone.localdate()).start_year
    reports = {report.period: report for report in YearlyReport.objects.all()}
    years = sorted({current, current - 1, current - 2, *reports}, reverse=True)
    latest = {}
    for render_row in (
        ReportRender.objects.filter(report__period__in=years)
        .select_related("report")
        .order_by("report_id", "-requested_at", "-pk")
    ):
        latest.setdefault(render_row.report.period, render_row)
    rows = [
        {"period": FinancialYear(year), "report": reports.get(year), "latest_render": latest.get(year)}
        for year in years
    ]
    return render(
        request,
        "thscp/report/index.html",
        {
            "title": "Reports",
            "breadcrumbs": [("Reports", None)],
            "rows": rows,
            "default_period": FinancialYear(default_year()),
        },
    )


@require_GET
def choose_period(request):
    """The year picker on the index posts here by GET, so it works without JavaScript."""
    _require(request, "thscp.access_reports")
    year = whole_number(request.GET, "year") or default_year()
    return redirect("reports:report", year=_period(year).start_year)


@require_GET
def report(request, year: int):
    _require(request, "thscp.access_reports")
    period = _period(year)
    sections = services.report_sections(period)
    yearly_report = YearlyReport.objects.filter(period=year).select_related("document").first()
    renders = (
        list(yearly_report.renders.select_related("requested_by")[:RECENT_RENDERS]) if yearly_report else []
    )
    document_url = None
    if yearly_report and yearly_report.document:
        try:
            document_url = yearly_report.document.get_absolute_url()
        except NoReverseMatch:
            document_url = None
    rows = [
        {
            "section": section,
            "can_edit": section.editable
            and request.user.has_perm("thscp.edit_report_narrative", section.key),
        }
        for section in sections
    ]
    return render(
        request,
        "thscp/report/report.html",
        {
            "title": f"Yearly report {period.label}",
            "breadcrumbs": _crumbs((f"Yearly report {period.label}", None)),
            "period": period,
            "rows": rows,
            "renders": renders,
            "document_url": document_url,
            "can_render": request.user.has_perm("thscp.render_report"),
        },
    )


@require_http_methods(["GET", "POST"])
def narrative_edit(request, year: int, key: str):
    _require(request, "thscp.access_reports")
    period = _period(year)
    spec = NARRATIVE_BY_KEY.get(key)
    if spec is None:
        raise Http404("That part of the report is assembled from records and cannot be typed.")
    _require(request, "thscp.edit_report_narrative", key)
    current = services.narrative_for(period).get(key, "")
    form = NarrativeForm(request.POST or None, initial={"text": current}, title=spec.title)
    report_url = reverse("reports:report", args=[year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_narrative(period=period, key=key, text=data["text"], by=request.user),
        message=f"{spec.title} saved",
        then=f"{report_url}#section-{key}",
    )
    return saved or form_page(
        request,
        form,
        title=spec.title,
        caption=f"Yearly report {period.label}",
        intro=spec.hint,
        cancel_url=report_url,
        breadcrumbs=_crumbs((f"Yearly report {period.label}", report_url), (spec.title, None)),
    )


@require_POST
def render_start(request, year: int):
    _require(request, "thscp.render_report")
    render_row = services.request_render(period=_period(year), by=request.user)
    return redirect("reports:render_status", pk=render_row.pk)


def _visible_render(request, pk: int) -> ReportRender:
    _require(request, "thscp.access_reports")
    return get_object_or_404(ReportRender.objects.select_related("report", "requested_by"), pk=pk)


@require_GET
def render_status(request, pk: int):
    render_row = _visible_render(request, pk)
    period = render_row.report.report_period
    report_url = reverse("reports:report", args=[period.start_year])
    return render(
        request,
        "thscp/report/render_status.html",
        {
            "title": f"PDF of the yearly report {period.label}",
            "breadcrumbs": _crumbs(
                (f"Yearly report {period.label}", report_url), (f"Render {render_row.pk}", None)
            ),
            "render": render_row,
            "period": period,
            "report_url": report_url,
            # WCAG 2.2.1: the refresh can be turned off (the "Stop refreshing" link).
            "refresh_seconds": 5
            if not render_row.is_finished and request.GET.get("refresh") != "off"
            else None,
            "can_retry": request.user.has_perm("thscp.render_report") and services.can_retry(render_row),
        },
    )


@require_GET
def render_download(request, pk: int):
    render_row = _visible_render(request, pk)
    if render_row.status != ReportRender.Status.DONE or not render_row.pdf:
        raise Http404("This render has no PDF.")
    response = FileResponse(
        render_row.pdf.open("rb"),
        as_attachment=True,
        filename=render_row.file_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def render_retry(request, pk: int):
    _require(request, "thscp.render_report")
    render_row = get_object_or_404(ReportRender, pk=pk)
    try:
        services.retry_render(render=render_row, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:render_status", pk=render_row.pk)
