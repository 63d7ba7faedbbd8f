"""An indicator's series for other areas, by code, with no import of theirs.

priorities asks one provider for the series of a dataset indicator an outcome measure
names; thscp (the composition root) registers this function as that provider:

    register_series_provider(dataset.series.indicator_series)
"""

from typing import NamedTuple

from . import selectors


class SeriesPoint(NamedTuple):
    label: str  # the quarter, e.g. "Q2 2025-26"
    shown: str  # the accepted figure as text, e.g. "91.0%"


def indicator_series(code: str) -> list[SeriesPoint]:
    """The accepted figures of the indicator's current version, oldest first; empty
    when no indicator has the code."""
    return [
        SeriesPoint(period.label, indicator.shown(value))
        for period, value, indicator in selectors.indicator_series(str(code).strip())
    ]
