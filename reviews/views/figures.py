"""Figures: the timeliness of statutory reviews, by financial year."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance.filters import whole_number
from governance.periods import FinancialYear

from .. import selectors
from .common import crumbs, require_cases


@require_GET
def timeliness(request):
    require_cases(request)
    years = selectors.financial_years_with_cases(user=request.user)
    start_year = whole_number(request.GET, "year", allowed=years) or years[0]
    return render(
        request,
        "reviews/timeliness.html",
        {
            "title": "Timeliness of statutory reviews",
            "breadcrumbs": crumbs(("Timeliness", None)),
            "figures": selectors.timeliness(user=request.user, start_year=start_year),
            "years": [(year, FinancialYear(year).long_label) for year in years],
            "start_year": start_year,
        },
    )
