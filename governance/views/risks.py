from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import selectors, services
from ..forms import RiskForm
from ..models import RISK_BAND_COLOURS, RISK_BAND_LABELS, Risk, risk_band
from ..pages import form_page, paginate, query_without_page, require, submit_form

GOVERNANCE = ("Governance", "/governance/")
SORTS = {"score": "Current score, highest first", "review": "Review date, soonest first", "title": "Title"}


def _risks_crumbs():
    return [GOVERNANCE, ("Risk register", reverse("governance:risk_list"))]


def heat_map_cells(grid):
    """The heat map as rows of cells, each with its score, band (as text) and risks."""
    rows = []
    for row_index, row in enumerate(grid):
        impact = 5 - row_index
        cells = []
        for column_index, risks in enumerate(row):
            likelihood = column_index + 1
            band = risk_band(impact * likelihood)
            cells.append(
                {
                    "likelihood": likelihood,
                    "impact": impact,
                    "score": impact * likelihood,
                    "band": RISK_BAND_LABELS[band],
                    "band_key": band,
                    "risks": risks,
                    "x": 40 + column_index * 90,
                    "y": 10 + row_index * 70,
                }
            )
        rows.append({"impact": impact, "cells": cells, "label_y": 50 + row_index * 70})
    return rows


@require_GET
def risk_list(request):
    require(request, "governance.view_risk")
    order = request.GET.get("order") if request.GET.get("order") in SORTS else "score"
    page = paginate(request, selectors.risk_register(order=order))
    risks = list(page)
    trends = selectors.risk_trends(risks)
    for risk in risks:
        risk.trend = trends[risk.pk]
    # The heat map shows every open risk, whichever page of the register is shown.
    open_risks = list(
        Risk.objects.filter(status=Risk.Status.OPEN).only(
            "pk", "title", "status", "current_likelihood", "current_impact"
        )
    )
    return render(
        request,
        "governance/risk_list.html",
        {
            "risks": risks,
            "page": page,
            "query": query_without_page(request),
            "heat_map": heat_map_cells(selectors.heat_map(open_risks)),
            "open_count": len(open_risks),
            "order": order,
            "sorts": SORTS,
            "band_labels": RISK_BAND_LABELS,
            "band_colours": RISK_BAND_COLOURS,
            "can_add": request.user.has_perm("governance.add_risk"),
            "breadcrumbs": [GOVERNANCE, ("Risk register", None)],
        },
    )


@require_GET
def risk_detail(request, pk):
    risk = get_object_or_404(Risk.objects.select_related("owner__agency"), pk=pk)
    require(request, "governance.view_risk", risk, hide=True)
    scores = [
        {
            "label": label,
            "likelihood": getattr(risk, f"{which}_likelihood"),
            "impact": getattr(risk, f"{which}_impact"),
            "score": risk.score(which),
            "band": RISK_BAND_LABELS[risk.band(which)],
            "colour": RISK_BAND_COLOURS[risk.band(which)],
        }
        for which, label in Risk.SCORE_FIELDS
    ]
    return render(
        request,
        "governance/risk_detail.html",
        {
            "risk": risk,
            "scores": scores,
            "trend": selectors.risk_trends([risk])[risk.pk],
            "actions": risk.mitigating_actions.select_related("owner__agency"),
            "can_edit": request.user.has_perm("governance.change_risk", risk),
            "breadcrumbs": [*_risks_crumbs(), (risk.title, None)],
        },
    )


def _risk_form_page(request, form, risk, title, crumbs, cancel_url):
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_risk(
            risk=form.save(commit=False), mitigating_actions=data["mitigating_actions"], by=request.user
        ),
        message="Risk saved",
    )
    return saved or form_page(request, form, title=title, breadcrumbs=crumbs, cancel_url=cancel_url)


def risk_create(request):
    require(request, "governance.add_risk")
    form = RiskForm(request.POST or None)
    return _risk_form_page(
        request,
        form,
        None,
        "Add a risk",
        [*_risks_crumbs(), ("Add a risk", None)],
        reverse("governance:risk_list"),
    )


def risk_edit(request, pk):
    risk = get_object_or_404(Risk, pk=pk)
    require(request, "governance.view_risk", risk, hide=True)
    require(request, "governance.change_risk", risk)
    form = RiskForm(request.POST or None, instance=risk)
    return _risk_form_page(
        request,
        form,
        risk,
        f"Change risk: {risk.title}",
        [*_risks_crumbs(), (risk.title, risk.get_absolute_url()), ("Change", None)],
        risk.get_absolute_url(),
    )
