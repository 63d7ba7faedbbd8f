"""The dataset indicator beside an outcome measure.

An outcome measure may name an indicator of the multi-agency dataset by its code
(OutcomeMeasure.indicator_code). priorities never imports dataset: the composition root
(thscp), once dataset records indicators, registers the one function that reads an
indicator's series by code:

    from priorities.indicators import register_series_provider
    register_series_provider(dataset.selectors.indicator_series)   # in thscp's AppConfig.ready

Until then there is no provider, and the measure's page says the series will appear.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorPoint:
    label: str  # the period, e.g. "Q2 2025-26"
    shown: str  # the figure as text, e.g. "91%"


_provider: Callable[[str], list[IndicatorPoint]] | None = None


def register_series_provider(provider: Callable[[str], list[IndicatorPoint]] | None) -> None:
    global _provider  # noqa: PLW0603 - one provider, set once by the composition root
    _provider = provider


def series_for(code: str) -> list[IndicatorPoint] | None:
    """The indicator's series, oldest first; None when nothing can provide it."""
    if not code or _provider is None:
        return None
    return list(_provider(code))
